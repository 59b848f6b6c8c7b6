// The loader's refusals, on real shared libraries built in the test tree.
#include "plugin_library.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "plugin_registry.h"
#include "test_support.h"

namespace hoso::internal {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;
using namespace hoso::testing;

std::string OpenError(const std::filesystem::path& file) {
  try {
    PluginLibrary::Open(file);
  } catch (const LoadError& e) {
    return e.what();
  }
  return "";
}

TEST(PluginLibrary, LoadsAValidPluginAndReadsItsTable) {
  auto library = PluginLibrary::Open(kEnginePlugins + "/jitter_transform.so");
  EXPECT_EQ(library->name(), "jitter_transform");
  EXPECT_EQ(library->kind(), PluginKind::kTransform);
  ASSERT_EQ(library->options().size(), 7u);
  EXPECT_STREQ(library->options()[0]->name, "fail_ids");
}

TEST(PluginLibrary, RefusesALibraryWithoutDescriptor) {
  const std::string file = kBrokenPlugins + "/no_descriptor.so";
  const std::string error = OpenError(file);
  EXPECT_THAT(error, StartsWith(file + ": not a hoso plugin"));
  EXPECT_THAT(error, HasSubstr("remove it from the plugin path"));
}

TEST(PluginLibrary, RefusesAnAbiMismatchNamingBothVersions) {
  const std::string error = OpenError(kBrokenPlugins + "/wrong_abi.so");
  EXPECT_THAT(error, HasSubstr("built for plugin ABI 99, this hoso speaks ABI " + std::to_string(kAbiVersion)));
  EXPECT_THAT(error, HasSubstr("rebuild the plugin"));
}

TEST(PluginLibrary, RefusesAFileThatIsNotALibrary) {
  const auto dir = Scratch("bogus");
  WriteFile(dir / "bogus.so", "this is not an ELF file\n");
  EXPECT_EQ(OpenError(dir / "bogus.so"),
            (dir / "bogus.so").string() + ": not a shared library; remove it from the plugin path");
  WriteFile(dir / "empty.so", "");
  EXPECT_THAT(OpenError(dir / "empty.so"), HasSubstr("not a shared library"));
}

TEST(PluginLibrary, RefusesAbsurdDescriptorStrings) {
  EXPECT_THAT(OpenError(kBrokenPlugins + "/long_description.so"),
              HasSubstr("description must be one line of at most 200 characters"));
  // long_strings_N: one 100,000-byte string each (tests/plugins/long_strings.cpp).
  const std::string hostile = std::string(HOSO_TEST_PLUGINS) + "/hostile/long_strings_";
  EXPECT_THAT(OpenError(hostile + "1.so"), HasSubstr("plugin name must match"));
  EXPECT_THAT(OpenError(hostile + "2.so"), HasSubstr("plugin version is missing or longer than 32"));
  EXPECT_THAT(OpenError(hostile + "3.so"), HasSubstr("an option with an invalid name"));
  EXPECT_THAT(OpenError(hostile + "4.so"), HasSubstr("help of option 'mode' is longer than 1000"));
  // Said "lists no choices" before the hostile-input corpus.
  EXPECT_THAT(OpenError(hostile + "5.so"),
              HasSubstr("choices of option 'mode' are longer than 1000 bytes; fix the plugin"));
  EXPECT_THAT(OpenError(hostile + "6.so"), HasSubstr("default of option 'mode' is too long"));
  EXPECT_THAT(OpenError(hostile + "7.so"), HasSubstr("descriptor command table is invalid"));
}

TEST(PluginLibrary, RefusesADefaultOutsideItsOwnRange) {
  EXPECT_THAT(OpenError(kBrokenPlugins + "/bad_default.so"),
              HasSubstr("default of option 'limit' is invalid (must be 0..100)"));
}

TEST(PluginLibrary, ReportsAThrowingFactoryAsOneLine) {
  auto library = PluginLibrary::Open(kBrokenPlugins + "/throwing_factory.so");
  try {
    library->Create(Options());
    FAIL() << "factory should have thrown";
  } catch (const LoadError& e) {
    EXPECT_EQ(std::string(e.what()), "throwing_factory: reference data missing");
  }
}

TEST(PluginLibrary, AnObjectKeepsItsLibraryLoaded) {
  std::shared_ptr<Plugin> plugin;
  {
    auto library = PluginLibrary::Open(kEnginePlugins + "/tally_batch.so");
    Options options;
    options.Set("drop_first", std::string("no"));
    plugin = library->Create(options);
  }
  // The library handle is gone; the object's code must still be mapped.
  RecordSet set;
  set.dossiers.resize(3);
  struct NullContext : Context {
    void Quarantine(const Provenance&, std::string_view, std::string_view) override {}
    void Log(LogLevel, std::string_view) override {}
    const std::filesystem::path& BaseDir() const override { return dir; }
    int Worker() const override { return 0; }
    uint64_t Seed() const override { return 0; }
    std::filesystem::path dir;
  } ctx;
  static_cast<Batch&>(*plugin).Process(set, ctx);
  ASSERT_EQ(set.tables.size(), 1u);
  EXPECT_EQ(std::get<int64_t>(set.tables[0].rows[0][0]), 3);
}

TEST(PluginRegistry, ReportsEachBrokenFileOnOneLineAndKeepsTheRest) {
  PluginRegistry registry;
  registry.Scan({kBrokenPlugins});
  EXPECT_EQ(registry.problems().size(), 4u);
  for (const std::string& line : registry.problems()) {
    EXPECT_THAT(line, StartsWith(kBrokenPlugins + "/"));
    EXPECT_EQ(line.find('\n'), std::string::npos);
  }
  EXPECT_NE(registry.Find("throwing_factory"), nullptr);
  EXPECT_EQ(registry.Find("wrong_abi"), nullptr);
}

TEST(PluginRegistry, RefusesTwoPluginsWithOneName) {
  PluginRegistry registry;
  registry.Scan({kDuplicatePlugins});
  ASSERT_EQ(registry.problems().size(), 1u);
  EXPECT_THAT(registry.problems()[0], HasSubstr("plugin name 'twin' is also used by"));
  EXPECT_THAT(registry.problems()[0], HasSubstr("twin_a.so"));
  EXPECT_THAT(registry.problems()[0], HasSubstr("twin_b.so"));
  EXPECT_EQ(registry.Find("twin"), nullptr);
}

}  // namespace
}  // namespace hoso::internal
