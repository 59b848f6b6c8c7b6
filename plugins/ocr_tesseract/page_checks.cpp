#include "page_checks.h"

#include <charconv>
#include <cstdio>
#include <optional>

namespace hoso::ocr_tesseract {
namespace {

std::string Fixed(double value, int decimals) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, value);
  return buf;
}

void AppendTo(std::string& list, const std::string& item, char separator) {
  if (!list.empty()) list += separator;
  list += item;
}


}  // namespace

std::optional<int> IntAttribute(const Page& page, const std::string& name) {
  auto it = page.attributes.find(name);
  if (it == page.attributes.end()) return std::nullopt;
  int value = 0;
  const char* begin = it->second.data();
  const char* end = begin + it->second.size();
  auto [ptr, ec] = std::from_chars(begin, end, value);
  if (ec != std::errc() || ptr != end) return std::nullopt;
  return value;
}

int RecognizedLines(const std::vector<Line>& lines) {
  int recognized = 0;
  for (const Line& line : lines) recognized += line.word_count > 0 ? 1 : 0;
  return recognized;
}

void AddPageFinding(Dossier& dossier, Page& page, const Finding& finding) {
  for (MemberRecord& record : dossier.records) record.findings.push_back(finding);
  AppendTo(page.attributes["findings"], finding.rule_id, ',');
  if (dossier.records.empty()) AppendTo(page.attributes["warnings"], finding.message, '\n');
}

void CheckConfidence(Dossier& dossier, Page& page, double min_confidence) {
  if (page.words.empty() || page.mean_confidence >= min_confidence) return;
  AddPageFinding(dossier, page,
                 Finding{.rule_id = "ocr.low_confidence",
                         .severity = Severity::kWarning,
                         .field = "",
                         .message = page.origin.Describe() + ": mean confidence " +
                                    Fixed(page.mean_confidence, 2) + " below " +
                                    Fixed(min_confidence, 2),
                         .suggested_fix = "rescan or review"});
}

void CheckCoverage(Dossier& dossier, Page& page, double min_ratio) {
  const int recognized = RecognizedLines(page.lines);
  page.attributes["text_lines_recognized"] = std::to_string(recognized);
  const std::optional<int> estimate = IntAttribute(page, "text_lines_estimate");
  if (!estimate || *estimate <= 0) return;
  const double ratio = static_cast<double>(recognized) / *estimate;
  page.attributes["text_lines_ratio"] = Fixed(ratio, 2);
  if (ratio >= min_ratio) return;
  AddPageFinding(
      dossier, page,
      Finding{.rule_id = "ocr.layout_dropped_text",
              .severity = Severity::kWarning,
              .field = "",
              .message = page.origin.Describe() + ": layout dropped text: " +
                         std::to_string(recognized) + " text lines recognized of about " +
                         std::to_string(*estimate) + " on the page (ratio " + Fixed(ratio, 2) +
                         " below " + Fixed(min_ratio, 2) + ")",
              .suggested_fix = "review the page against the scan, or re-run OCR with psm 4 or 6"});
}

}  // namespace hoso::ocr_tesseract
