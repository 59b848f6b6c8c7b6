// Fuzz target `normalize_vi`: field text through the Vietnamese normalizer.
//
// Input: one configuration byte, then field values separated by '\n'. The
// configuration picks the encoding hint (bits 0-2, in Encoding's order:
// auto, unicode, tcvn3, vni, viscii, cp1258, viqr, utf8-twice), the old tone
// style (bit 3) and no title case for names (bit 4). Values that are not
// UTF-8 are read as Windows-1252 first, as csv_source hands on legacy bytes.
//
// Each value goes through the parts (RepairEncoding, ParseDate, name keys
// and the family/middle/given split, ParseNationalId, place resolution) and
// the values together, as one member record's fields in kCoreFields order,
// through the plugin itself. Besides crashes and sanitizer reports it
// checks what the headers promise:
//   - RepairEncoding returns UTF-8, and the input itself when the text is
//     ambiguous or unreadable;
//   - ParseDate's ISO text is a real date between 1890 and 2100 at the
//     precision it claims;
//   - the memo never changes a result: a value normalized again, from the
//     memo, equals the value normalized without one;
//   - every value the plugin leaves in a record is UTF-8 and the raw text is
//     what came in.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "dates.h"
#include "encoding_repair.h"
#include "field_normalizer.h"
#include "hoso/plugin.h"
#include "legacy_encodings.h"
#include "linked_plugin.h"
#include "member_name.h"
#include "national_id.h"
#include "places.h"
#include "vietnamese_text.h"

