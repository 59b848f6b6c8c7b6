// Plugin trust: who may write a plugin folder or file, and pins by SHA-256.
// Every refusal must come before the library is loaded: load_marker appends
// a line to a file when its code runs, so a refused copy must leave none.
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "pipeline_file.h"
#include "plugin_library.h"
#include "plugin_registry.h"
#include "sha256.h"
#include "test_support.h"

namespace hoso::internal {
namespace {

namespace fs = std::filesystem;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using namespace hoso::testing;

const fs::path kLoadMarker = fs::path(HOSO_TEST_PLUGINS) / "trust" / "load_marker.so";
const fs::path kJitter = fs::path(kEnginePlugins) / "jitter_transform.so";

std::string FileSha256(const fs::path& file) { return Sha256Hex(ReadFile(file)); }

class PluginTrustTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = Scratch(std::string("trust_") +
                   ::testing::UnitTest::GetInstance()->current_test_info()->name());
    plugins_ = Folder("plugins");
    marker_ = dir_ / "loaded.txt";
    ::setenv("HOSO_TEST_LOAD_MARKER", marker_.c_str(), 1);
  }
  void TearDown() override { ::unsetenv("HOSO_TEST_LOAD_MARKER"); }

  // A plugin folder of our own, mode 0755 whatever the umask.
  fs::path Folder(const std::string& name) {
    const fs::path folder = dir_ / name;
    fs::create_directories(folder);
    fs::permissions(folder, fs::perms(0755));
    return folder;
  }

  // A copy of `library` in `folder` (as `name`), mode 0755.
  static fs::path Copy(const fs::path& library, const fs::path& folder, const std::string& name) {
    const fs::path file = folder / name;
    fs::copy_file(library, file, fs::copy_options::overwrite_existing);
    fs::permissions(file, fs::perms(0755));
    return file;
  }

  // How many times load_marker's code has run.
  int Loads() const {
    const std::string text = ReadFile(marker_);
    return static_cast<int>(std::count(text.begin(), text.end(), '\n'));
  }

  static std::string OpenError(const fs::path& file, const OpenOptions& options = {}) {
    try {
      PluginLibrary::Open(file, options);
    } catch (const LoadError& e) {
      return e.what();
    }
    return "";
  }

  static PluginPin Pin(const std::string& name, const std::string& sha256) {
    return {.name = name, .sha256 = sha256, .where = "p.yaml:3", .line = 3};
  }

  fs::path dir_;
  fs::path plugins_;
  fs::path marker_;
};

TEST_F(PluginTrustTest, TheMarkerShowsWhenALibraryIsLoaded) {
  const fs::path file = Copy(kLoadMarker, plugins_, "load_marker.so");
  auto library = PluginLibrary::Open(file);
  EXPECT_EQ(library->name(), "load_marker");
  EXPECT_EQ(Loads(), 1);
  EXPECT_EQ(library->sha256(), "");  // hashed only when asked
}

TEST_F(PluginTrustTest, RefusesAWorldWritableFileBeforeLoadingIt) {
  const fs::path file = Copy(kLoadMarker, plugins_, "load_marker.so");
  fs::permissions(file, fs::perms(0777));
  EXPECT_EQ(OpenError(file), file.string() +
                                 ": plugin file is writable by every user, so it is "
                                 "not loaded; run `chmod o-w " +
                                 file.string() + "`");

  PluginRegistry registry;
  registry.Scan({plugins_});
  EXPECT_THAT(registry.problems(), ElementsAre(HasSubstr("chmod o-w " + file.string())));
  EXPECT_EQ(registry.Find("load_marker"), nullptr);
  EXPECT_EQ(Loads(), 0);

  fs::permissions(file, fs::perms(0775));  // group-writable is the owner's business
  EXPECT_EQ(OpenError(file), "");
  EXPECT_EQ(Loads(), 1);
}

TEST_F(PluginTrustTest, RefusesEveryPluginOfAWorldWritableFolder) {
  Copy(kLoadMarker, plugins_, "load_marker.so");
  for (const fs::perms mode : {fs::perms(0777), fs::perms(01777)}) {  // sticky bit or not
    fs::permissions(plugins_, mode);
    PluginRegistry registry;
    registry.Scan({plugins_});
    EXPECT_THAT(registry.problems(),
                ElementsAre(plugins_.string() +
                            ": plugin folder is writable by every user, so none "
                            "of its plugins is loaded; run `chmod o-w " +
                            plugins_.string() + "`"));
    EXPECT_TRUE(registry.All().empty());
  }
  EXPECT_EQ(Loads(), 0);

  fs::permissions(plugins_, fs::perms(0755));
  PluginRegistry registry;
  registry.Scan({plugins_});
  EXPECT_TRUE(registry.problems().empty());
  EXPECT_NE(registry.Find("load_marker"), nullptr);
  EXPECT_EQ(Loads(), 1);
}

