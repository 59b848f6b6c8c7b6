#include "hocr_writer.h"

#include <tesseract/baseapi.h>

#include <string>

#include "dossier_files.h"
#include "hoso/atomic_file.h"

namespace hoso::ocr_tesseract {
namespace {

namespace fs = std::filesystem;

std::string XmlEscape(const std::string& text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

}  // namespace

fs::path WriteHocr(const fs::path& dir, const std::string& dossier_id,
                   const std::vector<std::string>& pages) {
  const fs::path target = dir / (DossierFileStem(dossier_id) + ".hocr");
  // OCR'd text is personal data: AtomicFile writes it owner-only (0600)
  // under a hidden temporary name and renames it into place.
  AtomicFile out(target);
  // Same head as Tesseract's own hOCR renderer, so hOCR tools read it.
  std::string head =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 Transitional//EN\"\n"
      "    \"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd\">\n"
      "<html xmlns=\"http://www.w3.org/1999/xhtml\" xml:lang=\"vi\" lang=\"vi\">\n"
      " <head>\n"
      "  <title>" +
      XmlEscape(dossier_id) +
      "</title>\n"
      "  <meta http-equiv=\"Content-Type\" content=\"text/html;charset=utf-8\"/>\n"
      "  <meta name='ocr-system' content='tesseract " +
      std::string(tesseract::TessBaseAPI::Version()) +
      "' />\n"
      "  <meta name='ocr-capabilities' content='ocr_page ocr_carea ocr_par ocr_line "
      "ocrx_word ocrp_wconf'/>\n"
      " </head>\n"
      " <body>\n";
  out.Append(head);
  for (const std::string& page : pages) out.Append(page);
  out.Append(" </body>\n</html>\n");
  out.Commit();
  return target;
}

}  // namespace hoso::ocr_tesseract
