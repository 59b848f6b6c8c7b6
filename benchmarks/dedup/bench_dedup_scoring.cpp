// Scoring benchmark (scripts/bench-dedup): compared pairs per second on one
// core. The pass dedup makes over every blocked pair of a real batch — the
// comparison levels, the match weight with term frequencies, the
// deterministic rules, the decision and the histogram — timed on one thread.
//
//   bench_dedup_scoring --handbook=FILE.sqlite --model=FITTED.yaml
//                       [--pairs_out=FILE.tsv --pairs_count=N] [Google Benchmark flags]
//
// The handbook and the fitted model are what a `hoso run` of the bench
// pipeline wrote (run/handbook.sqlite, run/dedup-model.yaml): the records are
// read back from it, blocked with the model's rules, and every iteration
// scores all the blocked pairs. Benchmarks:
//   scoring_pass      the engine's own pass (ScoreBlock: Scorer::Score, the
//                     histogram, the match and review lists) over every block
//   levels_only       the comparison levels alone
//
// --pairs_out writes N blocked pairs spread over all of them, one a line:
// the values each comparison reads, as text, tab-separated, with the level
// dedup gave them, for the Python comparison the script times next to
// this one (what the Record Linkage Toolkit does per pair).
#include <benchmark/benchmark.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "blocking.h"
#include "engine.h"
#include "member_table.h"
#include "model.h"
#include "record_store.h"
#include "scorer.h"

