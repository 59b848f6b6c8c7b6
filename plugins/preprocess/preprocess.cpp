// Transform plugin: decodes scanned pages and cleans them up for OCR
// (gray, resolution, orientation, skew, background, binarization, speckles,
// borders), and estimates how much text each page holds.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>

#include "binarize.h"
#include "cleanup.h"
#include "coverage.h"
#include "debug_images.h"
#include "decode.h"
#include "geometry.h"
#include "hoso/plugin.h"
#include "leaders.h"
#include "orientation.h"
#include "pix.h"
#include "raw_image.h"

namespace hoso::preprocess {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

// Fewer dots in a row can be an ellipsis or a value's own periods.
constexpr int kMinLeaderDots = 6;

std::string Fixed(double value, int decimals) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, value);
  return buf;
}

// Leptonica reports every refused image on stderr; a page that fails is
// quarantined with the reason instead.
void QuietLeptonica() {
  static std::once_flag once;
  std::call_once(once, [] { setMsgSeverity(L_SEVERITY_NONE); });
}

// Sources name files relative to the pipeline file, as outputs should.
fs::path ResolveSourceFile(const std::string& file, const fs::path& base_dir) {
  fs::path path(file);
  if (path.is_absolute() || base_dir.empty()) return path;
  std::error_code ec;
  fs::path under_base = base_dir / path;
  if (fs::exists(under_base, ec)) return under_base;
  return path;
}

// A failed step leaves the page as it was before; the page is quarantined
// with this as the reason.
class StepFailed : public std::runtime_error {
 public:
  explicit StepFailed(const std::string& step) : std::runtime_error(step + " failed") {}
};

PixPtr Require(PixPtr pix, const char* step) {
  if (!pix) throw StepFailed(step);
  return pix;
}

struct Settings {
  bool upscale = true;
  int min_dpi = 200;
  int target_dpi = 300;
  bool orientation = true;
  float orientation_min_confidence = 0.3f;
  bool deskew = true;
  bool background = true;
  bool binarize = true;
  int sauvola_window = 25;
  float sauvola_k = 0.34f;
  bool despeckle = true;
  int speckle_px = 3;
  bool leaders = true;
  bool ink_gray = true;
  bool border = true;
  bool coverage = true;
  fs::path debug_dir;
};

// Times one step into page.attributes["t_<step>_ms"], so a benchmark can
// say where a page's time goes.
class StepClock {
 public:
  explicit StepClock(Page& page) : page_(page) {}
  void Start() { start_ = Clock::now(); }
  void Stop(const std::string& step) {
    const double ms = std::chrono::duration<double, std::milli>(Clock::now() - start_).count();
    page_.attributes["t_" + step + "_ms"] = Fixed(ms, 1);
  }

 private:
  Page& page_;
  Clock::time_point start_;
};

class Preprocess : public Transform {
 public:
  explicit Preprocess(const Options& options) {
    QuietLeptonica();
    s_.upscale = options.Bool("upscale");
    s_.min_dpi = static_cast<int>(options.Int("min_dpi"));
    s_.target_dpi = static_cast<int>(options.Int("target_dpi"));
    s_.orientation = options.Bool("orientation");
    s_.orientation_min_confidence =
        static_cast<float>(options.Double("orientation_min_confidence"));
    s_.deskew = options.Bool("deskew");
    s_.background = options.Bool("background");
    s_.binarize = options.Bool("binarize");
    s_.sauvola_window = static_cast<int>(options.Int("sauvola_window"));
    s_.sauvola_k = static_cast<float>(options.Double("sauvola_k"));
    s_.despeckle = options.Bool("despeckle");
    s_.speckle_px = static_cast<int>(options.Int("speckle_px"));
    s_.leaders = options.Bool("leaders");
    s_.border = options.Bool("border");
    s_.ink_gray = options.String("output") == "ink_gray";
    s_.coverage = options.Bool("coverage");
    if (options.Has("debug_dir")) s_.debug_dir = options.String("debug_dir");
    if (s_.target_dpi < s_.min_dpi) {
      throw std::invalid_argument("target_dpi (" + std::to_string(s_.target_dpi) +
                                  ") must be at least min_dpi (" + std::to_string(s_.min_dpi) +
                                  ")");
    }
  }

