#include "scorer.h"

#include <algorithm>
#include <atomic>
#include <bit>
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
      if (level.test == LevelTest::kOneDigitOff) compiled.levels.back().code = CodeSlot(column);
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
  if (!model.id_feature.empty()) {
    id_column_ = table.Column(model.id_feature);
    if (id_column_ >= 0) id_code_ = CodeSlot(id_column_);
  }
  if (!model.date_feature.empty()) date_column_ = table.Column(model.date_feature);
  side_stride_ = code_columns_.size();
  for (Compiled& compiled : comparisons_) {
    if (compiled.tf_column >= 0) compiled.tf_slot = static_cast<int>(side_stride_++);
  }
  side_.assign(table.size() * side_stride_, 0);
  for (uint32_t row = 0; row < table.size(); ++row) {
    uint64_t* side = side_.data() + row * side_stride_;
    for (size_t i = 0; i < code_columns_.size(); ++i) {
      const uint32_t value = table.Value(code_columns_[i], row);
      if (value != 0) side[i] = PackCode(table.pool().Get(value));
    }
    for (const Compiled& compiled : comparisons_) {
      if (compiled.tf_slot < 0) continue;
      const uint32_t value = table.Value(compiled.tf_column, row);
      // Its log, for the weight: a log per pair was a tenth of the pass.
      // Positive (no frequency) when the value is missing.
      const double tf = value != 0 ? table.Frequency(compiled.tf_column, value) : 0.0;
      side[compiled.tf_slot] = std::bit_cast<uint64_t>(tf > 0 ? std::log2(tf) : 1.0);
    }
  }
  SetParameters(model);
}

void Scorer::Permute(const std::vector<uint32_t>& order) {
  if (side_stride_ == 0) return;
  std::vector<uint64_t, HugePageAllocator<uint64_t>> side(side_.size());
  for (size_t row = 0; row < order.size(); ++row) {
    std::copy_n(side_.data() + static_cast<size_t>(order[row]) * side_stride_, side_stride_,
                side.data() + row * side_stride_);
  }
  side_ = std::move(side);
}

int Scorer::CodeSlot(int column) {
  for (size_t i = 0; i < code_columns_.size(); ++i) {
    if (code_columns_[i] == column) return static_cast<int>(i);
  }
  code_columns_.push_back(column);
  return static_cast<int>(code_columns_.size() - 1);
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
    compiled.log2_m.resize(comparison.level_count());
    for (size_t l = 0; l < comparison.level_count(); ++l) {
      compiled.log2_m[l] = std::log2(comparison.m[l]);
    }
  }
}

bool Scorer::Agrees(const CompiledLevel& level, uint32_t va, uint32_t vb, const uint64_t* sa,
                    const uint64_t* sb) const {
  if (va == 0 || vb == 0) return false;
  switch (level.test) {
    case LevelTest::kEqual:
      return va == vb;
    case LevelTest::kJaroWinkler:
      return false;  // LevelOf computes the similarity once per comparison
    case LevelTest::kLevenshtein: {
      const int limit = static_cast<int>(level.threshold);
      return va == vb ||
             BoundedLevenshtein(table_.pool().Get(va), table_.pool().Get(vb), limit) <= limit;
    }
    case LevelTest::kOneDigitOff: {
      const uint64_t ca = sa[level.code];
      const uint64_t cb = sb[level.code];
      if (ca != 0 && cb != 0) return PackedOneDigitOff(ca, cb);
      return OneDigitOff(table_.pool().Get(va), table_.pool().Get(vb));
    }
    case LevelTest::kDateSwapped: {
      const uint32_t ya = va / 10000, ma = va / 100 % 100, da = va % 100;
      const uint32_t yb = vb / 10000, mb = vb / 100 % 100, db = vb % 100;
      return ya == yb && ma != 0 && da != 0 && ma != da && ma == db && da == mb;
    }
    case LevelTest::kDateYearMonth:
      return va / 100 == vb / 100 && va / 100 % 100 != 0;
    case LevelTest::kYearWithin: {
      const FeatureColumn& column = table_.column(level.column);
      return std::abs(Year(column, va) - Year(column, vb)) <= static_cast<int>(level.threshold);
    }
  }
  return false;
}

