// Which scored pairs a steward should look at first. Pairs dedup left for
// review come before pairs it decided, and within each group the pair whose
// weight lies nearest a threshold comes first: that is where one more
// agreeing or disagreeing field would have changed the decision.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "report_data.h"

namespace hoso::report {

// The part of a pair_scores row that decides its place in the queue.
struct ScoredRow {
  int64_t rowid = 0;
  double weight = 0;
  std::string decision;
  std::string rule;
};

// pair_scores does not record the model's thresholds, but every row's
// decision was taken against them: the match threshold lies above every
// "review" weight and at or below every "match" weight decided by weight
// alone, and the table only holds pairs at or above the review threshold.
// The lowest weights on each side of the split are the closest estimates;
// without a "review" row the review threshold is only known to lie below
// every weight, and is left unknown. nullopt when there is no row at all.
std::optional<Thresholds> InferThresholds(const std::vector<ScoredRow>& rows);

// Indices into `rows`, in review order, at most `limit` of them.
std::vector<size_t> ReviewOrder(const std::vector<ScoredRow>& rows, const Thresholds& thresholds,
                                size_t limit);

// Bits between the weight and the nearer threshold.
double ThresholdDistance(double weight, const Thresholds& thresholds);

}  // namespace hoso::report