  bool PageByPage() const override { return true; }

  void Process(Dossier& dossier, Context& ctx) override {
    for (auto it = dossier.pages.begin(); it != dossier.pages.end();) {
      if (std::optional<std::string> problem = ProcessPage(*it, ctx)) {
        // Quarantining through ctx takes the page out of the dossier's
        // accounting; the rest of the dossier goes on.
        ctx.Quarantine(it->origin, "", it->origin.Describe() + ": " + *problem);
        it = dossier.pages.erase(it);
      } else {
        ++it;
      }
    }
  }

 private:
  // Returns why the page cannot go on, or nothing when it is done.
  std::optional<std::string> ProcessPage(Page& page, Context& ctx) {
    const Clock::time_point start = Clock::now();
    StepClock clock(page);
    const DebugImages debug(s_.debug_dir, page.origin.file, page.origin.page);

    clock.Start();
    PixPtr pix;
    int dpi = page.dpi;
    if (page.image_format.empty()) {
      const fs::path file = ResolveSourceFile(page.origin.file, ctx.BaseDir());
      DecodedPage decoded = DecodePage(file, page.origin.page, page.source_format, page.dpi);
      if (!decoded.pix) return "cannot decode (" + decoded.error + ")";
      pix = std::move(decoded.pix);
      if (dpi <= 0) dpi = decoded.dpi;
    } else {
      pix = PixFromPage(page);
      if (!pix) {
        return "image is not " + page.image_format + " of " + std::to_string(page.width) + "x" +
               std::to_string(page.height) + " pixels";
      }
    }
    clock.Stop("decode");

    try {
      RunSteps(std::move(pix), dpi, page, clock, debug);
    } catch (const StepFailed& e) {
      return e.what();
    }
    page.attributes["t_preprocess_ms"] =
        Fixed(std::chrono::duration<double, std::milli>(Clock::now() - start).count(), 1);
    return std::nullopt;
  }

