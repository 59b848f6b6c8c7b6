// Transform plugin: Vietnamese normalization of member records. Repairs
// legacy encodings field by field, tidies text into one display style, splits
// names and fills match keys, parses dates and ID numbers, and resolves
// places to administrative unit codes. Every field keeps its raw text.
#include <algorithm>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <vector>

#include <boost/dll/runtime_symbol_info.hpp>

#include "dates.h"
#include "encoding_repair.h"
#include "field_normalizer.h"
#include "hoso/plugin.h"
#include "member_name.h"
#include "national_id.h"
#include "places.h"
#include "tone_style.h"
#include "vietnamese_text.h"

namespace hoso::normalize_vi {
namespace {

namespace fs = std::filesystem;

Encoding EncodingOption(const std::string& name, const std::string& where) {
  std::optional<Encoding> encoding = ParseEncoding(name);
  if (!encoding) {
    throw std::invalid_argument(
        where + ": unknown encoding '" + name +
        "'; use auto, unicode, tcvn3, vni, viscii, cp1258, viqr or utf8-twice");
  }
  return *encoding;
}

std::string DisplayEncoding(Encoding encoding) {
  switch (encoding) {
    case Encoding::kTcvn3:
      return "TCVN3 (ABC)";
    case Encoding::kVni:
      return "VNI-Windows";
    case Encoding::kViscii:
      return "VISCII";
    case Encoding::kCp1258:
      return "Windows-1258";
    case Encoding::kViqr:
      return "VIQR";
    case Encoding::kUtf8Twice:
      return "UTF-8 decoded twice";
    default:
      return std::string(EncodingName(encoding));
  }
}

// "Nam"/"Nữ" from the ways exports write them; empty when unknown.
std::string CanonicalGender(std::u32string_view text) {
  std::string key;
  for (char32_t c : text) {
    const Letter l = ClassifyLetter(c);
    if (l.base != 0) key.push_back(ShapelessBase(l.base));
    else if (c >= U'0' && c <= U'9') key.push_back(static_cast<char>(c));
  }
  if (key == "nam" || key == "male" || key == "m") return "Nam";
  if (key == "nu" || key == "female" || key == "f") return "Nữ";
  return "";
}

std::string Join(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& name : names) {
    if (!out.empty()) out += ", ";
    out += name;
  }
  return out;
}

Finding MakeFinding(std::string rule_id, Severity severity, std::string_view field,
                    std::string message, std::string fix) {
  return Finding{.rule_id = std::move(rule_id),
                 .severity = severity,
                 .field = std::string(field),
                 .message = std::move(message),
                 .suggested_fix = std::move(fix)};
}

// The reference data: the option, else next to an installed plugin
// (<prefix>/lib/hoso/plugins -> <prefix>/share/hoso/models), else the source
// tree this plugin was built from.
fs::path ModelsDir(const std::string& option) {
  if (!option.empty()) return option;
  std::error_code ec;
  const fs::path self = boost::dll::this_line_location(ec);
  if (!ec) {
    const fs::path installed = self.parent_path() / "../../../share/hoso/models";
    if (fs::exists(installed / "names", ec)) return installed.lexically_normal();
  }
  return HOSO_MODELS_DIR;
}

// The host makes one instance per worker; the administrative units are
// loaded once per process and shared (Resolve is const and thread-safe).
std::shared_ptr<const Gazetteer> SharedGazetteer(const fs::path& dir) {
  static std::mutex mutex;
  static std::map<fs::path, std::weak_ptr<const Gazetteer>> loaded;
  std::lock_guard<std::mutex> lock(mutex);
  std::weak_ptr<const Gazetteer>& slot = loaded[dir];
  std::shared_ptr<const Gazetteer> gazetteer = slot.lock();
  if (!gazetteer) {
    gazetteer = Gazetteer::Load(dir);
    slot = gazetteer;
  }
  return gazetteer;
}

// "xã Hải Vân, huyện Hải Hậu, tỉnh Nam Định" -> "Xã Hải Vân, Huyện Hải Hậu,
// Tỉnh Nam Định": units' full names as the administrative register writes
// them. Every unit type word starts with an ASCII letter.
std::string OfficialName(std::string text) {
  bool start = true;
  for (char& c : text) {
    if (start && c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if (c != ' ') start = c == ',';
  }
  return text;
}

class NormalizeVi : public Transform {
 public:
  explicit NormalizeVi(const Options& options)
      : encoding_(EncodingOption(options.String("encoding"), "encoding")),
        style_(options.String("tone_style") == "old" ? ToneStyle::kOld : ToneStyle::kNew),
        title_case_names_(options.Bool("title_case_names")) {
    for (const auto& [source, name] : options.Map("encoding_by_source")) {
      encoding_by_source_[source] = EncodingOption(name, "encoding_by_source." + source);
    }
    const fs::path models = ModelsDir(options.String("models"));
    family_names_ = std::make_unique<FamilyNames>(FamilyNames::Load(models / "names" / "family_names.txt"));
    fields_ = std::make_unique<FieldNormalizer>(style_, title_case_names_, family_names_.get(),
                                                static_cast<size_t>(options.Int("memo_entries")));
    if (options.Bool("resolve_places")) gazetteer_ = SharedGazetteer(models / "admin");
    official_place_names_ = options.String("place_names") == "official";
    place_fields_ = options.List("place_fields");
  }

  void Process(Dossier& dossier, Context& ctx) override {
    (void)ctx;
    for (MemberRecord& record : dossier.records) Normalize(record);
  }

 private:
  void Normalize(MemberRecord& record) {
    const Encoding hint = HintFor(record.source);
    repaired_.clear();
    for (const CoreField& core : kCoreFields) {
      Field& field = record.*(core.member);
      if (!field.value.empty()) Repair(record, core.name, field, hint);
    }
    for (auto& [name, field] : record.extra) {
      if (!field.value.empty()) Repair(record, "extra." + name, field, hint);
    }
    // One finding per encoding a record was repaired from, naming its fields:
    // a steward wants to know the record came from TCVN3, not five times.
    for (const auto& [encoding, fields] : repaired_) {
      record.findings.push_back(MakeFinding(
          "vn.encoding.repaired", Severity::kInfo, fields.front(),
          "read as " + DisplayEncoding(encoding) + " and converted to Unicode: " + Join(fields),
          "none needed; the raw text is kept"));
    }
    NormalizeName(record);
    if (!record.gender.empty()) {
      std::u32string text;
      DecodeUtf8(record.gender.value, text);
      const std::string gender = CanonicalGender(text);
      if (gender.empty()) {
        record.findings.push_back(MakeFinding("vn.gender.unknown", Severity::kWarning, "gender",
                                              "gender is neither Nam nor Nữ",
                                              "check the dossier"));
      } else {
        record.gender.value = gender;
      }
    }
    for (const CoreField& core : kCoreFields) {
      if (!core.is_date) continue;
      Field& field = record.*(core.member);
      if (field.empty()) continue;
      const ParsedDate date = ParseDate(field.value);
      if (!date.rule_id.empty()) {
        record.findings.push_back(MakeFinding(date.rule_id, Severity::kWarning, core.name,
                                              date.message, "check the date in the dossier"));
      }
      if (!date.iso.empty()) field.value = date.iso;
    }
    if (!record.national_id.empty()) {
      IdHolder holder;
      holder.gender = record.gender.value;
      const std::string& birth = record.birth_date.value;
      if (PrecisionOf(birth) != DatePrecision::kNone &&
          std::all_of(birth.begin(), birth.begin() + 4, [](char c) { return c >= '0' && c <= '9'; })) {
        holder.birth_year = std::stoi(birth.substr(0, 4));
      }
      NationalId id = ParseNationalId(record.national_id.value, holder);
      if (id.kind != IdKind::kUnknown) record.national_id.value = id.digits;
      for (Finding& f : id.findings) record.findings.push_back(std::move(f));
    }
    if (gazetteer_) {
      for (const std::string& name : place_fields_) {
        if (Field* field = record.Find(name)) ResolvePlace(record, name, *field);
      }
    }
  }

  Encoding HintFor(const std::string& source) const {
    auto it = encoding_by_source_.find(source);
    return it == encoding_by_source_.end() ? encoding_ : it->second;
  }

  // Encoding repair, spaces and tone style for one field; names also get
  // their case. Findings never quote the value.
  void Repair(MemberRecord& record, std::string_view name, Field& field, Encoding hint) {
    if (field.raw.empty()) field.raw = field.value;
    const NormalizedField& normalized = fields_->Normalize(field.value, KindOf(name), hint);
    switch (normalized.outcome) {
      case RepairOutcome::kUnchanged:
        break;
      case RepairOutcome::kRepaired:
        if (normalized.encoding != Encoding::kUnicode) {
          std::vector<std::string>* fields = nullptr;
          for (auto& [encoding, names] : repaired_) {
            if (encoding == normalized.encoding) fields = &names;
          }
          if (fields == nullptr) fields = &repaired_.emplace_back(normalized.encoding, std::vector<std::string>{}).second;
          fields->emplace_back(name);
        }
        break;
      case RepairOutcome::kAmbiguous:
        record.findings.push_back(MakeFinding(
            "vn.encoding.ambiguous", Severity::kWarning, name,
            "text reads as Vietnamese in more than one legacy encoding; left as it was",
            "set encoding_by_source for this source, or correct the field by hand"));
        return;
      case RepairOutcome::kUnreadable:
        record.findings.push_back(MakeFinding(
            "vn.encoding.unreadable", Severity::kWarning, name,
            "text holds control or replacement characters and no legacy encoding explains them",
            "check the export's encoding"));
        return;
    }
    field.value = normalized.value;
  }

  void NormalizeName(MemberRecord& record) {
    if (record.full_name.empty() && !record.given_name.empty()) {
      // Only parts were given: the full name is their concatenation.
      std::string joined;
      for (const Field* part : {&record.family_name, &record.middle_name, &record.given_name}) {
        if (part->empty()) continue;
        if (!joined.empty()) joined.push_back(' ');
        joined += part->value;
      }
      record.full_name.value = joined;
      record.full_name.provenance = record.given_name.provenance;
    }
    if (record.full_name.empty()) return;
    const NormalizedName& name = fields_->Name(record.full_name.value);
    record.name_keys = name.keys;
    if (!record.family_name.empty() || !record.given_name.empty()) return;
    const NameParts& parts = name.parts;
    auto derive = [&](Field& target, const std::string& value) {
      if (value.empty()) return;
      target.value = value;
      target.confidence = record.full_name.confidence * (parts.family_known ? 1.0 : 0.8);
      target.provenance = record.full_name.provenance;
    };
    derive(record.family_name, parts.family);
    derive(record.middle_name, parts.middle);
    derive(record.given_name, parts.given);
    if (parts.family.empty()) {
      record.findings.push_back(MakeFinding("vn.name.single_word", Severity::kInfo, "full_name",
                                            "name has one word; taken as the given name",
                                            "add the family name from the dossier"));
    } else if (!parts.family_known) {
      record.findings.push_back(MakeFinding(
          "vn.name.family_unknown", Severity::kInfo, "family_name",
          "first word is not a listed family name; split as family, middle, given anyway",
          "check the split, or add the family name to models/names/family_names.txt"));
    }
  }

  void ResolvePlace(MemberRecord& record, const std::string& name, Field& field) {
    if (field.empty()) return;
    const PlaceResolution place = gazetteer_->Resolve(field.value);
    // The unit's official name (full unit types, the gazetteer's spelling),
    // only when the text named one unit cleanly; `raw` keeps the wording.
    if (official_place_names_ && place.resolved && place.rule_id.empty() && !place.canonical.empty()) {
      field.value = OfficialName(place.canonical);
    }
    if (!place.rule_id.empty()) {
      // A split unit is a fact about history, not a problem with the dossier.
      const bool split = place.rule_id == "vn.place.historical_split" ||
                         place.rule_id == "vn.place.commune_split";
      record.findings.push_back(MakeFinding(place.rule_id,
                                            split ? Severity::kInfo : Severity::kWarning, name,
                                            place.message,
                                            split ? "none needed; the codes known are filled"
                                                  : "check the place name in the dossier"));
    }
    auto put = [&](const char* key, const std::string& code) {
      if (!code.empty()) record.unit_codes[name + "." + key] = code;
    };
    put("province", place.province_code);
    put("district", place.district_code);
    put("commune", place.commune_code);
    put("province_2025", place.province_2025_code);
    put("commune_2025", place.commune_2025_code);
  }

  // Fields repaired in the record being normalized, by encoding.
  std::vector<std::pair<Encoding, std::vector<std::string>>> repaired_;
  Encoding encoding_;
  std::unordered_map<std::string, Encoding> encoding_by_source_;
  ToneStyle style_;
  bool title_case_names_;
  std::unique_ptr<FamilyNames> family_names_;
  std::unique_ptr<FieldNormalizer> fields_;
  std::shared_ptr<const Gazetteer> gazetteer_;
  bool official_place_names_ = false;
  std::vector<std::string> place_fields_;
};

constexpr OptionSpec kOptions[] = {
    {.name = "encoding",
     .type = OptionType::kEnum,
     .default_value = "auto",
     .help = "encoding of legacy text in every source: auto detects it field by field",
     .choices = "auto|unicode|tcvn3|vni|viscii|cp1258|viqr|utf8-twice"},
    {.name = "encoding_by_source",
     .type = OptionType::kStringMap,
     .default_value = "{}",
     .help = "source name -> encoding, for a legacy database known to use one throughout"},
    {.name = "tone_style",
     .type = OptionType::kEnum,
     .default_value = "new",
     .help = "tone placement for display: new (hoà, thuỷ; the 2018 rule) or old (hòa, thủy)",
     .choices = "new|old"},
    {.name = "title_case_names",
     .type = OptionType::kBool,
     .default_value = "true",
     .help = "write names in title case (NGUYỄN VĂN A -> Nguyễn Văn A)"},
    {.name = "resolve_places",
     .type = OptionType::kBool,
     .default_value = "true",
     .help = "resolve the place fields to administrative unit codes"},
    {.name = "place_fields",
     .type = OptionType::kStringList,
     .default_value = "[hometown, birth_place]",
     .help = "fields holding a place to resolve (an extra field by its name, e.g. residence); codes go in unit_codes as <field>.province ..."},
    {.name = "place_names",
     .type = OptionType::kEnum,
     .default_value = "as_written",
     .help = "as_written: keep the place as the dossier words it; official: a place that resolves cleanly to one unit is written with the unit's official full name (raw keeps the wording)",
     .choices = "as_written|official"},
    {.name = "memo_entries",
     .type = OptionType::kInt,
     .default_value = "262144",
     .help = "distinct place, party unit and other text values each worker remembers, so a repeated value is normalized once; 0: off",
     .min = 0,
     .max = 16777216},
    {.name = "models",
     .type = OptionType::kPath,
     .default_value = "''",
     .help = "reference data directory (names/, admin/); empty: <prefix>/share/hoso/models when installed, else the source tree's models/"},
};

}  // namespace
}  // namespace hoso::normalize_vi

HOSO_PLUGIN(hoso::MakeDescriptor<hoso::normalize_vi::NormalizeVi>(
    hoso::PluginKind::kTransform, "normalize_vi", "1.0.0",
    "Vietnamese normalization: legacy encodings, names, dates, places, ID numbers",
    hoso::normalize_vi::kOptions));
