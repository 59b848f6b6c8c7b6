// Isolated stages: the real engine runs a test plugin in hoso-worker child
// processes; a crash, a hang and a runaway allocation each cost one page.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <set>
#include <sstream>

#include "runner.h"
#include "test_support.h"

namespace hoso::internal {
namespace {

using ::testing::HasSubstr;
using namespace hoso::testing;

class IsolationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = Scratch(::testing::UnitTest::GetInstance()->current_test_info()->name());
    registry_.Scan({kEnginePlugins});
  }

  RunSummary Run(const std::string& yaml, int workers) {
    WriteFile(dir_ / "p.yaml", yaml);
    std::vector<std::string> errors;
    PipelineFile pf;
    EXPECT_TRUE(LoadPipelineFile(dir_ / "p.yaml", &pf, &errors))
        << ::testing::PrintToString(errors);
    ResolvedPipeline resolved;
    EXPECT_TRUE(ResolvePipeline(pf, registry_, &resolved, &errors))
        << ::testing::PrintToString(errors);
    RunSettings settings;
    settings.workers = workers;
    settings.show_progress = false;
    settings.log_level = LogLevel::kError;
    return RunPipeline(resolved, settings);
  }

  // Three six-page dossiers; the reading stage runs with `isolate` and
  // `options`, then a second isolated stage wants each dossier whole.
  std::string Pipeline(const std::string& isolate, const std::string& options) {
    return "stages:\n"
           "  - plugin: sequence_source\n"
           "    with: {count: 3, pages: 6, file: scans}\n"
           "  - plugin: page_reader\n"
           "    isolate: " +
           isolate +
           "\n"
           "    with: {sleep_ms: 5" +
           options +
           "}\n"
           "  - plugin: page_reader\n"
           "    isolate: " +
           isolate +
           "\n"
           "    with: {by_page: false, tag: whole}\n"
           "  - plugin: record_sink\n"
           "    with: {path: out/pages.txt}\n";
  }

  std::vector<std::string> PageLines() {
    std::vector<std::string> lines;
    std::istringstream in(ReadFile(dir_ / "out/pages.txt"));
    for (std::string line; std::getline(in, line);) {
      if (line.rfind("page ", 0) == 0) lines.push_back(line);
    }
    return lines;
  }

  std::filesystem::path dir_;
  PluginRegistry registry_;
};

TEST_F(IsolationTest, IsolatedStagesRunInChildProcessesAndWriteTheSameOutput) {
  const RunSummary in_process = Run(Pipeline("false", ""), 2);
  std::vector<std::string> expected = PageLines();
  const RunSummary isolated = Run(Pipeline("true", ""), 2);
  std::vector<std::string> lines = PageLines();
  ASSERT_EQ(lines.size(), 18u);
  EXPECT_TRUE(isolated.accounted());
  std::set<std::string> pids;
  for (size_t i = 0; i < lines.size(); ++i) {
    const size_t at = lines[i].find("read_pid=") + 9;
    pids.insert(lines[i].substr(at, lines[i].find(' ', at) - at));
    // Workers differ from run to run; everything else is the same.
    EXPECT_EQ(WithoutPids(lines[i]).substr(0, 20), WithoutPids(expected[i]).substr(0, 20));
    EXPECT_THAT(lines[i], HasSubstr(" whole_held=6"));
    EXPECT_THAT(lines[i], HasSubstr(" read_held=1 ")) << "pages spread over the workers";
  }
  EXPECT_EQ(pids.count(std::to_string(getpid())), 0u);
  EXPECT_EQ(pids.size(), 2u) << "one child per worker, kept for the whole run";
  // Plugin time is the children's, counted per stage.
  EXPECT_EQ(isolated.stages[1].items, 3);
  EXPECT_EQ(isolated.stages[2].items, 3);
  EXPECT_GT(isolated.stages[1].seconds, 18 * 0.005 * 0.9);
  EXPECT_EQ(in_process.units_out, isolated.units_out);
}

