#include "dossier_files.h"

namespace hoso::ocr_tesseract {

std::string DossierFileStem(const std::string& dossier_id) {
  std::string out;
  for (char c : dossier_id) {
    const bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                      c == '.' || c == '_' || c == '-';
    out += keep ? c : '_';
  }
  // Built anew rather than insert(0, ...): GCC 12 warns falsely on that.
  if (out.empty() || out[0] == '.') return "d" + out;
  return out;
}

}  // namespace hoso::ocr_tesseract
