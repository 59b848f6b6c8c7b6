// What the batch report shows, read from the run's files and the handbook.
// Every part is optional: a report can be made from any subset of inputs,
// and a section without data says so instead of showing zeros.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace hoso::report {

struct StageRun {
  std::string stage;  // "2:normalize_vi"
  std::string kind;
  int64_t items = 0;
  double seconds = 0;
};

// summary.json as the host writes it.
struct RunSummary {
  int64_t units_in = 0;
  int64_t units_out = 0;
  int64_t units_quarantined = 0;
  bool accounted = true;
  int64_t dossiers_out = 0;
  int64_t records_out = 0;
  // Members a merge stage built, apart from the source records; absent from
  // summaries written before merging existed.
  std::optional<int64_t> golden_records_out;
  int64_t records_with_errors = 0;
  int workers = 0;
  double seconds = 0;
  std::map<std::string, int64_t> findings_by_severity;
  // Rule id -> severity -> findings.
  std::map<std::string, std::map<std::string, int64_t>> findings_by_rule;
  std::map<std::string, int64_t> quarantined_by_stage;
  std::vector<StageRun> stages;
};

// Quarantined units that share a stage, a plugin and a reason once the
// numbers that differ per unit (row 12, byte 9) are taken out.
struct QuarantineGroup {
  std::string stage;
  std::string plugin;
  std::string pattern;  // the reason with every digit run as "#"
  std::string example;  // the first full reason
  int64_t units = 0;
};

struct Quarantine {
  int64_t units = 0;
  std::vector<QuarantineGroup> groups;  // most units first
};

struct HistogramBin {
  int64_t weight_from = 0;
  int64_t weight_to = 0;
  int64_t pairs = 0;
};

// One side of a review pair, with what the handbook knows of its member.
struct PairSide {
  std::string record_id;
  std::string member_id;  // empty when the record is not in source_records
  std::string full_name;  // the member's name in the handbook, may be empty
};

struct ComparisonCell {
  std::string level;  // "exact", "missing", ...
  std::optional<double> weight;
};

struct ReviewPair {
  PairSide left;
  PairSide right;
  double match_weight = 0;
  double match_probability = 0;
  std::string decision;                     // match, review, non_match
  std::string rule;                         // a rule that overrode the weights, or empty
  std::vector<ComparisonCell> comparisons;  // in Handbook::comparisons order
  double distance = 0;                      // to the nearest threshold, in bits
};

struct Thresholds {
  double match = 0;
  // Unknown when read off pair_scores without a single pair left for review.
  std::optional<double> review;
  bool inferred = false;  // read off the pairs rather than given
};

struct Handbook {
  int64_t members = 0;
  int64_t source_records = 0;
  // Findings grouped by rule and severity, for when there is no summary.
  std::map<std::string, std::map<std::string, int64_t>> findings_by_rule;

  bool deduplicated = false;            // the dedup side tables are there
  std::vector<HistogramBin> histogram;  // non-empty bins, by weight
  // Records per member -> members with that many records.
  std::map<int64_t, int64_t> cluster_sizes;
  bool has_pair_scores = false;
  int64_t scored_pairs = 0;              // rows of pair_scores
  std::vector<std::string> comparisons;  // comparison names of pair_scores
  std::optional<Thresholds> thresholds;
  std::vector<ReviewPair> review;  // the pairs to look at first, in order
};

struct ReportInputs {
  std::optional<RunSummary> summary;
  std::optional<Quarantine> quarantine;
  std::optional<Handbook> handbook;
  // The file names given, shown in the report's header.
  std::string summary_path;
  std::string quarantine_path;
  std::string handbook_path;
};

}  // namespace hoso::report
