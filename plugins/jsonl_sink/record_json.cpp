#include "record_json.h"

#include <string>

namespace hoso::jsonl_sink {
namespace {

using nlohmann::ordered_json;

ordered_json ProvenanceToJson(const Provenance& provenance) {
  ordered_json out;
  out["file"] = provenance.file;
  out["page"] = provenance.page;
  out["row"] = provenance.row;
  out["column"] = provenance.column;
  // A box only means something on a page image.
  if (provenance.page >= 0) {
    const Box& box = provenance.box;
    out["box"] = {{"x", box.x}, {"y", box.y}, {"w", box.w}, {"h", box.h}};
  }
  return out;
}

ordered_json FieldToJson(const Field& field) {
  ordered_json out;
  out["value"] = field.value;
  out["raw"] = field.raw;
  out["confidence"] = field.confidence;
  out["provenance"] = ProvenanceToJson(field.provenance);
  return out;
}

bool HasNameKeys(const MatchKeys& keys) {
  return !keys.exact.empty() || !keys.placement_free.empty() || !keys.ascii_folded.empty() ||
         !keys.ocr_tolerant.empty();
}

ordered_json FindingToJson(const Finding& finding) {
  ordered_json out;
  out["rule_id"] = finding.rule_id;
  out["severity"] = std::string(SeverityName(finding.severity));
  out["field"] = finding.field;
  out["message"] = finding.message;
  out["suggested_fix"] = finding.suggested_fix;
  return out;
}

}  // namespace

ordered_json RecordToJson(const MemberRecord& record) {
  ordered_json out;
  out["id"] = record.id;
  out["member_id"] = std::string(record.MemberId());
  out["source"] = record.source;

  ordered_json fields = ordered_json::object();
  for (const CoreField& core : kCoreFields) {
    const Field& field = record.*(core.member);
    if (!field.empty()) fields[std::string(core.name)] = FieldToJson(field);
  }
  for (const auto& [name, field] : record.extra) {
    if (!field.empty()) fields["extra." + name] = FieldToJson(field);
  }
  out["fields"] = std::move(fields);

  if (HasNameKeys(record.name_keys)) {
    const MatchKeys& keys = record.name_keys;
    out["name_keys"] = {{"exact", keys.exact},
                        {"placement_free", keys.placement_free},
                        {"ascii_folded", keys.ascii_folded},
                        {"ocr_tolerant", keys.ocr_tolerant}};
  }

  ordered_json unit_codes = ordered_json::object();
  for (const auto& [key, code] : record.unit_codes) unit_codes[key] = code;
  out["unit_codes"] = std::move(unit_codes);

  if (record.golden) {
    out["golden"] = true;
    ordered_json origins = ordered_json::object();
    for (const auto& [name, origin] : record.origins) {
      ordered_json o;
      o["source"] = origin.source;
      o["record_id"] = origin.record_id;
      o["rule"] = origin.rule;
      o["records_agreeing"] = origin.records_agreeing;
      ordered_json alternatives = ordered_json::array();
      for (const FieldOrigin::Alternative& a : origin.alternatives) {
        alternatives.push_back(
            {{"value", a.value}, {"source", a.source}, {"record_id", a.record_id}, {"records", a.records}});
      }
      o["alternatives"] = std::move(alternatives);
      origins[name] = std::move(o);
    }
    out["origins"] = std::move(origins);
  }

  ordered_json findings = ordered_json::array();
  for (const Finding& finding : record.findings) findings.push_back(FindingToJson(finding));
  out["findings"] = std::move(findings);
  return out;
}

}  // namespace hoso::jsonl_sink