TEST_F(PluginTrustTest, RefusesAFolderOrFileOfAnotherUser) {
  if (::geteuid() != 0) GTEST_SKIP() << "giving a file to another user needs root";
  const uid_t nobody = 65534;
  const fs::path file = Copy(kLoadMarker, plugins_, "load_marker.so");
  ASSERT_EQ(::chown(file.c_str(), nobody, nobody), 0);
  EXPECT_EQ(OpenError(file), file.string() +
                                 ": plugin file belongs to another user (uid 65534), "
                                 "so it is not loaded; use one owned by you or root, "
                                 "or remove it from the plugin path");
  ASSERT_EQ(::chown(file.c_str(), 0, 0), 0);
  ASSERT_EQ(::chown(plugins_.c_str(), nobody, nobody), 0);
  PluginRegistry registry;
  registry.Scan({plugins_});
  EXPECT_THAT(
      registry.problems(),
      ElementsAre(plugins_.string() + ": plugin folder belongs to another user (uid 65534), "
                                      "so none of its plugins is loaded; use one owned by "
                                      "you or root"));
  EXPECT_EQ(Loads(), 0);
}

TEST_F(PluginTrustTest, APinnedLibraryLoadsWhenItsHashMatches) {
  const fs::path file = Copy(kLoadMarker, plugins_, "load_marker.so");
  PluginRegistry registry;
  registry.Scan({plugins_}, {.pins = {Pin("load_marker", FileSha256(file))}});
  EXPECT_TRUE(registry.problems().empty());
  ASSERT_NE(registry.Find("load_marker"), nullptr);
  EXPECT_EQ(registry.Find("load_marker")->sha256(), FileSha256(file));
  EXPECT_EQ(Loads(), 1);
}

TEST_F(PluginTrustTest, APinMismatchIsRefusedBeforeLoadingNamingBothHashes) {
  const fs::path file = Copy(kLoadMarker, plugins_, "load_marker.so");
  const std::string pinned = Sha256Hex("some other build");
  PluginRegistry registry;
  registry.Scan({plugins_}, {.pins = {Pin("load_marker", pinned)}});
  EXPECT_THAT(registry.problems(),
              ElementsAre(file.string() + ": plugin 'load_marker' is pinned to sha256 " + pinned +
                          " (p.yaml:3) but this file has sha256 " + FileSha256(file) +
                          "; not loaded. If the plugin was changed on purpose, pin the new hash; "
                          "otherwise reinstall the plugin that was pinned"));
  EXPECT_EQ(registry.Find("load_marker"), nullptr);
  EXPECT_EQ(Loads(), 0);
}

TEST_F(PluginTrustTest, WithPinsNoOtherLibraryIsLoaded) {
  Copy(kLoadMarker, plugins_, "load_marker.so");
  const fs::path jitter = Copy(kJitter, plugins_, "jitter_transform.so");
  PluginRegistry registry;
  registry.Scan({plugins_}, {.pins = {Pin("jitter_transform", FileSha256(jitter))}});
  EXPECT_TRUE(registry.problems().empty());
  EXPECT_NE(registry.Find("jitter_transform"), nullptr);
  EXPECT_EQ(registry.Find("load_marker"), nullptr);
  EXPECT_EQ(Loads(), 0);
}

TEST_F(PluginTrustTest, APinChecksTheFirstFileOfThatNameInThePath) {
  // A different library under the pinned plugin's file name, earlier in the
  // path: it is the one checked, and refused; the pinned copy behind it is
  // not taken instead.
  const fs::path earlier = Folder("earlier");
  const fs::path impostor = Copy(kJitter, earlier, "load_marker.so");
  const fs::path genuine = Copy(kLoadMarker, plugins_, "load_marker.so");
  PluginRegistry registry;
  registry.Scan({earlier, plugins_}, {.pins = {Pin("load_marker", FileSha256(genuine))}});
  EXPECT_THAT(registry.problems(),
              ElementsAre(HasSubstr(impostor.string() + ": plugin 'load_marker' is pinned to")));
  EXPECT_EQ(registry.Find("load_marker"), nullptr);
  EXPECT_EQ(Loads(), 0);
}

