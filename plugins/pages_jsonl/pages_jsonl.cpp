// Sink: one JSON line per page (text, lines, optionally words, stage
// attributes), written to a temporary file and renamed into place on commit.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <stdexcept>

#include "hoso/atomic_file.h"
#include "hoso/plugin.h"
#include "page_json.h"

namespace hoso::pages_jsonl {
namespace {

class PagesJsonl : public Sink {
 public:
  explicit PagesJsonl(const Options& options) : path_(options.String("path")) {
    detail_.lines = options.Bool("lines");
    detail_.words = options.Bool("words");
  }

  ~PagesJsonl() override {
    if (out_ != nullptr) {
      std::fclose(out_);
      std::filesystem::remove(temp_);
    }
  }

  void Open(Context&) override {
    std::filesystem::create_directories(path_.parent_path());
    hoso::RemoveStaleTemps(path_);
    temp_ = path_.parent_path() / ("." + path_.filename().string() + ".tmp-" + std::to_string(getpid()));
    // Page text is personal data: owner-only from the first byte. fchmod as
    // well: a leftover temp file keeps its old mode through O_TRUNC.
    const int fd = ::open(temp_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0 || ::fchmod(fd, 0600) != 0 || (out_ = fdopen(fd, "w")) == nullptr) {
      if (fd >= 0) ::close(fd);
      throw std::runtime_error(path_.string() + ": cannot write");
    }
  }

  void Write(const Dossier& dossier, Context&) override {
    for (const Page& page : dossier.pages) {
      const std::string line = PageJson(dossier, page, detail_);
      std::fwrite(line.data(), 1, line.size(), out_);
      std::fputc('\n', out_);
      ++pages_;
    }
  }

  void Commit(Context& ctx) override {
    const bool ok = std::fflush(out_) == 0 && ::fsync(fileno(out_)) == 0;
    std::fclose(out_);
    out_ = nullptr;
    if (!ok || std::rename(temp_.c_str(), path_.c_str()) != 0) {
      std::filesystem::remove(temp_);
      throw std::runtime_error(path_.string() + ": cannot write");
    }
    ctx.Log(LogLevel::kInfo, "wrote " + std::to_string(pages_) + " pages to " + path_.string());
  }

 private:
  std::filesystem::path path_;
  std::filesystem::path temp_;
  PageDetail detail_;
  std::FILE* out_ = nullptr;
  int64_t pages_ = 0;
};

constexpr OptionSpec kOptions[] = {
    {.name = "path", .type = OptionType::kPath, .required = true, .help = "JSON Lines file, one page per line"},
    {.name = "lines", .type = OptionType::kBool, .default_value = "true", .help = "include text lines with boxes and confidences"},
    {.name = "words", .type = OptionType::kBool, .default_value = "false", .help = "include words with boxes and confidences"},
};

}  // namespace
}  // namespace hoso::pages_jsonl

HOSO_PLUGIN(hoso::MakeDescriptor<hoso::pages_jsonl::PagesJsonl>(
    hoso::PluginKind::kSink, "pages_jsonl", "1.0.0",
    "Writes OCR'd pages (text, lines, words, stage attributes) as JSON Lines, atomically",
    hoso::pages_jsonl::kOptions));
