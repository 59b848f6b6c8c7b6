#include "record_json.h"

#include "json_writer.h"

namespace hoso::jsonl_sink {
namespace {

void WriteProvenance(const Provenance& provenance, JsonWriter& w) {
  w.BeginObject();
  w.Field("file", provenance.file);
  w.Field("page", static_cast<int64_t>(provenance.page));
  w.Field("row", static_cast<int64_t>(provenance.row));
  w.Field("column", provenance.column);
  // A box only means something on a page image.
  if (provenance.page >= 0) {
    const Box& box = provenance.box;
    w.Key("box");
    w.BeginObject();
    w.Field("x", static_cast<int64_t>(box.x));
    w.Field("y", static_cast<int64_t>(box.y));
    w.Field("w", static_cast<int64_t>(box.w));
    w.Field("h", static_cast<int64_t>(box.h));
    w.EndObject();
  }
  w.EndObject();
}

void WriteField(std::string_view name, const Field& field, JsonWriter& w) {
  w.Key(name);
  w.BeginObject();
  w.Field("value", field.value);
  w.Field("raw", field.raw);
  w.Field("confidence", static_cast<double>(field.confidence));
  w.Key("provenance");
  WriteProvenance(field.provenance, w);
  w.EndObject();
}

bool HasNameKeys(const MatchKeys& keys) {
  return !keys.exact.empty() || !keys.placement_free.empty() || !keys.ascii_folded.empty() ||
         !keys.ocr_tolerant.empty();
}

void WriteOrigin(const FieldOrigin& origin, JsonWriter& w) {
  w.BeginObject();
  w.Field("source", origin.source);
  w.Field("record_id", origin.record_id);
  w.Field("rule", origin.rule);
  w.Field("records_agreeing", static_cast<int64_t>(origin.records_agreeing));
  w.Key("alternatives");
  w.BeginArray();
  for (const FieldOrigin::Alternative& a : origin.alternatives) {
    w.BeginObject();
    w.Field("value", a.value);
    w.Field("source", a.source);
    w.Field("record_id", a.record_id);
    w.Field("records", static_cast<int64_t>(a.records));
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
}

}  // namespace

void AppendRecordJson(const MemberRecord& record, std::string& out) {
  JsonWriter w(out);
  w.BeginObject();
  w.Field("id", record.id);
  w.Field("member_id", record.MemberId());
  w.Field("source", record.source);

  w.Key("fields");
  w.BeginObject();
  for (const CoreField& core : kCoreFields) {
    const Field& field = record.*(core.member);
    if (!field.empty()) WriteField(core.name, field, w);
  }
  std::string extra_key;
  for (const auto& [name, field] : record.extra) {
    if (field.empty()) continue;
    extra_key.assign("extra.").append(name);
    WriteField(extra_key, field, w);
  }
  w.EndObject();

  if (HasNameKeys(record.name_keys)) {
    const MatchKeys& keys = record.name_keys;
    w.Key("name_keys");
    w.BeginObject();
    w.Field("exact", keys.exact);
    w.Field("placement_free", keys.placement_free);
    w.Field("ascii_folded", keys.ascii_folded);
    w.Field("ocr_tolerant", keys.ocr_tolerant);
    w.EndObject();
  }

  w.Key("unit_codes");
  w.BeginObject();
  for (const auto& [key, code] : record.unit_codes) w.Field(key, code);
  w.EndObject();

  if (record.golden) {
    w.Key("golden");
    w.Bool(true);
    w.Key("origins");
    w.BeginObject();
    for (const auto& [name, origin] : record.origins) {
      w.Key(name);
      WriteOrigin(origin, w);
    }
    w.EndObject();
  }

  w.Key("findings");
  w.BeginArray();
  for (const Finding& finding : record.findings) {
    w.BeginObject();
    w.Field("rule_id", finding.rule_id);
    w.Field("severity", SeverityName(finding.severity));
    w.Field("field", finding.field);
    w.Field("message", finding.message);
    w.Field("suggested_fix", finding.suggested_fix);
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
}

}  // namespace hoso::jsonl_sink
