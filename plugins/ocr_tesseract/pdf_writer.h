// Searchable PDF of a dossier for the archive: each page's image with
// Tesseract's recognized text as an invisible layer, one file per dossier.
#pragma once

#include <tesseract/renderer.h>

#include <filesystem>
#include <memory>
#include <string>

namespace hoso::ocr_tesseract {

class PdfWriter {
 public:
  // Starts <dir>/<dossier id>.pdf (name as DossierFileStem) as a temporary
  // file beside it. `datapath` is Tesseract's tessdata directory, which
  // holds the invisible text layer's font (pdf.ttf). Throws
  // std::runtime_error when the file cannot be started.
  PdfWriter(const std::filesystem::path& dir, const std::string& dossier_id,
            const std::string& datapath);
  // A writer never committed leaves no file behind.
  ~PdfWriter();
  PdfWriter(const PdfWriter&) = delete;
  PdfWriter& operator=(const PdfWriter&) = delete;

  // Where a recognizer adds each page, right after reading it.
  tesseract::TessResultRenderer& renderer() { return *renderer_; }
  int pages() const { return renderer_ ? renderer_->imagenum() + 1 : 0; }

  // Finishes the PDF and moves it into place in one rename, so a reader
  // sees the old file or the whole new one. Returns its path; throws
  // std::runtime_error.
  std::filesystem::path Commit();

 private:
  std::filesystem::path target_;
  std::filesystem::path temporary_;
  std::unique_ptr<tesseract::TessPDFRenderer> renderer_;
};

}  // namespace hoso::ocr_tesseract