TEST_F(PluginTrustTest, APinnedFileMustHoldThePluginOfThatName) {
  const fs::path file = Copy(kJitter, plugins_, "load_marker.so");
  const PluginPin pin = Pin("load_marker", FileSha256(file));
  EXPECT_EQ(OpenError(file, {.pin = &pin}),
            file.string() +
                ": is pinned as plugin 'load_marker' (p.yaml:3) but is the plugin "
                "'jitter_transform'; pin it under its own name");
}

TEST_F(PluginTrustTest, HashesOnRequest) {
  const fs::path file = Copy(kLoadMarker, plugins_, "load_marker.so");
  PluginRegistry registry;
  registry.Scan({plugins_}, {.hash = true});
  ASSERT_NE(registry.Find("load_marker"), nullptr);
  EXPECT_EQ(registry.Find("load_marker")->sha256(), FileSha256(file));
}

class PinnedPipelineTest : public PluginTrustTest {
 protected:
  void SetUp() override {
    PluginTrustTest::SetUp();
    source_ = Copy(fs::path(kEnginePlugins) / "sequence_source.so", plugins_, "sequence_source.so");
    sink_ = Copy(fs::path(kEnginePlugins) / "record_sink.so", plugins_, "record_sink.so");
  }

  // Loads the file, scans with its pins as `hoso run` does, resolves;
  // returns the load problems and the errors.
  std::vector<std::string> Errors(const std::string& yaml) {
    const fs::path file = dir_ / "p.yaml";
    WriteFile(file, yaml);
    std::vector<std::string> errors;
    PipelineFile pf;
    if (!LoadPipelineFile(file, &pf, &errors)) return errors;
    pins_ = pf.pins;
    PluginRegistry registry;
    registry.Scan({plugins_}, {.pins = pf.pins});
    errors = registry.problems();
    ResolvedPipeline resolved;
    ResolvePipeline(pf, registry, &resolved, &errors);
    return errors;
  }

  std::string At(int line) {
    return (dir_ / "p.yaml").string() + ":" + std::to_string(line) + ": ";
  }

  fs::path source_;
  fs::path sink_;
  std::vector<PluginPin> pins_;
};

TEST_F(PinnedPipelineTest, ReadsPinsInEitherCase) {
  std::string upper = FileSha256(sink_);
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  EXPECT_THAT(Errors("plugins:\n"
                     "  sequence_source: {sha256: " +
                     FileSha256(source_) +
                     "}\n"
                     "  record_sink:\n"
                     "    sha256: " +
                     upper +
                     "\n"
                     "stages:\n"
                     "  - plugin: sequence_source\n"
                     "  - plugin: record_sink\n"
                     "    with: {path: out.txt}\n"),
              ElementsAre());
  ASSERT_EQ(pins_.size(), 2u);
  EXPECT_EQ(pins_[1].name, "record_sink");
  EXPECT_EQ(pins_[1].sha256, FileSha256(sink_));
  EXPECT_EQ(pins_[1].where, (dir_ / "p.yaml").string() + ":4");
}

TEST_F(PinnedPipelineTest, RefusesMalformedPins) {
  EXPECT_THAT(
      Errors("plugins: [sequence_source]\n"
             "stages:\n"
             "  - plugin: sequence_source\n"),
      ElementsAre(At(1) + "'plugins' must map plugin names to {sha256: ...}; `hoso plugins` "
                          "prints each plugin's sha256"));
  EXPECT_THAT(Errors("plugins:\n"
                     "  sequence_source: {sha256: abc, size: 3}\n"
                     "stages:\n"
                     "  - plugin: sequence_source\n"),
              ElementsAre(At(2) + "unknown key 'plugins.sequence_source.size'; a pinned plugin has "
                                  "'sha256'",
                          At(2) + "'plugins.sequence_source.sha256' must be 64 hex digits; `hoso "
                                  "plugins sequence_source` prints it"));
  EXPECT_THAT(Errors("plugins:\n"
                     "  sequence_source: " +
                     FileSha256(source_) +
                     "\n"
                     "stages:\n"
                     "  - plugin: sequence_source\n"),
              ElementsAre(At(2) + "'plugins.sequence_source' must be {sha256: <64 hex digits>}; "
                                  "`hoso plugins sequence_source` prints it"));
}