namespace {

namespace nv = hoso::normalize_vi;

constexpr const char* kEncodingNames[] = {"auto",   "unicode", "tcvn3", "vni",
                                          "viscii", "cp1258",  "viqr",  "utf8-twice"};

[[noreturn]] void Fail(const char* what) {
  std::fprintf(stderr, "normalize_vi invariant broken: %s\n", what);
  std::abort();
}

void Check(bool ok, const char* what) {
  if (!ok) Fail(what);
}

bool IsUtf8(std::string_view text) {
  std::u32string decoded;
  return nv::DecodeUtf8(text, decoded);
}

// What csv_source does with bytes that are not UTF-8.
std::string AsSourceText(std::string_view bytes) {
  if (IsUtf8(bytes)) return std::string(bytes);
  return nv::EncodeUtf8(nv::ReadAsWindows1252(bytes));
}

bool Digits(std::string_view text, size_t at, size_t n, int* value) {
  *value = 0;
  for (size_t i = at; i < at + n; ++i) {
    if (text[i] < '0' || text[i] > '9') return false;
    *value = *value * 10 + (text[i] - '0');
  }
  return true;
}

void CheckIsoDate(std::string_view iso) {
  int year = 0, month = 1, day = 1;
  Check(iso.size() == 4 || iso.size() == 7 || iso.size() == 10, "ISO date of odd length");
  Check(Digits(iso, 0, 4, &year) && year >= 1890 && year <= 2100, "ISO year out of range");
  if (iso.size() >= 7) {
    Check(iso[4] == '-' && Digits(iso, 5, 2, &month) && month >= 1 && month <= 12,
          "ISO month out of range");
  }
  if (iso.size() == 10) {
    static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    const int days = month == 2 && leap ? 29 : kDays[month - 1];
    Check(iso[7] == '-' && Digits(iso, 8, 2, &day) && day >= 1 && day <= days,
          "ISO day out of range");
  }
}

struct Shared {
  nv::FamilyNames family_names = nv::FamilyNames::Load(HOSO_MODELS_DIR "/names/family_names.txt");
  std::shared_ptr<const nv::Gazetteer> gazetteer = nv::Gazetteer::Load(HOSO_MODELS_DIR "/admin");
  // One plugin per configuration, made on first use; memo off, so a
  // result never depends on earlier inputs and every crash reproduces.
  std::unique_ptr<hoso::Plugin> plugins[32];
};

Shared& Get() {
  static Shared shared;
  return shared;
}

hoso::Transform& PluginFor(uint8_t config) {
  std::unique_ptr<hoso::Plugin>& slot = Get().plugins[config & 31];
  if (!slot) {
    std::string options = "{encoding: ";
    options += kEncodingNames[config & 7];
    options += (config & 8) != 0 ? ", tone_style: old" : ", tone_style: new";
    options += (config & 16) != 0 ? ", title_case_names: false" : "";
    options += ", memo_entries: 0, models: '" HOSO_MODELS_DIR "'}";
    slot = hoso::fuzz::CreateLinkedPlugin(options, HOSO_MODELS_DIR);
  }
  auto* transform = dynamic_cast<hoso::Transform*>(slot.get());
  Check(transform != nullptr, "normalize_vi is not a transform");
  return *transform;
}

void CheckParts(std::string_view value, nv::Encoding hint, nv::ToneStyle style, bool title) {
  const nv::RepairedText repaired = nv::RepairEncoding(value, hint);
  if (repaired.outcome == nv::RepairOutcome::kAmbiguous ||
      repaired.outcome == nv::RepairOutcome::kUnreadable) {
    Check(repaired.text == value, "text left alone is not the input");
  } else {
    Check(IsUtf8(repaired.text), "repaired text is not UTF-8");
  }

  const nv::ParsedDate date = nv::ParseDate(value);
  if (!date.iso.empty()) CheckIsoDate(date.iso);
  Check(!date.iso.empty() || !date.rule_id.empty(), "a date neither parsed nor given a finding");

  Shared& shared = Get();
  nv::FieldNormalizer plain(style, title, &shared.family_names, 0);
  nv::FieldNormalizer memo(style, title, &shared.family_names, 2);
  for (nv::FieldKind kind :
       {nv::FieldKind::kName, nv::FieldKind::kGender, nv::FieldKind::kDate, nv::FieldKind::kPlace,
        nv::FieldKind::kNationalId, nv::FieldKind::kCode, nv::FieldKind::kText}) {
    const nv::NormalizedField expected = plain.Normalize(value, kind, hint);
    Check(IsUtf8(expected.value) || expected.value == value, "normalized value is not UTF-8");
    // Only the kinds a batch repeats go through the memo.
    if (kind != nv::FieldKind::kPlace && kind != nv::FieldKind::kText &&
        kind != nv::FieldKind::kGender) {
      continue;
    }
    for (int pass = 0; pass < 2; ++pass) {
      const nv::NormalizedField& got = memo.Normalize(value, kind, hint);
      Check(got.value == expected.value && got.outcome == expected.outcome &&
                got.encoding == expected.encoding,
            "the memo changed a result");
    }
  }

  const nv::NormalizedField& name = plain.Normalize(value, nv::FieldKind::kName, hint);
  if (IsUtf8(name.value)) {
    const nv::NormalizedName& split = plain.Name(name.value);
    Check(IsUtf8(split.parts.family) && IsUtf8(split.parts.middle) && IsUtf8(split.parts.given),
          "a name part is not UTF-8");
    Check(IsUtf8(split.keys.exact) && IsUtf8(split.keys.placement_free) &&
              IsUtf8(split.keys.ascii_folded) && IsUtf8(split.keys.ocr_tolerant),
          "a name key is not UTF-8");
  }

  (void)nv::ParseNationalId(value, nv::IdHolder{.gender = "Nam", .birth_year = 1975});
  const nv::PlaceResolution place = shared.gazetteer->Resolve(value);
  Check(IsUtf8(place.canonical) && IsUtf8(place.historical_unit), "a place name is not UTF-8");
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int* argc, char*** argv) {
  (void)argc;
  (void)argv;
  Get();  // the reference data loads once, outside the timed inputs
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  const uint8_t config = data[0];
  const auto hint = static_cast<nv::Encoding>(config & 7);
  const nv::ToneStyle style = (config & 8) != 0 ? nv::ToneStyle::kOld : nv::ToneStyle::kNew;
  const bool title = (config & 16) == 0;
  const std::string text =
      AsSourceText(std::string_view(reinterpret_cast<const char*>(data + 1), size - 1));

  std::vector<std::string> values;
  for (size_t start = 0;;) {
    const size_t end = text.find('\n', start);
    values.push_back(
        text.substr(start, end == std::string::npos ? std::string::npos : end - start));
    if (end == std::string::npos) break;
    start = end + 1;
  }

  for (const std::string& value : values) CheckParts(value, hint, style, title);

  hoso::Dossier dossier;
  dossier.id = "fuzz";
  hoso::MemberRecord& record = dossier.records.emplace_back();
  record.id = "fuzz:1";
  record.source = "fuzz";
  for (size_t i = 0; i < values.size(); ++i) {
    hoso::Field& field = i < hoso::kCoreFields.size() ? record.*(hoso::kCoreFields[i].member)
                                                      : record.extra["extra_" + std::to_string(i)];
    field.value = values[i];
  }
  hoso::fuzz::RecordingContext ctx(HOSO_MODELS_DIR);
  PluginFor(config).Process(dossier, ctx);

  const hoso::MemberRecord& out = dossier.records.at(0);
  for (size_t i = 0; i < hoso::kCoreFields.size(); ++i) {
    const hoso::Field& field = out.*(hoso::kCoreFields[i].member);
    Check(IsUtf8(field.value), "a field value the plugin left is not UTF-8");
    if (i < values.size() && !values[i].empty()) {
      Check(field.raw == values[i], "the raw text of a field is not what came in");
    }
  }
  for (const auto& [name, field] : out.extra) {
    Check(IsUtf8(field.value), "an extra field value the plugin left is not UTF-8");
  }
  for (const auto& [key, code] : out.unit_codes) Check(IsUtf8(code), "a unit code is not UTF-8");
  for (const hoso::Finding& finding : out.findings) {
    Check(IsUtf8(finding.message), "a finding message is not UTF-8");
  }
  return 0;
}
