#include "dossier_codec.h"

#include <cmath>
#include <limits>
#include <type_traits>

namespace hoso::internal {
namespace {

// A provenance's parts that differ from the default, flagged in its first
// byte. A dossier's fields mostly share its first unit's file, which is
// then not written again.
enum ProvenanceParts : uint8_t {
  kFile = 1,
  kPage = 2,
  kBox = 4,
  kRow = 8,
  kColumn = 16,
  kCommonFile = 32,
};

// A field's parts that differ from the default; raw text equal to the value
// (most of it) is not written twice.
enum FieldParts : uint8_t {
  kValue = 1,
  kRaw = 2,
  kRawIsValue = 4,
  kConfidence = 8,
};

void EncodeBox(const Box& b, ByteWriter& out) {
  out.SVar(b.x);
  out.SVar(b.y);
  out.SVar(b.w);
  out.SVar(b.h);
}

int DecodeInt(ByteReader& in) {
  const int64_t v = in.SVar();
  if (v < std::numeric_limits<int>::min() || v > std::numeric_limits<int>::max()) {
    throw CodecError("dossier bytes: a number out of range");
  }
  return static_cast<int>(v);
}

Box DecodeBox(ByteReader& in) {
  Box b;
  b.x = DecodeInt(in);
  b.y = DecodeInt(in);
  b.w = DecodeInt(in);
  b.h = DecodeInt(in);
  return b;
}

void EncodeProvenanceIn(const Provenance& p, const std::string* common_file, ByteWriter& out) {
  const bool box = p.box.x != 0 || p.box.y != 0 || p.box.w != 0 || p.box.h != 0;
  const bool common = common_file != nullptr && !p.file.empty() && p.file == *common_file;
  uint8_t parts = common ? kCommonFile : p.file.empty() ? 0 : kFile;
  if (p.page != -1) parts |= kPage;
  if (box) parts |= kBox;
  if (p.row != -1) parts |= kRow;
  if (!p.column.empty()) parts |= kColumn;
  out.Byte(parts);
  if (parts & kFile) out.VStr(p.file);
  if (parts & kPage) out.SVar(p.page);
  if (parts & kBox) EncodeBox(p.box, out);
  if (parts & kRow) out.SVar(p.row);
  if (parts & kColumn) out.VStr(p.column);
}

Provenance DecodeProvenanceIn(ByteReader& in, const std::string* common_file) {
  Provenance p;
  const uint8_t parts = in.Byte();
  if (parts & ~(kFile | kPage | kBox | kRow | kColumn | kCommonFile) ||
      ((parts & kCommonFile) && (common_file == nullptr || (parts & kFile)))) {
    throw CodecError("dossier bytes: bad provenance");
  }
  if (parts & kFile) p.file = in.VStr();
  if (parts & kCommonFile) p.file = *common_file;
  if (parts & kPage) p.page = DecodeInt(in);
  if (parts & kBox) p.box = DecodeBox(in);
  if (parts & kRow) p.row = in.SVar();
  if (parts & kColumn) p.column = in.VStr();
  return p;
}

void EncodeField(const Field& f, const std::string* common_file, ByteWriter& out) {
  uint8_t parts = f.value.empty() ? 0 : kValue;
  if (f.raw == f.value) {
    if (!f.raw.empty()) parts |= kRawIsValue;
  } else if (!f.raw.empty()) {
    parts |= kRaw;
  }
  if (f.confidence != 1.0) parts |= kConfidence;
  out.Byte(parts);
  if (parts & kValue) out.VStr(f.value);
  if (parts & kRaw) out.VStr(f.raw);
  if (parts & kConfidence) out.F64(f.confidence);
  EncodeProvenanceIn(f.provenance, common_file, out);
}

Field DecodeField(ByteReader& in, const std::string* common_file) {
  Field f;
  const uint8_t parts = in.Byte();
  if (parts & ~(kValue | kRaw | kRawIsValue | kConfidence) ||
      ((parts & kRaw) && (parts & kRawIsValue))) {
    throw CodecError("dossier bytes: bad field");
  }
  if (parts & kValue) f.value = in.VStr();
  if (parts & kRaw) f.raw = in.VStr();
  if (parts & kRawIsValue) f.raw = f.value;
  if (parts & kConfidence) f.confidence = in.F64();
  f.provenance = DecodeProvenanceIn(in, common_file);
  return f;
}

void EncodeStringMap(const std::map<std::string, std::string>& m, ByteWriter& out) {
  out.Var(m.size());
  for (const auto& [key, value] : m) {
    out.VStr(key);
    out.VStr(value);
  }
}

std::map<std::string, std::string> DecodeStringMap(ByteReader& in) {
  std::map<std::string, std::string> m;
  for (size_t n = in.VCount(2); n > 0; --n) {
    std::string key = in.VStr();
    m.emplace(std::move(key), in.VStr());
  }
  return m;
}

void EncodeFinding(const Finding& f, ByteWriter& out) {
  out.VStr(f.rule_id);
  out.Byte(static_cast<uint8_t>(f.severity));
  out.VStr(f.field);
  out.VStr(f.message);
  out.VStr(f.suggested_fix);
}

Finding DecodeFinding(ByteReader& in) {
  Finding f;
  f.rule_id = in.VStr();
  const uint8_t severity = in.Byte();
  if (severity > static_cast<uint8_t>(Severity::kError)) {
    throw CodecError("dossier bytes: bad severity");
  }
  f.severity = static_cast<Severity>(severity);
  f.field = in.VStr();
  f.message = in.VStr();
  f.suggested_fix = in.VStr();
  return f;
}

void EncodeOrigin(const FieldOrigin& o, ByteWriter& out) {
  out.VStr(o.source);
  out.VStr(o.record_id);
  out.VStr(o.rule);
  out.SVar(o.records_agreeing);
  out.Var(o.alternatives.size());
  for (const FieldOrigin::Alternative& a : o.alternatives) {
    out.VStr(a.value);
    out.VStr(a.source);
    out.VStr(a.record_id);
    out.SVar(a.records);
  }
}

FieldOrigin DecodeOrigin(ByteReader& in) {
  FieldOrigin o;
  o.source = in.VStr();
  o.record_id = in.VStr();
  o.rule = in.VStr();
  o.records_agreeing = DecodeInt(in);
  o.alternatives.resize(in.VCount(4));
  for (FieldOrigin::Alternative& a : o.alternatives) {
    a.value = in.VStr();
    a.source = in.VStr();
    a.record_id = in.VStr();
    a.records = DecodeInt(in);
  }
  return o;
}

void EncodeRecord(const MemberRecord& r, const std::string* common_file, ByteWriter& out) {
  out.VStr(r.id);
  out.VStr(r.source);
  out.VStr(r.member_id);
  for (const CoreField& core : kCoreFields) EncodeField(r.*(core.member), common_file, out);
  out.Var(r.extra.size());
  for (const auto& [name, field] : r.extra) {
    out.VStr(name);
    EncodeField(field, common_file, out);
  }
  out.VStr(r.name_keys.exact);
  out.VStr(r.name_keys.placement_free);
  out.VStr(r.name_keys.ascii_folded);
  out.VStr(r.name_keys.ocr_tolerant);
  EncodeStringMap(r.unit_codes, out);
  out.Var(r.findings.size());
  for (const Finding& f : r.findings) EncodeFinding(f, out);
  out.Byte(r.golden ? 1 : 0);
  out.Var(r.origins.size());
  for (const auto& [name, origin] : r.origins) {
    out.VStr(name);
    EncodeOrigin(origin, out);
  }
}

MemberRecord DecodeRecord(ByteReader& in, const std::string* common_file) {
  MemberRecord r;
  r.id = in.VStr();
  r.source = in.VStr();
  r.member_id = in.VStr();
  for (const CoreField& core : kCoreFields) r.*(core.member) = DecodeField(in, common_file);
  for (size_t n = in.VCount(3); n > 0; --n) {
    std::string name = in.VStr();
    r.extra.emplace(std::move(name), DecodeField(in, common_file));
  }
  r.name_keys.exact = in.VStr();
  r.name_keys.placement_free = in.VStr();
  r.name_keys.ascii_folded = in.VStr();
  r.name_keys.ocr_tolerant = in.VStr();
  r.unit_codes = DecodeStringMap(in);
  r.findings.resize(in.VCount(5));
  for (Finding& f : r.findings) f = DecodeFinding(in);
  r.golden = in.Byte() != 0;
  for (size_t n = in.VCount(6); n > 0; --n) {
    std::string name = in.VStr();
    r.origins.emplace(std::move(name), DecodeOrigin(in));
  }
  return r;
}

void EncodePage(const Page& p, const std::string* common_file, ByteWriter& out) {
  EncodeProvenanceIn(p.origin, common_file, out);
  out.SVar(p.width);
  out.SVar(p.height);
  out.SVar(p.dpi);
  out.Var(p.image.size());
  out.Raw(p.image.data(), p.image.size());
  out.VStr(p.image_format);
  out.VStr(p.source_format);
  out.VStr(p.text);
  out.Var(p.words.size());
  for (const Word& w : p.words) {
    out.VStr(w.text);
    EncodeBox(w.box, out);
    out.F64(w.confidence);
  }
  out.Var(p.lines.size());
  for (const Line& l : p.lines) {
    out.VStr(l.text);
    EncodeBox(l.box, out);
    out.F64(l.confidence);
    out.SVar(l.first_word);
    out.SVar(l.word_count);
  }
  out.F64(p.mean_confidence);
  EncodeStringMap(p.attributes, out);
}

// Floats travel as doubles. A finite double beyond float's range has no
// float (converting it is undefined), and our encoder never writes one.
float DecodeFloat(ByteReader& in) {
  const double v = in.F64();
  if (std::isfinite(v) && std::fabs(v) > std::numeric_limits<float>::max()) {
    throw CodecError("dossier bytes: a float out of range");
  }
  return static_cast<float>(v);
}

Page DecodePage(ByteReader& in, const std::string* common_file) {
  Page p;
  p.origin = DecodeProvenanceIn(in, common_file);
  p.width = DecodeInt(in);
  p.height = DecodeInt(in);
  p.dpi = DecodeInt(in);
  in.VBytes(p.image);
  p.image_format = in.VStr();
  p.source_format = in.VStr();
  p.text = in.VStr();
  p.words.resize(in.VCount(13));
  for (Word& w : p.words) {
    w.text = in.VStr();
    w.box = DecodeBox(in);
    w.confidence = DecodeFloat(in);
  }
  p.lines.resize(in.VCount(15));
  for (Line& l : p.lines) {
    l.text = in.VStr();
    l.box = DecodeBox(in);
    l.confidence = DecodeFloat(in);
    l.first_word = DecodeInt(in);
    l.word_count = DecodeInt(in);
  }
  p.mean_confidence = in.F64();
  p.attributes = DecodeStringMap(in);
  return p;
}

}  // namespace

void EncodeProvenance(const Provenance& p, ByteWriter& out) { EncodeProvenanceIn(p, nullptr, out); }

Provenance DecodeProvenance(ByteReader& in) { return DecodeProvenanceIn(in, nullptr); }

void EncodeDossier(const Dossier& d, ByteWriter& out) {
  out.VStr(d.id);
  out.Var(d.units.size());
  const std::string* common_file = nullptr;
  for (const Provenance& unit : d.units) {
    EncodeProvenanceIn(unit, common_file, out);
    if (common_file == nullptr) common_file = &unit.file;
  }
  out.VStr(d.original);
  out.Var(d.pages.size());
  for (const Page& page : d.pages) EncodePage(page, common_file, out);
  out.Var(d.records.size());
  for (const MemberRecord& record : d.records) EncodeRecord(record, common_file, out);
}

Dossier DecodeDossier(ByteReader& in) {
  Dossier d;
  d.id = in.VStr();
  d.units.resize(in.VCount(1));
  const std::string* common_file = nullptr;
  for (Provenance& unit : d.units) {
    unit = DecodeProvenanceIn(in, common_file);
    if (common_file == nullptr) common_file = &unit.file;
  }
  d.original = in.VStr();
  d.pages.resize(in.VCount(19));
  for (Page& page : d.pages) page = DecodePage(in, common_file);
  d.records.resize(in.VCount(40));
  for (MemberRecord& record : d.records) record = DecodeRecord(in, common_file);
  return d;
}

void EncodeQuarantineEntry(const QuarantineEntry& e, ByteWriter& out) {
  EncodeProvenance(e.unit, out);
  out.Str(e.stage);
  out.Str(e.plugin);
  out.Str(e.plugin_version);
  out.Str(e.reason);
  out.Str(e.original);
}

QuarantineEntry DecodeQuarantineEntry(ByteReader& in) {
  QuarantineEntry e;
  e.unit = DecodeProvenance(in);
  e.stage = in.Str();
  e.plugin = in.Str();
  e.plugin_version = in.Str();
  e.reason = in.Str();
  e.original = in.Str();
  return e;
}

void EncodeOptions(const Options& options, ByteWriter& out) {
  out.U64(options.All().size());
  for (const auto& [name, value] : options.All()) {
    out.Str(name);
    out.U32(static_cast<uint32_t>(value.index()));
    std::visit(
        [&](const auto& v) {
          using T = std::decay_t<decltype(v)>;
          if constexpr (std::is_same_v<T, bool>) {
            out.Bool(v);
          } else if constexpr (std::is_same_v<T, int64_t>) {
            out.I64(v);
          } else if constexpr (std::is_same_v<T, double>) {
            out.F64(v);
          } else if constexpr (std::is_same_v<T, std::string>) {
            out.Str(v);
          } else if constexpr (std::is_same_v<T, std::vector<std::string>>) {
            out.U64(v.size());
            for (const std::string& s : v) out.Str(s);
          } else if constexpr (std::is_same_v<T, StringMap>) {
            out.U64(v.size());
            for (const auto& [key, text] : v) {
              out.Str(key);
              out.Str(text);
            }
          }
        },
        value);
  }
}

Options DecodeOptions(ByteReader& in) {
  Options options;
  for (size_t n = in.Count(12); n > 0; --n) {
    std::string name = in.Str();
    const uint32_t index = in.U32();
    OptionValue value;
    switch (index) {
      case 0:
        break;
      case 1:
        value = in.Bool();
        break;
      case 2:
        value = in.I64();
        break;
      case 3:
        value = in.F64();
        break;
      case 4:
        value = in.Str();
        break;
      case 5: {
        std::vector<std::string> list(in.Count(8));
        for (std::string& s : list) s = in.Str();
        value = std::move(list);
        break;
      }
      case 6: {
        StringMap map(in.Count(16));
        for (auto& [key, text] : map) {
          key = in.Str();
          text = in.Str();
        }
        value = std::move(map);
        break;
      }
      default:
        throw CodecError("option bytes: unknown value type");
    }
    options.Set(std::move(name), std::move(value));
  }
  return options;
}

}  // namespace hoso::internal
