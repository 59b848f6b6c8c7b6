// Fitting the model: u from random record pairs, m and the prior by
// expectation-maximisation over the blocked pairs.
#pragma once

#include <cstdint>
#include <unordered_map>
#include <vector>

#include "model.h"
#include "scorer.h"

namespace hoso::dedup {

// Comparison levels of a pair packed 4 bits per comparison (15 = missing).
using Pattern = uint64_t;
Pattern Pack(const uint8_t* levels, size_t count);
void Unpack(Pattern pattern, size_t count, uint8_t* levels);

// Counts of each pattern among the blocked pairs: EM works on these, not on
// the pairs, so it costs the same for a thousand records or five million.
using PatternCounts = std::unordered_map<Pattern, uint64_t>;

// u per comparison level from `samples` uniformly random pairs (seeded): the
// chance two records of different members agree that far. Blocking would
// bias it, so it is not estimated from blocked pairs. The result does not
// depend on `threads`.
void EstimateU(const Scorer& scorer, uint64_t samples, uint64_t seed, Model& model,
               int threads = 1);

struct EmResult {
  int iterations = 0;
  double blocked_match_share = 0;  // λ among blocked pairs
};

// m and the prior (probability two random records are one member) with u
// held fixed. `total_pairs` is n(n-1)/2 of the whole batch.
EmResult EstimateM(const PatternCounts& patterns, double total_pairs, Model& model,
                   int max_iterations = 100);

}  // namespace hoso::dedup
