// Comparison levels and match weights of record pairs (Fellegi–Sunter):
// each comparison adds log2(m/u) of the level the pair reaches.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "huge_page_allocator.h"
#include "member_table.h"
#include "model.h"

namespace hoso::dedup {

inline constexpr uint8_t kMissing = 0xFF;  // a value absent on either side: weight 0

enum class PairRule : uint8_t {
  kNone = 0,
  kSameIdAndBirthDate = 1,  // deterministic match
  kDifferentCccd = 2,       // both valid 12-digit citizen IDs, different: never one member
};

class Scorer {
 public:
  // Resolves the model's features to `table` columns (the table must have
  // been built with model.Features()).
  Scorer(const Model& model, MemberTable& table);

  size_t comparison_count() const { return comparisons_.size(); }
  const Model& model() const { return model_; }
  const MemberTable& table() const { return table_; }

  // One level per comparison: 0 = first (best) level, levels.size() = none
  // agree, kMissing = a value is absent.
  void Levels(uint32_t a, uint32_t b, uint8_t* levels) const;
  PairRule Rule(uint32_t a, uint32_t b) const;

  // Needs fitted m and u. Total weight including the prior; `parts` (if not
  // null) receives each comparison's weight.
  double Weight(uint32_t a, uint32_t b, const uint8_t* levels, double* parts = nullptr) const;
  double PriorWeight() const { return prior_weight_; }

  // The weight the engine decides on: Levels and Weight, then the
  // deterministic rules (the same ID and birth date make it at least the
  // match threshold; two different citizen IDs add kDifferentCccdWeight).
  // `parts` (if not null) receives each comparison's weight.
  double Score(uint32_t a, uint32_t b, uint8_t* levels, float* parts, PairRule* rule) const;
  // Follows MemberTable::PermuteValues with the same order: the per-row data
  // moves with its rows.
  void Permute(const std::vector<uint32_t>& order);
  // Recomputes the weights after m, u or the prior changed.
  void SetParameters(const Model& fitted);

  static constexpr double kDifferentCccdWeight = -30;

 private:
  struct CompiledLevel {
    int column;
    LevelTest test;
    double threshold;
    int code = -1;  // one_digit_off: where the row's packed code is in side_
  };
  struct Compiled {
    std::vector<CompiledLevel> levels;
    int tf_column = -1;
    int tf_slot = -1;            // where log2 of the row's value frequency is in side_
    std::vector<double> weight;  // log2(m/u) per level
    std::vector<double> log2_m;  // per level, for term frequencies
  };

  // The per-pair work reads two rows of the table and two rows of side_,
  // nothing else, unless a similarity has to be computed from text.
  uint8_t LevelOf(const Compiled& compiled, const uint32_t* ra, const uint32_t* rb,
                  const uint64_t* sa, const uint64_t* sb) const;
  bool Agrees(const CompiledLevel& level, uint32_t va, uint32_t vb, const uint64_t* sa,
              const uint64_t* sb) const;
  double WeightOf(const Compiled& compiled, uint8_t level, const uint32_t* ra, const uint32_t* rb,
                  const uint64_t* sa) const;
  PairRule RuleOf(const uint32_t* ra, const uint32_t* rb, const uint64_t* sa,
                  const uint64_t* sb) const;
  const uint64_t* Side(uint32_t row) const { return side_.data() + row * side_stride_; }
  // Adds a per-row slot to side_ for `column` (once) and returns it.
  int CodeSlot(int column);

  Model model_;
  MemberTable& table_;
  std::vector<Compiled> comparisons_;
  int id_column_ = -1;
  int id_code_ = -1;
  int date_column_ = -1;
  double prior_weight_ = 0;
  uint32_t memo_id_;  // tells this scorer's values from another table's in the memo
  // Per row, computed once: the packed codes of the columns one_digit_off
  // and the citizen-ID rule read (PackCode), then log2 of the frequency of
  // each term frequency column's value (as double bits; 1 when missing). Reading the text of an ID
  // from the string pool for every pair was a fifth of the scoring pass.
  std::vector<int> code_columns_;
  size_t side_stride_ = 0;
  std::vector<uint64_t, HugePageAllocator<uint64_t>> side_;
};

}  // namespace hoso::dedup
