// Transform plugin: Tesseract OCR of scanned pages into words, lines and
// text (NFC), with findings for pages read badly or only in part.
#include <cstdio>
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "hocr_writer.h"
#include "hoso/plugin.h"
#include "line_rows.h"
#include "page_checks.h"
#include "page_image.h"
#include "pdf_writer.h"
#include "recognizer.h"

namespace hoso::ocr_tesseract {
namespace {

namespace fs = std::filesystem;

std::string Fixed(double value, int decimals) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, value);
  return buf;
}

// One engine per instance, and the host makes one instance per worker
// thread and calls it only from there: TessBaseAPI is not thread-safe, and
// loading a language model takes longer than reading a page, so it is
// loaded once here and reused for every page.
class OcrTesseract : public Transform {
 public:
  explicit OcrTesseract(const Options& options)
      : min_confidence_(options.Double("min_page_confidence") / 100.0),
        deadline_ms_(static_cast<int>(options.Int("page_deadline_ms"))),
        keep_image_(options.Bool("keep_image")),
        coverage_min_ratio_(options.Double("coverage_min_ratio")),
        psm_(static_cast<int>(options.Int("psm"))),
        retry_psm_(static_cast<int>(options.Int("retry_psm"))),
        rows_(options.String("text_order") == "rows"),
        recognizer_(options.Has("tessdata") ? options.String("tessdata") : "",
                    options.String("lang"), static_cast<int>(options.Int("psm"))) {
    if (options.Has("hocr_dir")) hocr_dir_ = options.String("hocr_dir");
    if (options.Has("pdf_dir")) pdf_dir_ = options.String("pdf_dir");
  }

  // hOCR and PDF files are one per dossier: they need its pages in one place.
  bool PageByPage() const override { return hocr_dir_.empty() && pdf_dir_.empty(); }

  void Process(Dossier& dossier, Context& ctx) override {
    std::vector<std::string> hocr_pages;
    std::unique_ptr<PdfWriter> pdf;
    if (!pdf_dir_.empty()) {
      pdf = std::make_unique<PdfWriter>(pdf_dir_, dossier.id, recognizer_.DataPath());
    }
    for (auto it = dossier.pages.begin(); it != dossier.pages.end();) {
      std::string hocr;
      // hOCR numbers pages by their place in the dossier's file: ids must be
      // unique there, and two files of a dossier both have a page 1. Each
      // ocr_page names its image file in its title.
      const int hocr_page = static_cast<int>(hocr_pages.size());
      if (std::string problem = ProcessPage(dossier, *it, ctx, hocr_page, &hocr, pdf.get());
          !problem.empty()) {
        // Through ctx, so the host takes the page out of the dossier's
        // accounting; the dossier's other pages go on.
        ctx.Quarantine(it->origin, "", it->origin.Describe() + ": " + problem);
        it = dossier.pages.erase(it);
        continue;
      }
      if (!hocr.empty()) hocr_pages.push_back(std::move(hocr));
      ++it;
    }
    if (!hocr_dir_.empty() && !hocr_pages.empty()) {
      const fs::path file = WriteHocr(hocr_dir_, dossier.id, hocr_pages);
      ctx.Log(LogLevel::kDebug, "hOCR written to " + file.string());
    }
    // A dossier whose every page was quarantined has nothing to archive.
    if (pdf && pdf->pages() > 0) {
      const fs::path file = pdf->Commit();
      ctx.Log(LogLevel::kDebug, "searchable PDF written to " + file.string());
    }
  }