  void RunSteps(PixPtr pix, int dpi, Page& page, StepClock& clock, const DebugImages& debug) {
    // Gray is not optional: it is what the page contract between pixel
    // stages carries.
    clock.Start();
    if (pixGetSpp(pix.get()) == 4) pix = Require(PixPtr(pixRemoveAlpha(pix.get())), "gray");
    if (pixGetDepth(pix.get()) != 8 || pixGetColormap(pix.get()) != nullptr) {
      pix = Require(PixPtr(pixConvertTo8(pix.get(), 0)), "gray");
    }
    clock.Stop("gray");
    debug.Write("gray", pix.get());

    if (s_.upscale) {
      clock.Start();
      std::string refused;
      if (PixPtr scaled = Upscale(pix.get(), dpi, s_.min_dpi, s_.target_dpi, &refused)) {
        page.attributes["upscaled_from_dpi"] = std::to_string(dpi);
        pix = std::move(scaled);
        dpi = s_.target_dpi;
        debug.Write("upscale", pix.get());
      } else if (!refused.empty()) {
        // The page goes on at its own pixels; OCR may read it worse, which
        // the steward can trace to this note.
        page.attributes["upscale_refused"] = refused;
      }
      clock.Stop("upscale");
    }

    // Orientation and skew are read from ink, not paper; one binarized copy
    // serves both, turned along with the page. Its cost is booked to the
    // first step that needs it.
    PixPtr ink;

    if (s_.orientation) {
      clock.Start();
      ink = Require(QuickBinary(pix.get()), "orientation");
      const Orientation found = DetectOrientation(ink.get(), dpi, s_.orientation_min_confidence);
      if (found.degrees != 0) {
        const int quads = found.degrees / 90;
        pix = Require(PixPtr(pixRotateOrth(pix.get(), quads)), "orientation");
        ink = Require(PixPtr(pixRotateOrth(ink.get(), quads)), "orientation");
        debug.Write("orientation", pix.get());
      }
      page.attributes["orientation_degrees"] = std::to_string(found.degrees);
      page.attributes["orientation_confidence"] = Fixed(found.confidence, 2);
      page.attributes["orientation_evidence"] =
          "lines " + std::to_string(found.lines) + ", skew score rows " +
          Fixed(found.rows_confidence, 1) + " columns " + Fixed(found.columns_confidence, 1);
      clock.Stop("orientation");
    }

    if (s_.deskew) {
      clock.Start();
      if (!ink) ink = Require(QuickBinary(pix.get()), "deskew");
      Skew found;
      if (PixPtr level = Deskew(pix.get(), ink.get(), &found)) {
        pix = std::move(level);
        debug.Write("deskew", pix.get());
      }
      page.attributes["deskew_degrees"] = Fixed(found.degrees, 2);
      page.attributes["skew_measured_degrees"] = Fixed(found.measured, 2);
      page.attributes["skew_confidence"] = Fixed(found.confidence, 1);
      clock.Stop("deskew");
    }
    ink.reset();

    if (s_.background) {
      clock.Start();
      pix = Require(NormalizeBackground(pix.get()), "background");
      clock.Stop("background");
      debug.Write("background", pix.get());
    }
    // Borders are found on gray: a local binarizer hollows out a wide dark
    // band and leaves only its outline.
    PIX* gray = pix.get();

    PixPtr out;
    if (s_.binarize) {
      clock.Start();
      out = Require(BinarizeSauvola(gray, s_.sauvola_window, s_.sauvola_k), "binarize");
      clock.Stop("binarize");
      debug.Write("binarize", out.get());
    } else {
      out = Require(PixPtr(pixCopy(nullptr, gray)), "binarize");
    }

    if (s_.despeckle) {
      clock.Start();
      PixPtr ink_now = Require(InkMask(out.get()), "despeckle");
      PixPtr speckles = Require(SpeckleMask(ink_now.get(), s_.speckle_px), "despeckle");
      page.attributes["speckles_removed"] = std::to_string(ClearMasked(out.get(), speckles.get()));
      clock.Stop("despeckle");
      debug.Write("despeckle", out.get());
    }

    if (s_.leaders) {
      clock.Start();
      PixPtr ink_now = Require(InkMask(out.get()), "leaders");
      PixPtr dots = Require(LeaderMask(ink_now.get(), gray, dpi, kMinLeaderDots), "leaders");
      page.attributes["leader_dots_removed"] = std::to_string(ClearMasked(out.get(), dots.get()));
      clock.Stop("leaders");
      debug.Write("leaders", out.get());
    }

    if (s_.border) {
      clock.Start();
      PixPtr dark = Require(InkMask(gray), "border");
      const int min_extent = std::max(20, (dpi > 0 ? dpi : 300) / 4);
      PixPtr border = Require(BorderMask(dark.get(), min_extent), "border");
      page.attributes["border_regions_removed"] =
          std::to_string(ClearMasked(out.get(), border.get()));
      clock.Stop("border");
      debug.Write("border", out.get());
    }

    if (s_.coverage) {
      clock.Start();
      PixPtr ink_now = Require(InkMask(out.get()), "coverage");
      const TextCoverage coverage = EstimateTextCoverage(ink_now.get(), dpi);
      page.attributes["text_area"] = Fixed(coverage.text_area, 4);
      page.attributes["text_lines_estimate"] = std::to_string(coverage.text_lines);
      clock.Stop("coverage");
    }

    if (s_.binarize && s_.ink_gray) {
      clock.Start();
      out = Require(InkOnWhite(gray, out.get()), "ink_gray");
      clock.Stop("ink_gray");
      debug.Write("ink_gray", out.get());
    }

    clock.Start();
    StorePix(out.get(), page);
    if (dpi > 0) page.dpi = dpi;
    clock.Stop("output");
  }

  Settings s_;
};

