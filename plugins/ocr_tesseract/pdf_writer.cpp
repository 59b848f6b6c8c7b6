#include "pdf_writer.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <stdexcept>
#include <system_error>

#include "dossier_files.h"

namespace hoso::ocr_tesseract {

namespace fs = std::filesystem;

PdfWriter::PdfWriter(const fs::path& dir, const std::string& dossier_id,
                     const std::string& datapath) {
  fs::create_directories(dir);
  const std::string stem = DossierFileStem(dossier_id);
  target_ = dir / (stem + ".pdf");
  // Tesseract appends ".pdf" to the base it is given. Hidden and named by
  // process, so a reader globbing *.pdf and another run never meet it.
  const fs::path base = dir / ("." + stem + ".tmp-" + std::to_string(getpid()));
  temporary_ = fs::path(base).concat(".pdf");
  // The PDF carries the page image and its text, personal data: create the
  // file owner-only (0600) before Tesseract opens it, which keeps the mode.
  const int fd = ::open(temporary_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0 || ::fchmod(fd, 0600) != 0) {
    if (fd >= 0) ::close(fd);
    throw std::runtime_error("cannot write " + temporary_.string());
  }
  ::close(fd);
  renderer_ = std::make_unique<tesseract::TessPDFRenderer>(base.c_str(), datapath.c_str());
  if (!renderer_->happy() || !renderer_->BeginDocument(dossier_id.c_str())) {
    renderer_.reset();
    std::error_code ec;
    fs::remove(temporary_, ec);
    throw std::runtime_error("cannot write " + temporary_.string());
  }
}

PdfWriter::~PdfWriter() {
  if (!renderer_) return;
  renderer_.reset();  // closes the file
  std::error_code ec;
  fs::remove(temporary_, ec);
}

fs::path PdfWriter::Commit() {
  if (!renderer_) throw std::runtime_error("PDF " + target_.string() + " already written");
  const bool ended = renderer_->EndDocument();
  const bool happy = renderer_->happy();
  renderer_.reset();  // flushes and closes the file
  if (!ended || !happy || !fs::exists(temporary_)) {
    std::error_code ec;
    fs::remove(temporary_, ec);
    throw std::runtime_error("cannot write " + temporary_.string());
  }
  fs::rename(temporary_, target_);
  return target_;
}

}  // namespace hoso::ocr_tesseract
