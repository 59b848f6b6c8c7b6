// Values that should belong to one member but sit on several: what
// deduplication kept apart (two people) or failed to join (one person).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "hoso/dossier.h"

namespace hoso::member_conflicts {

struct SharedValueRule {
  const char* rule_id;
  Field MemberRecord::*field;
  const char* field_name;
  const char* what;  // "citizen ID", for messages
};

// Adds a finding to every record whose `rule.field` value also appears on a
// record of another member, naming how many members share it and the first
// few of their member ids (ids, never the value). Returns the number of
// values shared.
size_t FlagSharedValues(RecordSet& set, const SharedValueRule& rule, Severity severity);

}  // namespace hoso::member_conflicts
