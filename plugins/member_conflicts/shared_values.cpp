#include "shared_values.h"

#include <algorithm>
#include <unordered_map>

namespace hoso::member_conflicts {
namespace {

constexpr size_t kIdsNamed = 3;

// The members holding one value. Most values have one member, so the first
// is kept inline and only a conflict allocates.
struct Holders {
  std::string_view first;
  std::vector<std::string_view> others;  // distinct, in order of appearance
};

}  // namespace

size_t FlagSharedValues(RecordSet& set, const SharedValueRule& rule, Severity severity) {
  // Views into the records: the set does not change while they are used.
  std::unordered_map<std::string_view, Holders> holders;
  for (const Dossier& dossier : set.dossiers) {
    for (const MemberRecord& record : dossier.records) {
      const std::string& value = (record.*(rule.field)).value;
      if (value.empty()) continue;
      auto [it, inserted] = holders.try_emplace(value, Holders{record.MemberId(), {}});
      if (inserted) continue;
      Holders& h = it->second;
      const std::string_view member = record.MemberId();
      if (member != h.first && std::find(h.others.begin(), h.others.end(), member) == h.others.end()) {
        h.others.push_back(member);
      }
    }
  }
  size_t shared = 0;
  for (const auto& [value, h] : holders) shared += h.others.empty() ? 0 : 1;
  if (shared == 0) return 0;
  for (Dossier& dossier : set.dossiers) {
    for (MemberRecord& record : dossier.records) {
      const std::string& value = (record.*(rule.field)).value;
      if (value.empty()) continue;
      const Holders& h = holders.at(value);
      if (h.others.empty()) continue;
      const std::string_view self = record.MemberId();
      std::string others;
      size_t named = 0;
      const size_t count = h.others.size();  // members besides this one
      auto name = [&](std::string_view member) {
        if (member == self || named == kIdsNamed) return;
        others += (named++ == 0 ? "" : ", ") + std::string(member);
      };
      name(h.first);
      for (std::string_view member : h.others) name(member);
      if (count > named) others += ", …";
      record.findings.push_back(Finding{
          .rule_id = rule.rule_id,
          .severity = severity,
          .field = rule.field_name,
          .message = std::string("the same ") + rule.what + " is on " + std::to_string(count) +
                     " other member" + (count == 1 ? "" : "s") + " (" + others + ")",
          .suggested_fix = "compare the dossiers: merge them if they are one person, correct the "
                           "number if they are two",
      });
    }
  }
  return shared;
}

}  // namespace hoso::member_conflicts
