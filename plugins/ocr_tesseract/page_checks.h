// Findings OCR raises about a page: text read with low confidence, and text
// the layout analysis never handed to recognition.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "hoso/dossier.h"

namespace hoso::ocr_tesseract {

// Adds `finding` to every record of the dossier. At OCR time a scanned
// dossier usually has no MemberRecord yet (field extraction comes later), so
// the page keeps it too: its rule id in page.attributes["findings"]
// (comma-separated, always, so later stages and reports can select flagged
// pages), and, when there is no record to carry it, its message in
// page.attributes["warnings"] (one per line) for field extraction to lift.
// An integer page attribute set by an earlier stage, if present and valid.
std::optional<int> IntAttribute(const Page& page, const std::string& name);
// Text lines that hold at least one word.
int RecognizedLines(const std::vector<Line>& lines);

void AddPageFinding(Dossier& dossier, Page& page, const Finding& finding);

// "ocr.low_confidence" when the page's mean word confidence is below
// `min_confidence` (0..1). Pages without any word are left to the coverage
// check: a blank back side is not a bad scan.
void CheckConfidence(Dossier& dossier, Page& page, double min_confidence);

// "ocr.layout_dropped_text" when the lines recognized are fewer than
// `min_ratio` times preprocess's page.attributes["text_lines_estimate"].
// Records both counts and the ratio in the page's attributes.
void CheckCoverage(Dossier& dossier, Page& page, double min_ratio);

}  // namespace hoso::ocr_tesseract
