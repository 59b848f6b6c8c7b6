// The JSON form of a member record written by the sink, one object per line.
#pragma once

#include <nlohmann/json.hpp>

#include "hoso/record.h"

namespace hoso::jsonl_sink {

// Keys in a fixed order (ordered_json) so equal records give equal bytes:
//   {"id", "member_id", "source", "fields", ["name_keys"], "unit_codes", "findings"}
// "fields" holds the non-empty core fields in kCoreFields order, then the
// non-empty extras as "extra.<name>" (the spelling pipeline options use).
nlohmann::ordered_json RecordToJson(const MemberRecord& record);

}  // namespace hoso::jsonl_sink
