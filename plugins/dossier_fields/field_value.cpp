#include "field_value.h"

#include <unicode/utf8.h>

#include <array>
#include <cctype>
#include <optional>
#include <vector>

#include "folded_text.h"

namespace hoso::dossier_fields {
namespace {

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// Marks that stand for nothing at the ends of a value: leaders, colons left
// from the label, table rules read as '|', speckles read as '~' or '='.
bool IsEdgeMark(std::string_view s, size_t i, size_t* width) {
  // ASCII only: a byte of this set never occurs inside a UTF-8 character.
  static constexpr std::string_view kMarks = ".:;,|_~=-*'\"`^()[]{}!/\\";
  *width = 1;
  if (kMarks.find(s[i]) != std::string_view::npos) return true;
  // U+2026 HORIZONTAL ELLIPSIS, U+2014/2013 dashes, U+201C/D quotes, U+00B0 degree.
  for (std::string_view mark : {"\xE2\x80\xA6", "\xE2\x80\x94", "\xE2\x80\x93", "\xE2\x80\x9C",
                                "\xE2\x80\x9D", "\xE2\x80\x98", "\xE2\x80\x99", "\xC2\xB0"}) {
    if (s.substr(i, mark.size()) == mark) {
      *width = mark.size();
      return true;
    }
  }
  return false;
}

// Where a run of leader dots (three or more, maybe spaced) or an ellipsis
// starts: what a clerk typed ends there.
size_t LeaderStart(std::string_view s) {
  for (size_t i = 0; i < s.size(); ++i) {
    if (s.substr(i, 3) == "\xE2\x80\xA6") return i;
    if (s[i] == '.' || s[i] == '_') {
      size_t j = i;
      int dots = 0;
      while (j < s.size() && (s[j] == '.' || s[j] == '_' || s[j] == ' ')) {
        if (s[j] != ' ') ++dots;
        ++j;
      }
      if (dots >= 3) return i;
    }
  }
  return std::string_view::npos;
}

std::string CollapseSpaces(std::string_view s) {
  std::string out;
  bool space = false;
  for (char c : s) {
    if (IsSpace(c)) {
      space = !out.empty();
      continue;
    }
    if (space) out.push_back(' ');
    space = false;
    out.push_back(c);
  }
  return out;
}

// OCR's usual letters for digits, used only inside tokens that are mostly
// digits already.
char DigitFor(char c) {
  switch (c) {
    case 'O':
    case 'o':
    case 'D':
    case 'Q':
      return '0';
    case 'l':
    case 'I':
    case 'i':
    case '|':
    case '!':
      return '1';
    case 'Z':
    case 'z':
      return '2';
    case 'S':
    case 's':
      return '5';
    case 'G':
    case 'b':
      return '6';
    case 'B':
      return '8';
    case 'g':
    case 'q':
      return '9';
    default:
      return c;
  }
}

// The digits of a number printed with spaces, dots or dashes inside, with
// look-alike letters read back as digits. nullopt when letters dominate.
std::optional<std::string> DigitsOf(std::string_view text) {
  std::string digits;
  int letters = 0;
  for (char c : text) {
    if (c >= '0' && c <= '9') {
      digits.push_back(c);
    } else if (c == ' ' || c == '.' || c == '-' || c == ',') {
      continue;
    } else {
      const char d = DigitFor(c);
      if (d == c) return std::nullopt;  // a letter no digit looks like
      digits.push_back(d);
      ++letters;
    }
  }
  if (digits.empty() || letters * 4 > static_cast<int>(digits.size())) return std::nullopt;
  return digits;
}

bool LeapYear(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

bool ValidDate(int y, int m, int d) {
  static constexpr std::array<int, 12> kDays = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (y < 1890 || y > 2100 || m < 1 || m > 12 || d < 1) return false;
  if (m == 2 && d == 29) return LeapYear(y);
  return d <= kDays[m - 1];
}

std::string Iso(int y, int m, int d) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
  return buf;
}

// Tokens of the folded date text: numbers (letters OCR reads for digits put
// back when the token is mostly digits) and words.
std::vector<std::string> DateTokens(std::string_view text) {
  std::vector<std::string> tokens;
  std::string current;
  auto flush = [&] {
    if (current.empty()) return;
    int digits = 0;
    for (char c : current) digits += std::isdigit(static_cast<unsigned char>(c)) ? 1 : 0;
    if (digits > 0 && digits * 2 >= static_cast<int>(current.size())) {
      for (char& c : current) c = DigitFor(c);
    }
    tokens.push_back(current);
    current.clear();
  };
  const auto* s = reinterpret_cast<const uint8_t*>(text.data());
  const int32_t length = static_cast<int32_t>(text.size());
  int32_t i = 0;
  while (i < length) {
    UChar32 c;
    U8_NEXT(s, i, length, c);
    if (c == '/' || c == '-' || c == '.' || c == ' ' || c == ',' || c < 0) {
      flush();
      continue;
    }
    if (c == 'O' || c == 'o' || c == 'l' || c == 'I' || c == '|') {
      current.push_back(static_cast<char>(c));  // maybe a digit; decided in flush
      continue;
    }
    const char folded = FoldCodePoint(static_cast<char32_t>(c));
    if (folded == '\0') {
      flush();
      continue;
    }
    // A digit glued to a word ("09năm1987") starts a new token.
    const bool digit = folded >= '0' && folded <= '9';
    const char back = current.empty() ? '\0' : current.back();
    const bool back_ambiguous =
        back == 'O' || back == 'o' || back == 'l' || back == 'I' || back == '|';
    if (!current.empty() && !back_ambiguous &&
        digit != (std::isdigit(static_cast<unsigned char>(back)) != 0)) {
      flush();
    }
    current.push_back(folded);
  }
  flush();
  return tokens;
}

bool IsNumber(const std::string& t) {
  if (t.empty()) return false;
  for (char c : t) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

ParsedValue ParseDate(const std::string& trimmed) {
  ParsedValue out{false, trimmed, ""};
  // The three numbers of the date, words between them ("ngày", "tháng",
  // "năm") skipped; a date sits at the start of the value.
  std::vector<std::string> numbers;
  for (const std::string& t : DateTokens(trimmed)) {
    if (IsNumber(t)) {
      numbers.push_back(t);
      if (numbers.size() == 3) break;
    } else if (t != "ngay" && t != "thang" && t != "nam" && t != "sinh") {
      if (!numbers.empty()) break;  // a word inside the date: not a date
    }
  }
  if (numbers.size() != 3) {
    out.problem = "not a date of the form day/month/year";
    return out;
  }
  if (numbers[2].size() != 4) {
    out.problem =
        numbers[2].size() == 2 ? "the year has two digits" : "the year is not four digits";
    return out;
  }
  if (numbers[0].size() > 2 || numbers[1].size() > 2) {
    out.problem = "day or month has more than two digits";
    return out;
  }
  const int d = std::stoi(numbers[0]);
  const int m = std::stoi(numbers[1]);
  const int y = std::stoi(numbers[2]);
  if (!ValidDate(y, m, d)) {
    out.problem = "no such day";
    return out;
  }
  out.ok = true;
  out.value = Iso(y, m, d);
  return out;
}

// The digits of a printed number: the whole value, else its first word
// (trailing marks after the number, "017087259980 _", are not part of it).
std::optional<std::string> NumberOf(const std::string& trimmed) {
  std::optional<std::string> digits = DigitsOf(trimmed);
  if (!digits) {
    const size_t space = trimmed.find(' ');
    if (space != std::string::npos) digits = DigitsOf(trimmed.substr(0, space));
  }
  return digits;
}

ParsedValue ParseId(const std::string& trimmed) {
  ParsedValue out{false, trimmed, ""};
  const std::optional<std::string> digits = NumberOf(trimmed);
  if (!digits) {
    out.problem = "not a number";
    return out;
  }
  if (digits->size() != 12 && digits->size() != 9) {
    out.problem =
        "an ID number has 12 digits (CCCD) or 9 (CMND), not " + std::to_string(digits->size());
    return out;
  }
  out.ok = true;
  out.value = *digits;
  return out;
}

ParsedValue ParseCard(const std::string& trimmed) {
  ParsedValue out{false, trimmed, ""};
  const std::optional<std::string> digits = NumberOf(trimmed);
  if (!digits || digits->size() != 8) {
    out.problem = "a party card number has 8 digits (NN.NNNNNN)";
    return out;
  }
  out.ok = true;
  out.value = digits->substr(0, 2) + "." + digits->substr(2);
  return out;
}

ParsedValue ParseGender(const std::string& trimmed) {
  ParsedValue out{false, trimmed, ""};
  const std::string folded = FoldWords(trimmed);
  const std::string first = folded.substr(0, folded.find(' '));
  if (first == "nam") {
    out = {true, "Nam", ""};
  } else if (first == "nu") {
    out = {true, "Nữ", ""};
  } else {
    out.problem = "gender is neither Nam nor Nữ";
  }
  return out;
}

bool HasLetter(std::string_view s) {
  for (const FoldedText folded = Fold(s); char c : folded.chars) {
    if (c >= 'a' && c <= 'z') return true;
  }
  return false;
}

}  // namespace

std::string TrimValue(std::string_view text) {
  std::string_view s = text;
  if (const size_t leader = LeaderStart(s); leader != std::string_view::npos)
    s = s.substr(0, leader);
  size_t width = 0;
  while (!s.empty() && (IsSpace(s.front()) || IsEdgeMark(s, 0, &width))) {
    s.remove_prefix(IsSpace(s.front()) ? 1 : width);
  }
  // Trailing marks, but not a closing bracket that has its opening one.
  while (!s.empty()) {
    if (IsSpace(s.back())) {
      s.remove_suffix(1);
      continue;
    }
    bool trimmed = false;
    for (size_t w = 1; w <= 3 && w <= s.size(); ++w) {
      const size_t at = s.size() - w;
      if (IsEdgeMark(s, at, &width) && width == w) {
        if (s[at] == ')' && s.find('(') != std::string_view::npos) break;
        s.remove_suffix(w);
        trimmed = true;
        break;
      }
    }
    if (!trimmed) break;
  }
  // Specks and table rules read as a word of their own ("Kinh ¬", "Thành
  // phố _ Hải Phòng |"): a word without a letter or digit is not the
  // value's, except a dash or ampersand between words.
  const std::string collapsed = CollapseSpaces(s);
  std::string out;
  size_t start = 0;
  while (start < collapsed.size()) {
    size_t space = collapsed.find(' ', start);
    if (space == std::string::npos) space = collapsed.size();
    const std::string_view word = std::string_view(collapsed).substr(start, space - start);
    const bool joiner = word == "-" || word == "&" || word == "\xE2\x80\x93";
    if (!Fold(word).chars.empty() || (joiner && !out.empty() && space < collapsed.size())) {
      if (!out.empty()) out.push_back(' ');
      out += word;
    }
    start = space + 1;
  }
  return out;
}

ParsedValue ParseValue(ValueType type, std::string_view text) {
  const std::string trimmed = TrimValue(text);
  if (trimmed.empty()) return {false, "", "no value after the label"};
  switch (type) {
    case ValueType::kDate:
      return ParseDate(trimmed);
    case ValueType::kId:
      return ParseId(trimmed);
    case ValueType::kCardNumber:
      return ParseCard(trimmed);
    case ValueType::kGender:
      return ParseGender(trimmed);
    case ValueType::kName: {
      for (char c : trimmed) {
        if (c >= '0' && c <= '9') return {false, trimmed, "a name with digits"};
      }
      if (!HasLetter(trimmed)) return {false, trimmed, "no letters"};
      return {true, trimmed, ""};
    }
    case ValueType::kPlace:
    case ValueType::kText:
      if (!HasLetter(trimmed) && trimmed.find_first_of("0123456789") == std::string::npos) {
        return {false, trimmed, "no letters or digits"};
      }
      return {true, trimmed, ""};
  }
  return {false, trimmed, "unknown type"};
}

}  // namespace hoso::dossier_fields
