// Batch plugin: decides which records are one member. Reads the match keys
// and unit codes normalize_vi fills, scores blocked pairs with a fitted
// Fellegi–Sunter model, clusters, and sets each record's member_id; writes
// the pairs worth a second look and a weight histogram as side tables.
#include <boost/dll/runtime_symbol_info.hpp>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iterator>
#include <set>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "commands.h"
#include "engine.h"
#include "hoso/plugin.h"
#include "model.h"
#include "record_store.h"

namespace hoso::dedup {
namespace {

namespace fs = std::filesystem;

// The model named by the option, else the bundled one next to an installed
// plugin (<prefix>/share/hoso/models), else the source tree's.
fs::path ModelPath(const std::string& option) {
  if (!option.empty()) return option;
  std::error_code ec;
  const fs::path self = boost::dll::this_line_location(ec);
  if (!ec) {
    const fs::path installed = self.parent_path() / "../../../share/hoso/models/dedup/members.yaml";
    if (fs::exists(installed, ec)) return installed.lexically_normal();
  }
  return fs::path(HOSO_MODELS_DIR) / "dedup" / "members.yaml";
}

std::string Decision(double weight, const Thresholds& t) {
  if (weight >= t.match) return "match";
  if (weight >= t.review) return "review";
  return "non_match";
}

class Dedup : public StreamingBatch {
 public:
  explicit Dedup(const Options& options)
      : model_path_(ModelPath(options.String("model"))),
        model_(LoadModel(model_path_)),
        table_(model_.Features()) {
    const std::string fit = options.String("fit");
    fit_ = fit == "always" || (fit == "auto" && !model_.fitted);
    if (fit == "never" && !model_.fitted) {
      throw std::invalid_argument(model_path_.string() +
                                  ": model is not fitted and fit is 'never'; fit it on a batch "
                                  "(fit: auto) or run hoso dedup train");
    }
    if (options.Has("save_model")) save_model_ = options.String("save_model");
    threads_ = static_cast<int>(options.Int("threads"));
    u_samples_ = static_cast<uint64_t>(options.Int("u_samples"));
    if (options.Has("link")) link_ = options.String("link");
  }

  // First pass: each record's match features go into the table (the
  // records themselves go on to disk with their dossier).
  void Observe(const Dossier& dossier, Context& ctx) override {
    (void)ctx;
    if (!link_.empty() && !handbook_read_) ReadHandbook();
    for (const MemberRecord& record : dossier.records) {
      if (!link_.empty()) {
        const bool linked = stored_.contains(StoredKey(record));
        linked_before_.push_back(linked);
        if (linked) {
          ++already_linked_;
          continue;
        }
      }
      table_.Add(record);
    }
  }

  // The engine on the table as the first pass left it; the fitted model is
  // saved when asked.
  DedupResult Run(Model& model, Context& ctx) {
    EngineOptions options;
    options.fit = fit_;
    options.seed = ctx.Seed();
    options.threads = threads_;
    options.u_samples = u_samples_;
    if (!link_.empty()) {
      options.existing_rows = existing_;
      options.existing_member = &existing_member_;
    }
    DedupResult result = Deduplicate(table_, model, options);
    if (fit_ && !save_model_.empty()) SaveModel(model, save_model_);
    return result;
  }

  void Decide(std::vector<SideTable>& tables, Context& ctx) override {
    if (!link_.empty()) {
      if (!handbook_read_) ReadHandbook();
      DecideLink(tables, ctx);
      return;
    }
    Model model = model_;
    DedupResult result = Run(model, ctx);

    size_t members = 0;
    for (uint32_t row = 0; row < table_.size(); ++row) {
      if (result.cluster[row] == row) ++members;
    }
    AddPairTable(tables, model, result);
    AddHistogram(tables, result);
    AddThresholds(tables, model);
    AddModel(tables, model);
    const EngineStats& s = result.stats;
    // Counts only: record ids and names stay out of the log.
    ctx.Log(LogLevel::kInfo,
            "dedup: " + std::to_string(table_.size()) + " records -> " + std::to_string(members) +
                " members; " + std::to_string(s.blocked_pairs) + " pairs compared, " +
                std::to_string(s.match_pairs) + " matches, " + std::to_string(s.review_pairs) +
                " to review, " + std::to_string(s.refused_joins) + " joins refused as incoherent" +
                (fit_ ? "; model fitted (" + std::to_string(s.em_iterations) + " EM iterations)" : ""));
    LogLimits(result, model, ctx);
    cluster_ = std::move(result.cluster);
  }

