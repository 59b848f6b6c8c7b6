// hoso: turns party-member dossiers and legacy exports into the handbook.
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "commands.h"

#ifdef HOSO_TCMALLOC_LINKED
#include <gperftools/malloc_extension.h>
#endif

namespace {

// A run frees memory in one stage that the next needs again (deduplication's
// tables, then the handbook's rows and SQLite's cache). tcmalloc by default
// gives freed pages back to the system, and on virtual machines that hand
// free memory back to their host (free page reporting) every page taken
// again is faulted in anew, at several microseconds a page: at a million
// records that was 2-3 s of system time (docs/benchmarks.md). Kept, the
// process's peak memory is the same; only the memory it holds after the
// peak is not returned before it exits. TCMALLOC_RELEASE_RATE, when set,
// still wins.
void KeepFreedMemory() {
#ifdef HOSO_TCMALLOC_LINKED
  if (std::getenv("TCMALLOC_RELEASE_RATE") == nullptr) {
    MallocExtension::instance()->SetMemoryReleaseRate(0);
  }
#endif
}

constexpr const char* kUsage = R"(usage: hoso <command> [options]

commands:
  run FILE        run a pipeline file (see examples/); a killed run resumes
  requeue FILE    run FILE again on the inputs its quarantine file holds (after a fix); the
                  inputs that pass join the outputs FILE writes (for a handbook: link mode)
  check FILE      validate a pipeline file without running it
  plugins [NAME]  list the plugins found, with their options
  version         print the version
  help            this text

common options:
  --plugin-path DIR   look for plugins in DIR first (repeatable)
run options:
  --workers N         worker threads (default: the file's 'workers', else cores)
  --progress MODE     auto, bar, plain or none (default auto)
  --summary FILE      also write the run summary as JSON
  --report FILE       then write the batch report (HTML) from the run's files
  --report-lang LANG  the report's language: vi (default) or en
  --fresh             start over, discarding what a killed run left to resume
  --no-journal        keep no journal (a killed run then starts over)
  --journal-min-ms MS journal an input's result only when it took MS ms or more (default 5);
                      quicker inputs (CSV rows) are worked on again after a kill
  --from FILE         requeue: the quarantine file to take inputs from (default: FILE's own)
  -v, --verbose       debug messages
Plugins may add commands of their own; `hoso plugins` lists them.
)";

}  // namespace

int main(int argc, char** argv) {
  // Tesseract's OpenMP (libgomp) reads OMP_THREAD_LIMIT once, when a plugin
  // first loads it. Our parallelism is one TessBaseAPI per worker; OpenMP
  // threads on top of that thrash a small machine (9 s a page instead of
  // 1.5 s). It must be set before any plugin is loaded.
  setenv("OMP_THREAD_LIMIT", "1", /*overwrite=*/0);
  KeepFreedMemory();

  if (argc < 2) {
    std::fputs(kUsage, stderr);
    return 2;
  }
  const std::string command = argv[1];
  const std::vector<std::string> args(argv + 2, argv + argc);
  if (command == "help" || command == "--help" || command == "-h") {
    std::fputs(kUsage, stdout);
    return 0;
  }
  if (command == "version" || command == "--version") {
    std::printf("hoso %s\n", HOSO_VERSION);
    return 0;
  }
  if (command == "run") return hoso::cli::Run(args);
  if (command == "requeue") return hoso::cli::Requeue(args);
  if (command == "check") return hoso::cli::Check(args);
  if (command == "plugins") return hoso::cli::Plugins(args);
  const int status = hoso::cli::PluginCommand(command, args);
  if (status >= 0) return status;
  std::fprintf(stderr, "hoso: unknown command '%s'; `hoso help` lists the commands\n",
               command.c_str());
  return 2;
}
