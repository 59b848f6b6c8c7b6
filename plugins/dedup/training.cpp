#include "training.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <random>
#include <thread>

namespace hoso::dedup {

Pattern Pack(const uint8_t* levels, size_t count) {
  Pattern p = 0;
  for (size_t c = 0; c < count; ++c) {
    const uint64_t nibble = levels[c] == kMissing ? 15 : std::min<uint64_t>(levels[c], 14);
    p |= nibble << (4 * c);
  }
  return p;
}

void Unpack(Pattern pattern, size_t count, uint8_t* levels) {
  for (size_t c = 0; c < count; ++c) {
    const auto nibble = static_cast<uint8_t>((pattern >> (4 * c)) & 15);
    levels[c] = nibble == 15 ? kMissing : nibble;
  }
}

void EstimateU(const Scorer& scorer, uint64_t samples, uint64_t seed, Model& model, int threads) {
  const size_t n = scorer.table().size();
  const size_t k = scorer.comparison_count();
  // Random pairs hit random memory and rarely repeat a similarity, so they
  // are the slow part of fitting (2 M pairs: 3.5 s on one thread). They come
  // in chunks, each drawn from its own generator seeded by its number: the
  // same pairs, so the same u, whatever the number of threads.
  constexpr uint64_t kChunk = 1 << 16;
  const uint64_t chunks = (samples + kChunk - 1) / kChunk;
  std::vector<std::vector<std::vector<uint64_t>>> counts(static_cast<size_t>(std::max(threads, 1)));
  for (auto& mine : counts) {
    mine.resize(k);
    for (size_t c = 0; c < k; ++c) mine[c].assign(model.comparisons[c].level_count(), 0);
  }
  std::atomic<uint64_t> next{0};
  auto run = [&](int t) {
    std::vector<std::vector<uint64_t>>& mine = counts[static_cast<size_t>(t)];
    std::vector<uint8_t> levels(k);
    for (;;) {
      const uint64_t chunk = next.fetch_add(1);
      if (chunk >= chunks || n < 2) return;
      std::seed_seq chunk_seed{seed, chunk};
      std::mt19937_64 random(chunk_seed);
      std::uniform_int_distribution<uint64_t> pick(0, n - 1);
      const uint64_t end = std::min(samples, (chunk + 1) * kChunk);
      for (uint64_t s = chunk * kChunk; s < end; ++s) {
        const auto a = static_cast<uint32_t>(pick(random));
        auto b = static_cast<uint32_t>(pick(random));
        if (a == b) b = static_cast<uint32_t>((b + 1) % n);
        scorer.Levels(a, b, levels.data());
        for (size_t c = 0; c < k; ++c) {
          if (levels[c] != kMissing) ++mine[c][levels[c]];
        }
      }
    }
  };
  std::vector<std::thread> pool;
  for (int t = 1; t < threads; ++t) pool.emplace_back(run, t);
  run(0);
  for (std::thread& th : pool) th.join();
  for (size_t t = 1; t < counts.size(); ++t) {
    for (size_t c = 0; c < k; ++c) {
      for (size_t l = 0; l < counts[t][c].size(); ++l) counts[0][c][l] += counts[t][c][l];
    }
  }
  for (size_t c = 0; c < k; ++c) {
    // Half a count of smoothing: a level never seen among random pairs is
    // rare, not impossible.
    double total = 0;
    for (uint64_t v : counts[0][c]) total += static_cast<double>(v) + 0.5;
    model.comparisons[c].u.resize(counts[0][c].size());
    for (size_t l = 0; l < counts[0][c].size(); ++l) {
      model.comparisons[c].u[l] = (static_cast<double>(counts[0][c][l]) + 0.5) / total;
    }
  }
}

constexpr double kMinM = 1e-3;

EmResult EstimateM(const PatternCounts& patterns, double total_pairs, Model& model,
                   int max_iterations) {
  const size_t k = model.comparisons.size();
  // Start from "matches mostly agree at the best level".
  for (Comparison& comparison : model.comparisons) {
    const size_t levels = comparison.level_count();
    comparison.m.assign(levels, 0.0);
    for (size_t l = 0; l < levels; ++l) {
      comparison.m[l] = l == 0 ? 0.9 : 0.1 / static_cast<double>(levels - 1);
    }
  }
  std::vector<std::pair<std::vector<uint8_t>, double>> rows;
  double pairs = 0;
  for (const auto& [pattern, count] : patterns) {
    std::vector<uint8_t> levels(k);
    Unpack(pattern, k, levels.data());
    rows.emplace_back(std::move(levels), static_cast<double>(count));
    pairs += static_cast<double>(count);
  }
  // Same order every run, whatever the hash map's.
  std::sort(rows.begin(), rows.end());
  double lambda = 0.1;
  EmResult result;
  std::vector<std::vector<double>> m_sum(k);
  for (int iteration = 0; iteration < max_iterations; ++iteration) {
    for (size_t c = 0; c < k; ++c) m_sum[c].assign(model.comparisons[c].level_count(), 0.0);
    double matched = 0;
    for (const auto& [levels, count] : rows) {
      double log_m = std::log(lambda);
      double log_u = std::log(1 - lambda);
      for (size_t c = 0; c < k; ++c) {
        if (levels[c] == kMissing) continue;
        log_m += std::log(model.comparisons[c].m[levels[c]]);
        log_u += std::log(model.comparisons[c].u[levels[c]]);
      }
      const double posterior = 1.0 / (1.0 + std::exp(log_u - log_m));
      matched += posterior * count;
      for (size_t c = 0; c < k; ++c) {
        if (levels[c] != kMissing) m_sum[c][levels[c]] += posterior * count;
      }
    }
    double change = 0;
    for (size_t c = 0; c < k; ++c) {
      double total = 0;
      for (double v : m_sum[c]) total += v;
      for (size_t l = 0; l < m_sum[c].size(); ++l) {
        // A floor: "no match in this batch disagreed on gender" must not
        // become "a disagreement proves two members" (-17 bits).
        const double m = std::max(m_sum[c][l] / std::max(total, 1e-12), kMinM);
        change = std::max(change, std::abs(m - model.comparisons[c].m[l]));
        model.comparisons[c].m[l] = m;
      }
    }
    const double next_lambda = std::clamp(matched / std::max(pairs, 1.0), 1e-9, 1 - 1e-9);
    change = std::max(change, std::abs(next_lambda - lambda));
    lambda = next_lambda;
    result.iterations = iteration + 1;
    if (change < 1e-6) break;
  }
  result.blocked_match_share = lambda;
  // The prior over all pairs of the batch: the matches EM found among the
  // blocked pairs, spread over every pair.
  model.prior = std::clamp(lambda * pairs / std::max(total_pairs, 1.0), 1e-12, 0.5);
  model.fitted = true;
  return result;
}

}  // namespace hoso::dedup
