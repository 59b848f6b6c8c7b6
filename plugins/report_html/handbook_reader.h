// Reads what the report shows from a handbook (docs/handbook-schema.md):
// counts, findings, and, when deduplication ran, its side tables
// match_weight_histogram and pair_scores with cluster sizes from
// source_records.
#pragma once

#include <cstddef>
#include <filesystem>
#include <optional>

#include "report_data.h"

namespace hoso::report {

struct HandbookQuery {
  // The model's thresholds when the caller knows them; otherwise they are
  // read off pair_scores (see InferThresholds).
  std::optional<Thresholds> thresholds;
  size_t review_limit = 50;
};

// Throws std::runtime_error when the file cannot be opened or is not a
// handbook.
Handbook LoadHandbook(const std::filesystem::path& file, const HandbookQuery& query);

}  // namespace hoso::report
