// Comparison levels and match weights of record pairs (Fellegi–Sunter):
// each comparison adds log2(m/u) of the level the pair reaches.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

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
  // Recomputes the weights after m, u or the prior changed.
  void SetParameters(const Model& fitted);

  static constexpr double kDifferentCccdWeight = -30;

 private:
  struct CompiledLevel {
    int column;
    LevelTest test;
    double threshold;
  };
  struct Compiled {
    std::vector<CompiledLevel> levels;
    int tf_column = -1;
    std::vector<double> weight;  // log2(m/u) per level
    std::vector<double> m;       // per level, for term frequencies
  };

  bool Agrees(const CompiledLevel& level, uint32_t a, uint32_t b) const;

  Model model_;
  MemberTable& table_;
  std::vector<Compiled> comparisons_;
  int id_column_ = -1;
  int date_column_ = -1;
  double prior_weight_ = 0;
  uint32_t memo_id_;  // tells this scorer's values from another table's in the memo
};

}  // namespace hoso::dedup
