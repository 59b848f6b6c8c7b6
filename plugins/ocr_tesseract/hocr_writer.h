// hOCR of a dossier for the archive: one XHTML file per dossier, one
// ocr_page per page, as Tesseract writes it.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace hoso::ocr_tesseract {

// Writes <dir>/<dossier id>.hocr (characters outside [A-Za-z0-9._-]
// replaced) through a temporary file, so a reader never sees half a file.
// `pages` are Tesseract's ocr_page fragments. Returns the path written, or
// throws std::runtime_error.
std::filesystem::path WriteHocr(const std::filesystem::path& dir, const std::string& dossier_id,
                                const std::vector<std::string>& pages);

}  // namespace hoso::ocr_tesseract
