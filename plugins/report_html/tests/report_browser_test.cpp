// The report as a browser shows it: headless Chromium (Debian's chromium,
// installed by scripts/setup) loads the page written by `hoso run --report`,
// a probe measures every drawn bar, and the bars must be the handbook's data:
// one visible bar per non-empty histogram bin and cluster size, each with
// its count, taller for larger counts. A screenshot shows they were painted.
// Without Chromium the test fails: scripts/setup installs it.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "report_run.h"
#include "sqlite_query.h"

namespace hoso::report {
namespace {

namespace fs = std::filesystem;
using test_run::CommandResult;
using test_run::ReadFile;
using test_run::Shell;

// Measured in the page after layout: each chart's bars with their rendered
// size, and the review table's rows.
constexpr char kProbe[] = R"js(<script>
const probe = {charts: {}, review_rows: 0, review_height: 0};
for (const svg of document.querySelectorAll('svg.chart')) {
  probe.charts[svg.dataset.chart] = [...svg.querySelectorAll('rect.bar')].map(r => {
    const box = r.getBoundingClientRect();
    return {label: r.dataset.label, value: Number(r.dataset.value), width: box.width,
            height: box.height, fill: getComputedStyle(r).fill};
  });
}
const table = document.querySelector('table.review');
if (table) {
  probe.review_rows = table.querySelectorAll('tbody tr').length;
  probe.review_height = table.getBoundingClientRect().height;
}
const out = document.createElement('pre');
out.id = 'render-probe';
out.textContent = JSON.stringify(probe);
document.body.appendChild(out);
</script>)js";

std::string Chromium() {
  if (const char* env = std::getenv("HOSO_CHROMIUM"); env != nullptr && *env != '\0') {
    return access(env, X_OK) == 0 ? env : "";
  }
  for (const char* candidate : {"/usr/bin/chromium", "/usr/local/bin/chromium"}) {
    if (access(candidate, X_OK) == 0) return candidate;
  }
  return "";
}

std::string Unescape(std::string s) {
  const std::pair<const char*, const char*> entities[] = {
      {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&#39;", "'"}, {"&amp;", "&"}};
  for (const auto& [from, to] : entities) {
    for (size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + 1)) {
      s.replace(at, std::string(from).size(), to);
    }
  }
  return s;
}

std::string Flags(const fs::path& profile) {
  return " --headless --disable-gpu --no-sandbox --hide-scrollbars --no-first-run "
         "--user-data-dir=" +
         profile.string();
}

class ReportInChromium : public ::testing::Test {
 protected:
  void SetUp() override {
    chromium_ = Chromium();
    ASSERT_FALSE(chromium_.empty())
        << "chromium is not installed: run scripts/setup (it installs Debian's chromium package), "
           "or set HOSO_CHROMIUM to a Chromium executable";
    run_ = test_run::MakeRun(
        "browser-" + std::to_string(getpid()),
        "--report " +
            (fs::path(HOSO_TEST_TMP) / ("browser-" + std::to_string(getpid())) / "out/report.html")
                .string());
    ASSERT_EQ(run_.run.status, 0) << run_.run.output;
    ASSERT_TRUE(fs::exists(run_.report));
  }
  void TearDown() override {
    if (!HasFailure()) fs::remove_all(run_.dir);
  }

  std::string chromium_;
  test_run::RunFiles run_;
};

TEST_F(ReportInChromium, ChartsRenderTheHandbookData) {
  // The probe needs a script; the report's policy forbids scripts, so the
  // copy allows inline ones and nothing else: still no network.
  std::string html = ReadFile(run_.report);
  const std::string policy = "default-src 'none';";
  ASSERT_NE(html.find(policy), std::string::npos);
  html.replace(html.find(policy), policy.size(), policy + " script-src 'unsafe-inline';");
  html.replace(html.rfind("</body>"), 7, std::string(kProbe) + "</body>");
  const fs::path probed = run_.dir / "probed.html";
  std::ofstream(probed) << html;

  const CommandResult dom = Shell("timeout 60 " + chromium_ + Flags(run_.dir / "profile") +
                                  " --dump-dom file://" + probed.string() + " 2>/dev/null");
  ASSERT_EQ(dom.status, 0) << dom.output.substr(0, 2000);
  const size_t start = dom.output.find("<pre id=\"render-probe\">");
  ASSERT_NE(start, std::string::npos) << "the probe did not run:\n" << dom.output.substr(0, 2000);
  const size_t from = start + std::string("<pre id=\"render-probe\">").size();
  const nlohmann::json probe = nlohmann::json::parse(
      Unescape(dom.output.substr(from, dom.output.find("</pre>", from) - from)));

  const Database db(run_.handbook);
  std::map<std::string, double> bins;  // weight_from -> pairs
  {
    Query q(db, "SELECT weight_from, pairs FROM match_weight_histogram WHERE pairs > 0");
    while (q.Step()) bins[std::to_string(q.Int(0))] = static_cast<double>(q.Int(1));
  }
  std::map<std::string, double> clusters;  // records per member -> members
  {
    Query q(db,
            "SELECT n, count(*) FROM (SELECT count(*) AS n FROM source_records GROUP BY member_id) "
            "GROUP BY n");
    while (q.Step()) clusters[std::to_string(q.Int(0))] = static_cast<double>(q.Int(1));
  }
  ASSERT_GT(bins.size(), 3u);
  ASSERT_GT(clusters.size(), 1u);

  for (const auto& [chart, data] :
       {std::pair{"match-weight", bins}, std::pair{"cluster-sizes", clusters}}) {
    SCOPED_TRACE(chart);
    ASSERT_TRUE(probe["charts"].contains(chart));
    const nlohmann::json& bars = probe["charts"][chart];
    // Drawn: a box the browser laid out with a visible size.
    size_t drawn = 0;
    std::map<std::string, double> shown;
    for (const nlohmann::json& bar : bars) {
      if (bar["width"].get<double>() >= 1 && bar["height"].get<double>() >= 1) ++drawn;
      shown[bar["label"].get<std::string>()] = bar["value"].get<double>();
    }
    EXPECT_EQ(drawn, data.size());
    EXPECT_EQ(shown, data);
    // Larger counts, taller bars (the histogram's axis is logarithmic, the
    // order still holds).
    for (const nlohmann::json& a : bars) {
      for (const nlohmann::json& b : bars) {
        if (a["value"].get<double>() > b["value"].get<double>()) {
          EXPECT_GT(a["height"].get<double>(), b["height"].get<double>())
              << a["label"] << " (" << a["value"] << ") against " << b["label"] << " ("
              << b["value"] << ")";
        }
      }
    }
  }

  const int64_t pairs = [&] {
    Query q(db, "SELECT count(*) FROM pair_scores");
    return q.Step() ? q.Int(0) : 0;
  }();
  EXPECT_EQ(probe["review_rows"].get<int64_t>(), std::min<int64_t>(pairs, 50));
  EXPECT_GT(probe["review_height"].get<double>(), 100);
}

TEST_F(ReportInChromium, ScreenshotShowsThePaintedBars) {
  const fs::path png = run_.dir / "report.png";
  const CommandResult shot = Shell("timeout 60 " + chromium_ + Flags(run_.dir / "profile") +
                                   " --window-size=1280,4000 --screenshot=" + png.string() +
                                   " file://" + run_.report.string() + " 2>/dev/null");
  ASSERT_EQ(shot.status, 0) << shot.output;
  ASSERT_TRUE(fs::exists(png)) << shot.output;
  EXPECT_EQ(ReadFile(png).substr(1, 3), "PNG");
  // Bar colours: default (stages, clusters), matched and non-matched bins.
  const CommandResult colours =
      Shell("/usr/bin/python3 " HOSO_SOURCE_DIR "/plugins/report_html/tests/screenshot_colors.py " +
            png.string() + " 2f5f98 2e7d32 8a94a6");
  ASSERT_EQ(colours.status, 0) << colours.output << "\n(python3-pil comes with scripts/setup)";
  const nlohmann::json counts = nlohmann::json::parse(colours.output);
  EXPECT_EQ(counts["width"], 1280);
  EXPECT_EQ(counts["height"], 4000);
  EXPECT_GT(counts["2f5f98"].get<int>(), 2000) << colours.output;
  EXPECT_GT(counts["2e7d32"].get<int>(), 500) << colours.output;
  EXPECT_GT(counts["8a94a6"].get<int>(), 500) << colours.output;
}

}  // namespace
}  // namespace hoso::report
