#include "report_command.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <map>
#include <stdexcept>
#include <string>

#include "handbook_reader.h"
#include "html_writer.h"
#include "run_files.h"

namespace hoso::report {
namespace {

namespace fs = std::filesystem;

constexpr char kUsage[] =
    "usage: hoso report [--summary FILE] [--quarantine FILE] [--handbook FILE] --out FILE "
    "[--lang vi|en] [--match-threshold BITS --review-threshold BITS]\n";
constexpr size_t kReviewPairs = 50;

class UsageError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

std::map<std::string, std::string> ParseFlags(int argc, char** argv) {
  static const char* const kKnown[] = {"summary", "quarantine",      "handbook",        "out",
                                       "lang",    "match-threshold", "review-threshold"};
  std::map<std::string, std::string> flags;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "-h" || a == "--help") throw UsageError("");
    if (a.rfind("--", 0) != 0) throw UsageError("unexpected argument " + a);
    const std::string name = a.substr(2);
    bool known = false;
    for (const char* k : kKnown) known = known || name == k;
    if (!known) throw UsageError("unknown option " + a);
    if (i + 1 >= argc) throw UsageError(a + " needs a value");
    flags[name] = argv[++i];
  }
  return flags;
}

double Bits(const std::string& flag, const std::string& text) {
  try {
    size_t used = 0;
    const double value = std::stod(text, &used);
    if (used == text.size()) return value;
  } catch (const std::exception&) {
  }
  throw UsageError("--" + flag + " must be a number of bits");
}

std::string UtcNow() {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buffer;
}

// A given input that does not exist is a missing input, not an error: a run
// that quarantined nothing may have left no quarantine file, and the report
// says which sections have no data.
bool Present(const std::string& path, const char* what) {
  if (path.empty()) return false;
  std::error_code ec;
  if (fs::exists(path, ec)) return true;
  std::fprintf(stderr, "hoso report: %s %s not found; its sections will say so\n", what,
               path.c_str());
  return false;
}

// The report names members, so it gets the handbook's protection: mode 0600
// from its first byte, and readers see the old file or the new one whole.
void WriteAtomically(const fs::path& target, const std::string& html) {
  if (target.has_parent_path()) fs::create_directories(target.parent_path());
  const fs::path temp = target.parent_path() /
                        ("." + target.filename().string() + ".tmp-" + std::to_string(getpid()));
  const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) throw std::runtime_error(target.string() + ": cannot write: " + std::strerror(errno));
  size_t written = 0;
  while (written < html.size()) {
    const ssize_t n = ::write(fd, html.data() + written, html.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      const int error = errno;
      ::close(fd);
      ::unlink(temp.c_str());
      throw std::runtime_error(target.string() + ": cannot write: " + std::strerror(error));
    }
    written += static_cast<size_t>(n);
  }
  if (::fchmod(fd, 0600) != 0 || ::fsync(fd) != 0 || ::close(fd) != 0) {
    const int error = errno;
    ::unlink(temp.c_str());
    throw std::runtime_error(target.string() + ": cannot write: " + std::strerror(error));
  }
  if (std::rename(temp.c_str(), target.c_str()) != 0) {
    const int error = errno;
    ::unlink(temp.c_str());
    throw std::runtime_error(target.string() + ": cannot write: " + std::strerror(error));
  }
}

int Report(int argc, char** argv) {
  const std::map<std::string, std::string> flags = ParseFlags(argc, argv);
  auto flag = [&](const char* name) {
    auto it = flags.find(name);
    return it == flags.end() ? std::string() : it->second;
  };
  const std::string out = flag("out");
  if (out.empty()) throw UsageError("--out FILE is required");
  const std::string summary = flag("summary");
  const std::string quarantine = flag("quarantine");
  const std::string handbook = flag("handbook");
  if (summary.empty() && quarantine.empty() && handbook.empty()) {
    throw UsageError("give at least one of --summary, --quarantine, --handbook");
  }
  PageInfo page;
  page.generated_at = UtcNow();
  page.hoso_version = HOSO_VERSION;
  page.review_limit = kReviewPairs;
  if (const std::string code = flag("lang"); !code.empty()) {
    const std::optional<Lang> lang = ParseLang(code);
    if (!lang) throw UsageError("--lang must be vi or en");
    page.lang = *lang;
  }
  HandbookQuery query;
  query.review_limit = kReviewPairs;
  const bool has_match = flags.count("match-threshold") != 0;
  if (has_match != (flags.count("review-threshold") != 0)) {
    throw UsageError("--match-threshold and --review-threshold go together");
  }
  if (has_match) {
    query.thresholds = Thresholds{Bits("match-threshold", flag("match-threshold")),
                                  Bits("review-threshold", flag("review-threshold")), false};
    if (*query.thresholds->review > query.thresholds->match) {
      throw UsageError("--review-threshold must not be above --match-threshold");
    }
  }

  ReportInputs inputs;
  inputs.summary_path = summary;
  inputs.quarantine_path = quarantine;
  inputs.handbook_path = handbook;
  if (Present(summary, "run summary")) inputs.summary = LoadSummary(summary);
  if (Present(quarantine, "quarantine")) inputs.quarantine = LoadQuarantine(quarantine);
  if (Present(handbook, "handbook")) inputs.handbook = LoadHandbook(handbook, query);

  WriteAtomically(out, RenderReport(inputs, page));
  // Counts only: the report holds names, the log never does.
  std::fprintf(stderr, "hoso report: wrote %s (%s; %zu pairs to review)\n", out.c_str(),
               page.lang == Lang::kVi ? "vi" : "en",
               inputs.handbook ? inputs.handbook->review.size() : 0);
  return 0;
}

}  // namespace

int ReportCommand(int argc, char** argv) {
  try {
    return Report(argc, argv);
  } catch (const UsageError& e) {
    if (e.what()[0] != '\0') std::fprintf(stderr, "hoso report: %s\n", e.what());
    std::fputs(kUsage, stderr);
    return 2;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "hoso report: %s; no report written\n", e.what());
    return 1;
  }
}

}  // namespace hoso::report
