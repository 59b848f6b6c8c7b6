// Batch plugin: one golden record per member with two or more records, built
// by configurable survivorship and placed just before the member's first
// record, so sinks meet the member before its sources. A member with one
// record is its own golden record and is left as it is.
#include <algorithm>
#include <deque>
#include <memory>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <vector>

#include "golden_record.h"
#include "hoso/plugin.h"
#include "record_store.h"
#include "survivorship.h"

namespace hoso::merge {
namespace {

Rule RuleOption(const std::string& name, const std::string& where) {
  const std::optional<Rule> rule = ParseRule(name);
  if (!rule) {
    throw std::invalid_argument(where + ": unknown rule '" + name +
                                "'; use highest_confidence, most_recent, source_priority, "
                                "most_complete or most_common");
  }
  return *rule;
}

SurvivorshipSettings SettingsFrom(const Options& options) {
  SurvivorshipSettings s;
  s.default_rule = RuleOption(options.String("default_rule"), "default_rule");
  for (const auto& [field, rule] : options.Map("field_rules")) {
    const bool extra = field.rfind("extra.", 0) == 0;
    if (!extra && FindCoreField(field) == nullptr) {
      throw std::invalid_argument("field_rules: '" + field +
                                  "' is neither a core field nor extra.<name>");
    }
    s.field_rules[field] = RuleOption(rule, "field_rules." + field);
  }
  s.source_priority = options.List("source_priority");
  for (const auto& [source, date] : options.Map("source_dates")) {
    if (PrecisionOf(date) == DatePrecision::kNone) {
      throw std::invalid_argument("source_dates." + source + ": '" + date +
                                  "' is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD");
    }
    s.source_dates[source] = date;
  }
  return s;
}

Severity SeverityOption(const std::string& name) {
  return name == "info" ? Severity::kInfo : name == "error" ? Severity::kError : Severity::kWarning;
}

class Merge : public Batch {
 public:
  explicit Merge(const Options& options)
      : settings_(SettingsFrom(options)),
        severity_(SeverityOption(options.String("disagreement_severity"))) {
    if (options.Has("link")) link_ = options.String("link");
  }

  void Process(RecordSet& set, Context& ctx) override {
    struct Location {
      size_t dossier;
      size_t record;
    };
    struct Member {
      Location first;
      std::vector<SourceRecord> records;
    };
    // Views of member ids stay valid: nothing is inserted until every golden
    // record is built.
    std::unordered_map<std::string_view, Member> members;
    size_t order = 0;
    for (size_t d = 0; d < set.dossiers.size(); ++d) {
      std::vector<MemberRecord>& records = set.dossiers[d].records;
      for (size_t r = 0; r < records.size(); ++r) {
        const MemberRecord& record = records[r];
        if (record.golden) {
          throw std::runtime_error("the batch already holds golden records: run merge once");
        }
        auto [it, inserted] = members.try_emplace(record.MemberId(), Member{{d, r}, {}});
        it->second.records.push_back({&record, order++});
      }
    }
    // Link mode: a member of the handbook that got new records is merged
    // again from all its records, the handbook's (read back from it, before
    // the batch's in survivorship's input order) and the new ones. Only
    // those members are read; the rest of the handbook is not touched.
    std::deque<MemberRecord> stored;
    size_t members_relinked = 0;
    if (!link_.empty()) {
      hoso_handbook::HandbookRecords handbook(link_);
      for (auto& [id, member] : members) {
        std::vector<MemberRecord> old = handbook.OfMember(id);
        if (old.empty()) continue;
        ++members_relinked;
        std::vector<SourceRecord> all;
        all.reserve(old.size() + member.records.size());
        for (MemberRecord& record : old) {
          all.push_back({&stored.emplace_back(std::move(record)), all.size()});
        }
        for (const SourceRecord& r : member.records) all.push_back({r.record, all.size()});
        member.records = std::move(all);
      }
    }
    struct Insert {
      Location at;
      MemberRecord golden;
    };
    std::vector<Insert> inserts;
    int64_t disagreements = 0;
    for (auto& [id, member] : members) {
      if (member.records.size() < 2) continue;
      MemberRecord golden = BuildGoldenRecord(member.records, settings_, severity_);
      disagreements += static_cast<int64_t>(golden.findings.size());
      inserts.push_back({member.first, std::move(golden)});
    }
    // Back to front, so earlier positions stay where they were.
    std::sort(inserts.begin(), inserts.end(), [](const Insert& a, const Insert& b) {
      return a.at.dossier != b.at.dossier ? a.at.dossier > b.at.dossier : a.at.record > b.at.record;
    });
    for (Insert& insert : inserts) {
      std::vector<MemberRecord>& records = set.dossiers[insert.at.dossier].records;
      records.insert(records.begin() + static_cast<long>(insert.at.record), std::move(insert.golden));
    }
    // Counts only: values are personal data.
    ctx.Log(LogLevel::kInfo, std::to_string(members.size()) + " members, " +
                                 std::to_string(inserts.size()) + " golden records built from " +
                                 "two or more records, " + std::to_string(disagreements) +
                                 " field disagreements settled" +
                                 (link_.empty() ? std::string()
                                                : "; " + std::to_string(members_relinked) +
                                                      " handbook members merged again with "
                                                      "their new records"));
  }

 private:
  SurvivorshipSettings settings_;
  Severity severity_;
  std::string link_;
};

constexpr OptionSpec kOptions[] = {
    {.name = "default_rule",
     .type = OptionType::kEnum,
     .default_value = "highest_confidence",
     .help = "survivorship rule for fields field_rules does not name",
     .choices = "highest_confidence|most_recent|source_priority|most_complete|most_common"},
    {.name = "field_rules",
     .type = OptionType::kStringMap,
     .default_value = "{}",
     .help = "field (core name or extra.<name>) -> rule, e.g. {party_unit: most_recent}"},
    {.name = "source_priority",
     .type = OptionType::kStringList,
     .default_value = "[]",
     .help = "source names, most trusted first: the source_priority rule and the last tie-break"},
    {.name = "source_dates",
     .type = OptionType::kStringMap,
     .default_value = "{}",
     .help = "source name -> date of its export (YYYY[-MM[-DD]]), for the most_recent rule"},
    {.name = "disagreement_severity",
     .type = OptionType::kEnum,
     .default_value = "warning",
     .help = "severity of merge.disagreement findings",
     .choices = "info|warning|error"},
    {.name = "link",
     .type = OptionType::kPath,
     .help = "link mode: the handbook dedup linked against; members of it that got new records "
             "are merged again from their stored records and the new ones"},
};

}  // namespace
}  // namespace hoso::merge

HOSO_PLUGIN(hoso::MakeDescriptor<hoso::merge::Merge>(
    hoso::PluginKind::kBatch, "merge", "1.0.0",
    "Golden records: one per member, each value chosen by survivorship and traceable",
    hoso::merge::kOptions));
