// Every word the report shows, in Vietnamese (the default: the stewards'
// language) and English, and numbers written the way each language writes
// them (1.234,5 in Vietnamese, 1,234.5 in English).
#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <utility>

namespace hoso::report {

enum class Lang { kVi, kEn };

// Parses "vi" or "en".
std::optional<Lang> ParseLang(const std::string& code);
const char* LangCode(Lang lang);

struct Strings {
  const char* title;
  const char* generated_at;
  const char* report_inputs;
  const char* summary_file;
  const char* quarantine_file;
  const char* handbook_file;
  const char* not_given;
  const char* personal_data;
  const char* made_by;  // {version}
  const char* yes;
  const char* no;

  const char* sec_run;
  const char* no_summary;
  const char* units_in;
  const char* units_out;
  const char* units_quarantined;
  const char* accounted;
  const char* dossiers_out;
  const char* records_out;
  const char* golden_records_out;
  const char* records_with_errors;
  const char* workers;
  const char* run_time;
  const char* seconds_unit;
  const char* stage;
  const char* kind;
  const char* items;
  const char* stage_seconds;
  const char* items_per_second;
  const char* chart_stage_time;

  const char* sec_quarantine;
  const char* no_quarantine;
  const char* quarantine_empty;
  const char* quarantine_total;  // {units} {groups}
  const char* plugin;
  const char* reason_pattern;
  const char* reason_example;
  const char* units;
  const char* chart_quarantine_stage;

  const char* sec_findings;
  const char* no_findings_data;
  const char* findings_empty;
  const char* findings_from_summary;
  const char* findings_from_handbook;
  const char* rule;
  const char* total;
  const char* chart_severity;

  const char* sec_dedup;
  const char* no_handbook;
  const char* not_deduplicated;
  const char* members;
  const char* source_records;
  const char* multi_record_members;
  const char* pairs_compared;
  const char* pairs_scored;
  const char* thresholds;           // {match} {review}
  const char* thresholds_inferred;  // {match} {review}
  const char* chart_histogram;
  const char* histogram_x;
  const char* histogram_y;
  const char* histogram_empty;
  const char* bin_tooltip;  // {from} {to} {pairs}
  const char* match_marker;
  const char* review_marker;
  const char* chart_clusters;
  const char* clusters_x;
  const char* clusters_y;
  const char* cluster_tooltip;  // {records} {members}

  const char* sec_review;  // {n}
  const char* review_intro;
  const char* no_pair_table;
  const char* review_empty;
  const char* review_shown;  // {shown} {total}
  const char* record_a;
  const char* record_b;
  const char* weight;
  const char* probability;
  const char* decision;
  const char* pair_rule;
  const char* distance;
  const char* member;
  const char* not_in_handbook;
};

const Strings& StringsFor(Lang lang);

// Display names of values the pipeline writes in English.
std::string KindName(const std::string& kind, Lang lang);
std::string SeverityName(const std::string& severity, Lang lang);
std::string DecisionName(const std::string& decision, Lang lang);

// Replaces each {key} in `text`.
std::string Fill(const char* text,
                 std::initializer_list<std::pair<const char*, std::string>> values);

std::string FormatCount(int64_t n, Lang lang);
std::string FormatDecimal(double x, int digits, Lang lang);

}  // namespace hoso::report