  // Second pass: the same records in the same order get their member ids.
  bool Apply(Dossier& dossier, Context& ctx) override {
    (void)ctx;
    if (!link_.empty()) {
      // Records linked by an earlier run stay in the handbook as they are.
      std::vector<MemberRecord>& records = dossier.records;
      size_t kept = 0;
      for (size_t i = 0; i < records.size(); ++i) {
        if (next_record_ >= linked_before_.size()) {
          throw std::logic_error("dedup: the second pass over the batch has more records than the "
                                 "first");
        }
        if (linked_before_[next_record_++]) continue;
        if (kept != i) records[kept] = std::move(records[i]);
        ++kept;
      }
      records.resize(kept);
    }
    for (MemberRecord& record : dossier.records) {
      const uint32_t row = next_row_++;
      if (row >= table_.size() || table_.id(row) != record.id) {
        throw std::logic_error("dedup: the second pass over the batch does not give the records "
                               "the first pass saw (record " + std::to_string(row + 1) + ")");
      }
      record.member_id = MemberIdOf(cluster_[row]);
      if (auto it = conflict_findings_.find(row); it != conflict_findings_.end()) {
        for (Finding& finding : it->second) record.findings.push_back(std::move(finding));
        conflict_findings_.erase(it);
      }
    }
    return true;
  }

 private:
  static std::string StoredKey(const MemberRecord& r) { return r.source + '\x1f' + r.id; }

  // Link mode: the handbook's records go into the table first (their match
  // features only, read one record at a time), the batch's after.
  void ReadHandbook() {
    handbook_read_ = true;
    hoso_handbook::HandbookRecords handbook(link_);
    handbook.ForEach([&](const MemberRecord& record) {
      auto [it, inserted] =
          member_index_.try_emplace(record.member_id, static_cast<uint32_t>(member_ids_.size()));
      if (inserted) member_ids_.push_back(record.member_id);
      existing_member_.push_back(it->second);
      // (source, record id) of every handbook record: a batch record among
      // them was linked by an earlier run.
      stored_.insert(StoredKey(record));
      table_.Add(record);
    });
    existing_ = static_cast<uint32_t>(table_.size());
    next_row_ = existing_;
  }

  // The member id of the cluster named by row `named`. Link mode: new
  // members are named like in a single run (their smallest record id)
  // unless a handbook member has that id; then a suffix makes it free, so a
  // new member never takes an existing member's records.
  const std::string& MemberIdOf(uint32_t named) {
    if (link_.empty()) return table_.id(named);
    if (named < existing_) return member_ids_[existing_member_[named]];
    auto [it, inserted] = new_names_.try_emplace(named);
    if (inserted) {
      std::string id = table_.id(named);
      for (int n = 2; member_index_.contains(id); ++n) {
        id = table_.id(named) + "~" + std::to_string(n);
      }
      it->second = std::move(id);
    }
    return it->second;
  }

