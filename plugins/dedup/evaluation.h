// How well a deduplication agrees with a known answer: pairwise precision,
// recall and F1, and how many true members came out exactly whole.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>

namespace hoso::dedup {

struct Assignment {
  std::unordered_map<std::string, std::string> member_of;  // record id -> member/entity
  std::unordered_map<std::string, std::string> source_of;  // record id -> source (optional)
};

struct Evaluation {
  uint64_t records = 0;          // in both the output and the truth
  uint64_t missing = 0;          // in the truth, not in the output
  uint64_t true_pairs = 0;
  uint64_t predicted_pairs = 0;
  uint64_t true_positive_pairs = 0;
  double precision = 0;
  double recall = 0;
  double f1 = 0;
  uint64_t true_members = 0;
  uint64_t predicted_members = 0;
  uint64_t exact_members = 0;  // true members whose records form exactly one predicted member
};

// `cross_source_only`: count only pairs of records from different sources
// (linkage between files, where each file holds a person once).
Evaluation Evaluate(const Assignment& predicted, const Assignment& truth, bool cross_source_only);

}  // namespace hoso::dedup
