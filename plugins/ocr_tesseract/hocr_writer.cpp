#include "hocr_writer.h"

#include <tesseract/baseapi.h>

#include <fstream>
#include <stdexcept>

#include "dossier_files.h"

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
  fs::create_directories(dir);
  const fs::path target = dir / (DossierFileStem(dossier_id) + ".hocr");
  const fs::path temporary = fs::path(target).concat(".tmp");
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    // Same head as Tesseract's own hOCR renderer, so hOCR tools read it.
    out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
           "<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 Transitional//EN\"\n"
           "    \"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd\">\n"
           "<html xmlns=\"http://www.w3.org/1999/xhtml\" xml:lang=\"vi\" lang=\"vi\">\n"
           " <head>\n"
           "  <title>"
        << XmlEscape(dossier_id)
        << "</title>\n"
           "  <meta http-equiv=\"Content-Type\" content=\"text/html;charset=utf-8\"/>\n"
           "  <meta name='ocr-system' content='tesseract "
        << tesseract::TessBaseAPI::Version()
        << "' />\n"
           "  <meta name='ocr-capabilities' content='ocr_page ocr_carea ocr_par ocr_line "
           "ocrx_word ocrp_wconf'/>\n"
           " </head>\n"
           " <body>\n";
    for (const std::string& page : pages) out << page;
    out << " </body>\n</html>\n";
    out.flush();
    if (!out) throw std::runtime_error("cannot write " + temporary.string());
  }
  fs::rename(temporary, target);
  return target;
}

}  // namespace hoso::ocr_tesseract
