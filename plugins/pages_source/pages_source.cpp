// Source plugin: pages OCR'd earlier, read back from the pages.jsonl files
// the pages_jsonl sink writes (with `words: true`), so field extraction can
// run again without OCR (about a second a page) running again.
//
// Consecutive lines with the same "dossier" make one dossier, accounted page
// by page exactly as scan_source accounts it. Files are read line by line:
// the dossier being built and the first page of the next are all that is
// held.
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "hoso/plugin.h"
#include "input_files.h"
#include "line_reader.h"
#include "page_line.h"

namespace hoso::pages_source {
namespace {

namespace fs = std::filesystem;

// Split dossiers are listed one by one up to this many, then counted.
constexpr int64_t kMaxSplitWarnings = 10;

// The file as quarantine entries name it: relative to the pipeline file when
// it lies below it, as scan_source names scans.
std::string FileLabel(const fs::path& file, const fs::path& base_dir) {
  const fs::path normal = file.lexically_normal();
  if (!base_dir.empty()) {
    const fs::path base = fs::absolute(base_dir).lexically_normal();
    const fs::path relative = normal.lexically_relative(base);
    if (!relative.empty() && *relative.begin() != "..") return relative.generic_string();
  }
  return normal.generic_string();
}

struct Inputs {
  std::vector<fs::path> files;
  std::vector<std::string> warnings;  // entries that match nothing
};

// Each entry is one file or a glob (csv_source's patterns), resolved against
// `base_dir` when relative. A named file that is missing stays in the list:
// opening it quarantines it.
Inputs ListInputs(const std::vector<std::string>& entries, const fs::path& base_dir) {
  Inputs inputs;
  for (const std::string& entry : entries) {
    fs::path path(entry);
    if (path.is_relative()) path = (base_dir.empty() ? fs::current_path() : base_dir) / path;
    try {
      for (fs::path& file : csv_source::ExpandInputFiles(path.lexically_normal())) {
        inputs.files.push_back(std::move(file));
      }
    } catch (const std::invalid_argument& e) {
      inputs.warnings.push_back(e.what());
    }
  }
  return inputs;
}

class PagesSource : public Source {
 public:
  explicit PagesSource(const Options& options) : entries_(options.List("path")) {
    if (entries_.empty()) throw std::invalid_argument("path lists no pages.jsonl file or pattern");
    // The host asks SizeHint() before the first Next(), and only Next()
    // brings the pipeline folder relative entries need; absolute entries
    // are listed now, so the hint is known.
    bool all_absolute = true;
    for (const std::string& entry : entries_) all_absolute &= fs::path(entry).is_absolute();
    if (all_absolute) inputs_ = ListInputs(entries_, fs::path());
  }

  bool Next(Dossier& out, Context& ctx) override {
    if (!inputs_) inputs_ = ListInputs(entries_, ctx.BaseDir());
    if (!inputs_reported_) {
      inputs_reported_ = true;
      for (const std::string& warning : inputs_->warnings) ctx.Log(LogLevel::kWarning, warning);
    }
    out = Dossier{};
    size_t file_index = 0;
    while (pending_ || ReadPage(ctx)) {
      if (out.pages.empty()) {
        out.id = std::move(pending_->line.dossier);
        file_index = pending_->file_index;
        NoteRun(out.id, *pending_, ctx);
      } else if (pending_->line.dossier != out.id || pending_->file_index != file_index) {
        break;  // the next dossier's first page waits in pending_
      }
      out.units.push_back(pending_->line.page.origin);
      out.pages.push_back(std::move(pending_->line.page));
      pending_.reset();
    }
    if (!out.pages.empty()) {
      ++dossiers_;
      pages_ += static_cast<int64_t>(out.pages.size());
      return true;
    }
    if (!finished_) {
      finished_ = true;
      if (splits_ > kMaxSplitWarnings) {
        ctx.Log(LogLevel::kWarning, std::to_string(splits_ - kMaxSplitWarnings) +
                                        " more dossiers whose pages were not consecutive");
      }
      ctx.Log(LogLevel::kInfo, std::to_string(inputs_->files.size()) +
                                   " files: " + std::to_string(pages_) + " pages in " +
                                   std::to_string(dossiers_) + " dossiers, " +
                                   std::to_string(quarantined_) + " lines quarantined");
    }
    return false;
  }

  int64_t SizeHint() const override {
    if (!inputs_) return -1;
    if (size_hint_ < 0) {
      int64_t units = 0;
      for (const fs::path& file : inputs_->files) {
        const int64_t lines = CountNonBlankLines(file);
        units += lines < 0 ? 1 : lines;  // an unreadable file is quarantined as one unit
      }
      size_hint_ = units;
    }
    return size_hint_;
  }

 private:
  struct Pending {
    PageLine line;
    size_t file_index = 0;
    int64_t line_number = 0;
  };

