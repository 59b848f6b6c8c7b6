#include "dossier_codec.h"

#include <cmath>
#include <limits>
#include <type_traits>

namespace hoso::internal {
namespace {

void EncodeBox(const Box& b, ByteWriter& out) {
  out.I64(b.x);
  out.I64(b.y);
  out.I64(b.w);
  out.I64(b.h);
}

Box DecodeBox(ByteReader& in) {
  Box b;
  b.x = static_cast<int>(in.I64());
  b.y = static_cast<int>(in.I64());
  b.w = static_cast<int>(in.I64());
  b.h = static_cast<int>(in.I64());
  return b;
}

void EncodeField(const Field& f, ByteWriter& out) {
  out.Str(f.value);
  out.Str(f.raw);
  out.F64(f.confidence);
  EncodeProvenance(f.provenance, out);
}

Field DecodeField(ByteReader& in) {
  Field f;
  f.value = in.Str();
  f.raw = in.Str();
  f.confidence = in.F64();
  f.provenance = DecodeProvenance(in);
  return f;
}

void EncodeStringMap(const std::map<std::string, std::string>& m, ByteWriter& out) {
  out.U64(m.size());
  for (const auto& [key, value] : m) {
    out.Str(key);
    out.Str(value);
  }
}

std::map<std::string, std::string> DecodeStringMap(ByteReader& in) {
  std::map<std::string, std::string> m;
  for (size_t n = in.Count(16); n > 0; --n) {
    std::string key = in.Str();
    m.emplace(std::move(key), in.Str());
  }
  return m;
}

void EncodeFinding(const Finding& f, ByteWriter& out) {
  out.Str(f.rule_id);
  out.U32(static_cast<uint32_t>(f.severity));
  out.Str(f.field);
  out.Str(f.message);
  out.Str(f.suggested_fix);
}

Finding DecodeFinding(ByteReader& in) {
  Finding f;
  f.rule_id = in.Str();
  const uint32_t severity = in.U32();
  if (severity > static_cast<uint32_t>(Severity::kError)) {
    throw CodecError("dossier bytes: bad severity");
  }
  f.severity = static_cast<Severity>(severity);
  f.field = in.Str();
  f.message = in.Str();
  f.suggested_fix = in.Str();
  return f;
}

void EncodeOrigin(const FieldOrigin& o, ByteWriter& out) {
  out.Str(o.source);
  out.Str(o.record_id);
  out.Str(o.rule);
  out.I64(o.records_agreeing);
  out.U64(o.alternatives.size());
  for (const FieldOrigin::Alternative& a : o.alternatives) {
    out.Str(a.value);
    out.Str(a.source);
    out.Str(a.record_id);
    out.I64(a.records);
  }
}

FieldOrigin DecodeOrigin(ByteReader& in) {
  FieldOrigin o;
  o.source = in.Str();
  o.record_id = in.Str();
  o.rule = in.Str();
  o.records_agreeing = static_cast<int>(in.I64());
  o.alternatives.resize(in.Count(32));
  for (FieldOrigin::Alternative& a : o.alternatives) {
    a.value = in.Str();
    a.source = in.Str();
    a.record_id = in.Str();
    a.records = static_cast<int>(in.I64());
  }
  return o;
}

void EncodeRecord(const MemberRecord& r, ByteWriter& out) {
  out.Str(r.id);
  out.Str(r.source);
  out.Str(r.member_id);
  for (const CoreField& core : kCoreFields) EncodeField(r.*(core.member), out);
  out.U64(r.extra.size());
  for (const auto& [name, field] : r.extra) {
    out.Str(name);
    EncodeField(field, out);
  }
  out.Str(r.name_keys.exact);
  out.Str(r.name_keys.placement_free);
  out.Str(r.name_keys.ascii_folded);
  out.Str(r.name_keys.ocr_tolerant);
  EncodeStringMap(r.unit_codes, out);
  out.U64(r.findings.size());
  for (const Finding& f : r.findings) EncodeFinding(f, out);
  out.Bool(r.golden);
  out.U64(r.origins.size());
  for (const auto& [name, origin] : r.origins) {
    out.Str(name);
    EncodeOrigin(origin, out);
  }
}

MemberRecord DecodeRecord(ByteReader& in) {
  MemberRecord r;
  r.id = in.Str();
  r.source = in.Str();
  r.member_id = in.Str();
  for (const CoreField& core : kCoreFields) r.*(core.member) = DecodeField(in);
  for (size_t n = in.Count(16); n > 0; --n) {
    std::string name = in.Str();
    r.extra.emplace(std::move(name), DecodeField(in));
  }
  r.name_keys.exact = in.Str();
  r.name_keys.placement_free = in.Str();
  r.name_keys.ascii_folded = in.Str();
  r.name_keys.ocr_tolerant = in.Str();
  r.unit_codes = DecodeStringMap(in);
  r.findings.resize(in.Count(32));
  for (Finding& f : r.findings) f = DecodeFinding(in);
  r.golden = in.Bool();
  for (size_t n = in.Count(16); n > 0; --n) {
    std::string name = in.Str();
    r.origins.emplace(std::move(name), DecodeOrigin(in));
  }
  return r;
}

void EncodePage(const Page& p, ByteWriter& out) {
  EncodeProvenance(p.origin, out);
  out.I64(p.width);
  out.I64(p.height);
  out.I64(p.dpi);
  out.U64(p.image.size());
  out.Raw(p.image.data(), p.image.size());
  out.Str(p.image_format);
  out.Str(p.source_format);
  out.Str(p.text);
  out.U64(p.words.size());
  for (const Word& w : p.words) {
    out.Str(w.text);
    EncodeBox(w.box, out);
    out.F64(w.confidence);
  }
  out.U64(p.lines.size());
  for (const Line& l : p.lines) {
    out.Str(l.text);
    EncodeBox(l.box, out);
    out.F64(l.confidence);
    out.I64(l.first_word);
    out.I64(l.word_count);
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

Page DecodePage(ByteReader& in) {
  Page p;
  p.origin = DecodeProvenance(in);
  p.width = static_cast<int>(in.I64());
  p.height = static_cast<int>(in.I64());
  p.dpi = static_cast<int>(in.I64());
  in.Bytes(p.image);
  p.image_format = in.Str();
  p.source_format = in.Str();
  p.text = in.Str();
  p.words.resize(in.Count(48));
  for (Word& w : p.words) {
    w.text = in.Str();
    w.box = DecodeBox(in);
    w.confidence = DecodeFloat(in);
  }
  p.lines.resize(in.Count(64));
  for (Line& l : p.lines) {
    l.text = in.Str();
    l.box = DecodeBox(in);
    l.confidence = DecodeFloat(in);
    l.first_word = static_cast<int>(in.I64());
    l.word_count = static_cast<int>(in.I64());
  }
  p.mean_confidence = in.F64();
  p.attributes = DecodeStringMap(in);
  return p;
}

}  // namespace

void EncodeProvenance(const Provenance& p, ByteWriter& out) {
  out.Str(p.file);
  out.I64(p.page);
  EncodeBox(p.box, out);
  out.I64(p.row);
  out.Str(p.column);
}

Provenance DecodeProvenance(ByteReader& in) {
  Provenance p;
  p.file = in.Str();
  p.page = static_cast<int>(in.I64());
  p.box = DecodeBox(in);
  p.row = in.I64();
  p.column = in.Str();
  return p;
}

void EncodeDossier(const Dossier& d, ByteWriter& out) {
  out.Str(d.id);
  out.U64(d.units.size());
  for (const Provenance& unit : d.units) EncodeProvenance(unit, out);
  out.Str(d.original);
  out.U64(d.pages.size());
  for (const Page& page : d.pages) EncodePage(page, out);
  out.U64(d.records.size());
  for (const MemberRecord& record : d.records) EncodeRecord(record, out);
}

Dossier DecodeDossier(ByteReader& in) {
  Dossier d;
  d.id = in.Str();
  d.units.resize(in.Count(64));
  for (Provenance& unit : d.units) unit = DecodeProvenance(in);
  d.original = in.Str();
  d.pages.resize(in.Count(128));
  for (Page& page : d.pages) page = DecodePage(in);
  d.records.resize(in.Count(256));
  for (MemberRecord& record : d.records) record = DecodeRecord(in);
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
