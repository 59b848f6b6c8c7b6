// Fuzz target `pipeline_file`: YAML text through the pipeline-file loader
// (LoadPipelineFile), then every stage's `with:` through the host's option
// parser against a table holding each option type, and the findings policy
// applied to a few rule ids: everything `hoso check` does short of loading
// plugin libraries.
//
// YAML from a stranger can be an alias bomb (anchors referring to anchors,
// a billion nodes once expanded) or nested thousands deep; the loader must
// answer with errors in bounded time and memory, never a crash.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "hoso/options.h"
#include "hoso/plugin.h"
#include "memory_file.h"
#include "option_parsing.h"
#include "pipeline_file.h"

namespace {

// One option of each type, named like real ones so seeds from examples/
// reach them.
constexpr hoso::OptionSpec kOptions[] = {
    {.name = "path", .type = hoso::OptionType::kPath, .required = true},
    {.name = "delimiter", .type = hoso::OptionType::kString, .default_value = "\",\""},
    {.name = "workers", .type = hoso::OptionType::kInt, .default_value = "4", .min = 1, .max = 64},
    {.name = "sauvola_k",
     .type = hoso::OptionType::kDouble,
     .default_value = "0.34",
     .min = 0.01,
     .max = 1.0},
    {.name = "bom", .type = hoso::OptionType::kBool, .default_value = "false"},
    {.name = "encoding",
     .type = hoso::OptionType::kEnum,
     .default_value = "auto",
     .choices = "auto|unicode|tcvn3|vni"},
    {.name = "fields", .type = hoso::OptionType::kStringList, .default_value = "[a, b]"},
    {.name = "columns", .type = hoso::OptionType::kStringMap, .default_value = "{}"},
};

// Never created: ParseOptions only reads the table.
class NoPlugin : public hoso::Plugin {
 public:
  explicit NoPlugin(const hoso::Options& options) { (void)options; }
};

constexpr hoso::PluginDescriptor kDescriptor = hoso::MakeDescriptor<NoPlugin>(
    hoso::PluginKind::kTransform, "fuzz_options", "1.0.0", "every option type", kOptions);

[[noreturn]] void Fail(const char* what) {
  std::fprintf(stderr, "pipeline_file invariant broken: %s\n", what);
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static hoso::fuzz::MemoryFile memory("pipeline_file");
  memory.Write(data, size);

  hoso::internal::PipelineFile file;
  std::vector<std::string> errors;
  const bool loaded = hoso::internal::LoadPipelineFile(memory.path(), &file, &errors);
  if (!loaded && errors.empty()) Fail("refused without saying why");
  if (loaded && !errors.empty()) Fail("accepted with errors");
  if (loaded && file.stages.empty()) Fail("accepted without stages");
  for (const std::string& error : errors) {
    // Every message names the file, so `hoso check` output can be acted on.
    if (error.rfind(memory.path().string(), 0) != 0) Fail("an error that does not name the file");
  }

  for (const hoso::internal::StageSpec& stage : file.stages) {
    hoso::Options options;
    std::vector<hoso::internal::OptionError> option_errors;
    const bool parsed = hoso::internal::ParseOptions(kDescriptor, stage.with, file.base_dir,
                                                     &options, &option_errors);
    if (!parsed && option_errors.empty()) Fail("options refused without saying why");
    if (parsed) {
      // Every option with a default or given is readable with its own type.
      (void)options.String("delimiter");
      (void)options.Int("workers");
      (void)options.Double("sauvola_k");
      (void)options.Bool("bom");
      (void)options.String("encoding");
      (void)options.List("fields");
      (void)options.Map("columns");
      (void)options.String("path");
    }
  }
  for (const char* rule : {"vn.place.unknown", "core.required", "", ".*", "vn."}) {
    (void)file.findings.Apply(rule, hoso::Severity::kWarning);
  }
  return 0;
}