TEST_F(PinnedPipelineTest, AStageWhosePluginIsNotPinnedIsAnError) {
  EXPECT_THAT(Errors("plugins:\n"
                     "  sequence_source: {sha256: " +
                     FileSha256(source_) +
                     "}\n"
                     "stages:\n"
                     "  - plugin: sequence_source\n"
                     "  - plugin: record_sink\n"
                     "    with: {path: out.txt}\n"),
              ElementsAre(At(5) + "stage 2: plugin 'record_sink' is not pinned; this file pins its "
                                  "plugins, and only those are loaded: add 'record_sink: {sha256: "
                                  "...}' under 'plugins' (`hoso plugins record_sink` prints it)"));
}

TEST_F(PinnedPipelineTest, AMismatchFailsThePipelineAtThePin) {
  const std::vector<std::string> errors = Errors(
      "plugins:\n"
      "  sequence_source: {sha256: " +
      FileSha256(source_) +
      "}\n"
      "  record_sink: {sha256: " +
      FileSha256(source_) +
      "}\n"
      "stages:\n"
      "  - plugin: sequence_source\n"
      "  - plugin: record_sink\n"
      "    with: {path: out.txt}\n");
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_THAT(errors[0], HasSubstr(sink_.string() + ": plugin 'record_sink' is pinned to sha256 " +
                                   FileSha256(source_)));
  EXPECT_EQ(errors[1], At(3) +
                           "plugin 'record_sink' is pinned but was not loaded: no "
                           "record_sink.so in the plugin path, or it was refused (see above)");
}

TEST(PluginTrustCli, PluginsPrintsTheSha256ToPin) {
  const CommandResult r = RunHoso("plugins sequence_source --plugin-path " + kEnginePlugins);
  EXPECT_EQ(r.status, 0) << r.output;
  EXPECT_THAT(r.output, HasSubstr("  file: " + kEnginePlugins + "/sequence_source.so\n  sha256: " +
                                  FileSha256(kEnginePlugins + "/sequence_source.so") + "\n"));
}

TEST(PluginTrustCli, RunRefusesAMismatchedPinAndRunsAMatchingOne) {
  const auto dir = Scratch("trust_cli_run");
  const std::string source = FileSha256(kEnginePlugins + "/sequence_source.so");
  const std::string sink = FileSha256(kEnginePlugins + "/record_sink.so");
  auto pipeline = [&](const std::string& sink_pin) {
    return "plugins:\n"
           "  sequence_source: {sha256: " +
           source +
           "}\n"
           "  record_sink: {sha256: " +
           sink_pin +
           "}\n"
           "stages:\n"
           "  - plugin: sequence_source\n"
           "    with: {count: 3}\n"
           "  - plugin: record_sink\n"
           "    with: {path: out/ids.txt}\n";
  };
  WriteFile(dir / "good.yaml", pipeline(sink));
  CommandResult r = RunHoso("run --progress none --plugin-path " + kEnginePlugins + " " +
                            (dir / "good.yaml").string());
  EXPECT_EQ(r.status, 0) << r.output;
  EXPECT_TRUE(fs::exists(dir / "out/ids.txt"));

  WriteFile(dir / "bad.yaml", pipeline(source));
  r = RunHoso("run --progress none --plugin-path " + kEnginePlugins + " " +
              (dir / "bad.yaml").string());
  EXPECT_EQ(r.status, 1);
  EXPECT_THAT(r.output, HasSubstr("hoso: " + kEnginePlugins +
                                  "/record_sink.so: plugin "
                                  "'record_sink' is pinned to sha256 " +
                                  source + " (" + (dir / "bad.yaml").string() +
                                  ":3) but this file has sha256 " + sink + "; not loaded."));
  EXPECT_THAT(r.output, HasSubstr((dir / "bad.yaml").string() +
                                  ":3: plugin 'record_sink' is pinned but was not loaded"));
}

TEST(PluginTrustCli, PluginsReportsAWorldWritablePluginFolder) {
  const auto dir = Scratch("trust_cli_folder");
  fs::create_directories(dir / "plugins");
  fs::permissions(dir / "plugins", fs::perms(0777));
  const CommandResult r = RunHoso("plugins --plugin-path " + (dir / "plugins").string());
  EXPECT_THAT(r.output, HasSubstr("hoso: " + (dir / "plugins").string() +
                                  ": plugin folder is writable by every user, so none of its "
                                  "plugins is loaded; run `chmod o-w " +
                                  (dir / "plugins").string() + "`\n"));
}

}  // namespace
}  // namespace hoso::internal
