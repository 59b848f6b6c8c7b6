// The real engine with test plugins: accounting, quarantine, order, barriers.
#include "runner.h"

#include <sys/resource.h>

#include <csignal>
#include <set>
#include <sstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "test_support.h"

namespace hoso::internal {
namespace {

using ::testing::HasSubstr;
using namespace hoso::testing;

class RunnerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = Scratch(::testing::UnitTest::GetInstance()->current_test_info()->name());
    registry_.Scan({kEnginePlugins});
  }

  RunSummary Run(const std::string& yaml, int workers, bool journal = true) {
    WriteFile(dir_ / "p.yaml", yaml);
    std::vector<std::string> errors;
    PipelineFile pf;
    EXPECT_TRUE(LoadPipelineFile(dir_ / "p.yaml", &pf, &errors));
    ResolvedPipeline resolved;
    EXPECT_TRUE(ResolvePipeline(pf, registry_, &resolved, &errors)) << ::testing::PrintToString(errors);
    RunSettings settings;
    settings.workers = workers;
    settings.show_progress = false;
    settings.log_level = LogLevel::kError;
    settings.journal = journal;
    return RunPipeline(resolved, settings);
  }

  std::filesystem::path dir_;
  PluginRegistry registry_;
};

constexpr const char* kAccounting =
    "stages:\n"
    "  - plugin: sequence_source\n"
    "    with: {count: 200, bad_every: 7, file: members.csv}\n"
    "  - plugin: jitter_transform\n"
    "    with: {fail_ids: [r3], reject_ids: [r5], partial_ids: [r6], quarantine_all_ids: [r8], sleep_us: 300}\n"
    "  - plugin: record_sink\n"
    "    with: {path: out/ids.txt}\n";

TEST_F(RunnerTest, EveryInputUnitEndsInOutputOrQuarantine) {
  const RunSummary s = Run(kAccounting, 2);
  EXPECT_EQ(s.units_in, 200);
  // rows 7, 14, ... 196, then r3, r5, r6 (which quarantined its unit itself
  // before being rejected: counted once) and r8 (all units quarantined by the
  // plugin: the empty dossier goes no further).
  EXPECT_EQ(s.units_quarantined, 28 + 4);
  EXPECT_EQ(s.units_out, 168);
  EXPECT_EQ(s.dossiers_out, 168);
  EXPECT_TRUE(s.accounted());
  EXPECT_EQ(s.quarantined_by_stage.at("1:sequence_source"), 28);
  EXPECT_EQ(s.quarantined_by_stage.at("2:jitter_transform"), 4);
  EXPECT_EQ(s.findings_by_severity.at("info"), 168);

  const std::string quarantine = ReadFile(dir_ / "out/quarantine.jsonl");
  EXPECT_EQ(std::count(quarantine.begin(), quarantine.end(), '\n'), 32);
  // Source rows keep their bytes; invalid UTF-8 travels as base64.
  EXPECT_THAT(quarantine, HasSubstr(R"("unit":{"file":"members.csv","row":7},"stage":"1:sequence_source","plugin":"sequence_source","plugin_version":"1.0.0","reason":"row 7: malformed","original_base64":"cmF3LP8sYnl0ZXM="})"));
  EXPECT_THAT(quarantine, HasSubstr(R"("reason":"plugin failed: simulated failure","original":"row 3")"));
  EXPECT_THAT(quarantine, HasSubstr(R"("reason":"rejected: simulated rejection")"));
  // Names never reach the quarantine reason.
  EXPECT_THAT(quarantine, ::testing::Not(HasSubstr("Nguyễn")));
}

TEST_F(RunnerTest, OutputOrderDoesNotDependOnWorkers) {
  Run(kAccounting, 1);
  const std::string one = ReadFile(dir_ / "out/ids.txt");
  Run(kAccounting, 4);
  const std::string four = ReadFile(dir_ / "out/ids.txt");
  ASSERT_FALSE(one.empty());
  EXPECT_EQ(one, four);
  EXPECT_EQ(one.substr(0, one.find('\n')), "r1 Nguyễn Văn 1 test.seen");
}

