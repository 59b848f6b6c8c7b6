// Files written per dossier for the archive (hOCR, searchable PDF): one
// name rule for all, and writes that readers never see half done.
#pragma once

#include <string>

namespace hoso::ocr_tesseract {

// The dossier id as a file name stem: characters outside [A-Za-z0-9._-]
// replaced by '_', never empty nor hidden.
std::string DossierFileStem(const std::string& dossier_id);

}  // namespace hoso::ocr_tesseract
