#include "scorer.h"

#include <atomic>
#include <cmath>
#include <cstdlib>
#include <stdexcept>

#include "similarity.h"

namespace hoso::dedup {
namespace {

int Year(const FeatureColumn& column, uint32_t value) {
  return static_cast<int>(column.kind == FeatureKind::kDate ? value / 10000 : value);
}

// Jaro-Winkler similarities of value pairs, per thread. A block is records
// that share a name key, so the same two spellings meet again and again
// (every "Nguyen Van Hung" against every "Nguyen Duc Hung" of one province
// and year): remembering the last few thousand pairs saves most of the
// computing. Keyed by the scorer too, whose table gives the values' text.
class SimilarityMemo {
 public:
  double Get(uint32_t scorer, int column, uint32_t a, uint32_t b, std::string_view text_a,
             std::string_view text_b) {
    const uint64_t pair = static_cast<uint64_t>(a) << 32 | b;
    const uint64_t tag = static_cast<uint64_t>(scorer) << 16 | static_cast<uint64_t>(column);
    uint64_t h = (pair ^ tag * 0xC2B2AE3D27D4EB4FULL) * 0x9E3779B97F4A7C15ULL;
    Entry& e = entries_[h >> (64 - kBits)];
    if (e.pair != pair || e.tag != tag) {
      e.pair = pair;
      e.tag = tag;
      e.similarity = JaroWinkler(text_a, text_b);
    }
    return e.similarity;
  }

