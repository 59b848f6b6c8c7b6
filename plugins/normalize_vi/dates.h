// Dates as written in dossiers and legacy exports, parsed to ISO 8601
// prefixes that keep their precision.
#pragma once

#include <string>
#include <string_view>

namespace hoso::normalize_vi {

struct ParsedDate {
  // "1975-09-14" (day), "1975-09" (month), "1975" (year); empty when the text
  // could not be read as a date or the date it names cannot exist.
  std::string iso;
  // Empty when the date is clean; otherwise a finding rule id,
  // "vn.date.unparsed", "vn.date.impossible" (no such day or month, or a year
  // outside 1890-2100), "vn.date.ambiguous_day_month" (month-first text such
  // as 09/25/1975) or "vn.date.two_digit_year" (the century is not guessed),
  // and a message that never quotes the text (it is personal data).
  std::string rule_id;
  std::string message;
};

// `text` is NFC UTF-8. Accepts "14/09/1975", "14-9-1975", "1975-09-14",
// "14.09.1975", "ngày 14 tháng 9 năm 1975", "tháng 9/1975", "09/1975", "1975"
// and the unaccented forms of the Vietnamese words, in upper or lower case.
// Numbers are day-first unless the first has four digits (ISO order). Fast
// enough for every record: no regex, no allocation beyond the result.
ParsedDate ParseDate(std::string_view text);

}  // namespace hoso::normalize_vi