TEST_F(IsolationTest, ACrashQuarantinesThePageAndANewProcessTakesOver) {
  const RunSummary s = Run(Pipeline("true", ", crash_pages: [r1/2, r2/3]"), 2);
  EXPECT_TRUE(s.accounted());
  EXPECT_EQ(s.units_in, 18);
  EXPECT_EQ(s.units_quarantined, 2);
  EXPECT_EQ(s.units_out, 16);
  EXPECT_EQ(s.quarantined_by_stage.at("2:page_reader"), 2);
  const std::string quarantine = ReadFile(dir_ / "out/quarantine.jsonl");
  EXPECT_THAT(quarantine, HasSubstr(R"("unit":{"file":"scans","page":3,"row":1})"));
  EXPECT_THAT(quarantine, HasSubstr("plugin failed: worker process crashed (signal 11, SIGSEGV"));
  const std::vector<std::string> lines = PageLines();
  ASSERT_EQ(lines.size(), 16u);
  EXPECT_EQ(lines[2].substr(0, 10), "page r1 3 ");
  EXPECT_THAT(lines[2], HasSubstr(" whole_held=5"));
  std::set<std::string> pids;
  for (const std::string& line : lines) {
    const size_t at = line.find("read_pid=") + 9;
    pids.insert(line.substr(at, line.find(' ', at) - at));
  }
  EXPECT_GE(pids.size(), 3u) << "crashed processes were replaced";
}

TEST_F(IsolationTest, AHangPastTheDeadlineQuarantinesThePage) {
  const RunSummary s = Run(Pipeline("{deadline_seconds: 1}", ", hang_pages: [r3/0]"), 2);
  EXPECT_TRUE(s.accounted());
  EXPECT_EQ(s.units_quarantined, 1);
  EXPECT_EQ(s.units_out, 17);
  EXPECT_THAT(ReadFile(dir_ / "out/quarantine.jsonl"),
              HasSubstr("plugin failed: worker process still busy after the deadline of 1 s"));
}

TEST_F(IsolationTest, MemoryPastTheCeilingQuarantinesThePage) {
  const RunSummary s = Run(Pipeline("{memory_mib: 400}", ", grow_pages: [r2/5]"), 2);
  EXPECT_TRUE(s.accounted());
  EXPECT_EQ(s.units_quarantined, 1);
  EXPECT_EQ(s.units_out, 17);
  EXPECT_THAT(ReadFile(dir_ / "out/quarantine.jsonl"),
              HasSubstr("MiB, above the ceiling of 400 MiB; stopped (isolate.memory_mib)"));
}

TEST_F(IsolationTest, APluginRefusingItsOptionsInTheChildFailsTheRunNamingTheStage) {
  try {
    Run(Pipeline("true", ", refuse: true"), 2);
    FAIL() << "run started";
  } catch (const RunError& e) {
    EXPECT_THAT(e.what(), HasSubstr("stage 2:page_reader: page_reader: refused by its options"));
  }
}

TEST_F(IsolationTest, OnlyTransformsAndValidatorsRunIsolated) {
  WriteFile(dir_ / "p.yaml",
            "stages:\n"
            "  - plugin: sequence_source\n"
            "    isolate: true\n"
            "  - plugin: page_reader\n"
            "    isolate: {deadline_seconds: 0, memory_mib: 2.5, speed: 3}\n"
            "  - plugin: record_sink\n"
            "    isolate: maybe\n"
            "    with: {path: out/pages.txt}\n");
  std::vector<std::string> errors;
  PipelineFile pf;
  EXPECT_FALSE(LoadPipelineFile(dir_ / "p.yaml", &pf, &errors));
  const std::string all = ::testing::PrintToString(errors);
  EXPECT_THAT(all, HasSubstr("p.yaml:5: 'isolate.deadline_seconds' must be a number of seconds"));
  EXPECT_THAT(all, HasSubstr("p.yaml:5: 'isolate.memory_mib' must be a whole number of MiB"));
  EXPECT_THAT(all, HasSubstr("p.yaml:5: unknown key 'isolate.speed'"));
  EXPECT_THAT(all, HasSubstr("p.yaml:7: 'isolate' is true, false, or a mapping"));

  WriteFile(dir_ / "p.yaml",
            "stages:\n"
            "  - plugin: sequence_source\n"
            "    isolate: true\n"
            "  - plugin: record_sink\n"
            "    with: {path: out/pages.txt}\n");
  errors.clear();
  ASSERT_TRUE(LoadPipelineFile(dir_ / "p.yaml", &pf, &errors));
  ResolvedPipeline resolved;
  EXPECT_FALSE(ResolvePipeline(pf, registry_, &resolved, &errors));
  EXPECT_THAT(::testing::PrintToString(errors),
              HasSubstr("p.yaml:3: stage 1 (sequence_source): only transforms and validators "
                        "run isolated; this is a source"));
}

}  // namespace
}  // namespace hoso::internal