 private:
  // Returns why the page must be quarantined, or "" when it was read.
  std::string ProcessPage(Dossier& dossier, Page& page, Context& ctx, int hocr_page,
                          std::string* hocr, PdfWriter* pdf) {
    PageImage image = LoadPageImage(page, ctx.BaseDir());
    if (!image.pix) return "cannot decode (" + image.error + ")";

    Recognition result = recognizer_.Run(image.pix.get(), page.dpi, deadline_ms_,
                                         !hocr_dir_.empty(), hocr_page, page.origin.file);
    // Automatic layout sometimes drops whole blocks of a form (measured: 8 of
    // 21 lines read on clean pages). When far fewer lines come back than
    // preprocess counted, read the page again as one block (psm 6: measured to recover every
    // line where psm 4 recovered two) and keep the
    // reading with more lines; the coverage check below judges the result.
    const std::optional<int> estimate = IntAttribute(page, "text_lines_estimate");
    if (retry_psm_ > 0 && !result.timed_out && estimate && *estimate > 0 &&
        RecognizedLines(result.lines) < coverage_min_ratio_ * *estimate) {
      recognizer_.SetPageSegMode(retry_psm_);
      Recognition retry = recognizer_.Run(image.pix.get(), page.dpi, deadline_ms_,
                                          !hocr_dir_.empty(), hocr_page, page.origin.file);
      recognizer_.SetPageSegMode(psm_);
      page.attributes["layout_retry_psm"] = std::to_string(retry_psm_);
      const double first_ms = result.total_ms;
      if (!retry.timed_out && RecognizedLines(retry.lines) > RecognizedLines(result.lines)) {
        result = std::move(retry);
        page.attributes["layout_retry_kept"] = "true";
      } else if (pdf != nullptr && !result.timed_out) {
        // The engine holds the retry's reading; the PDF needs the kept one.
        recognizer_.Run(image.pix.get(), page.dpi, deadline_ms_, false, hocr_page,
                        page.origin.file);
      }
      result.total_ms += first_ms;
    }
    if (pdf != nullptr && !result.timed_out && !recognizer_.AddPage(pdf->renderer())) {
      throw std::runtime_error("cannot add " + page.origin.Describe() + " to the searchable PDF");
    }
    recognizer_.Clear();
    image.pix.reset();
    page.attributes["t_ocr_ms"] = Fixed(result.total_ms, 1);
    page.attributes["t_layout_ms"] = Fixed(result.layout_ms, 1);
    page.attributes["t_recognize_ms"] = Fixed(result.recognize_ms, 1);
    if (result.timed_out) {
      return "OCR stopped at page_deadline_ms (" + std::to_string(deadline_ms_) + " ms)";
    }

    if (rows_) {
      Rows rows = InRows(std::move(result.lines));
      page.text = std::move(rows.text);
      page.lines = std::move(rows.lines);
    } else {
      page.text = std::move(result.text);
      page.lines = std::move(result.lines);
    }
    page.words = std::move(result.words);
    page.mean_confidence = result.mean_confidence;
    page.attributes["ocr_words"] = std::to_string(page.words.size());
    *hocr = std::move(result.hocr);
    if (!keep_image_) {
      // Boxes stay in the coordinates of the image OCR read (page.width x
      // page.height); the pixels are the bulk of a queued page's memory.
      std::vector<unsigned char>().swap(page.image);
      page.image_format.clear();
    }

    CheckConfidence(dossier, page, min_confidence_);
    CheckCoverage(dossier, page, coverage_min_ratio_);
    return "";
  }

  double min_confidence_;
  int deadline_ms_;
  bool keep_image_;
  double coverage_min_ratio_;
  int psm_;
  int retry_psm_;
  bool rows_;
  fs::path hocr_dir_;
  fs::path pdf_dir_;
  Recognizer recognizer_;
};

constexpr OptionSpec kOptions[] = {
    {.name = "lang",
     .type = OptionType::kString,
     .default_value = "vie",
     .help = "Tesseract language(s), e.g. vie or vie+eng"},
    {.name = "tessdata",
     .type = OptionType::kPath,
     .help = "directory with <lang>.traineddata; default: Tesseract's (Debian's "
             "/usr/share/tesseract-ocr/5/tessdata)"},
    {.name = "psm",
     .type = OptionType::kInt,
     .default_value = "3",
     .help = "Tesseract page segmentation mode: 3 automatic layout, 4 one column, 6 one block",
     .min = 0,
     .max = 13},
    {.name = "min_page_confidence",
     .type = OptionType::kDouble,
     .default_value = "70",
     .help = "pages whose mean word confidence (0-100) is below get ocr.low_confidence",
     .min = 0,
     .max = 100},
    {.name = "page_deadline_ms",
     .type = OptionType::kInt,
     .default_value = "60000",
     .help = "a page still being recognized after this long is quarantined",
     .min = 1,
     .max = 3600000},
    {.name = "keep_image",
     .type = OptionType::kBool,
     .default_value = "false",
     .help = "keep page.image after OCR (later stages that need pixels); false frees it"},
    {.name = "hocr_dir",
     .type = OptionType::kPath,
     .help = "write <dossier id>.hocr here for the archive"},
    {.name = "pdf_dir",
     .type = OptionType::kPath,
     .help = "write <dossier id>.pdf here for the archive: each page's image as OCR read it "
             "(after preprocess) with the recognized text as an invisible, searchable layer"},
    {.name = "retry_psm",
     .type = OptionType::kInt,
     .default_value = "6",
     .help = "when fewer lines than coverage_min_ratio x preprocess's estimate come back, read the "
             "page again with this page segmentation mode and keep the reading with more lines; 0: "
             "never",
     .min = 0,
     .max = 13},
    {.name = "text_order",
     .type = OptionType::kEnum,
     .default_value = "rows",
     .help = "rows: page text and lines row by row, top to bottom, left to right (forms: "
             "side-by-side blocks read along their lines); tesseract: Tesseract's block order",
     .choices = "rows|tesseract"},
    {.name = "coverage_min_ratio",
     .type = OptionType::kDouble,
     .default_value = "0.6",
     .help = "recognized text lines / preprocess's text_lines_estimate below this gets "
             "ocr.layout_dropped_text",
     .min = 0,
     .max = 1},
};

}  // namespace
}  // namespace hoso::ocr_tesseract

// Decodes and reads untrusted image bytes with Leptonica and Tesseract: a
// malformed file must cost one page, not the batch.
HOSO_PLUGIN(hoso::IsolatedByDefault(hoso::MakeDescriptor<hoso::ocr_tesseract::OcrTesseract>(
    hoso::PluginKind::kTransform, "ocr_tesseract", "1.0.0",
    "Tesseract OCR of page images into NFC words, lines and text, with low-confidence and "
    "dropped-text findings",
    hoso::ocr_tesseract::kOptions)));
