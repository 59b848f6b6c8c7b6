// One deduplication of a batch: blocking, fitting (if asked), scoring on
// several threads, clustering. The plugin, the commands and the benchmark
// all run this.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "blocking.h"
#include "clustering.h"
#include "member_table.h"
#include "model.h"
#include "scorer.h"

namespace hoso::dedup {

struct EngineOptions {
  bool fit = false;           // estimate u, m and the prior from this batch
  uint64_t seed = 1;
  int threads = 0;            // 0: one per core
  uint64_t u_samples = 0;  // 0: twice the records, within [200 k, 2 M]
  uint64_t em_pairs = 5'000'000;  // blocked pairs EM sees at most (a seeded sample)
  // Pairs kept for the pair_scores table: all of the review band and the
  // matches not applied, then the weakest matches up to this many in all.
  size_t max_review_pairs = 250'000;
  int max_component = 200;    // records checked pairwise for coherence
  // Link mode: the table's first `existing_rows` rows are records of an
  // existing handbook and existing_member[row] their member (an index).
  // Only pairs with at least one new record are compared, those members are
  // never split or merged, and a cluster with one of them is named by it.
  uint32_t existing_rows = 0;
  const std::vector<uint32_t>* existing_member = nullptr;
};

// A pair at or above the review threshold, with what explains its weight
// (each comparison's weight follows from its level: DedupResult keeps them
// for the pairs it keeps). Small: at a million records there are 600 k.
struct ScoredPair {
  uint32_t a;
  uint32_t b;
  float weight;
  PairRule rule;
  std::array<uint8_t, 16> levels;
};

struct EngineStats {
  uint64_t blocked_pairs = 0;
  std::vector<uint64_t> pairs_by_rule;
  uint64_t oversized_blocks = 0;
  uint64_t oversized_pairs = 0;
  uint64_t match_pairs = 0;
  uint64_t review_pairs = 0;
  uint64_t review_pairs_dropped = 0;  // applied matches left out of pair_scores (max_review_pairs)
  uint64_t refused_joins = 0;
  uint64_t member_conflicts = 0;  // link mode: joins refused between two existing members
  uint64_t coherence_pairs = 0;
  int em_iterations = 0;
  uint64_t em_sample_one_in = 1;  // EM saw one blocked pair in this many
  double seconds_blocking = 0;  // the layout's included
  double seconds_layout = 0;
  double seconds_fitting = 0;
  double seconds_scoring = 0;
  double seconds_clustering = 0;
};

struct DedupResult {
  std::vector<uint32_t> cluster;       // per row: the row whose id names its member
  std::vector<ScoredPair> review;      // pairs at or above the review threshold, by (a, b)
  // Each comparison's weight for each pair of `review`, in its order
  // (comparison count per pair).
  std::vector<float> review_parts;
  // Link mode: match edges refused because they would merge two members of
  // the handbook; a person decides.
  std::vector<Edge> member_conflicts;
  std::vector<uint64_t> histogram;     // pairs per 1-bit weight bin
  int histogram_low = 0;               // weight of the first bin's lower edge
  EngineStats stats;
};

// What scoring blocks gives, before it is merged across threads.
struct BlockScores {
  static constexpr int kHistogramLow = -60;  // weights are binned in [-60, 60)
  static constexpr int kHistogramHigh = 60;
  std::vector<Edge> matches;
  std::vector<ScoredPair> review;
  std::vector<uint64_t> histogram = std::vector<uint64_t>(kHistogramHigh - kHistogramLow, 0);
  uint64_t pairs = 0;
  std::vector<uint64_t> pairs_by_rule;
};

// The scoring pass over one block, as Deduplicate runs it on each thread
// (and the benchmark on one): every pair's weight into the histogram, the
// matches, the pairs at or above the review threshold with their parts.
void ScoreBlock(const Blocker& blocker, const Scorer& scorer, const Block& block,
                const Thresholds& th, BlockScores& out);

// The table, the scorer's per-row data and the blocker renumbered so the
// records of the largest rule's blocks sit side by side (Blocker::Layout)
// while blocked pairs are compared, then put back: at a million records the
// pass otherwise waited on a cache miss for nearly every pair it read.
// Meanwhile the table's ids stay in the first order: a laid-out row's id is
// table.id(Original(row)). Putting back is the destructor's, unless
// Restore() came first.
class BlockLayout {
 public:
  BlockLayout(MemberTable& table, Blocker& blocker, Scorer& scorer, uint32_t first_new_row);
  ~BlockLayout();
  BlockLayout(const BlockLayout&) = delete;
  BlockLayout& operator=(const BlockLayout&) = delete;

  // The row a laid-out row was before.
  uint32_t Original(uint32_t row) const { return order_[row]; }
  // Table and scorer in their first order again (the blocker is not).
  void Restore();

 private:
  MemberTable& table_;
  Scorer& scorer_;
  std::vector<uint32_t> order_;  // order_[new] = old
  std::vector<uint32_t> where_;  // where_[old] = new
  bool restored_ = false;
};

// `model` is updated in place when options.fit is set.
DedupResult Deduplicate(MemberTable& table, Model& model, const EngineOptions& options);

}  // namespace hoso::dedup