TEST_F(RunnerTest, BatchIsABarrierAndItsTablesReachTheSinks) {
  const RunSummary s = Run(
      "stages:\n"
      "  - plugin: sequence_source\n"
      "    with: {count: 50}\n"
      "  - plugin: jitter_transform\n"
      "  - plugin: tally_batch\n"
      "  - plugin: jitter_transform\n"
      "  - plugin: record_sink\n"
      "    with: {path: out/ids.txt}\n",
      3);
  EXPECT_TRUE(s.accounted());
  const std::string out = ReadFile(dir_ / "out/ids.txt");
  EXPECT_THAT(out, HasSubstr("r50 Nguyễn Văn 50 test.seen test.seen\n"));
  EXPECT_THAT(out, HasSubstr("table tally 50\n"));
}

// A streaming batch (hoso::StreamingBatch) between two runs of workers: the
// host parks the dossiers on disk between its two passes; the plugin checks
// that the second pass gives back what the first saw, in the same order.
std::string TwoPassPipeline(const std::string& options) {
  return "stages:\n"
         "  - plugin: sequence_source\n"
         "    with: {count: 500, bad_every: 9}\n"
         "  - plugin: jitter_transform\n"
         "    with: {sleep_us: 50}\n"
         "  - plugin: two_pass_batch\n"
         "    with: {" + options + "}\n"
         "  - plugin: jitter_transform\n"
         "  - plugin: record_sink\n"
         "    with: {path: out/ids.txt}\n";
}

std::vector<std::string> SpillFilesIn(const std::filesystem::path& dir) {
  std::vector<std::string> found;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    const std::string name = entry.path().filename().string();
    if (name.find("spill") != std::string::npos) found.push_back(name);
  }
  return found;
}

TEST_F(RunnerTest, StreamingBatchSeesEveryDossierTwiceInOrderFromDisk) {
  const RunSummary s = Run(TwoPassPipeline("expect_spill: true"), 3);
  EXPECT_TRUE(s.accounted());
  EXPECT_EQ(s.units_in, 500);
  EXPECT_EQ(s.units_quarantined, 55);  // rows 9, 18, ... 495: the source's
  EXPECT_EQ(s.dossiers_out, 445);
  const std::string out = ReadFile(dir_ / "out/ids.txt");
  // r1 is the first dossier the batch saw, r500 the 445th.
  EXPECT_THAT(out, HasSubstr("r1 Nguyễn Văn 1 m0 test.seen test.seen\n"));
  EXPECT_THAT(out, HasSubstr("r500 Nguyễn Văn 500 m222 test.seen test.seen\n"));
  EXPECT_THAT(out, HasSubstr("table two_pass 445\n"));
  // Same output whatever the workers.
  Run(TwoPassPipeline("expect_spill: true"), 1);
  EXPECT_EQ(ReadFile(dir_ / "out/ids.txt"), out);
  EXPECT_THAT(SpillFilesIn(dir_ / "out"), ::testing::IsEmpty());
}

// Two streaming barriers in a row: the first one's second pass feeds the
// workers while the second one observes what they deliver.
TEST_F(RunnerTest, TwoStreamingBatchesInARowEachSeeEveryDossierTwice) {
  const RunSummary s = Run(
      "stages:\n"
      "  - plugin: sequence_source\n"
      "    with: {count: 500, bad_every: 9}\n"
      "  - plugin: two_pass_batch\n"
      "    with: {expect_spill: true, drop_first: true}\n"
      "  - plugin: jitter_transform\n"
      "    with: {sleep_us: 50}\n"
      "  - plugin: two_pass_batch\n"
      "    with: {expect_spill: true}\n"
      "  - plugin: record_sink\n"
      "    with: {path: out/ids.txt}\n",
      2);
  EXPECT_TRUE(s.accounted());
  EXPECT_EQ(s.units_quarantined, 56);
  EXPECT_EQ(s.quarantined_by_stage.at("2:two_pass_batch"), 1);
  const std::string out = ReadFile(dir_ / "out/ids.txt");
  // r2 is the first batch's second dossier and the second batch's first.
  EXPECT_THAT(out, HasSubstr("r2 Nguyễn Văn 2 m0 m0 test.seen\n"));
  EXPECT_THAT(out, HasSubstr("r500 Nguyễn Văn 500 m222 m221 test.seen\n"));
  EXPECT_THAT(out, HasSubstr("table two_pass 445\n"));
  EXPECT_THAT(out, HasSubstr("table two_pass 444\n"));
  EXPECT_THAT(SpillFilesIn(dir_ / "out"), ::testing::IsEmpty());
}