  // Reads lines until one is a page, which it leaves in pending_; false at
  // the end of the last file. Everything else on the way is quarantined.
  bool ReadPage(Context& ctx) {
    for (;;) {
      if (!reader_) {
        if (next_file_ == inputs_->files.size()) return false;
        if (!OpenNext(ctx)) continue;
      }
      bool too_long = false;
      if (!reader_->Next(text_, too_long)) {
        CloseCurrent(ctx);
        continue;
      }
      ++line_number_;
      if (!too_long && IsBlank(text_)) continue;
      std::string reason;
      PageLine line;
      if (too_long) {
        reason = "longer than " + std::to_string(LineReader::kMaxLineBytes) + " bytes";
      } else {
        reason = ParsePageLine(text_, line);
      }
      if (!reason.empty()) {
        Provenance unit;
        unit.file = label_;
        unit.row = line_number_;
        ctx.Quarantine(unit, text_, "line " + std::to_string(line_number_) + ": " + reason);
        ++quarantined_;
        ++file_quarantined_;
        continue;
      }
      ++file_pages_;
      pending_ = Pending{std::move(line), next_file_ - 1, line_number_};
      return true;
    }
  }

  bool OpenNext(Context& ctx) {
    const fs::path& file = inputs_->files[next_file_++];
    label_ = FileLabel(file, ctx.BaseDir());
    line_number_ = 0;
    file_pages_ = 0;
    file_quarantined_ = 0;
    reader_ = std::make_unique<LineReader>(file);
    if (reader_->is_open()) return true;
    const std::string why = std::strerror(errno);
    reader_.reset();
    Provenance unit;
    unit.file = label_;
    ctx.Quarantine(unit, "", label_ + ": cannot open (" + why + ")");
    ++quarantined_;
    return false;
  }

  void CloseCurrent(Context& ctx) {
    if (reader_->failed()) {
      // What follows the last line read is unknown; it is accounted for as
      // one unit so the loss shows in quarantine and in the summary.
      Provenance unit;
      unit.file = label_;
      unit.row = line_number_ + 1;
      ctx.Quarantine(unit, "",
                     label_ + ": read error after line " + std::to_string(line_number_) +
                         "; the rest of the file was not read");
      ++quarantined_;
    }
    ctx.Log(LogLevel::kInfo, label_ + ": " + std::to_string(file_pages_) + " pages, " +
                                 std::to_string(file_quarantined_) + " lines quarantined");
    reader_.reset();
  }

  // A dossier id met again after other dossiers: its pages were not
  // consecutive. The id is not logged (a folder name can be a person's);
  // ids are kept as hashes, so a collision can at worst cost a false
  // warning, never a page.
  void NoteRun(const std::string& id, const Pending& first_page, Context& ctx) {
    const auto [seen, inserted] = first_run_of_.try_emplace(
        std::hash<std::string>{}(id), Where{first_page.file_index, first_page.line_number});
    if (inserted) return;
    if (++splits_ > kMaxSplitWarnings) return;
    const Where& first = seen->second;
    ctx.Log(LogLevel::kWarning, label_ + " line " + std::to_string(first_page.line_number) +
                                    ": a dossier whose pages began at " +
                                    FileLabel(inputs_->files[first.file_index], ctx.BaseDir()) +
                                    " line " + std::to_string(first.line_number) +
                                    " goes on after other dossiers; read as a separate dossier");
  }

  std::vector<std::string> entries_;
  std::optional<Inputs> inputs_;
  mutable int64_t size_hint_ = -1;
  bool inputs_reported_ = false;
  bool finished_ = false;

  size_t next_file_ = 0;
  std::unique_ptr<LineReader> reader_;
  std::string label_;
  std::string text_;  // the line being read, reused
  int64_t line_number_ = 0;
  int64_t file_pages_ = 0;
  int64_t file_quarantined_ = 0;
  std::optional<Pending> pending_;

  struct Where {
    size_t file_index = 0;
    int64_t line_number = 0;
  };
  std::unordered_map<size_t, Where> first_run_of_;  // hash of a dossier id -> its first page
  int64_t splits_ = 0;
  int64_t dossiers_ = 0;
  int64_t pages_ = 0;
  int64_t quarantined_ = 0;
};

constexpr OptionSpec kOptions[] = {
    {.name = "path",
     .type = OptionType::kStringList,
     .required = true,
     .help = "pages.jsonl files written by pages_jsonl with words: true, or globs such as "
             "'out/*.jsonl' (read in sorted order); relative to the pipeline file"},
};

}  // namespace
}  // namespace hoso::pages_source

HOSO_PLUGIN(hoso::MakeDescriptor<hoso::pages_source::PagesSource>(
    hoso::PluginKind::kSource, "pages_source", "1.0.0",
    "Reads OCR'd pages back from pages.jsonl, so fields can be extracted again without OCR",
    hoso::pages_source::kOptions));
