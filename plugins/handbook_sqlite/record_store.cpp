#include "record_store.h"

#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <utility>

#include "schema.h"

namespace hoso_handbook {
namespace {

using nlohmann::json;

// Short keys and defaults left out: the contents are written for every
// record, and most values have no raw text of their own, full confidence and
// no box.
json EncodeField(const hoso::Field& field) {
  json out = json::object();
  out["v"] = field.value;
  if (field.raw != field.value) out["r"] = field.raw;
  if (field.confidence != 1.0) out["c"] = field.confidence;
  const hoso::Provenance& p = field.provenance;
  if (!p.file.empty()) out["f"] = p.file;
  if (p.page >= 0) out["p"] = p.page;
  if (p.row >= 0) out["n"] = p.row;
  if (!p.column.empty()) out["k"] = p.column;
  if (p.box.w > 0 || p.box.h > 0) out["b"] = {p.box.x, p.box.y, p.box.w, p.box.h};
  return out;
}

void DecodeField(const json& in, hoso::Field& field) {
  field.value = in.at("v").get<std::string>();
  field.raw = in.contains("r") ? in["r"].get<std::string>() : field.value;
  field.confidence = in.value("c", 1.0);
  hoso::Provenance& p = field.provenance;
  p.file = in.value("f", std::string());
  p.page = in.value("p", -1);
  p.row = in.value("n", static_cast<int64_t>(-1));
  p.column = in.value("k", std::string());
  if (in.contains("b")) {
    const json& b = in["b"];
    p.box = {b.at(0).get<int>(), b.at(1).get<int>(), b.at(2).get<int>(), b.at(3).get<int>()};
  }
}

}  // namespace

std::string EncodeRecord(const hoso::MemberRecord& record) {
  json fields = json::object();
  for (const hoso::CoreField& core : hoso::kCoreFields) {
    const hoso::Field& field = record.*(core.member);
    if (!field.empty()) fields[std::string(core.name)] = EncodeField(field);
  }
  for (const auto& [name, field] : record.extra) {
    if (!field.empty()) fields["extra." + name] = EncodeField(field);
  }
  json out = json::object();
  out["fields"] = std::move(fields);
  const hoso::MatchKeys& keys = record.name_keys;
  json name_keys = json::object();
  if (!keys.exact.empty()) name_keys["exact"] = keys.exact;
  if (!keys.placement_free.empty()) name_keys["placement_free"] = keys.placement_free;
  if (!keys.ascii_folded.empty()) name_keys["ascii_folded"] = keys.ascii_folded;
  if (!keys.ocr_tolerant.empty()) name_keys["ocr_tolerant"] = keys.ocr_tolerant;
  if (!name_keys.empty()) out["name_keys"] = std::move(name_keys);
  if (!record.unit_codes.empty()) out["unit_codes"] = record.unit_codes;
  // Invalid UTF-8 is replaced rather than refused: the handbook stores text
  // byte for byte elsewhere, and a record must not fail on its copy here.
  return out.dump(-1, ' ', false, json::error_handler_t::replace);
}

void DecodeRecord(std::string_view text, hoso::MemberRecord& record) {
  try {
    const json in = json::parse(text);
    for (const auto& [name, value] : in.at("fields").items()) {
      hoso::Field& field =
          name.starts_with("extra.") ? record.extra[name.substr(6)] : record.Set(name);
      DecodeField(value, field);
    }
    if (in.contains("name_keys")) {
      const json& keys = in["name_keys"];
      record.name_keys.exact = keys.value("exact", std::string());
      record.name_keys.placement_free = keys.value("placement_free", std::string());
      record.name_keys.ascii_folded = keys.value("ascii_folded", std::string());
      record.name_keys.ocr_tolerant = keys.value("ocr_tolerant", std::string());
    }
    if (in.contains("unit_codes")) {
      record.unit_codes = in["unit_codes"].get<std::map<std::string, std::string>>();
    }
  } catch (const json::exception& e) {
    // nlohmann's messages name the position and the type, not the text.
    throw std::runtime_error(std::string("record contents are not valid: ") + e.what());
  }
}

HandbookRecords::HandbookRecords(const std::filesystem::path& path) : path_(path) {
  if (!std::filesystem::is_regular_file(path_)) {
    throw std::runtime_error(path_.string() + ": no handbook there to link against");
  }
  db_ = Connection(path_.string(), /*read_only=*/true);
  const int version = SchemaVersion(db_.get());
  if (version == 0) throw std::runtime_error(path_.string() + " is not a handbook");
  if (version < 4) {
    throw std::runtime_error(path_.string() + " is a version " + std::to_string(version) +
                             " handbook, which keeps no record contents to link against; "
                             "rebuild it with this hoso");
  }
  of_member_ = Statement(db_.get(),
                         "SELECT record_id, source, member_id, contents FROM source_records "
                         "WHERE member_id = ? ORDER BY rowid");
}

hoso::MemberRecord HandbookRecords::Read(Statement& row) const {
  hoso::MemberRecord record;
  record.id = row.ColumnText(0);
  record.source = row.ColumnText(1);
  record.member_id = row.ColumnText(2);
  if (row.ColumnIsNull(3)) {
    // A record written before version 4 in a handbook migrated since.
    throw std::runtime_error(path_.string() + ": source record of '" + record.source +
                             "' has no stored contents (written before version 4); rebuild the "
                             "handbook with this hoso to link against it");
  }
  DecodeRecord(row.ColumnText(3), record);
  return record;
}

void HandbookRecords::ForEach(const std::function<void(const hoso::MemberRecord&)>& visit) {
  Statement all(db_.get(),
                "SELECT record_id, source, member_id, contents FROM source_records ORDER BY rowid");
  while (all.Step()) visit(Read(all));
}

std::vector<hoso::MemberRecord> HandbookRecords::OfMember(std::string_view member_id) {
  std::vector<hoso::MemberRecord> records;
  of_member_.BindText(1, member_id);
  try {
    while (of_member_.Step()) records.push_back(Read(of_member_));
  } catch (...) {
    of_member_.Reset();
    throw;
  }
  of_member_.Reset();
  return records;
}

}  // namespace hoso_handbook