TEST_F(RunnerTest, StreamingBatchMayDropADossierItQuarantined) {
  const RunSummary s = Run(TwoPassPipeline("drop_first: true"), 2);
  EXPECT_TRUE(s.accounted());
  EXPECT_EQ(s.units_quarantined, 56);
  EXPECT_EQ(s.quarantined_by_stage.at("3:two_pass_batch"), 1);
  const std::string out = ReadFile(dir_ / "out/ids.txt");
  EXPECT_THAT(out, ::testing::Not(HasSubstr("r1 ")));
  EXPECT_THAT(out, HasSubstr("r2 Nguyễn Văn 2 m0 test.seen test.seen\n"));
}

// While a test lowers the process's file size limit: a write past it fails
// with EFBIG, as a write to a full disk fails with ENOSPC (SIGXFSZ, which
// would kill the process instead, is ignored meanwhile).
class FileSizeLimit {
 public:
  explicit FileSizeLimit(rlim_t bytes) {
    getrlimit(RLIMIT_FSIZE, &was_);
    old_handler_ = std::signal(SIGXFSZ, SIG_IGN);
    struct rlimit small = was_;
    small.rlim_cur = bytes;
    applied_ = setrlimit(RLIMIT_FSIZE, &small) == 0;
  }
  ~FileSizeLimit() {
    setrlimit(RLIMIT_FSIZE, &was_);
    std::signal(SIGXFSZ, old_handler_);
  }
  bool applied() const { return applied_; }

 private:
  struct rlimit was_ {};
  void (*old_handler_)(int) = SIG_DFL;
  bool applied_ = false;
};

TEST_F(RunnerTest, ASpillTheDiskCannotTakeFailsTheRunNamingTheStage) {
  std::string error;
  {
    // 20,000 dossiers park about 2 MB; nothing else of the run (without its
    // journal, which would reach the limit first) comes near it.
    FileSizeLimit limit(256 * 1024);
    ASSERT_TRUE(limit.applied());
    try {
      Run("stages:\n"
          "  - plugin: sequence_source\n"
          "    with: {count: 20000}\n"
          "  - plugin: two_pass_batch\n"
          "    with: {expect_spill: true}\n"
          "  - plugin: record_sink\n"
          "    with: {path: out/ids.txt}\n",
          2, /*journal=*/false);
    } catch (const RunError& e) {
      error = e.what();
    }
  }
  EXPECT_THAT(error, HasSubstr("stage 2:two_pass_batch"));
  EXPECT_THAT(error, HasSubstr("cannot write")) << error;
  EXPECT_FALSE(std::filesystem::exists(dir_ / "out/ids.txt"));
  if (std::filesystem::exists(dir_ / "out")) {
    EXPECT_THAT(SpillFilesIn(dir_ / "out"), ::testing::IsEmpty());
  }
}

TEST_F(RunnerTest, StreamingBatchFailureNamesTheStageAndPublishesNothing) {
  for (const std::string step : {"observe", "decide", "apply"}) {
    SCOPED_TRACE(step);
    std::filesystem::remove_all(dir_ / "out");
    try {
      Run(TwoPassPipeline("fail_in: " + step), 2);
      ADD_FAILURE() << "the run did not fail";
    } catch (const RunError& e) {
      EXPECT_THAT(e.what(), HasSubstr("p.yaml:6: stage 3:two_pass_batch: simulated " + step +
                                      " failure"));
    }
    EXPECT_FALSE(std::filesystem::exists(dir_ / "out/ids.txt"));
    if (std::filesystem::exists(dir_ / "out")) {
      EXPECT_THAT(SpillFilesIn(dir_ / "out"), ::testing::IsEmpty());
    }
  }
}

