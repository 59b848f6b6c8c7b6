#include "handbook_reader.h"

#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "review_queue.h"
#include "sqlite_query.h"

namespace hoso::report {
namespace {

constexpr char kLevelSuffix[] = "_level";
constexpr char kWeightSuffix[] = "_weight";

bool EndsWith(const std::string& s, const std::string& suffix) {
  return s.size() > suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

int64_t Count(const Database& db, const char* sql) {
  Query q(db, sql);
  return q.Step() ? q.Int(0) : 0;
}

// Comparison names, in table order, for which pair_scores has both a
// <name>_level and a <name>_weight column.
std::vector<std::string> ComparisonColumns(const Database& db) {
  std::vector<std::string> columns;
  Query q(db, "SELECT name FROM pragma_table_info('pair_scores') ORDER BY cid");
  while (q.Step()) columns.push_back(q.Text(0));
  std::vector<std::string> names;
  for (const std::string& c : columns) {
    if (!EndsWith(c, kLevelSuffix)) continue;
    const std::string name = c.substr(0, c.size() - (sizeof(kLevelSuffix) - 1));
    for (const std::string& other : columns) {
      if (other == name + kWeightSuffix) names.push_back(name);
    }
  }
  return names;
}

// The thresholds dedup wrote beside its pairs (dedup_thresholds), when the
// handbook has them.
std::optional<Thresholds> RecordedThresholds(const Database& db) {
  if (!db.HasTable("dedup_thresholds")) return std::nullopt;
  Query q(db, "SELECT match, review FROM dedup_thresholds LIMIT 1");
  if (!q.Step() || q.IsNull(0)) return std::nullopt;
  Thresholds t;
  t.match = q.Real(0);
  if (!q.IsNull(1)) t.review = q.Real(1);
  return t;
}

void LoadReviewPairs(const Database& db, const HandbookQuery& query, Handbook* out) {
  out->has_pair_scores = true;
  out->comparisons = ComparisonColumns(db);
  std::vector<ScoredRow> rows;
  {
    Query q(db, "SELECT rowid, match_weight, decision, rule FROM pair_scores");
    while (q.Step()) rows.push_back({q.Int(0), q.Real(1), q.Text(2), q.Text(3)});
  }
  out->scored_pairs = static_cast<int64_t>(rows.size());
  out->thresholds = query.thresholds ? query.thresholds : RecordedThresholds(db);
  if (!out->thresholds) out->thresholds = InferThresholds(rows);
  if (!out->thresholds) return;

  std::string sql =
      "SELECT record_id_l, record_id_r, match_weight, match_probability, decision, rule";
  for (const std::string& c : out->comparisons) {
    sql += ", " + QuoteIdentifier(c + kLevelSuffix) + ", " + QuoteIdentifier(c + kWeightSuffix);
  }
  sql += " FROM pair_scores WHERE rowid = ?";
  Query pair(db, sql);
  // A record id may repeat across sources; the handbook cannot tell which
  // source pair_scores meant, so the first source by name stands in.
  Query side(db,
             "SELECT s.member_id, m.full_name FROM source_records AS s "
             "LEFT JOIN members AS m USING (member_id) WHERE s.record_id = ? "
             "ORDER BY s.source LIMIT 1");
  auto lookup = [&side](const std::string& record_id) {
    PairSide p;
    p.record_id = record_id;
    side.Bind(1, record_id);
    if (side.Step()) {
      p.member_id = side.Text(0);
      p.full_name = side.Text(1);
    }
    side.Reset();
    return p;
  };
  for (size_t index : ReviewOrder(rows, *out->thresholds, query.review_limit)) {
    pair.Bind(1, rows[index].rowid);
    if (!pair.Step()) throw std::runtime_error("pair_scores changed while being read");
    ReviewPair p;
    p.left = lookup(pair.Text(0));
    p.right = lookup(pair.Text(1));
    p.match_weight = pair.Real(2);
    p.match_probability = pair.Real(3);
    p.decision = pair.Text(4);
    p.rule = pair.Text(5);
    for (size_t c = 0; c < out->comparisons.size(); ++c) {
      const int column = 6 + 2 * static_cast<int>(c);
      ComparisonCell cell;
      cell.level = pair.Text(column);
      if (!pair.IsNull(column + 1)) cell.weight = pair.Real(column + 1);
      p.comparisons.push_back(std::move(cell));
    }
    p.distance = ThresholdDistance(p.match_weight, *out->thresholds);
    out->review.push_back(std::move(p));
    pair.Reset();
  }
}

}  // namespace

Handbook LoadHandbook(const std::filesystem::path& file, const HandbookQuery& query) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(file, ec)) {
    throw std::runtime_error(file.string() + ": no such handbook");
  }
  Database db(file);
  if (!db.HasTable("members") || !db.HasTable("source_records")) {
    throw std::runtime_error(file.string() + ": not a handbook (no members table)");
  }
  Handbook h;
  h.members = Count(db, "SELECT count(*) FROM members");
  h.source_records = Count(db, "SELECT count(*) FROM source_records");
  if (db.HasTable("findings")) {
    Query q(db, "SELECT rule_id, severity, count(*) FROM findings GROUP BY rule_id, severity");
    while (q.Step()) h.findings_by_rule[q.Text(0)][q.Text(1)] = q.Int(2);
  }

  const bool has_histogram = db.HasTable("match_weight_histogram");
  const bool has_pairs = db.HasTable("pair_scores");
  h.deduplicated = has_histogram || has_pairs;
  if (!h.deduplicated) return h;
  if (has_histogram) {
    // A handbook updated by link runs has one set of bins per run.
    Query q(db,
            "SELECT weight_from, weight_to, sum(pairs) FROM match_weight_histogram "
            "WHERE pairs > 0 GROUP BY weight_from, weight_to ORDER BY weight_from");
    while (q.Step()) h.histogram.push_back({q.Int(0), q.Int(1), q.Int(2)});
  }
  {
    Query q(db,
            "SELECT records, count(*) FROM "
            "(SELECT count(*) AS records FROM source_records GROUP BY member_id) "
            "GROUP BY records ORDER BY records");
    while (q.Step()) h.cluster_sizes[q.Int(0)] = q.Int(1);
  }
  if (has_pairs) LoadReviewPairs(db, query, &h);
  return h;
}

}  // namespace hoso::report