namespace hoso::dedup {
namespace {

struct Batch {
  Model model;
  std::unique_ptr<MemberTable> table;
  std::unique_ptr<Blocker> blocker;
  std::unique_ptr<Scorer> scorer;
  // Last, so it is undone before the scorer and table go.
  std::unique_ptr<BlockLayout> layout;
  uint64_t pairs = 0;
};

Batch* batch = nullptr;

void ScoringPass(benchmark::State& state) {
  uint64_t pairs = 0;
  size_t matches = 0;
  for (auto _ : state) {
    BlockScores out;
    for (const Block& block : batch->blocker->blocks()) {
      ScoreBlock(*batch->blocker, *batch->scorer, block, batch->model.thresholds, out);
    }
    pairs += out.pairs;
    matches = out.matches.size();
    benchmark::DoNotOptimize(out.histogram.data());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(static_cast<int64_t>(pairs));
  state.counters["pairs"] = static_cast<double>(batch->pairs);
  state.counters["matches"] = static_cast<double>(matches);
}

void LevelsOnly(benchmark::State& state) {
  const Scorer& scorer = *batch->scorer;
  uint64_t pairs = 0;
  uint64_t sum = 0;
  for (auto _ : state) {
    uint8_t levels[16];
    for (const Block& block : batch->blocker->blocks()) {
      pairs += batch->blocker->ForEachPair(block, [&](uint32_t a, uint32_t b) {
        scorer.Levels(a, b, levels);
        sum += levels[0];
      });
    }
    benchmark::DoNotOptimize(sum);
  }
  state.SetItemsProcessed(static_cast<int64_t>(pairs));
}

void PairsOnly(benchmark::State& state) {
  uint64_t pairs = 0;
  for (auto _ : state) {
    for (const Block& block : batch->blocker->blocks()) {
      pairs += batch->blocker->ForEachPair(block, [&](uint32_t, uint32_t) {});
    }
  }
  state.SetItemsProcessed(static_cast<int64_t>(pairs));
}

// Every comparison's first level feature, as text; a level's number.
void WritePairs(const std::string& path, uint64_t count) {
  std::ofstream out(path, std::ios::binary);
  if (!out) throw std::runtime_error(path + ": cannot write");
  const MemberTable& table = *batch->table;
  const Model& model = batch->model;
  std::vector<int> columns;
  out << "comparison_features";
  for (const Comparison& c : model.comparisons) {
    columns.push_back(table.Column(c.levels[0].feature));
    out << '\t' << c.name << '=' << c.levels[0].feature;
  }
  out << '\n';
  const uint64_t every = std::max<uint64_t>(1, batch->pairs / std::max<uint64_t>(count, 1));
  uint64_t seen = 0;
  uint64_t written = 0;
  uint8_t levels[16];
  for (const Block& block : batch->blocker->blocks()) {
    batch->blocker->ForEachPair(block, [&](uint32_t a, uint32_t b) {
      if (seen++ % every != 0 || written >= count) return;
      ++written;
      batch->scorer->Levels(a, b, levels);
      for (size_t c = 0; c < columns.size(); ++c) {
        out << (c == 0 ? "" : "\t") << table.Text(columns[c], a) << '\t'
            << table.Text(columns[c], b) << '\t'
            << (levels[c] == kMissing ? -1 : static_cast<int>(levels[c]));
      }
      out << '\n';
    });
  }
  if (!out.flush()) throw std::runtime_error(path + ": cannot write");
}

std::string Flag(int& argc, char** argv, const char* name) {
  const std::string prefix = std::string("--") + name + "=";
  for (int i = 1; i < argc; ++i) {
    if (std::strncmp(argv[i], prefix.c_str(), prefix.size()) != 0) continue;
    std::string value = argv[i] + prefix.size();
    for (int j = i; j + 1 < argc; ++j) argv[j] = argv[j + 1];
    --argc;
    return value;
  }
  return "";
}

}  // namespace
}  // namespace hoso::dedup

int main(int argc, char** argv) {
  using namespace hoso::dedup;
  const std::string handbook = Flag(argc, argv, "handbook");
  const std::string model_path = Flag(argc, argv, "model");
  const std::string pairs_out = Flag(argc, argv, "pairs_out");
  const std::string pairs_count = Flag(argc, argv, "pairs_count");
  if (handbook.empty() || model_path.empty()) {
    std::fprintf(stderr,
                 "usage: bench_dedup_scoring --handbook=FILE.sqlite --model=FITTED.yaml "
                 "[--pairs_out=FILE.tsv --pairs_count=N] [benchmark flags]\n");
    return 2;
  }
  try {
    auto b = std::make_unique<Batch>();
    b->model = LoadModel(model_path);
    if (!b->model.fitted) throw std::runtime_error(model_path + ": model is not fitted");
    b->table = std::make_unique<MemberTable>(b->model.Features());
    hoso_handbook::HandbookRecords(handbook).ForEach(
        [&](const hoso::MemberRecord& r) { b->table->Add(r); });
    b->blocker = std::make_unique<Blocker>(*b->table, b->model.blocking, b->model.max_block_size);
    b->scorer = std::make_unique<Scorer>(b->model, *b->table);
    // As Deduplicate lays the rows out for its passes over the blocks.
    b->layout = std::make_unique<BlockLayout>(*b->table, *b->blocker, *b->scorer, 0);
    // What the blocks are like: the pass's speed depends on it.
    std::map<uint32_t, std::pair<uint64_t, uint64_t>>
        by_size;  // bit width of size -> blocks, pairs
    for (const Block& block : b->blocker->blocks()) {
      auto& [blocks, pairs] = by_size[std::bit_width(block.end - block.begin)];
      const uint64_t n = b->blocker->ForEachPair(block, [](uint32_t, uint32_t) {});
      ++blocks;
      pairs += n;
      b->pairs += n;
    }
    std::fprintf(stderr, "bench_dedup_scoring: %zu records, %zu blocks, %llu blocked pairs\n",
                 b->table->size(), b->blocker->blocks().size(),
                 static_cast<unsigned long long>(b->pairs));
    for (const auto& [bits, n] : by_size) {
      std::fprintf(stderr, "  blocks of %u-%u records: %llu, %llu pairs\n", 1u << (bits - 1),
                   (1u << bits) - 1, static_cast<unsigned long long>(n.first),
                   static_cast<unsigned long long>(n.second));
    }
    batch = b.get();
    if (!pairs_out.empty()) {
      WritePairs(pairs_out, pairs_count.empty() ? 100000 : std::stoull(pairs_count));
      return 0;
    }
    benchmark::RegisterBenchmark("scoring_pass", ScoringPass)->Unit(benchmark::kMillisecond);
    benchmark::RegisterBenchmark("levels_only", LevelsOnly)->Unit(benchmark::kMillisecond);
    benchmark::RegisterBenchmark("pairs_only", PairsOnly)->Unit(benchmark::kMillisecond);
    benchmark::Initialize(&argc, argv);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "bench_dedup_scoring: %s\n", e.what());
    return 1;
  }
  return 0;
}