TEST_F(RunnerTest, ADossierDroppedWithoutQuarantineIsReported) {
  const std::string yaml =
      "stages:\n"
      "  - plugin: sequence_source\n"
      "    with: {count: 10}\n"
      "  - plugin: tally_batch\n"
      "    with: {drop_first: DROP}\n"
      "  - plugin: record_sink\n"
      "    with: {path: out/ids.txt}\n";
  std::string quarantined = yaml;
  quarantined.replace(quarantined.find("DROP"), 4, "quarantine");
  EXPECT_TRUE(Run(quarantined, 2).accounted());
  std::string silent = yaml;
  silent.replace(silent.find("DROP"), 4, "silently");
  const RunSummary s = Run(silent, 2);
  EXPECT_FALSE(s.accounted());
  EXPECT_EQ(s.units_in - s.units_out - s.units_quarantined, 1);
}

TEST_F(RunnerTest, StreamsWithBoundedWindowOnLongInput) {
  // 100k dossiers through 2 workers: finishes, and every one is accounted.
  const RunSummary s = Run(
      "stages:\n"
      "  - plugin: sequence_source\n"
      "    with: {count: 100000}\n"
      "  - plugin: jitter_transform\n"
      "  - plugin: record_sink\n"
      "    with: {path: out/ids.txt}\n",
      2);
  EXPECT_EQ(s.units_out, 100000);
  EXPECT_TRUE(s.accounted());
}

// Pages of three six-page dossiers read by a page-by-page stage, then by a
// stage that wants the dossier whole. {EXTRA} goes into the first's options.
std::string PagePipeline(const std::string& extra, bool by_page = true) {
  return "stages:\n"
         "  - plugin: sequence_source\n"
         "    with: {count: 3, pages: 6, file: scans}\n"
         "  - plugin: page_reader\n"
         "    with: {sleep_ms: 20, by_page: " + std::string(by_page ? "true" : "false") +
         extra + "}\n"
         "  - plugin: page_reader\n"
         "    with: {by_page: false, tag: whole}\n"
         "  - plugin: record_sink\n"
         "    with: {path: out/pages.txt}\n";
}

// "page r1 0 read_held=1 ..." lines of the sink's output.
std::vector<std::string> PageLines(const std::filesystem::path& file) {
  std::vector<std::string> lines;
  std::istringstream in(ReadFile(file));
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("page ", 0) == 0) lines.push_back(line);
  }
  return lines;
}

TEST_F(RunnerTest, PagesOfOneDossierAreReadOnSeveralWorkersAndJoinedInOrder) {
  const RunSummary s = Run(PagePipeline(""), 2);
  EXPECT_TRUE(s.accounted());
  EXPECT_EQ(s.units_out, 18);
  const std::vector<std::string> lines = PageLines(dir_ / "out/pages.txt");
  ASSERT_EQ(lines.size(), 18u);
  std::set<std::string> workers;
  for (size_t i = 0; i < lines.size(); ++i) {
    // In dossier and page order, each page read on its own, the dossier
    // whole again for the next stage.
    const std::string head = "page r" + std::to_string(i / 6 + 1) + " " + std::to_string(i % 6) + " ";
    EXPECT_EQ(lines[i].substr(0, head.size()), head);
    EXPECT_THAT(lines[i], HasSubstr(" read_held=1 "));
    EXPECT_THAT(lines[i], HasSubstr(" whole_held=6"));
    workers.insert(lines[i].substr(lines[i].find("read_worker=") + 12, 1));
  }
  EXPECT_EQ(workers.size(), 2u) << "18 pages of 20 ms all read by one of two workers";
  // Items count dossiers, not pages.
  EXPECT_EQ(s.stages[1].items, 3);
}