constexpr OptionSpec kOptions[] = {
    {.name = "upscale",
     .type = OptionType::kBool,
     .default_value = "true",
     .help = "scale pages scanned below min_dpi up to target_dpi; never from a claimed resolution "
             "under 50 dpi or past 100 million pixels (the page goes on as it is, with "
             "upscale_refused saying why)"},
    {.name = "min_dpi",
     .type = OptionType::kInt,
     .default_value = "200",
     .help = "pages below this resolution are upscaled",
     .min = 50,
     .max = 1200},
    {.name = "target_dpi",
     .type = OptionType::kInt,
     .default_value = "300",
     .help = "resolution upscaled pages get; Tesseract reads 10-pt text best near 300",
     .min = 50,
     .max = 1200},
    {.name = "orientation",
     .type = OptionType::kBool,
     .default_value = "true",
     .help = "turn pages scanned sideways or upside down (only when the text says so clearly)"},
    {.name = "orientation_min_confidence",
     .type = OptionType::kDouble,
     .default_value = "0.3",
     .help = "evidence needed to turn a page: (ink above - ink below) / both, next to the "
             "x-height of its text lines; upright Vietnamese forms measure about 0.4",
     .min = 0.05,
     .max = 1},
    {.name = "deskew",
     .type = OptionType::kBool,
     .default_value = "true",
     .help = "straighten pages skewed by up to 7 degrees; the angle goes to deskew_degrees"},
    {.name = "background",
     .type = OptionType::kBool,
     .default_value = "true",
     .help = "even out yellowed, stained or unevenly lit paper"},
    {.name = "binarize",
     .type = OptionType::kBool,
     .default_value = "true",
     .help = "Sauvola adaptive binarization; false hands gray8 to OCR"},
    {.name = "sauvola_window",
     .type = OptionType::kInt,
     .default_value = "25",
     .help = "half-width in pixels of Sauvola's window (25: a 51-px square, about one text "
             "line at 300 dpi)",
     .min = 2,
     .max = 200},
    {.name = "sauvola_k",
     .type = OptionType::kDouble,
     .default_value = "0.34",
     .help = "Sauvola's k: higher keeps faint noise white but thins light strokes",
     .min = 0.01,
     .max = 1.0},
    {.name = "despeckle",
     .type = OptionType::kBool,
     .default_value = "true",
     .help = "remove specks of ink smaller than speckle_px"},
    {.name = "speckle_px",
     .type = OptionType::kInt,
     .default_value = "3",
     .help = "specks narrower and shorter than this go; above ~4 Vietnamese tone marks go too",
     .min = 1,
     .max = 20},
    {.name = "leaders",
     .type = OptionType::kBool,
     .default_value = "true",
     .help = "remove dotted leader lines (\"Ho va ten: ......\"), which OCR reads as periods or "
             "takes for a picture"},
    {.name = "border",
     .type = OptionType::kBool,
     .default_value = "true",
     .help = "remove dark scan borders connected to the page edge"},
    {.name = "coverage",
     .type = OptionType::kBool,
     .default_value = "true",
     .help = "estimate text area and line count (text_area, text_lines_estimate) so OCR can "
             "flag pages whose layout analysis dropped text"},
    {.name = "output",
     .type = OptionType::kEnum,
     .default_value = "ink_gray",
     .help = "with binarize: ink_gray hands OCR gray8, the page's gray where binarization found "
             "ink and white elsewhere (Tesseract recognizes from the gray); binary hands gray1",
     .choices = "ink_gray|binary"},
    {.name = "debug_dir",
     .type = OptionType::kPath,
     .help = "write every intermediate image as <file stem>-p<N>-<step>.png here"},
};

}  // namespace
}  // namespace hoso::preprocess

// Decodes and reads untrusted image bytes with Leptonica and Tesseract: a
// malformed file must cost one page, not the batch.
HOSO_PLUGIN(hoso::IsolatedByDefault(hoso::MakeDescriptor<hoso::preprocess::Preprocess>(
    hoso::PluginKind::kTransform, "preprocess", "1.0.0",
    "Decodes scanned pages and cleans them for OCR: gray, upscale, orientation, deskew, "
    "background, Sauvola binarization, despeckle, borders",
    hoso::preprocess::kOptions)));
