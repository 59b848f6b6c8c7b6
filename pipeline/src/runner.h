// Runs a resolved pipeline: sources stream dossiers through per-worker
// transforms and validators, batch plugins are barriers, sinks write in
// arrival order.
#pragma once

#include <cstdint>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include "hoso/context.h"
#include "pipeline_file.h"

namespace hoso::internal {

struct RunSettings {
  int workers = 0;  // 0 = the pipeline file's setting
  bool show_progress = true;
  bool terminal = false;  // draw bars instead of plain lines
  int progress_interval_ms = 5000;
  LogLevel log_level = LogLevel::kInfo;
  // Journal the run so a killed run resumes (run_journal.h); `fresh`
  // discards a journal an interrupted run left.
  bool journal = true;
  bool fresh = false;
  // An input's result is journaled when its first phase took at least this
  // long; a quicker one is worked on again after a kill (run_journal.h).
  int journal_min_ms = 5;
  // Requeue: only these input units (file, page, row) are worked on; what
  // else the sources give is left out, counted nowhere.
  std::vector<Provenance> only_units;
};

struct StageSummary {
  std::string label;
  std::string kind;
  int64_t items = 0;
  double seconds = 0;
};

struct RunSummary {
  int64_t units_in = 0;
  int64_t units_out = 0;
  int64_t units_quarantined = 0;
  int64_t dossiers_out = 0;
  int64_t records_out = 0;  // source records (golden records not counted)
  int64_t golden_records_out = 0;
  std::map<std::string, int64_t> findings_by_severity;
  // Rule id -> severity name -> findings, after the pipeline's findings policy.
  std::map<std::string, std::map<std::string, int64_t>> findings_by_rule;
  int64_t records_with_errors = 0;
  std::map<std::string, int64_t> quarantined_by_stage;
  std::vector<StageSummary> stages;
  double seconds = 0;
  int workers = 0;
  std::string quarantine_file;
  bool accounted() const { return units_in == units_out + units_quarantined; }
};

// A run that could not complete; nothing was committed. what() is one line.
class RunError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

RunSummary RunPipeline(const ResolvedPipeline& pipeline, const RunSettings& settings);

std::string FormatSummary(const RunSummary& summary);
std::string SummaryJson(const RunSummary& summary);

}  // namespace hoso::internal
