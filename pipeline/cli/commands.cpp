#include "commands.h"

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <tuple>

#include "option_parsing.h"
#include "pipeline_file.h"
#include "plugin_registry.h"
#include "runner.h"

namespace hoso::cli {
namespace {

using internal::PluginRegistry;

struct Arguments {
  std::vector<std::string> positional;
  std::vector<std::filesystem::path> plugin_path;
  int workers = 0;
  std::string progress = "auto";
  std::string summary;
  std::string report;  // --report: the batch report's HTML file
  std::string report_lang;
  bool verbose = false;
  bool fresh = false;
  bool no_journal = false;
  int journal_min_ms = 5;
  std::string from;  // requeue: the quarantine file to take the inputs from
  std::string error;
};

Arguments Parse(const std::vector<std::string>& args) {
  Arguments out;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    auto value = [&](const char* name) -> std::string {
      if (i + 1 >= args.size()) {
        out.error = std::string(name) + " needs a value";
        return "";
      }
      return args[++i];
    };
    if (a == "--plugin-path") {
      out.plugin_path.emplace_back(value("--plugin-path"));
    } else if (a == "--workers") {
      const std::string v = value("--workers");
      try {
        out.workers = std::stoi(v);
      } catch (const std::exception&) {
        out.workers = -1;
      }
      if (out.workers < 1 || out.workers > 256) out.error = "--workers must be between 1 and 256";
    } else if (a == "--progress") {
      out.progress = value("--progress");
      if (out.progress != "auto" && out.progress != "bar" && out.progress != "plain" &&
          out.progress != "none") {
        out.error = "--progress must be auto, bar, plain or none";
      }
    } else if (a == "--summary") {
      out.summary = value("--summary");
    } else if (a == "--report") {
      out.report = value("--report");
    } else if (a == "--report-lang") {
      out.report_lang = value("--report-lang");
      if (out.report_lang != "vi" && out.report_lang != "en") {
        out.error = "--report-lang must be vi or en";
      }
    } else if (a == "-v" || a == "--verbose") {
      out.verbose = true;
    } else if (a == "--from") {
      out.from = value("--from");
    } else if (a == "--fresh") {
      out.fresh = true;
    } else if (a == "--no-journal") {
      out.no_journal = true;
    } else if (a == "--journal-min-ms") {
      const std::string v = value("--journal-min-ms");
      try {
        out.journal_min_ms = std::stoi(v);
      } catch (const std::exception&) {
        out.journal_min_ms = -1;
      }
      if (out.journal_min_ms < 0 || out.journal_min_ms > 3600000) {
        out.error = "--journal-min-ms must be between 0 and 3600000";
      }
    } else if (a.size() > 1 && a[0] == '-') {
      out.error = "unknown option " + a;
    } else {
      out.positional.push_back(a);
    }
    if (!out.error.empty()) break;
  }
  return out;
}

void ScanPlugins(PluginRegistry* registry, const std::vector<std::filesystem::path>& first,
                 const std::vector<std::filesystem::path>& from_file,
                 const internal::ScanOptions& options = {}) {
  std::vector<std::filesystem::path> path = first;
  path.insert(path.end(), from_file.begin(), from_file.end());
  for (const auto& dir : internal::DefaultPluginPath()) path.push_back(dir);
  registry->Scan(path, options);
}

void PrintProblems(const PluginRegistry& registry) {
  for (const std::string& line : registry.problems())
    std::fprintf(stderr, "hoso: %s\n", line.c_str());
}

// The plugin command called `name`, or nullptr when no plugin has one.
const Command* FindCommand(const PluginRegistry& registry, const std::string& name) {
  for (const internal::PluginLibrary* library : registry.All()) {
    const PluginDescriptor& d = library->descriptor();
    for (size_t i = 0; i < d.command_count; ++i) {
      if (name == d.commands[i].name) return &d.commands[i];
    }
  }
  return nullptr;
}

// Calls a plugin command as `hoso <name> args...` would.
int CallCommand(const Command& command, const std::vector<std::string>& args) {
  std::vector<std::string> storage;
  storage.push_back(command.name);
  storage.insert(storage.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (std::string& s : storage) argv.push_back(s.data());
  argv.push_back(nullptr);
  try {
    return command.run(static_cast<int>(storage.size()), argv.data());
  } catch (const std::exception& e) {
    std::fprintf(stderr, "hoso %s: %s\n", command.name, e.what());
    return 1;
  }
}

// `hoso report` on the files of the run that just finished. The report reads
// the handbook with SQLite, which the host must not link, so the host calls
// the command of the plugin that provides it. Without a summary file the
// run's summary goes to a temporary one beside the report.
int WriteRunReport(const Command& report, const Arguments& args,
                   const internal::ResolvedPipeline& pipeline, const internal::RunSummary& summary,
                   const std::filesystem::path& summary_file) {
  namespace fs = std::filesystem;
  fs::path summary_for_report = summary_file;
  fs::path temporary;
  if (summary_for_report.empty()) {
    const fs::path out(args.report);
    temporary = out.parent_path() /
                ("." + out.filename().string() + ".summary-" + std::to_string(getpid()) + ".json");
    std::error_code ec;
    if (out.has_parent_path()) fs::create_directories(out.parent_path(), ec);
    std::ofstream(temporary) << internal::SummaryJson(summary) << "\n";
    summary_for_report = temporary;
  }
  std::vector<std::string> report_args = {"--summary", summary_for_report.string(), "--out",
                                          args.report};
  if (!pipeline.file.quarantine.empty()) {
    report_args.insert(report_args.end(), {"--quarantine", pipeline.file.quarantine.string()});
  }
  // The handbook the run wrote: the last handbook_sqlite stage's path.
  std::string handbook;
  for (const internal::Stage& stage : pipeline.stages) {
    if (stage.library->name() == "handbook_sqlite" && stage.options.Has("path")) {
      handbook = stage.options.String("path");
    }
  }
  if (!handbook.empty()) report_args.insert(report_args.end(), {"--handbook", handbook});
  if (!args.report_lang.empty()) {
    report_args.insert(report_args.end(), {"--lang", args.report_lang});
  }
  const int status = CallCommand(report, report_args);
  if (!temporary.empty()) {
    std::error_code ec;
    fs::remove(temporary, ec);
  }
  if (status != 0) {
    std::fprintf(stderr, "hoso: the run's outputs were written, but not the report %s\n",
                 args.report.c_str());
  }
  return status == 0 ? 0 : 1;
}

// Loads and resolves a pipeline file; prints every error as FILE:LINE.
bool Prepare(const Arguments& args, PluginRegistry* registry, internal::ResolvedPipeline* out) {
  if (args.positional.size() != 1) {
    std::fprintf(stderr, "hoso: give exactly one pipeline file\n");
    return false;
  }
  internal::PipelineFile file;
  std::vector<std::string> errors;
  if (!internal::LoadPipelineFile(args.positional[0], &file, &errors)) {
    for (const std::string& e : errors) std::fprintf(stderr, "%s\n", e.c_str());
    return false;
  }
  ScanPlugins(registry, args.plugin_path, file.plugin_path, {.pins = file.pins});
  PrintProblems(*registry);
  if (!internal::ResolvePipeline(file, *registry, out, &errors)) {
    for (const std::string& e : errors) std::fprintf(stderr, "%s\n", e.c_str());
    return false;
  }
  return true;
}

}  // namespace

namespace {

// The input units of a quarantine file, once each. Throws naming the line.
std::vector<Provenance> QuarantinedUnits(const std::filesystem::path& file) {
  std::ifstream in(file);
  if (!in) throw std::runtime_error(file.string() + ": cannot read the quarantine file");
  std::vector<Provenance> units;
  std::set<std::tuple<std::string, int, int64_t>> seen;
  int line_number = 0;
  for (std::string line; std::getline(in, line);) {
    ++line_number;
    if (line.empty()) continue;
    Provenance unit;
    try {
      const nlohmann::json entry = nlohmann::json::parse(line);
      const nlohmann::json& u = entry.at("unit");
      unit.file = u.at("file").get<std::string>();
      if (u.contains("page")) unit.page = u.at("page").get<int>() - 1;
      if (u.contains("row")) unit.row = u.at("row").get<int64_t>();
    } catch (const std::exception&) {
      throw std::runtime_error(file.string() + ":" + std::to_string(line_number) +
                               ": not a quarantine entry");
    }
    if (seen.emplace(unit.file, unit.page, unit.row).second) units.push_back(unit);
  }
  return units;
}

int RunPipelineCommand(const char* name, const std::vector<std::string>& raw, bool requeue) {
  const Arguments args = Parse(raw);
  if (!args.error.empty()) {
    std::fprintf(stderr, "hoso %s: %s\n", name, args.error.c_str());
    return 2;
  }
  PluginRegistry registry;
  internal::ResolvedPipeline pipeline;
  if (!Prepare(args, &registry, &pipeline)) return 1;
  std::vector<Provenance> requeued;
  if (requeue) {
    const std::filesystem::path from =
        args.from.empty() ? pipeline.file.quarantine : std::filesystem::path(args.from);
    try {
      requeued = QuarantinedUnits(from);
    } catch (const std::exception& e) {
      std::fprintf(stderr, "hoso requeue: %s\n", e.what());
      return 1;
    }
    if (requeued.empty()) {
      std::fprintf(stderr, "hoso requeue: %s holds no quarantined inputs; nothing to do\n",
                   from.c_str());
      return 0;
    }
    std::fprintf(stderr, "hoso requeue: %zu quarantined inputs from %s\n", requeued.size(),
                 from.c_str());
  }
  // Known before the run, so a long run does not end without its report.
  const Command* report = nullptr;
  if (!args.report.empty()) {
    report = FindCommand(registry, "report");
    if (report == nullptr) {
      std::fprintf(stderr,
                   "hoso run: --report needs the report_html plugin (the `report` command); %s\n",
                   pipeline.file.pins.empty()
                       ? "none in the plugin path"
                       : "the pipeline file pins its plugins, so pin report_html too");
      return 1;
    }
  }

  internal::RunSettings settings;
  settings.workers = args.workers;
  settings.log_level = args.verbose ? LogLevel::kDebug : LogLevel::kInfo;
  const bool tty = isatty(STDERR_FILENO) != 0;
  settings.show_progress = args.progress != "none";
  settings.terminal = args.progress == "bar" || (args.progress == "auto" && tty);
  settings.progress_interval_ms = settings.terminal ? 250 : 5000;
  settings.fresh = args.fresh;
  settings.journal = !args.no_journal && !requeue;
  settings.journal_min_ms = args.journal_min_ms;
  settings.only_units = std::move(requeued);

  internal::RunSummary summary;
  try {
    summary = internal::RunPipeline(pipeline, settings);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "hoso: run failed, nothing was written: %s\n", e.what());
    return 1;
  }
  std::fputs(internal::FormatSummary(summary).c_str(), stderr);
  std::filesystem::path summary_file =
      args.summary.empty() ? pipeline.file.summary : std::filesystem::path(args.summary);
  if (!summary_file.empty()) {
    std::ofstream out(summary_file);
    out << internal::SummaryJson(summary) << "\n";
    if (!out) {
      std::fprintf(stderr, "hoso: %s: cannot write the summary\n", summary_file.c_str());
      return 1;
    }
  }
  if (!summary.accounted()) {
    std::fprintf(
        stderr,
        "hoso: %lld input units are not accounted for: a plugin dropped dossiers "
        "without quarantining them\n",
        static_cast<long long>(summary.units_in - summary.units_out - summary.units_quarantined));
    return 3;
  }
  if (report != nullptr) return WriteRunReport(*report, args, pipeline, summary, summary_file);
  return 0;
}

}  // namespace

