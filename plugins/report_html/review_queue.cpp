#include "review_queue.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace hoso::report {

std::optional<Thresholds> InferThresholds(const std::vector<ScoredRow>& rows) {
  constexpr double kNone = std::numeric_limits<double>::infinity();
  double lowest_review = kNone;
  double lowest_match = kNone;
  double highest_review = -kNone;
  for (const ScoredRow& r : rows) {
    if (r.decision == "review") lowest_review = std::min(lowest_review, r.weight);
    // A rule (same ID and birth date) can force a match whatever the
    // weight, so only matches by weight bound the threshold.
    if (r.decision == "match" && r.rule.empty()) lowest_match = std::min(lowest_match, r.weight);
    if (r.decision == "review") highest_review = std::max(highest_review, r.weight);
  }
  if (lowest_match == kNone && lowest_review == kNone) return std::nullopt;
  Thresholds t;
  t.inferred = true;
  if (lowest_review != kNone) t.review = lowest_review;
  t.match = lowest_match != kNone ? lowest_match : highest_review;
  return t;
}

double ThresholdDistance(double weight, const Thresholds& thresholds) {
  const double to_match = std::fabs(weight - thresholds.match);
  return thresholds.review ? std::min(to_match, std::fabs(weight - *thresholds.review)) : to_match;
}

std::vector<size_t> ReviewOrder(const std::vector<ScoredRow>& rows, const Thresholds& thresholds,
                                size_t limit) {
  std::vector<size_t> order(rows.size());
  std::iota(order.begin(), order.end(), size_t{0});
  // A pair the same-member rule forced to a match sits exactly on the
  // match threshold, so it leads the decided pairs without a group of its
  // own; a rule agreeing with a high weight is nothing to look at.
  auto group = [&](const ScoredRow& r) { return r.decision == "review" ? 0 : 1; };
  auto less = [&](size_t a, size_t b) {
    const int ga = group(rows[a]);
    const int gb = group(rows[b]);
    if (ga != gb) return ga < gb;
    const double da = ThresholdDistance(rows[a].weight, thresholds);
    const double db = ThresholdDistance(rows[b].weight, thresholds);
    if (da != db) return da < db;
    return rows[a].rowid < rows[b].rowid;
  };
  const size_t keep = std::min(limit, order.size());
  std::partial_sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(keep), order.end(),
                    less);
  order.resize(keep);
  return order;
}

}  // namespace hoso::report
