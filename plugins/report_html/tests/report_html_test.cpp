// The report from a real run: the pipeline of report_run.h through the built
// hoso, then `hoso run --report` and `hoso report`, checked against the
// run's own summary, quarantine and handbook.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "report_run.h"
#include "sqlite_query.h"

namespace hoso::report {
namespace {

using test_run::ReadFile;
using test_run::RunFiles;
using test_run::RunHoso;
using ::testing::HasSubstr;
using ::testing::Not;

// One run per test process, in a directory of its own so ctest -j cannot
// mix two processes' files: every test reads it, none changes it.
struct SharedRun {
  RunFiles files;
  SharedRun() {
    const std::string name = "run-" + std::to_string(getpid());
    const test_run::fs::path report = test_run::fs::path(HOSO_TEST_TMP) / name / "out/report.html";
    files = test_run::MakeRun(name, "--report " + report.string());
  }
  ~SharedRun() { test_run::fs::remove_all(files.dir); }
};

const RunFiles& TheRun() {
  static const SharedRun run;
  return run.files;
}

// The part of the page inside <section id="...">.
std::string Section(const std::string& html, const std::string& id) {
  const size_t start = html.find("<section id=\"" + id + "\"");
  if (start == std::string::npos) return "";
  return html.substr(start, html.find("</section>", start) - start);
}

// The <svg> with data-chart="id".
std::string ChartSvg(const std::string& html, const std::string& id) {
  const size_t at = html.find("data-chart=\"" + id + "\"");
  if (at == std::string::npos) return "";
  const size_t start = html.rfind("<svg", at);
  return html.substr(start, html.find("</svg>", at) - start);
}

size_t CountOf(const std::string& text, const std::string& needle) {
  size_t n = 0;
  for (size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
  return n;
}

int64_t Scalar(const Database& db, const char* sql) {
  Query q(db, sql);
  return q.Step() ? q.Int(0) : -1;
}

TEST(ReportFromARun, RunWritesTheReportWithEverySection) {
  const RunFiles& run = TheRun();
  ASSERT_EQ(run.run.status, 0) << run.run.output;
  ASSERT_TRUE(test_run::fs::exists(run.report)) << run.run.output;
  const std::string html = ReadFile(run.report);
  EXPECT_THAT(html, HasSubstr("<html lang=\"vi\">"));
  for (const char* id : {"run", "quarantine", "findings", "dedup", "review"}) {
    EXPECT_THAT(html, HasSubstr("<section id=\"" + std::string(id) + "\" data-has-data=\"true\""))
        << id;
  }
  // Names the members: owner only, like the handbook.
  struct stat st {};
  ASSERT_EQ(stat(run.report.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  // Self-contained: no script, nothing to fetch.
  EXPECT_THAT(html, Not(HasSubstr("<script")));
  EXPECT_THAT(html, Not(HasSubstr("<link")));
  EXPECT_THAT(html, Not(HasSubstr("src=")));
  EXPECT_THAT(html, Not(HasSubstr("url(")));
  EXPECT_THAT(html, Not(HasSubstr("https:")));
}

TEST(ReportFromARun, ShowsTheSummaryQuarantineAndFindingsOfTheRun) {
  const RunFiles& run = TheRun();
  ASSERT_EQ(run.run.status, 0) << run.run.output;
  const std::string html = ReadFile(run.report);
  const nlohmann::json summary = nlohmann::json::parse(ReadFile(run.summary));

  const std::string figures = Section(html, "run");
  EXPECT_THAT(figures, HasSubstr("<dd>" + std::to_string(summary["units_quarantined"].get<int>()) +
                                 "</dd>"));
  for (const auto& stage : summary["stages"]) {
    EXPECT_THAT(figures, HasSubstr("<code>" + stage["stage"].get<std::string>() + "</code>"));
  }
  EXPECT_EQ(CountOf(ChartSvg(html, "stage-time"), "<rect class=\"bar"), summary["stages"].size());

  // The two malformed rows of legacy_ascii.csv, each its own reason.
  const std::string quarantine = Section(html, "quarantine");
  EXPECT_THAT(quarantine, HasSubstr("row #: # fields, header has #"));
  EXPECT_THAT(quarantine, HasSubstr("row #: invalid UTF-# at byte #"));
  // The quarantine's input bytes never reach the page.
  EXPECT_THAT(quarantine, Not(HasSubstr("LG0112;")));

  const std::string findings = Section(html, "findings");
  ASSERT_FALSE(summary["findings_by_rule"].empty());
  for (const auto& [rule, by_severity] : summary["findings_by_rule"].items()) {
    int64_t total = 0;
    for (const auto& [severity, n] : by_severity.items()) total += n.get<int64_t>();
    const std::regex row("<code>" + std::regex_replace(rule, std::regex("\\."), "\\.") +
                         "</code></td>.*?<td class=\"num\">" + std::to_string(total) +
                         "</td></tr>");
    EXPECT_TRUE(std::regex_search(findings, row)) << rule << " with " << total;
  }
}

TEST(ReportFromARun, ShowsDedupChartsAndTheFiftyPairsFromTheHandbook) {
  const RunFiles& run = TheRun();
  ASSERT_EQ(run.run.status, 0) << run.run.output;
  const std::string html = ReadFile(run.report);
  const Database db(run.handbook);

  const int64_t bins = Scalar(db, "SELECT count(*) FROM match_weight_histogram WHERE pairs > 0");
  ASSERT_GT(bins, 3);
  EXPECT_EQ(static_cast<int64_t>(CountOf(ChartSvg(html, "match-weight"), "<rect class=\"bar")),
            bins);
  const int64_t sizes = Scalar(db,
                               "SELECT count(DISTINCT n) FROM (SELECT count(*) AS n FROM "
                               "source_records GROUP BY member_id)");
  ASSERT_GT(sizes, 1);
  EXPECT_EQ(static_cast<int64_t>(CountOf(ChartSvg(html, "cluster-sizes"), "<rect class=\"bar")),
            sizes);

  const int64_t pairs = Scalar(db, "SELECT count(*) FROM pair_scores");
  ASSERT_GT(pairs, 0);
  const std::string review = Section(html, "review");
  const int64_t shown = std::min<int64_t>(pairs, 50);
  EXPECT_THAT(review, HasSubstr("data-pairs=\"" + std::to_string(shown) + "\""));
  EXPECT_EQ(static_cast<int64_t>(CountOf(review, "<tr data-decision=")), shown);
  // Pairs left for review lead the table.
  const int64_t undecided =
      Scalar(db, "SELECT count(*) FROM pair_scores WHERE decision = 'review'");
  if (undecided > 0) {
    EXPECT_THAT(review, HasSubstr("<tbody><tr data-decision=\"review\">"));
  }
  // Every comparison of pair_scores has its column of weights.
  Query columns(
      db,
      "SELECT name FROM pragma_table_info('pair_scores') WHERE name LIKE '%\\_weight' ESCAPE '\\'");
  int comparisons = 0;
  while (columns.Step()) {
    const std::string name = columns.Text(0);
    if (name == "match_weight") continue;
    ++comparisons;
    EXPECT_THAT(review, HasSubstr("<th class=\"num\"><code>" + name.substr(0, name.size() - 7) +
                                  "</code></th>"));
  }
  EXPECT_GT(comparisons, 3);
  // The first pair of the table is a pair of pair_scores, by record ids.
  const std::smatch ids = [&] {
    std::smatch m;
    std::regex_search(
        review, m,
        std::regex(
            "<td class=\"rec\"><code>([^<]*)</code>.*?<td class=\"rec\"><code>([^<]*)</code>"));
    return m;
  }();
  ASSERT_EQ(ids.size(), 3u);
  Query pair(db, "SELECT count(*) FROM pair_scores WHERE record_id_l = ? AND record_id_r = ?");
  pair.Bind(1, ids[1].str()).Bind(2, ids[2].str());
  ASSERT_TRUE(pair.Step());
  EXPECT_EQ(pair.Int(0), 1) << ids[1] << " " << ids[2];
}

TEST(ReportFromARun, NamesGoIntoTheReportButNeverIntoTheLog) {
  const RunFiles& run = TheRun();
  ASSERT_EQ(run.run.status, 0) << run.run.output;
  const std::string html = ReadFile(run.report);
  const test_run::CommandResult made = RunHoso(
      "report --summary " + run.summary.string() + " --quarantine " + run.quarantine.string() +
      " --handbook " + run.handbook.string() + " --out " + (run.dir / "again.html").string());
  ASSERT_EQ(made.status, 0) << made.output;
  const Database db(run.handbook);
  Query names(db,
              "SELECT DISTINCT m.full_name FROM pair_scores AS p JOIN source_records AS s "
              "ON s.record_id = p.record_id_l JOIN members AS m USING (member_id) "
              "WHERE m.full_name IS NOT NULL");
  int in_page = 0;
  while (names.Step()) {
    const std::string name = names.Text(0);
    if (html.find(name) != std::string::npos) ++in_page;
    EXPECT_THAT(run.run.output, Not(HasSubstr(name)));
    EXPECT_THAT(made.output, Not(HasSubstr(name)));
  }
  EXPECT_GT(in_page, 0);
}

TEST(ReportFromARun, ShowsTheThresholdsDedupRecorded) {
  const RunFiles& run = TheRun();
  ASSERT_EQ(run.run.status, 0) << run.run.output;
  const Database db(run.handbook);
  ASSERT_TRUE(db.HasTable("dedup_thresholds"));
  Query q(db, "SELECT model, match, review, non_match FROM dedup_thresholds");
  ASSERT_TRUE(q.Step());
  EXPECT_GT(q.Real(1), q.Real(2));
  EXPECT_GT(q.Real(2), q.Real(3));
  EXPECT_FALSE(q.Step());  // one row
  const std::string html = ReadFile(run.report);
  EXPECT_THAT(html, HasSubstr("Ngưỡng: ghép từ "));
  EXPECT_THAT(html, Not(HasSubstr("Sổ tay không ghi ngưỡng")));
}

TEST(ReportCommand, EnglishOnRequestAndSectionsWithoutDataSaySo) {
  const RunFiles& run = TheRun();
  ASSERT_EQ(run.run.status, 0) << run.run.output;
  const test_run::fs::path out = run.dir / "summary-only.html";
  const test_run::CommandResult made =
      RunHoso("report --summary " + run.summary.string() + " --quarantine " +
              (run.dir / "absent.jsonl").string() + " --out " + out.string() + " --lang en");
  ASSERT_EQ(made.status, 0) << made.output;
  EXPECT_THAT(made.output, HasSubstr("not found"));
  const std::string html = ReadFile(out);
  EXPECT_THAT(html, HasSubstr("<html lang=\"en\">"));
  EXPECT_THAT(Section(html, "run"), HasSubstr("data-has-data=\"true\""));
  EXPECT_THAT(Section(html, "run"), HasSubstr("Inputs and throughput"));
  // Per-stage counts still come from the summary.
  EXPECT_THAT(Section(html, "quarantine"), HasSubstr("No quarantine file"));
  EXPECT_THAT(Section(html, "dedup"), HasSubstr("data-has-data=\"false\""));
  EXPECT_THAT(Section(html, "dedup"), HasSubstr("No handbook"));
  EXPECT_THAT(Section(html, "review"), HasSubstr("No handbook"));
}

TEST(ReportCommand, RefusesBadArgumentsAndFilesThatAreNotWhatTheySay) {
  const RunFiles& run = TheRun();
  const std::string out = " --out " + (run.dir / "x.html").string();
  EXPECT_EQ(RunHoso("report --summary " + run.summary.string()).status, 2);  // no --out
  EXPECT_EQ(RunHoso("report" + out).status, 2);                              // no input
  EXPECT_EQ(RunHoso("report --summary " + run.summary.string() + out + " --lang fr").status, 2);
  EXPECT_EQ(
      RunHoso("report --summary " + run.summary.string() + out + " --match-threshold 8").status, 2);
  const test_run::CommandResult not_handbook =
      RunHoso("report --handbook " + run.summary.string() + out);
  EXPECT_EQ(not_handbook.status, 1);
  EXPECT_THAT(not_handbook.output, HasSubstr("no report written"));
  const test_run::CommandResult not_summary =
      RunHoso("report --summary " + run.pipeline.string() + out);
  EXPECT_EQ(not_summary.status, 1);
  EXPECT_THAT(not_summary.output, HasSubstr("not a run summary"));
  EXPECT_FALSE(test_run::fs::exists(run.dir / "x.html"));
}

TEST(ReportCommand, IsListedAndIsNotAStage) {
  const test_run::CommandResult listed = RunHoso("plugins report_html");
  EXPECT_EQ(listed.status, 0);
  EXPECT_THAT(listed.output, HasSubstr("command: hoso report"));
  const test_run::fs::path dir = test_run::Scratch("stage-" + std::to_string(getpid()));
  std::ofstream(dir / "p.yaml")
      << "name: p\nquarantine: q.jsonl\nstages:\n  - plugin: csv_source\n"
         "    with: {path: " HOSO_SOURCE_DIR
         "/fixtures/csv/members_2019.csv, "
         "id_column: ma_ho_so, columns: {ho_ten: full_name}}\n  - plugin: report_html\n";
  const test_run::CommandResult run =
      RunHoso("run " + (dir / "p.yaml").string() + " --progress none");
  EXPECT_NE(run.status, 0);
  EXPECT_THAT(run.output, HasSubstr("not a pipeline stage"));
  EXPECT_EQ(RunHoso("run " + (dir / "p.yaml").string() + " --report").status, 2);
  test_run::fs::remove_all(dir);
}

TEST(RunReportOption, WorksWithoutASummaryFileOrAHandbook) {
  const test_run::fs::path dir = test_run::Scratch("bare-" + std::to_string(getpid()));
  std::ofstream(dir / "p.yaml")
      << "name: p\nquarantine: q.jsonl\nstages:\n  - plugin: csv_source\n"
         "    with: {path: " HOSO_SOURCE_DIR
         "/fixtures/csv/legacy_ascii.csv, "
         "delimiter: ';', id_column: ma_hs, columns: {ho_ten: full_name}}\n"
         "  - plugin: required_fields\n    with: {fields: [full_name]}\n"
         "  - plugin: jsonl_sink\n    with: {path: members.jsonl}\n";
  const test_run::CommandResult run =
      RunHoso("run " + (dir / "p.yaml").string() + " --progress none --report " +
              (dir / "r/report.html").string() + " --report-lang en");
  ASSERT_EQ(run.status, 0) << run.output;
  const std::string html = ReadFile(dir / "r/report.html");
  EXPECT_THAT(Section(html, "run"), HasSubstr("data-has-data=\"true\""));
  EXPECT_THAT(Section(html, "quarantine"), HasSubstr("row #: # fields, header has #"));
  EXPECT_THAT(Section(html, "dedup"), HasSubstr("No handbook"));
  // The summary it made for the report is gone again.
  std::vector<std::string> left;
  for (const auto& entry : test_run::fs::directory_iterator(dir / "r"))
    left.push_back(entry.path().filename());
  EXPECT_THAT(left, ::testing::ElementsAre("report.html"));
  EXPECT_EQ(
      RunHoso("run " + (dir / "p.yaml").string() + " --report x.html --report-lang fr").status, 2);
  test_run::fs::remove_all(dir);
}

}  // namespace
}  // namespace hoso::report
