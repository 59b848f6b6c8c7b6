// The golden record of one member: every field decided by survivorship, each
// value traceable to the record it came from.
#pragma once

#include <vector>

#include "hoso/record.h"
#include "survivorship.h"

namespace hoso::merge {

// A member's record and its position in the batch.
struct SourceRecord {
  const MemberRecord* record = nullptr;
  size_t order = 0;
};

// `records` are the member's records, at least two. Every field on which
// they disagree gets a "merge.disagreement" finding of `severity` naming the
// records behind each value (never the values: those are in `origins`).
MemberRecord BuildGoldenRecord(const std::vector<SourceRecord>& records,
                               const SurvivorshipSettings& settings, Severity severity);

}  // namespace hoso::merge