int Run(const std::vector<std::string>& raw) { return RunPipelineCommand("run", raw, false); }

int Requeue(const std::vector<std::string>& raw) {
  return RunPipelineCommand("requeue", raw, true);
}

int Check(const std::vector<std::string>& raw) {
  const Arguments args = Parse(raw);
  if (!args.error.empty()) {
    std::fprintf(stderr, "hoso check: %s\n", args.error.c_str());
    return 2;
  }
  PluginRegistry registry;
  internal::ResolvedPipeline pipeline;
  if (!Prepare(args, &registry, &pipeline)) return 1;
  std::printf("%s: ok, %zu stages\n", args.positional[0].c_str(), pipeline.stages.size());
  for (const internal::Stage& stage : pipeline.stages) {
    std::printf("  %-28s %-10s %s %s\n", stage.label.c_str(), PluginKindName(stage.library->kind()),
                stage.library->version().c_str(), stage.library->file().c_str());
  }
  return 0;
}

int Plugins(const std::vector<std::string>& raw) {
  const Arguments args = Parse(raw);
  if (!args.error.empty()) {
    std::fprintf(stderr, "hoso plugins: %s\n", args.error.c_str());
    return 2;
  }
  PluginRegistry registry;
  // Every library is hashed, so the hash to pin can be copied from here.
  ScanPlugins(&registry, args.plugin_path, {}, {.hash = true});
  PrintProblems(registry);
  int shown = 0;
  for (const internal::PluginLibrary* library : registry.All()) {
    if (!args.positional.empty() && args.positional[0] != library->name()) continue;
    const PluginDescriptor& d = library->descriptor();
    std::printf("%s %s (%s): %s\n", d.name, d.version, PluginKindName(d.kind), d.description);
    std::printf("  file: %s\n", library->file().c_str());
    std::printf("  sha256: %s\n", library->sha256().c_str());
    for (const OptionSpec* spec : library->options()) {
      std::printf("  %s\n", internal::DescribeOption(*spec).c_str());
    }
    for (size_t i = 0; i < d.command_count; ++i) {
      std::printf("  command: hoso %s: %s\n", d.commands[i].name, d.commands[i].summary);
    }
    ++shown;
  }
  if (shown == 0) {
    if (!args.positional.empty()) {
      std::fprintf(stderr, "hoso: no plugin named '%s'\n", args.positional[0].c_str());
      return 1;
    }
    std::fprintf(stderr, "hoso: no plugins found in the plugin path\n");
    return 1;
  }
  // Asked about one plugin that is fine: the others' problems were printed
  // but do not make this answer fail.
  return (registry.problems().empty() || !args.positional.empty()) ? 0 : 1;
}

int PluginCommand(const std::string& name, const std::vector<std::string>& given) {
  // --plugin-path is common to every command: taken out here, wherever it
  // stands, so a plugin found only there can answer, and never sees it.
  std::vector<std::filesystem::path> first;
  std::vector<std::string> raw;
  for (size_t i = 0; i < given.size(); ++i) {
    if (given[i] == "--plugin-path" && i + 1 < given.size()) {
      first.emplace_back(given[++i]);
    } else {
      raw.push_back(given[i]);
    }
  }
  PluginRegistry registry;
  ScanPlugins(&registry, first, {});
  // Two-word commands ("eval fields") go before a plugin's one-word command
  // of the same first word ("eval", which reads `dedup` as its argument).
  if (!raw.empty()) {
    if (const Command* command = FindCommand(registry, name + " " + raw[0])) {
      return CallCommand(*command, std::vector<std::string>(raw.begin() + 1, raw.end()));
    }
  }
  const Command* command = FindCommand(registry, name);
  return command == nullptr ? -1 : CallCommand(*command, raw);
}

}  // namespace hoso::cli
