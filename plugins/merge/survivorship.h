// Survivorship: which of the values a member's records hold becomes the
// member's value. Values are grouped first (equal, or the same value in a
// less full form: see value_equivalence.h), then a rule picks
// a group; ties fall through to records agreeing, confidence, source
// priority and input order, so the choice never depends on thread timing.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "hoso/record.h"

namespace hoso::merge {

enum class Rule { kHighestConfidence, kMostRecent, kSourcePriority, kMostComplete, kMostCommon };

std::optional<Rule> ParseRule(std::string_view name);
std::string_view RuleName(Rule rule);

struct SurvivorshipSettings {
  Rule default_rule = Rule::kHighestConfidence;
  std::map<std::string, Rule> field_rules;        // field name -> rule
  std::vector<std::string> source_priority;       // highest first
  std::map<std::string, std::string> source_dates;  // source -> ISO date of its export
};

// One record's value for a field.
struct Candidate {
  const MemberRecord* record = nullptr;
  const Field* field = nullptr;
  size_t order = 0;  // position of the record in the batch
};

// The values of one field, grouped; `groups[0]` is the chosen one and its
// `best` the record the golden record copies the value from.
struct Decision {
  struct Group {
    std::vector<const Candidate*> members;
    const Candidate* best = nullptr;
  };
  std::vector<Group> groups;  // chosen first, the others in input order
  Rule rule = Rule::kHighestConfidence;
};

// Groups by ValueKind's equivalence (value_equivalence.h) and decides.
Decision Choose(const std::string& field_name, const std::vector<Candidate>& candidates,
                const SurvivorshipSettings& settings);

}  // namespace hoso::merge
