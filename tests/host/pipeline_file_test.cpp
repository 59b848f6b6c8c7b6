// Pipeline files: every error names the file and line.
#include "pipeline_file.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "test_support.h"

namespace hoso::internal {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using namespace hoso::testing;

class PipelineFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = Scratch(std::string("pipeline_file_") +
                   ::testing::UnitTest::GetInstance()->current_test_info()->name());
    registry_.Scan({kEnginePlugins});
    ASSERT_TRUE(registry_.problems().empty());
  }

  // Loads and resolves; returns the errors.
  std::vector<std::string> Errors(const std::string& yaml) {
    const auto file = dir_ / "p.yaml";
    WriteFile(file, yaml);
    std::vector<std::string> errors;
    PipelineFile pf;
    if (LoadPipelineFile(file, &pf, &errors)) ResolvePipeline(pf, registry_, &resolved_, &errors);
    return errors;
  }

  std::string At(int line) { return (dir_ / "p.yaml").string() + ":" + std::to_string(line) + ": "; }

  std::filesystem::path dir_;
  PluginRegistry registry_;
  ResolvedPipeline resolved_;
};

TEST_F(PipelineFileTest, ResolvesAValidFileWithDefaultsAndPaths) {
  EXPECT_THAT(Errors("name: test\n"
                     "workers: 3\n"
                     "stages:\n"
                     "  - plugin: sequence_source\n"
                     "    with: {count: 5}\n"
                     "  - plugin: jitter_transform\n"
                     "  - plugin: record_sink\n"
                     "    with:\n"
                     "      path: out/ids.txt\n"),
              ElementsAre());
  ASSERT_EQ(resolved_.stages.size(), 3u);
  EXPECT_EQ(resolved_.file.workers, 3);
  EXPECT_EQ(resolved_.stages[0].label, "1:sequence_source");
  EXPECT_EQ(resolved_.stages[0].options.Int("count"), 5);
  EXPECT_EQ(resolved_.stages[0].options.Int("bad_every"), 0);  // default
  EXPECT_DOUBLE_EQ(resolved_.stages[1].options.Double("ratio"), 0.5);
  EXPECT_EQ(resolved_.stages[2].options.String("path"), (dir_ / "out/ids.txt").string());
  EXPECT_EQ(resolved_.file.quarantine, dir_ / "out/quarantine.jsonl");
}

TEST_F(PipelineFileTest, UnknownOptionNamesItsLineAndSuggests) {
  EXPECT_THAT(Errors("stages:\n"
                     "  - plugin: sequence_source\n"
                     "    with:\n"
                     "      cuont: 5\n"
                     "  - plugin: record_sink\n"
                     "    with: {path: x}\n"),
              ElementsAre(At(4) + "stage 1 (sequence_source): unknown option 'cuont' for plugin "
                                  "sequence_source (did you mean 'count'?)"));
}

TEST_F(PipelineFileTest, WrongTypeAndRangeAreRefused) {
  EXPECT_THAT(Errors("stages:\n"
                     "  - plugin: sequence_source\n"
                     "    with:\n"
                     "      count: many\n"
                     "      bad_every: -2\n"
                     "  - plugin: jitter_transform\n"
                     "    with: {mode: quick, ratio: 1.5, fail_ids: {a: b}}\n"
                     "  - plugin: record_sink\n"
                     "    with: {path: x}\n"),
              ElementsAre(At(4) + "stage 1 (sequence_source): option 'count': expected an integer",
                          At(5) + "stage 1 (sequence_source): option 'bad_every': must be >= 0",
                          At(7) + "stage 2 (jitter_transform): option 'fail_ids': expected a list",
                          At(7) + "stage 2 (jitter_transform): option 'mode': must be one of "
                                  "fast|slow",
                          At(7) + "stage 2 (jitter_transform): option 'ratio': must be 0..1"));
}

TEST_F(PipelineFileTest, MissingRequiredOptionPointsAtTheStage) {
  EXPECT_THAT(Errors("stages:\n"
                     "  - plugin: sequence_source\n"
                     "  - plugin: record_sink\n"),
              ElementsAre(At(3) + "stage 2 (record_sink): missing required option 'path' for "
                                  "plugin record_sink"));
}