uint8_t Scorer::LevelOf(const Compiled& compiled, const uint32_t* ra, const uint32_t* rb,
                        const uint64_t* sa, const uint64_t* sb) const {
  const int first = compiled.levels[0].column;
  if (ra[first] == 0 || rb[first] == 0) return kMissing;
  // Jaro-Winkler levels on one feature differ only in threshold: the
  // similarity is computed once per comparison.
  double similarity = -1;
  int similarity_column = -1;
  uint8_t level = 0;
  for (; level < compiled.levels.size(); ++level) {
    const CompiledLevel& l = compiled.levels[level];
    const uint32_t va = ra[l.column];
    const uint32_t vb = rb[l.column];
    if (l.test == LevelTest::kJaroWinkler) {
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
    if (Agrees(l, va, vb, sa, sb)) break;
  }
  return level;
}

void Scorer::Levels(uint32_t a, uint32_t b, uint8_t* levels) const {
  const uint32_t* ra = table_.Row(a);
  const uint32_t* rb = table_.Row(b);
  const uint64_t* sa = Side(a);
  const uint64_t* sb = Side(b);
  for (size_t c = 0; c < comparisons_.size(); ++c)
    levels[c] = LevelOf(comparisons_[c], ra, rb, sa, sb);
}

PairRule Scorer::RuleOf(const uint32_t* ra, const uint32_t* rb, const uint64_t* sa,
                        const uint64_t* sb) const {
  if (id_column_ < 0) return PairRule::kNone;
  const uint32_t ia = ra[id_column_];
  const uint32_t ib = rb[id_column_];
  if (ia == 0 || ib == 0) return PairRule::kNone;
  if (ia == ib) {
    if (date_column_ >= 0) {
      const uint32_t da = ra[date_column_];
      if (da != 0 && da == rb[date_column_]) return PairRule::kSameIdAndBirthDate;
    }
    return PairRule::kNone;
  }
  // A CMND and a CCCD of one person never match each other, so only two
  // citizen IDs that differ say anything.
  const uint64_t ca = sa[id_code_];
  const uint64_t cb = sb[id_code_];
  const size_t size_a = ca != 0 ? PackedSize(ca) : table_.pool().Get(ia).size();
  const size_t size_b = cb != 0 ? PackedSize(cb) : table_.pool().Get(ib).size();
  if (size_a == 12 && size_b == 12) return PairRule::kDifferentCccd;
  return PairRule::kNone;
}

PairRule Scorer::Rule(uint32_t a, uint32_t b) const {
  return RuleOf(table_.Row(a), table_.Row(b), Side(a), Side(b));
}

double Scorer::WeightOf(const Compiled& compiled, uint8_t level, const uint32_t* ra,
                        const uint32_t* rb, const uint64_t* sa) const {
  if (level == kMissing) return 0;
  double w = compiled.weight[level];
  if (compiled.tf_column >= 0 && level < compiled.levels.size()) {
    // Term frequency: agreeing on a common value is likelier by chance,
    // so where the pair shares the value, its frequency stands for u.
    const uint32_t value = ra[compiled.tf_column];
    if (value != 0 && value == rb[compiled.tf_column]) {
      const double log2_tf = std::bit_cast<double>(sa[compiled.tf_slot]);
      if (log2_tf <= 0) w = compiled.log2_m[level] - log2_tf;
    }
  }
  return w;
}

double Scorer::Weight(uint32_t a, uint32_t b, const uint8_t* levels, double* parts) const {
  const uint32_t* ra = table_.Row(a);
  const uint32_t* rb = table_.Row(b);
  const uint64_t* sa = Side(a);
  double total = prior_weight_;
  for (size_t c = 0; c < comparisons_.size(); ++c) {
    const double w = WeightOf(comparisons_[c], levels[c], ra, rb, sa);
    if (parts != nullptr) parts[c] = w;
    total += w;
  }
  return total;
}

double Scorer::Score(uint32_t a, uint32_t b, uint8_t* levels, float* parts, PairRule* rule) const {
  const uint32_t* ra = table_.Row(a);
  const uint32_t* rb = table_.Row(b);
  const uint64_t* sa = Side(a);
  const uint64_t* sb = Side(b);
  double weight = prior_weight_;
  for (size_t c = 0; c < comparisons_.size(); ++c) {
    const Compiled& compiled = comparisons_[c];
    levels[c] = LevelOf(compiled, ra, rb, sa, sb);
    const double w = WeightOf(compiled, levels[c], ra, rb, sa);
    if (parts != nullptr) parts[c] = static_cast<float>(w);
    weight += w;
  }
  *rule = RuleOf(ra, rb, sa, sb);
  if (*rule == PairRule::kSameIdAndBirthDate) weight = std::max(weight, model_.thresholds.match);
  if (*rule == PairRule::kDifferentCccd) weight += kDifferentCccdWeight;
  return weight;
}

}  // namespace hoso::dedup
