// The JSON form of a member record written by the sink, one object per line.
#pragma once

#include <string>

#include "hoso/record.h"

namespace hoso::jsonl_sink {

// Appends the record as one JSON object (no newline) to `out`. Keys in a
// fixed order so equal records give equal bytes:
//   {"id", "member_id", "source", "fields", ["name_keys"], "unit_codes",
//    ["golden", "origins"], "findings"}
// "fields" holds the non-empty core fields in kCoreFields order, then the
// non-empty extras as "extra.<name>" (the spelling pipeline options use).
// Throws InvalidUtf8 (json_writer.h) when a text is not UTF-8; `out` may then
// hold part of the record.
void AppendRecordJson(const MemberRecord& record, std::string& out);

}  // namespace hoso::jsonl_sink