TEST_F(PipelineFileTest, UnknownPluginAndKeysAreNamed) {
  EXPECT_THAT(Errors("workrs: 2\n"
                     "stages:\n"
                     "  - plugin: sequence_sourse\n"
                     "  - plugin: record_sink\n"
                     "    wiht: {path: x}\n"),
              ElementsAre(At(1) + "unknown key 'workrs' (did you mean 'workers'?)",
                          At(5) + "unknown stage key 'wiht'; a stage has 'plugin', 'with' and 'isolate'"));
  EXPECT_THAT(Errors("stages:\n"
                     "  - plugin: sequence_sourse\n"
                     "  - plugin: record_sink\n"
                     "    with: {path: x}\n"),
              ElementsAre(At(2) + "stage 1: no plugin named 'sequence_sourse' in the plugin path "
                                  "(did you mean 'sequence_source'?)"));
}

TEST_F(PipelineFileTest, StageOrderMustBeRunnable) {
  EXPECT_THAT(Errors("stages:\n"
                     "  - plugin: jitter_transform\n"
                     "  - plugin: sequence_source\n"
                     "  - plugin: record_sink\n"
                     "    with: {path: x}\n"
                     "  - plugin: tally_batch\n"),
              ElementsAre(At(3) + "stage 2:sequence_source: sources must come before all other stages",
                          At(6) + "stage 4:tally_batch: sinks must be the last stages"));
}

TEST_F(PipelineFileTest, InvalidYamlGivesItsLine) {
  const auto errors = Errors("stages:\n  - plugin: sequence_source\n    with: {count: [1, 2}\n");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_THAT(errors[0], HasSubstr(At(3) + "invalid YAML"));
}

// Found by the hostile-input corpus: yaml-cpp's message for nesting past its
// depth limit is "bad file", as if the file were missing.
TEST_F(PipelineFileTest, NestingTooDeepSaysSo) {
  const std::string flow = "stages: " + std::string(100000, '[') + std::string(100000, ']') + "\n";
  std::string block = "stages:\n";
  for (int i = 1; i < 1500; ++i) block += std::string(2 * i, ' ') + "- a:\n";
  for (const std::string& yaml : {flow, block}) {
    const auto errors = Errors(yaml);
    ASSERT_EQ(errors.size(), 1u);
    EXPECT_THAT(errors[0], HasSubstr((dir_ / "p.yaml").string() + ":"));
    EXPECT_THAT(errors[0], HasSubstr(": invalid YAML: nested too deep for the YAML parser"));
    EXPECT_THAT(errors[0], ::testing::Not(HasSubstr("bad file")));
  }
}

TEST_F(PipelineFileTest, NoStagesIsAnError) {
  EXPECT_THAT(Errors("name: empty\n"),
              ElementsAre(At(1) + "missing 'stages': list the plugins to run, each as '- plugin: NAME'"));
}

}  // namespace
}  // namespace hoso::internal

namespace hoso::internal {
namespace {

TEST_F(PipelineFileTest, FindingsPolicyIsReadAndCheckedWithLines) {
  EXPECT_THAT(Errors("findings:\n"
                     "  severity:\n"
                     "    vn.dates.order: fatal\n"
                     "  max_error_share: 5\n"
                     "  fail_on: error\n"
                     "stages:\n"
                     "  - plugin: sequence_source\n"
                     "  - plugin: record_sink\n"
                     "    with: {path: out.txt}\n"),
              ElementsAre(At(5) + "unknown key 'findings.fail_on'; allowed: severity, max_error_share",
                          At(3) + "'findings.severity.vn.dates.order' must be info, warning, error or off, not 'fatal'",
                          At(4) + "'findings.max_error_share' must be a number from 0 to 1 (0.05 = fail when more than 5 % of records have an error)"));
  EXPECT_THAT(Errors("findings:\n"
                     "  severity: {vn.dates.order: warning, vn.place.*: off, vn.place.unknown: error}\n"
                     "  max_error_share: 0.05\n"
                     "stages:\n"
                     "  - plugin: sequence_source\n"
                     "  - plugin: record_sink\n"
                     "    with: {path: out.txt}\n"),
              ElementsAre());
  const FindingsPolicy& policy = resolved_.file.findings;
  EXPECT_DOUBLE_EQ(policy.max_error_share, 0.05);
  EXPECT_EQ(policy.Apply("vn.dates.order", Severity::kError), Severity::kWarning);
  EXPECT_EQ(policy.Apply("vn.place.ambiguous", Severity::kWarning), std::nullopt);
  EXPECT_EQ(policy.Apply("vn.place.unknown", Severity::kWarning), Severity::kError);  // exact wins
  EXPECT_EQ(policy.Apply("vn.placement", Severity::kInfo), Severity::kInfo);  // not under vn.place.
  EXPECT_EQ(policy.Apply("core.required", Severity::kError), Severity::kError);
}

}  // namespace
}  // namespace hoso::internal