  // Link mode: only pairs with a batch record are scored, handbook members
  // keep their ids and are never merged with each other, and a record
  // already in the handbook leaves the batch.
  void DecideLink(std::vector<SideTable>& tables, Context& ctx) {
    const size_t batch_records = table_.size() - existing_;
    // The first pass noted which records were linked before; the keys are
    // no longer needed.
    stored_ = {};
    Model model = model_;
    DedupResult result = Run(model, ctx);
    cluster_ = std::move(result.cluster);

    std::set<uint32_t> joined_members;
    for (uint32_t row = existing_; row < table_.size(); ++row) {
      const uint32_t named = cluster_[row];
      if (named < existing_) joined_members.insert(existing_member_[named]);
      MemberIdOf(named);  // names the new members before the counts below
    }
    // A batch record whose match would have merged two handbook members
    // stays in one of them; the finding and pair_scores say which other
    // member it matched.
    std::set<std::pair<uint32_t, uint32_t>> conflicts;
    for (const Edge& e : result.member_conflicts) {
      conflicts.insert({e.a, e.b});
      for (auto [row, other] : {std::pair{e.a, e.b}, std::pair{e.b, e.a}}) {
        if (row < existing_) continue;
        Finding finding;
        finding.rule_id = "dedup.link_conflict";
        finding.severity = Severity::kWarning;
        finding.message = "matches a record of member " + MemberIdOf(cluster_[other]) +
                          " but is in member " + MemberIdOf(cluster_[row]) +
                          "; joining would merge two members of the handbook (pair_scores, "
                          "decision review)";
        finding.suggested_fix = "decide whether the two members are one person";
        conflict_findings_[row].push_back(std::move(finding));
      }
    }
    AddPairTable(tables, model, result, &conflicts);
    AddHistogram(tables, result);
    AddThresholds(tables, model);
    AddModel(tables, model);
    // Also what tells handbook_sqlite this batch belongs in that handbook:
    // written as a new handbook, it would replace the members it was
    // linked to with this batch alone.
    SideTable linked;
    linked.name = "dedup_link";
    linked.description =
        "one row per link run: the handbook linked against, new records, records already in it "
        "(left out), handbook members that got records, new members, joins refused between two "
        "handbook members";
    linked.columns = {"handbook",       "records",     "already_in_handbook",
                      "members_joined", "new_members", "member_conflicts"};
    linked.rows.push_back({Cell(link_), Cell(static_cast<int64_t>(batch_records)),
                           Cell(static_cast<int64_t>(already_linked_)),
                           Cell(static_cast<int64_t>(joined_members.size())),
                           Cell(static_cast<int64_t>(new_names_.size())),
                           Cell(static_cast<int64_t>(result.stats.member_conflicts))});
    tables.push_back(std::move(linked));
    const EngineStats& s = result.stats;
    // Counts only: record ids and names stay out of the log.
    ctx.Log(
        LogLevel::kInfo,
        "dedup link: " + std::to_string(batch_records) + " new records against " +
            std::to_string(existing_) + " handbook records (" + std::to_string(member_ids_.size()) +
            " members); " + std::to_string(joined_members.size()) + " members got new records, " +
            std::to_string(new_names_.size()) + " new members; " + std::to_string(s.blocked_pairs) +
            " pairs compared, " + std::to_string(s.match_pairs) + " matches, " +
            std::to_string(s.review_pairs) + " to review, " + std::to_string(s.refused_joins) +
            " joins refused as incoherent" +
            (fit_ ? "; model fitted (" + std::to_string(s.em_iterations) + " EM iterations)" : ""));
    if (already_linked_ > 0) {
      ctx.Log(LogLevel::kWarning, "dedup link: " + std::to_string(already_linked_) +
                                      " records are in the handbook already (same source and "
                                      "record id) and were left out of this run");
    }
    if (s.member_conflicts > 0) {
      ctx.Log(LogLevel::kWarning,
              "dedup link: " + std::to_string(s.member_conflicts) +
                  " matches would have merged two members of the handbook and were not applied; "
                  "they are in pair_scores (decision review, rule joins_two_members) and in "
                  "dedup.link_conflict findings");
    }
    LogLimits(result, model, ctx);
  }

