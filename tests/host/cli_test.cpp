// The hoso executable, run as a user runs it.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "test_support.h"

namespace hoso::testing {
namespace {

using ::testing::HasSubstr;

TEST(Cli, PluginsListsEveryBundledPluginWithOptions) {
  const CommandResult r = RunHoso("plugins");
  EXPECT_EQ(r.status, 0) << r.output;
  for (const char* name : {"csv_source", "jsonl_sink", "handbook_sqlite", "required_fields"}) {
    EXPECT_THAT(r.output, HasSubstr(std::string(name) + " ")) << name;
  }
  EXPECT_THAT(r.output, HasSubstr("csv_source 1.0.0 (source)"));
  EXPECT_THAT(r.output, HasSubstr("  path (path, required)"));
}

TEST(Cli, ABogusFileInThePluginPathGetsOneLine) {
  const auto dir = Scratch("cli_bogus");
  WriteFile(dir / "bogus.so", "garbage");
  const CommandResult r = RunHoso("plugins --plugin-path " + dir.string() + " --plugin-path " +
                                  kEnginePlugins);
  EXPECT_EQ(r.status, 1);
  EXPECT_THAT(r.output, HasSubstr("hoso: " + (dir / "bogus.so").string() +
                                  ": not a shared library; remove it from the plugin path\n"));
  EXPECT_THAT(r.output, HasSubstr("sequence_source 1.0.0 (source): Test source of numbered records"));
  EXPECT_THAT(r.output, HasSubstr("  count (int, default 100, 0..10000000): rows"));
  EXPECT_THAT(r.output, HasSubstr("  mode (fast|slow, default fast): unused"));
}

TEST(Cli, PluginCommandsAreLookedUpInThePluginPathToo) {
  const CommandResult r =
      RunHoso("page_echo --plugin-path " + kEnginePlugins + " one --two three");
  EXPECT_EQ(r.status, 0) << r.output;
  EXPECT_EQ(r.output, "one --two three\n");
  const CommandResult missing = RunHoso("page_echo one");
  EXPECT_NE(missing.status, 0);
  EXPECT_THAT(missing.output, HasSubstr("unknown command 'page_echo'"));
}

TEST(Cli, CheckReportsFileAndLine) {
  const auto dir = Scratch("cli_check");
  WriteFile(dir / "bad.yaml",
            "stages:\n"
            "  - plugin: sequence_source\n"
            "    with: {count: lots}\n"
            "  - plugin: record_sink\n"
            "    with: {path: out.txt}\n");
  const CommandResult r =
      RunHoso("check --plugin-path " + kEnginePlugins + " " + (dir / "bad.yaml").string());
  EXPECT_EQ(r.status, 1);
  EXPECT_THAT(r.output, HasSubstr((dir / "bad.yaml").string() +
                                  ":3: stage 1 (sequence_source): option 'count': expected an integer\n"));
}

TEST(Cli, RunPrintsASummaryThatAccountsForEveryInput) {
  const auto dir = Scratch("cli_run");
  WriteFile(dir / "p.yaml",
            "stages:\n"
            "  - plugin: sequence_source\n"
            "    with: {count: 30, bad_every: 10}\n"
            "  - plugin: record_sink\n"
            "    with: {path: out/ids.txt}\n");
  const CommandResult r = RunHoso("run --progress none --plugin-path " + kEnginePlugins +
                                  " --summary " + (dir / "summary.json").string() + " " +
                                  (dir / "p.yaml").string());
  EXPECT_EQ(r.status, 0) << r.output;
  EXPECT_THAT(r.output, HasSubstr("inputs:  30 units (files, pages, rows): 27 written, 3 quarantined"));
  EXPECT_THAT(r.output, HasSubstr("quarantined sequence.csv row 10: malformed"));
  EXPECT_THAT(ReadFile(dir / "summary.json"), HasSubstr("\"accounted\": true"));
}

TEST(Cli, AFactoryThatThrowsFailsTheRunBeforeAnyInput) {
  const auto dir = Scratch("cli_factory");
  WriteFile(dir / "p.yaml",
            "stages:\n"
            "  - plugin: sequence_source\n"
            "  - plugin: throwing_factory\n"
            "  - plugin: record_sink\n"
            "    with: {path: out/ids.txt}\n");
  const CommandResult r = RunHoso("run --progress none --plugin-path " + kEnginePlugins +
                                  " --plugin-path " + kBrokenPlugins + " " + (dir / "p.yaml").string());
  EXPECT_EQ(r.status, 1);
  EXPECT_THAT(r.output, HasSubstr("hoso: run failed, nothing was written: " + (dir / "p.yaml").string() +
                                  ":3: stage 2:throwing_factory: throwing_factory: reference data missing"));
  EXPECT_FALSE(std::filesystem::exists(dir / "out/ids.txt"));
}

TEST(Cli, UnknownCommandIsAUsageError) {
  const CommandResult r = RunHoso("frobnicate");
  EXPECT_EQ(r.status, 2);
  EXPECT_THAT(r.output, HasSubstr("unknown command 'frobnicate'"));
}

}  // namespace
}  // namespace hoso::testing
