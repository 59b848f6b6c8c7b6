// Source plugin: scanned dossiers (TIFF, PNG, JPEG, PDF), one dossier per
// file or per folder. Only headers are read here; pixels are decoded by a
// later stage on a worker thread, so this single source thread keeps up and
// a queued dossier costs a few hundred bytes per page.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "hoso/plugin.h"
#include "input_files.h"
#include "page_headers.h"
#include "quiet_libraries.h"

namespace hoso::scan_source {
namespace {

namespace fs = std::filesystem;

// The file as outputs and reasons name it: relative to the pipeline file
// when it lies below it, so results do not depend on where the archive is
// mounted. Stages that open the file resolve a relative name against
// ctx.BaseDir().
std::string FileLabel(const fs::path& file, const fs::path& base_dir) {
  const fs::path normal = file.lexically_normal();
  if (!base_dir.empty()) {
    const fs::path base = fs::absolute(base_dir).lexically_normal();
    const fs::path relative = normal.lexically_relative(base);
    if (!relative.empty() && *relative.begin() != "..") return relative.generic_string();
  }
  return normal.generic_string();
}

class ScanSource : public Source {
 public:
  explicit ScanSource(const Options& options)
      : entries_(options.List("path")),
        mode_(options.String("dossier") == "folder" ? DossierMode::kFolder : DossierMode::kFile),
        extensions_(options.List("extensions")) {
    limits_.pdf_dpi = static_cast<int>(options.Int("pdf_dpi"));
    limits_.max_pixels = options.Int("max_pixels");
    limits_.max_pages = static_cast<int>(options.Int("max_pages"));
    if (entries_.empty()) throw std::invalid_argument("path lists no file, folder or pattern");
    QuietImageLibraries();
    // The host asks SizeHint() before the first Next(), and only Next()
    // brings the Context whose BaseDir() relative entries need. Absolute
    // entries need none, so they are listed now and the hint is known.
    bool all_absolute = true;
    for (const std::string& entry : entries_) all_absolute &= fs::path(entry).is_absolute();
    if (all_absolute) Enumerate(fs::path());
  }

  bool Next(Dossier& out, Context& ctx) override {
    if (!inputs_) Enumerate(ctx.BaseDir());
    if (!inputs_reported_) ReportInputs(ctx);
    while (next_ < inputs_->dossiers.size()) {
      DossierPlan& plan = inputs_->dossiers[next_++];
      const bool made = MakeDossier(plan, out, ctx);
      plan.files = {};  // only the remaining plans are held
      if (made) return true;
    }
    if (!finished_) {
      finished_ = true;
      ctx.Log(LogLevel::kInfo, std::to_string(files_) + " files: " + std::to_string(pages_) +
                                   " pages in " + std::to_string(dossiers_) + " dossiers, " +
                                   std::to_string(quarantined_) + " quarantined");
    }
    return false;
  }

  int64_t SizeHint() const override {
    if (!inputs_) return -1;
    if (size_hint_ < 0) {
      int64_t units = static_cast<int64_t>(inputs_->problems.size());
      for (const DossierPlan& plan : inputs_->dossiers) {
        for (const fs::path& file : plan.files) units += CountUnits(file, limits_);
      }
      size_hint_ = units;
    }
    return size_hint_;
  }

 private:
  void Enumerate(const fs::path& base_dir) {
    inputs_ = EnumerateInputs(entries_, base_dir, mode_, extensions_);
  }

  void ReportInputs(Context& ctx) {
    inputs_reported_ = true;
    for (const InputProblem& problem : inputs_->problems) {
      Provenance unit;
      unit.file = FileLabel(problem.path, ctx.BaseDir());
      Quarantine(unit, problem.reason, ctx);
    }
    for (const std::string& warning : inputs_->warnings) ctx.Log(LogLevel::kWarning, warning);
  }

  void Quarantine(const Provenance& unit, const std::string& problem, Context& ctx) {
    ctx.Quarantine(unit, "", unit.Describe() + ": " + problem);
    ++quarantined_;
  }

  // Fills `out` with the usable pages of the plan's files; false when none
  // is usable (everything went to quarantine).
  bool MakeDossier(const DossierPlan& plan, Dossier& out, Context& ctx) {
    out = Dossier{};
    out.id = plan.id;
    for (const fs::path& file : plan.files) {
      ++files_;
      Provenance unit;
      unit.file = FileLabel(file, ctx.BaseDir());
      const FileScan scan = ScanFile(file, limits_);
      if (!scan.problem.empty()) {
        Quarantine(unit, scan.problem, ctx);
        continue;
      }
      for (const PageScan& page_scan : scan.pages) {
        unit.page = page_scan.index;
        if (!page_scan.problem.empty()) {
          Quarantine(unit, page_scan.problem, ctx);
          continue;
        }
        Page& page = out.pages.emplace_back();
        page.origin = unit;
        page.width = page_scan.width;
        page.height = page_scan.height;
        page.dpi = page_scan.dpi;
        page.source_format = scan.format;
        out.units.push_back(unit);
      }
    }
    if (out.pages.empty()) return false;
    pages_ += static_cast<int64_t>(out.pages.size());
    ++dossiers_;
    return true;
  }

  std::vector<std::string> entries_;
  DossierMode mode_;
  std::vector<std::string> extensions_;
  ScanLimits limits_;

  std::optional<Inputs> inputs_;
  mutable int64_t size_hint_ = -1;
  bool inputs_reported_ = false;
  size_t next_ = 0;
  bool finished_ = false;
  int64_t files_ = 0;
  int64_t pages_ = 0;
  int64_t dossiers_ = 0;
  int64_t quarantined_ = 0;
};

constexpr OptionSpec kOptions[] = {
    {.name = "path",
     .type = OptionType::kStringList,
     .required = true,
     .help = "scanned files, folders (searched recursively) or patterns such as "
             "'scans/**/*.tif' (quote them in YAML; case is ignored); relative to the pipeline "
             "file"},
    {.name = "dossier",
     .type = OptionType::kEnum,
     .default_value = "file",
     .help = "file: each file is one dossier; folder: the files directly in a folder are one "
             "dossier, pages in name order",
     .choices = "file|folder"},
    {.name = "pdf_dpi",
     .type = OptionType::kInt,
     .default_value = "300",
     .help = "resolution PDF pages are rasterized at",
     .min = 72,
     .max = 600},
    {.name = "max_pixels",
     .type = OptionType::kInt,
     .default_value = "200000000",
     .help = "refuse pages larger than this many pixels (decompression bombs); the default is "
             "about 20 A4 pages at 300 dpi",
     .min = 1,
     .max = 1e15},
    {.name = "max_pages",
     .type = OptionType::kInt,
     .default_value = "2000",
     .help = "refuse files with more pages than this, before reading any page",
     .min = 1,
     .max = 1000000},
    {.name = "extensions",
     .type = OptionType::kStringList,
     .default_value = "[tif, tiff, png, jpg, jpeg, pdf]",
     .help = "file name extensions picked up in folders and patterns (case-insensitive); files "
             "named explicitly are read whatever their extension"},
};

}  // namespace
}  // namespace hoso::scan_source

HOSO_PLUGIN(hoso::MakeDescriptor<hoso::scan_source::ScanSource>(
    hoso::PluginKind::kSource, "scan_source", "1.0.0",
    "Reads scanned dossiers (TIFF, PNG, JPEG, PDF) as pages to decode, one dossier per file or "
    "folder",
    hoso::scan_source::kOptions));
