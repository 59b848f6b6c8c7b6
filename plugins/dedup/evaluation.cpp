#include "evaluation.h"

#include <algorithm>
#include <map>
#include <set>
#include <vector>

namespace hoso::dedup {
namespace {

// Pairs within groups, counted without listing them: a group of n records
// holds n(n-1)/2 pairs, minus those within one source when asked.
uint64_t PairsIn(const std::map<std::string, std::vector<std::string>>& groups,
                 const Assignment& sources, bool cross_source_only) {
  uint64_t pairs = 0;
  for (const auto& [group, ids] : groups) {
    const uint64_t n = ids.size();
    pairs += n * (n - 1) / 2;
    if (!cross_source_only) continue;
    std::map<std::string, uint64_t> per_source;
    for (const std::string& id : ids) {
      auto it = sources.source_of.find(id);
      ++per_source[it == sources.source_of.end() ? "" : it->second];
    }
    for (const auto& [source, k] : per_source) pairs -= k * (k - 1) / 2;
  }
  return pairs;
}

}  // namespace

Evaluation Evaluate(const Assignment& predicted, const Assignment& truth, bool cross_source_only) {
  Evaluation e;
  std::map<std::string, std::vector<std::string>> by_truth, by_predicted, by_both;
  for (const auto& [id, entity] : truth.member_of) {
    auto it = predicted.member_of.find(id);
    if (it == predicted.member_of.end()) {
      ++e.missing;
      continue;
    }
    ++e.records;
    by_truth[entity].push_back(id);
    by_predicted[it->second].push_back(id);
    by_both[entity + '\x1f' + it->second].push_back(id);
  }
  e.true_pairs = PairsIn(by_truth, predicted, cross_source_only);
  e.predicted_pairs = PairsIn(by_predicted, predicted, cross_source_only);
  e.true_positive_pairs = PairsIn(by_both, predicted, cross_source_only);
  e.precision = e.predicted_pairs == 0 ? 1.0
                                       : static_cast<double>(e.true_positive_pairs) /
                                             static_cast<double>(e.predicted_pairs);
  e.recall = e.true_pairs == 0 ? 1.0
                               : static_cast<double>(e.true_positive_pairs) /
                                     static_cast<double>(e.true_pairs);
  e.f1 = e.precision + e.recall == 0 ? 0 : 2 * e.precision * e.recall / (e.precision + e.recall);
  e.true_members = by_truth.size();
  e.predicted_members = by_predicted.size();
  for (const auto& [entity, ids] : by_truth) {
    const std::string& member = predicted.member_of.at(ids.front());
    const auto& group = by_predicted.at(member);
    if (group.size() != ids.size()) continue;
    bool same = true;
    for (const std::string& id : ids) same = same && predicted.member_of.at(id) == member;
    if (same) ++e.exact_members;
  }
  return e;
}

}  // namespace hoso::dedup
