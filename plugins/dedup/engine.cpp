#include "engine.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <unordered_map>
#include <unordered_set>

#include "blocking.h"
#include "training.h"

namespace hoso::dedup {
namespace {

using Clock = std::chrono::steady_clock;

double Since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

constexpr int kHistogramLow = BlockScores::kHistogramLow;
constexpr int kHistogramHigh = BlockScores::kHistogramHigh;

// Runs `work(thread_index, block)` over every block, blocks handed out in
// chunks so big and small blocks even out across threads.
template <typename Work>
void ForEachBlock(const Blocker& blocker, int threads, Work work) {
  std::atomic<size_t> next{0};
  const size_t count = blocker.blocks().size();
  constexpr size_t kChunk = 64;
  auto run = [&](int t) {
    for (;;) {
      const size_t begin = next.fetch_add(kChunk);
      if (begin >= count) return;
      const size_t end = std::min(count, begin + kChunk);
      for (size_t i = begin; i < end; ++i) work(t, blocker.blocks()[i]);
    }
  };
  std::vector<std::thread> pool;
  for (int t = 1; t < threads; ++t) pool.emplace_back(run, t);
  run(0);
  for (std::thread& th : pool) th.join();
}

// pair_scores is for a person, and a large batch has more matches than
// anyone reads: every pair that needs a decision is kept — the review band,
// and the matches that were not applied (refused as incoherent, or joining
// two handbook members) — and then the weakest matches, up to `limit` pairs
// in all. The strong matches left out can still be explained one by one
// (hoso explain).
// They are written in record order either way.
void KeepPairsToReview(DedupResult& result, const Thresholds& th, size_t limit) {
  std::vector<ScoredPair>& pairs = result.review;
  auto by_records = [](const ScoredPair& x, const ScoredPair& y) {
    return x.a != y.a ? x.a < y.a : x.b < y.b;
  };
  if (pairs.size() <= limit) {
    std::sort(pairs.begin(), pairs.end(), by_records);
    return;
  }
  // The decision as pair_scores writes it: from the weight it stores.
  auto rank = [&](const ScoredPair& p) {
    if (p.weight < th.match) return 0;
    return result.cluster[p.a] != result.cluster[p.b] ? 1 : 2;
  };
  std::stable_sort(pairs.begin(), pairs.end(), [&](const ScoredPair& x, const ScoredPair& y) {
    const int rx = rank(x), ry = rank(y);
    return rx != ry ? rx < ry : x.weight < y.weight;
  });
  size_t keep = limit;
  while (keep < pairs.size() && rank(pairs[keep]) < 2) ++keep;
  result.stats.review_pairs_dropped = pairs.size() - keep;
  pairs.resize(keep);
  std::sort(pairs.begin(), pairs.end(), by_records);
}

}  // namespace

void ScoreBlock(const Blocker& blocker, const Scorer& scorer, const Block& block,
                const Thresholds& th, BlockScores& out) {
  ScoredPair pair{};
  const uint64_t pairs = blocker.ForEachPair(block, [&](uint32_t a, uint32_t b) {
    PairRule rule;
    const double weight = scorer.Score(a, b, pair.levels.data(), nullptr, &rule);
    const int bin =
        std::clamp(static_cast<int>(std::floor(weight)), kHistogramLow, kHistogramHigh - 1);
    ++out.histogram[static_cast<size_t>(bin - kHistogramLow)];
    if (weight >= th.match) out.matches.push_back({a, b, weight});
    if (weight >= th.review) {
      pair.a = a;
      pair.b = b;
      pair.weight = static_cast<float>(weight);
      pair.rule = rule;
      out.review.push_back(pair);
    }
  });
  out.pairs += pairs;
  if (out.pairs_by_rule.size() <= block.rule) out.pairs_by_rule.resize(block.rule + 1, 0);
  out.pairs_by_rule[block.rule] += pairs;
}

BlockLayout::BlockLayout(MemberTable& table, Blocker& blocker, Scorer& scorer,
                         uint32_t first_new_row)
    : table_(table), scorer_(scorer), order_(blocker.Layout(first_new_row)) {
  where_.resize(order_.size());
  for (uint32_t row = 0; row < order_.size(); ++row) where_[order_[row]] = row;
  table_.PermuteValues(order_);
  scorer_.Permute(order_);
  blocker.Renumber(where_);
}

BlockLayout::~BlockLayout() { Restore(); }

void BlockLayout::Restore() {
  if (restored_) return;
  restored_ = true;
  table_.PermuteValues(where_);
  scorer_.Permute(where_);
}

DedupResult Deduplicate(MemberTable& table, Model& model, const EngineOptions& options) {
  DedupResult result;
  const int threads = options.threads > 0
                          ? options.threads
                          : std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
  auto start = Clock::now();
  const uint32_t existing = options.existing_rows;
  if (existing > table.size() || (existing > 0 && (options.existing_member == nullptr ||
                                                   options.existing_member->size() != existing))) {
    throw std::logic_error("link: existing rows and their members do not match the table");
  }
  Blocker blocker(table, model.blocking, model.max_block_size, existing);
  result.stats.oversized_blocks = blocker.oversized_blocks();
  result.stats.oversized_pairs = blocker.oversized_pairs();
  result.stats.seconds_blocking = Since(start);

  Scorer scorer(model, table);
  const size_t k = scorer.comparison_count();
  if (options.fit) {
    start = Clock::now();
    // More samples than there are pairs would only repeat them.
    const double n_records = static_cast<double>(table.size());
    const auto all_pairs = static_cast<uint64_t>(n_records * (n_records - 1) / 2);
    const uint64_t wanted = options.u_samples != 0
                                ? options.u_samples
                                : std::clamp<uint64_t>(2 * table.size(), 200'000, 2'000'000);
    // Random pairs, drawn by row before the rows move, so u is what it was.
    EstimateU(scorer, std::min(wanted, std::max<uint64_t>(all_pairs, 1000)), options.seed, model,
              threads);
    result.stats.seconds_fitting = Since(start);
  }
  start = Clock::now();
  BlockLayout layout(table, blocker, scorer, existing);
  result.stats.seconds_layout = Since(start);
  result.stats.seconds_blocking += result.stats.seconds_layout;
  if (options.fit) {
    start = Clock::now();
    // EM needs the pattern counts of a fair sample of the blocked pairs, not
    // all of them: above options.em_pairs, a fixed hash of the pair (its rows
    // as laid out, which the input decides) chooses, the same pairs every
    // run, and the counts are scaled back up.
    uint64_t candidate_pairs = 0;
    for (const Block& block : blocker.blocks()) {
      const uint64_t size = block.end - block.begin;
      const uint64_t old = block.first_new - block.begin;
      candidate_pairs += size * (size - 1) / 2 - (old > 0 ? old * (old - 1) / 2 : 0);
    }
    const uint64_t keep_one_in =
        std::max<uint64_t>(1, (candidate_pairs + options.em_pairs - 1) / options.em_pairs);
    std::vector<PatternCounts> counts(static_cast<size_t>(threads));
    ForEachBlock(blocker, threads, [&](int t, const Block& block) {
      uint8_t levels[16];
      PatternCounts& mine = counts[static_cast<size_t>(t)];
      blocker.ForEachPair(block, [&](uint32_t a, uint32_t b) {
        if (keep_one_in > 1) {
          uint64_t h = (static_cast<uint64_t>(a) << 32 | b) * 0x9E3779B97F4A7C15ULL + options.seed;
          h ^= h >> 29;
          if (h % keep_one_in != 0) return;
        }
        scorer.Levels(a, b, levels);
        mine[Pack(levels, k)] += keep_one_in;
      });
    });
    result.stats.em_sample_one_in = keep_one_in;
    for (size_t t = 1; t < counts.size(); ++t) {
      for (const auto& [pattern, n] : counts[t]) counts[0][pattern] += n;
    }
    // The pairs the prior is a share of: in link mode those with a new record.
    const double n = static_cast<double>(table.size());
    const double e = static_cast<double>(existing);
    const EmResult em = EstimateM(counts[0], n * (n - 1) / 2 - e * (e - 1) / 2, model);
    result.stats.em_iterations = em.iterations;
    scorer.SetParameters(model);
    result.stats.seconds_fitting += Since(start);
  }
  for (const Comparison& c : model.comparisons) {
    if (c.m.size() != c.level_count() || c.u.size() != c.level_count()) {
      throw std::runtime_error("model '" + model.name + "' is not fitted (comparison '" + c.name +
                               "' has no m or u): fit it on this batch or give a fitted model");
    }
  }

  start = Clock::now();
  std::vector<BlockScores> outputs(static_cast<size_t>(threads));
  const Thresholds& th = model.thresholds;
  ForEachBlock(blocker, threads, [&](int t, const Block& block) {
    ScoreBlock(blocker, scorer, block, th, outputs[static_cast<size_t>(t)]);
  });
  std::vector<Edge> matches;
  result.histogram.assign(kHistogramHigh - kHistogramLow, 0);
  result.histogram_low = kHistogramLow;
  for (BlockScores& out : outputs) {
    matches.insert(matches.end(), out.matches.begin(), out.matches.end());
    result.review.insert(result.review.end(), out.review.begin(), out.review.end());
    for (size_t i = 0; i < out.histogram.size(); ++i) result.histogram[i] += out.histogram[i];
    result.stats.blocked_pairs += out.pairs;
    if (result.stats.pairs_by_rule.size() < out.pairs_by_rule.size()) {
      result.stats.pairs_by_rule.resize(out.pairs_by_rule.size(), 0);
    }
    for (size_t r = 0; r < out.pairs_by_rule.size(); ++r) {
      result.stats.pairs_by_rule[r] += out.pairs_by_rule[r];
    }
  }
  // Back to the rows' first order, each pair with its lower row first as
  // blocking gives them, before anything is decided from them.
  auto original = [&](uint32_t& a, uint32_t& b) {
    a = layout.Original(a);
    b = layout.Original(b);
    if (a > b) std::swap(a, b);
  };
  for (Edge& e : matches) original(e.a, e.b);
  for (ScoredPair& p : result.review) original(p.a, p.b);
  layout.Restore();
  result.stats.match_pairs = matches.size();
  result.stats.review_pairs = result.review.size() - std::min(result.review.size(), matches.size());
  result.stats.seconds_scoring = Since(start);

  // Coherence: a component of three or more records joined by match edges is
  // checked pair by pair, including pairs blocking never put together; pairs
  // with strong evidence against must end in different members.
  start = Clock::now();
  std::vector<Edge> apart;
  {
    const std::vector<uint32_t>* fixed = existing > 0 ? options.existing_member : nullptr;
    const Clusters loose = Cluster(table.size(), matches, {}, fixed);
    std::unordered_map<uint32_t, std::vector<uint32_t>> components;
    std::vector<bool> touched(table.size(), false);
    for (const Edge& e : matches) touched[e.a] = touched[e.b] = true;
    // A new record joining a handbook member joins all of its records, not
    // only the one it matched: they are checked too. New records come first,
    // so a large member cut at max_component still has them checked.
    std::unordered_set<uint32_t> touched_members;
    for (uint32_t row = 0; row < existing; ++row) {
      if (touched[row]) touched_members.insert((*fixed)[row]);
    }
    for (uint32_t row = existing; row < table.size(); ++row) {
      if (touched[row]) components[loose.root[row]].push_back(row);
    }
    for (uint32_t row = 0; row < existing; ++row) {
      if (touched[row] || touched_members.contains((*fixed)[row])) {
        components[loose.root[row]].push_back(row);
      }
    }
    uint8_t levels[16];
    for (auto& [root, rows] : components) {
      if (rows.size() < 3) continue;
      if (rows.size() > static_cast<size_t>(options.max_component)) rows.resize(options.max_component);
      for (size_t i = 0; i < rows.size(); ++i) {
        for (size_t j = i + 1; j < rows.size(); ++j) {
          // Two records of the handbook: already one member or kept apart
          // there, and not recomputed.
          if (rows[i] < existing && rows[j] < existing) continue;
          scorer.Levels(rows[i], rows[j], levels);
          double weight = scorer.Weight(rows[i], rows[j], levels);
          const PairRule rule = scorer.Rule(rows[i], rows[j]);
          if (rule == PairRule::kDifferentCccd) weight += Scorer::kDifferentCccdWeight;
          ++result.stats.coherence_pairs;
          if (weight < th.non_match && rule != PairRule::kSameIdAndBirthDate) {
            apart.push_back({rows[i], rows[j], weight});
          }
        }
      }
    }
  }
  Clusters clusters = Cluster(table.size(), std::move(matches), apart,
                              existing > 0 ? options.existing_member : nullptr);
  result.stats.refused_joins = clusters.refused_joins;
  result.stats.member_conflicts = clusters.member_conflicts.size();
  result.member_conflicts = std::move(clusters.member_conflicts);
  // A member is named by the smallest record id among its records: the same
  // input gives the same names, whatever the thread count. In link mode a
  // cluster holding a handbook record is named by that record (its member
  // keeps its id).
  std::vector<uint32_t> name(table.size(), UINT32_MAX);
  for (uint32_t row = 0; row < table.size(); ++row) {
    uint32_t& n = name[clusters.root[row]];
    if (n == UINT32_MAX) {
      n = row;
    } else if (n >= existing && (row < existing || table.id(row) < table.id(n))) {
      n = row;
    }
  }
  result.cluster.resize(table.size());
  for (uint32_t row = 0; row < table.size(); ++row) result.cluster[row] = name[clusters.root[row]];
  KeepPairsToReview(result, th, options.max_review_pairs);
  result.review_parts.resize(result.review.size() * k);
  double parts[16];
  for (size_t i = 0; i < result.review.size(); ++i) {
    const ScoredPair& p = result.review[i];
    scorer.Weight(p.a, p.b, p.levels.data(), parts);
    for (size_t c = 0; c < k; ++c) result.review_parts[i * k + c] = static_cast<float>(parts[c]);
  }
  result.stats.seconds_clustering = Since(start);
  return result;
}

}  // namespace hoso::dedup
