// The contents of every source record, kept in the handbook
// (source_records.contents) so a later run can link new records against the
// handbook and rebuild golden records without the original inputs.
#pragma once

#include <hoso/record.h>

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "sqlite_statement.h"

namespace hoso_handbook {

// JSON of what deduplication compares and merging chooses from: every
// non-empty field with its raw text, confidence and position, the name keys
// and the unit codes. Not the id, source or member id: those are columns.
std::string EncodeRecord(const hoso::MemberRecord& record);
// The same JSON appended to `out`, so the writer can build it in place.
void AppendRecordContents(std::string& out, const hoso::MemberRecord& record);
// Fills the fields, name keys and unit codes of `record` from EncodeRecord's
// JSON. Throws std::runtime_error when the text is not such JSON.
void DecodeRecord(std::string_view json, hoso::MemberRecord& record);

// A handbook opened read-only, for link mode. Its file is never changed in
// place (the sink replaces it whole), so what this connection reads is one
// consistent handbook even while another run publishes a new one.
class HandbookRecords {
 public:
  // Throws std::runtime_error naming the file when it is missing, not a
  // handbook, or older than version 4 (no record contents to link against).
  explicit HandbookRecords(const std::filesystem::path& path);

  // Every source record in writing order, with id, source, member_id and its
  // contents; one record in memory at a time.
  void ForEach(const std::function<void(const hoso::MemberRecord&)>& visit);
  // The records of one member, in writing order; empty when there is none.
  std::vector<hoso::MemberRecord> OfMember(std::string_view member_id);

 private:
  hoso::MemberRecord Read(Statement& row) const;

  std::filesystem::path path_;
  Connection db_;
  Statement of_member_;
};

}  // namespace hoso_handbook