 private:
  static constexpr int kBits = 12;
  struct Entry {
    uint64_t pair = 0;
    uint64_t tag = ~uint64_t{0};
    double similarity = 0;
  };
  Entry entries_[size_t{1} << kBits];
};

thread_local SimilarityMemo similarity_memo;
std::atomic<uint32_t> scorers_made{0};

}  // namespace

Scorer::Scorer(const Model& model, MemberTable& table)
    : model_(model), table_(table), memo_id_(scorers_made.fetch_add(1) + 1) {
  for (const Comparison& comparison : model.comparisons) {
    Compiled compiled;
    for (const Level& level : comparison.levels) {
      const int column = table.Column(level.feature);
      if (column < 0) throw std::logic_error("feature not in table: " + level.feature);
      compiled.levels.push_back({column, level.test, level.threshold});
    }
    if (!comparison.term_frequency.empty()) {
      compiled.tf_column = table.Column(comparison.term_frequency);
      if (compiled.tf_column < 0) {
        throw std::logic_error("feature not in table: " + comparison.term_frequency);
      }
      table.CountValues(compiled.tf_column);
    }
    comparisons_.push_back(std::move(compiled));
  }
  if (!model.id_feature.empty()) id_column_ = table.Column(model.id_feature);
  if (!model.date_feature.empty()) date_column_ = table.Column(model.date_feature);
  SetParameters(model);
}

void Scorer::SetParameters(const Model& fitted) {
  model_.prior = fitted.prior;
  prior_weight_ = std::log2(fitted.prior / (1 - fitted.prior));
  for (size_t c = 0; c < comparisons_.size(); ++c) {
    const Comparison& comparison = fitted.comparisons[c];
    model_.comparisons[c].m = comparison.m;
    model_.comparisons[c].u = comparison.u;
    Compiled& compiled = comparisons_[c];
    compiled.weight.assign(comparison.level_count(), 0.0);
    if (comparison.m.size() != comparison.level_count() ||
        comparison.u.size() != comparison.level_count()) {
      continue;  // not fitted yet
    }
    for (size_t l = 0; l < comparison.level_count(); ++l) {
      compiled.weight[l] = std::log2(comparison.m[l] / comparison.u[l]);
    }
    compiled.m = comparison.m;
  }
}

bool Scorer::Agrees(const CompiledLevel& level, uint32_t a, uint32_t b) const {
  const uint32_t va = table_.Value(level.column, a);
  const uint32_t vb = table_.Value(level.column, b);
  if (va == 0 || vb == 0) return false;
  const FeatureColumn& column = table_.column(level.column);
  switch (level.test) {
    case LevelTest::kEqual:
      return va == vb;
    case LevelTest::kJaroWinkler:
      return false;  // Levels computes the similarity once per comparison
    case LevelTest::kLevenshtein: {
      const int limit = static_cast<int>(level.threshold);
      return va == vb ||
             BoundedLevenshtein(table_.pool().Get(va), table_.pool().Get(vb), limit) <= limit;
    }
    case LevelTest::kOneDigitOff:
      return OneDigitOff(table_.pool().Get(va), table_.pool().Get(vb));
    case LevelTest::kDateSwapped: {
      const uint32_t ya = va / 10000, ma = va / 100 % 100, da = va % 100;
      const uint32_t yb = vb / 10000, mb = vb / 100 % 100, db = vb % 100;
      return ya == yb && ma != 0 && da != 0 && ma != da && ma == db && da == mb;
    }
    case LevelTest::kDateYearMonth:
      return va / 100 == vb / 100 && va / 100 % 100 != 0;
    case LevelTest::kYearWithin:
      return std::abs(Year(column, va) - Year(column, vb)) <= static_cast<int>(level.threshold);
  }
  return false;
}

void Scorer::Levels(uint32_t a, uint32_t b, uint8_t* levels) const {
  for (size_t c = 0; c < comparisons_.size(); ++c) {
    const Compiled& compiled = comparisons_[c];
    const int first = compiled.levels[0].column;
    if (table_.Value(first, a) == 0 || table_.Value(first, b) == 0) {
      levels[c] = kMissing;
      continue;
    }
    // Jaro-Winkler levels on one feature differ only in threshold: the
    // similarity is computed once per comparison.
    double similarity = -1;
    int similarity_column = -1;
    uint8_t level = 0;
    for (; level < compiled.levels.size(); ++level) {
      const CompiledLevel& l = compiled.levels[level];
      if (l.test == LevelTest::kJaroWinkler) {
        const uint32_t va = table_.Value(l.column, a);
        const uint32_t vb = table_.Value(l.column, b);
        if (va == 0 || vb == 0) continue;
        if (similarity_column != l.column) {
          similarity = va == vb ? 1.0
                                : similarity_memo.Get(memo_id_, l.column, va, vb,
                                                      table_.pool().Get(va), table_.pool().Get(vb));
          similarity_column = l.column;
        }
        if (similarity >= l.threshold) break;
        continue;
      }
      if (Agrees(l, a, b)) break;
    }
    levels[c] = level;
  }
}

PairRule Scorer::Rule(uint32_t a, uint32_t b) const {
  if (id_column_ < 0) return PairRule::kNone;
  const uint32_t ia = table_.Value(id_column_, a);
  const uint32_t ib = table_.Value(id_column_, b);
  if (ia == 0 || ib == 0) return PairRule::kNone;
  if (ia == ib) {
    if (date_column_ >= 0) {
      const uint32_t da = table_.Value(date_column_, a);
      if (da != 0 && da == table_.Value(date_column_, b)) return PairRule::kSameIdAndBirthDate;
    }
    return PairRule::kNone;
  }
  // A CMND and a CCCD of one person never match each other, so only two
  // citizen IDs that differ say anything.
  if (table_.pool().Get(ia).size() == 12 && table_.pool().Get(ib).size() == 12) {
    return PairRule::kDifferentCccd;
  }
  return PairRule::kNone;
}

double Scorer::Weight(uint32_t a, uint32_t b, const uint8_t* levels, double* parts) const {
  double total = prior_weight_;
  for (size_t c = 0; c < comparisons_.size(); ++c) {
    const Compiled& compiled = comparisons_[c];
    double w = 0;
    if (levels[c] != kMissing) {
      w = compiled.weight[levels[c]];
      if (compiled.tf_column >= 0 && levels[c] < compiled.levels.size()) {
        // Term frequency: agreeing on a common value is likelier by chance,
        // so where the pair shares the value, its frequency stands for u.
        const uint32_t value = table_.Value(compiled.tf_column, a);
        if (value != 0 && value == table_.Value(compiled.tf_column, b)) {
          const double tf = table_.Frequency(compiled.tf_column, value);
          if (tf > 0) w = std::log2(compiled.m[levels[c]] / tf);
        }
      }
    }
    if (parts != nullptr) parts[c] = w;
    total += w;
  }
  return total;
}

}  // namespace hoso::dedup