  void LogLimits(const DedupResult& result, const Model& model, Context& ctx) {
    const EngineStats& s = result.stats;
    char seconds[160];
    std::snprintf(seconds, sizeof seconds,
                  "dedup: blocking %.1f s (of which laying the rows out by block %.1f s), fitting "
                  "%.1f s, scoring %.1f s, clustering %.1f s",
                  s.seconds_blocking, s.seconds_layout, s.seconds_fitting, s.seconds_scoring,
                  s.seconds_clustering);
    ctx.Log(LogLevel::kInfo, seconds);
    // Which rule makes the pairs: what to refine when a batch grows and the
    // pairs grow faster than the records.
    std::string by_rule =
        "dedup: pairs by blocking rule (each counted under the first that finds it):";
    for (size_t r = 0; r < model.blocking.size(); ++r) {
      std::string features;
      for (const std::string& f : model.blocking[r].features) {
        features += (features.empty() ? "" : " + ") + f;
      }
      by_rule += (r == 0 ? " " : "; ") + features + " " +
                 std::to_string(r < s.pairs_by_rule.size() ? s.pairs_by_rule[r] : 0);
    }
    ctx.Log(LogLevel::kInfo, by_rule);
    if (s.oversized_blocks > 0) {
      ctx.Log(LogLevel::kWarning,
              "dedup: " + std::to_string(s.oversized_blocks) + " blocks larger than " +
                  std::to_string(model.max_block_size) + " records skipped (" +
                  std::to_string(s.oversized_pairs) +
                  " pairs); other blocking rules still cover them");
    }
    if (s.review_pairs_dropped > 0) {
      ctx.Log(LogLevel::kWarning,
              "dedup: pair_scores holds " + std::to_string(result.review.size()) + " of the " +
                  std::to_string(result.review.size() + s.review_pairs_dropped) +
                  " pairs at or above the review threshold: all of the review band and the "
                  "matches not applied, then the weakest matches; " +
                  std::to_string(s.review_pairs_dropped) +
                  " stronger matches left out (hoso explain weighs any pair)");
    }
  }

  // `conflicts` (link mode): pairs whose match was not applied because it
  // would merge two handbook members; they are written for review.
  void AddPairTable(std::vector<SideTable>& tables, const Model& model,
                    const DedupResult& result,
                    const std::set<std::pair<uint32_t, uint32_t>>* conflicts = nullptr) {
    SideTable t;
    t.name = "pair_scores";
    t.description =
        "record pairs at or above the review threshold: total match weight (log2 Bayes factor), "
        "decision, and each comparison's level and weight";
    t.columns = {"record_id_l", "record_id_r", "match_weight", "match_probability", "decision",
                 "rule"};
    for (const Comparison& c : model.comparisons) {
      t.columns.push_back(c.name + "_level");
      t.columns.push_back(c.name + "_weight");
    }
    const size_t k = model.comparisons.size();
    for (size_t i = 0; i < result.review.size(); ++i) {
      const ScoredPair& p = result.review[i];
      std::vector<Cell> row;
      row.emplace_back(table_.id(p.a));
      row.emplace_back(table_.id(p.b));
      row.emplace_back(static_cast<double>(p.weight));
      row.emplace_back(1.0 / (1.0 + std::exp2(-static_cast<double>(p.weight))));
      const bool conflict = conflicts != nullptr && conflicts->contains({p.a, p.b});
      row.emplace_back(conflict ? std::string("review") : Decision(p.weight, model.thresholds));
      row.emplace_back(std::string(conflict ? "joins_two_members"
                                   : p.rule == PairRule::kSameIdAndBirthDate
                                       ? "same_id_and_birth_date"
                                   : p.rule == PairRule::kDifferentCccd ? "different_cccd"
                                                                        : ""));
      for (size_t c = 0; c < model.comparisons.size(); ++c) {
        const Comparison& comparison = model.comparisons[c];
        const uint8_t level = p.levels[c];
        row.emplace_back(std::string(level == kMissing              ? "missing"
                                     : level < comparison.levels.size() ? comparison.levels[level].label
                                                                      : "else"));
        row.emplace_back(static_cast<double>(result.review_parts[i * k + c]));
      }
      t.rows.push_back(std::move(row));
    }
    tables.push_back(std::move(t));
  }

  void AddHistogram(std::vector<SideTable>& tables, const DedupResult& result) {
    SideTable t;
    t.name = "match_weight_histogram";
    t.description = "compared pairs by total match weight, in 1-bit bins (edges clamped to [-60, 60])";
    t.columns = {"weight_from", "weight_to", "pairs"};
    for (size_t i = 0; i < result.histogram.size(); ++i) {
      if (result.histogram[i] == 0) continue;
      const int64_t from = result.histogram_low + static_cast<int64_t>(i);
      t.rows.push_back({Cell(from), Cell(from + 1), Cell(static_cast<int64_t>(result.histogram[i]))});
    }
    tables.push_back(std::move(t));
  }