TEST_F(RunnerTest, PagesStayTogetherWithOneWorkerOrWhenTheStageWantsTheDossier) {
  Run(PagePipeline(""), 1);
  for (const std::string& line : PageLines(dir_ / "out/pages.txt")) {
    EXPECT_THAT(line, HasSubstr(" read_held=6 "));
  }
  Run(PagePipeline("", false), 2);
  const std::vector<std::string> lines = PageLines(dir_ / "out/pages.txt");
  ASSERT_EQ(lines.size(), 18u);
  for (const std::string& line : lines) EXPECT_THAT(line, HasSubstr(" read_held=6 "));
}

TEST_F(RunnerTest, AFailingPageGoesToQuarantineAloneAndItsDossierGoesOn) {
  const RunSummary s =
      Run(PagePipeline(", fail_pages: [r2/3], unreadable_pages: [r1/0, r3/5]"), 2);
  EXPECT_TRUE(s.accounted());
  EXPECT_EQ(s.units_in, 18);
  EXPECT_EQ(s.units_quarantined, 3);
  EXPECT_EQ(s.units_out, 15);
  const std::vector<std::string> lines = PageLines(dir_ / "out/pages.txt");
  ASSERT_EQ(lines.size(), 15u);
  EXPECT_EQ(lines[0].substr(0, 11), "page r1 1 r");
  EXPECT_THAT(lines[0], HasSubstr(" whole_held=5"));
  const std::string quarantine = ReadFile(dir_ / "out/quarantine.jsonl");
  EXPECT_THAT(quarantine, HasSubstr(R"({"file":"scans","page":4,"row":2})"));
  EXPECT_THAT(quarantine, HasSubstr("plugin failed: simulated failure on a page"));
  EXPECT_EQ(std::count(quarantine.begin(), quarantine.end(), '\n'), 3);
}

}  // namespace
}  // namespace hoso::internal

namespace hoso::internal {
namespace {

constexpr const char* kFiftySeen =
    "stages:\n"
    "  - plugin: sequence_source\n"
    "    with: {count: 50}\n"
    "  - plugin: jitter_transform\n"
    "  - plugin: record_sink\n"
    "    with: {path: out/ids.txt}\n";

TEST_F(RunnerTest, FindingsPolicyChangesSeveritiesBeforeTheSinks) {
  RunSummary s = Run(std::string("findings:\n  severity: {test.*: warning}\n") + kFiftySeen, 2);
  EXPECT_EQ(s.findings_by_severity.at("warning"), 50);
  EXPECT_EQ(s.findings_by_rule.at("test.seen").at("warning"), 50);
  EXPECT_EQ(s.records_with_errors, 0);

  s = Run(std::string("findings:\n  severity: {test.seen: off}\n") + kFiftySeen, 2);
  EXPECT_TRUE(s.findings_by_severity.empty());
  EXPECT_THAT(ReadFile(dir_ / "out/ids.txt"), ::testing::Not(HasSubstr("test.seen")));
}

TEST_F(RunnerTest, TooManyRecordsWithErrorsFailTheRunAndPublishNothing) {
  const std::string errors = std::string("findings:\n  severity: {test.seen: error}\n");
  RunSummary s = Run(errors + kFiftySeen, 2);  // no limit: the run completes
  EXPECT_EQ(s.records_with_errors, 50);
  std::filesystem::remove(dir_ / "out/ids.txt");
  try {
    Run(errors + "  max_error_share: 0.5\n" + kFiftySeen, 2);
    ADD_FAILURE() << "the run should have failed";
  } catch (const RunError& e) {
    EXPECT_THAT(e.what(), HasSubstr("100.0 % of records (50 of 50) have an error finding, above "
                                    "findings.max_error_share 50.0 %; most errors: test.seen (50); "
                                    "nothing was published"));
  }
  EXPECT_FALSE(std::filesystem::exists(dir_ / "out/ids.txt"));
}

}  // namespace
}  // namespace hoso::internal