  // The thresholds the decisions were taken with, so a report on the
  // handbook shows them as they were rather than guessing from the pairs.
  void AddThresholds(std::vector<SideTable>& tables, const Model& model) {
    SideTable t;
    t.name = "dedup_thresholds";
    t.description =
        "the match weights (bits) the decisions used: match at or above `match`, review in "
        "[review, match), never joined below `non_match`; and the model's name";
    t.columns = {"model", "match", "review", "non_match"};
    t.rows.push_back({Cell(model.name), Cell(model.thresholds.match),
                      Cell(model.thresholds.review), Cell(model.thresholds.non_match)});
    tables.push_back(std::move(t));
  }

  // The model the decisions were taken with, fitted on this batch or as
  // given, so `hoso explain --handbook` weighs a pair as this run did
  // without a saved model file. A link run appends its own row.
  void AddModel(std::vector<SideTable>& tables, const Model& model) {
    SideTable t;
    t.name = "dedup_model";
    t.description =
        "the deduplication model each run decided with (YAML, fitted m and u included); the last "
        "row is the latest run's, which hoso explain --handbook reads";
    t.columns = {"model", "yaml"};
    t.rows.push_back({Cell(model.name), Cell(ModelYaml(model))});
    tables.push_back(std::move(t));
  }

  fs::path model_path_;
  Model model_;
  bool fit_ = false;
  std::string save_model_;
  int threads_ = 0;
  uint64_t u_samples_ = 0;
  std::string link_;
  // The batch as dedup keeps it between the passes: match features only.
  MemberTable table_;
  std::vector<uint32_t> cluster_;  // per row: the row whose id names its member
  uint32_t next_row_ = 0;          // the second pass's next row
  // Link mode: the handbook's rows come first in the table.
  bool handbook_read_ = false;
  uint32_t existing_ = 0;
  std::vector<uint32_t> existing_member_;  // per handbook row: member index
  std::vector<std::string> member_ids_;    // member index -> id
  std::unordered_map<std::string, uint32_t> member_index_;
  std::unordered_set<std::string> stored_;  // StoredKey of every handbook record, first pass only
  std::vector<bool> linked_before_;         // per batch record, in order: in the handbook already
  size_t next_record_ = 0;                  // the second pass's next batch record
  size_t already_linked_ = 0;
  std::unordered_map<uint32_t, std::string> new_names_;
  std::unordered_map<uint32_t, std::vector<Finding>> conflict_findings_;  // by row
};

constexpr OptionSpec kOptions[] = {
    {.name = "model",
     .type = OptionType::kPath,
     .default_value = "''",
     .help = "model file (comparisons, blocking, thresholds, fitted m/u); empty: the bundled "
             "models/dedup/members.yaml"},
    {.name = "fit",
     .type = OptionType::kEnum,
     .default_value = "auto",
     .help = "estimate u, m and the prior on this batch: auto (when the model is not fitted), "
             "always, never",
     .choices = "auto|always|never"},
    {.name = "save_model",
     .type = OptionType::kPath,
     .help = "write the fitted model here (atomically)"},
    {.name = "threads",
     .type = OptionType::kInt,
     .default_value = "0",
     .help = "scoring threads; 0: one per core",
     .min = 0,
     .max = 256},
    {.name = "u_samples",
     .type = OptionType::kInt,
     .default_value = "0",
     .help = "random record pairs sampled to estimate u; 0: twice the records, at least 200000, "
             "at most 2000000",
     .min = 0,
     .max = 1000000000},
    {.name = "link",
     .type = OptionType::kPath,
     .help = "link mode: match this batch against the existing handbook database at this path "
             "instead of deduplicating it alone; its members keep their ids (write with "
             "handbook_sqlite update: true)"},
};

}  // namespace
}  // namespace hoso::dedup

HOSO_PLUGIN((hoso::PluginDescriptor{
    hoso::kAbiVersion, "dedup", "0.1.0", hoso::PluginKind::kBatch,
    "Deduplication: blocking, Fellegi-Sunter weights fitted by EM, term frequencies, coherent clusters",
    hoso::dedup::kOptions, std::size(hoso::dedup::kOptions),
    &hoso::CreatePlugin<hoso::dedup::Dedup>, hoso::dedup::kCommands,
    std::size(hoso::dedup::kCommands)}));
