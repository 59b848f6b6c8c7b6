#include "dates.h"

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace hoso::normalize_vi {
namespace {

// Party members' dates (birth, admission) fall in this range; anything
// outside is a typo or an OCR misread, never a real date.
constexpr int kMinYear = 1890;
constexpr int kMaxYear = 2100;

constexpr std::string_view kUnparsed = "vn.date.unparsed";
constexpr std::string_view kImpossible = "vn.date.impossible";
constexpr std::string_view kAmbiguous = "vn.date.ambiguous_day_month";
constexpr std::string_view kTwoDigitYear = "vn.date.two_digit_year";

enum class Unit { kNone, kDay, kMonth, kYear };

struct Number {
  int value = 0;
  int digits = 0;
  // How the number was introduced: by a keyword ("tháng 9"), a separator
  // ("/9") or nothing (the first number).
  Unit keyword = Unit::kNone;
  char separator = '\0';
};

// A date has at most three numbers; a fourth means the text is something else.
struct Tokens {
  std::array<Number, 3> numbers;
  int count = 0;
  bool ok = true;
};

ParsedDate WithFinding(std::string_view rule_id, std::string_view message) {
  ParsedDate out;
  out.rule_id = rule_id;
  out.message = message;
  return out;
}

ParsedDate Unparsed() { return WithFinding(kUnparsed, "text is not a recognized date form"); }

uint32_t DecodeUtf8(std::string_view s, size_t& i) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  if (b0 < 0x80) {
    ++i;
    return b0;
  }
  int len = (b0 >> 5) == 0x6 ? 2 : (b0 >> 4) == 0xE ? 3 : (b0 >> 3) == 0x1E ? 4 : 0;
  if (len == 0 || i + len > s.size()) {
    ++i;
    return 0xFFFD;
  }
  uint32_t cp = b0 & (0x7F >> len);
  for (int k = 1; k < len; ++k) {
    const auto b = static_cast<unsigned char>(s[i + k]);
    if ((b & 0xC0) != 0x80) {
      ++i;
      return 0xFFFD;
    }
    cp = (cp << 6) | (b & 0x3F);
  }
  i += len;
  return cp;
}

bool IsBlank(uint32_t cp) {
  // Commas show up in "ngày 14 tháng 9, năm 1975"; no-break and narrow spaces
  // come from word processors.
  return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == ',' || cp == 0xA0 ||
         (cp >= 0x2000 && cp <= 0x200A) || cp == 0x202F || cp == 0x3000;
}

// Word processors turn "-" into an en or em dash.
char SeparatorOf(uint32_t cp) {
  if (cp == '/' || cp == '-' || cp == '.') return static_cast<char>(cp);
  if (cp == 0x2013 || cp == 0x2014) return '-';
  return '\0';
}

bool IsDigit(uint32_t cp) { return cp >= '0' && cp <= '9'; }

// Folds just enough of Vietnamese to recognize the three keywords in any case,
// with or without their diacritics: ASCII case, à/á/ă (and ǎ, which legacy
// fonts used for ă) to a, and combining marks dropped for text that slipped
// through without NFC.
Unit KeywordOf(std::string_view word) {
  char folded[8];
  size_t n = 0;
  size_t i = 0;
  while (i < word.size()) {
    uint32_t cp = DecodeUtf8(word, i);
    if (cp >= 0x300 && cp <= 0x36F) continue;
    if (cp >= 'A' && cp <= 'Z') cp += 'a' - 'A';
    // À à Á á Ă ă Ǎ ǎ
    if (cp == 0xC0 || cp == 0xE0 || cp == 0xC1 || cp == 0xE1 || cp == 0x102 || cp == 0x103 ||
        cp == 0x1CD || cp == 0x1CE) {
      cp = 'a';
    }
    if (cp >= 0x80 || n == sizeof(folded)) return Unit::kNone;
    folded[n++] = static_cast<char>(cp);
  }
  const std::string_view f(folded, n);
  if (f == "ngay") return Unit::kDay;
  if (f == "thang") return Unit::kMonth;
  if (f == "nam") return Unit::kYear;
  return Unit::kNone;
}

// Splits the text into numbers, each with what introduced it. Any other word,
// a dangling keyword or separator, or a number that no date part could have
// makes the text unreadable.
Tokens Tokenize(std::string_view text) {
  Tokens t;
  Unit pending_keyword = Unit::kNone;
  char pending_separator = '\0';
  size_t i = 0;
  while (i < text.size()) {
    const size_t start = i;
    const uint32_t cp = DecodeUtf8(text, i);
    if (IsBlank(cp)) continue;
    if (char sep = SeparatorOf(cp); sep != '\0') {
      if (t.count == 0 || pending_separator != '\0' || pending_keyword != Unit::kNone) {
        t.ok = false;
        return t;
      }
      pending_separator = sep;
      continue;
    }
    if (IsDigit(cp)) {
      int value = cp - '0';
      int digits = 1;
      while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
        value = value * 10 + (text[i] - '0');
        ++i;
        // Nothing in a date is longer than a year; stop before overflow.
        if (++digits > 4) {
          t.ok = false;
          return t;
        }
      }
      // Two numbers need something between them: "14 09 1975" is not a form
      // any source uses, and guessing would hide a missing separator.
      const bool introduced = pending_separator != '\0' || pending_keyword != Unit::kNone;
      if (t.count == 3 || (t.count > 0 && !introduced)) {
        t.ok = false;
        return t;
      }
      t.numbers[t.count++] = Number{value, digits, pending_keyword, pending_separator};
      pending_keyword = Unit::kNone;
      pending_separator = '\0';
      continue;
    }
    // A word: runs to the next blank, digit or separator.
    size_t end = i;
    while (end < text.size()) {
      size_t next = end;
      const uint32_t c = DecodeUtf8(text, next);
      if (IsBlank(c) || IsDigit(c) || SeparatorOf(c) != '\0') break;
      end = next;
    }
    i = end;
    const Unit keyword = KeywordOf(text.substr(start, end - start));
    if (keyword == Unit::kNone || pending_keyword != Unit::kNone || pending_separator != '\0') {
      t.ok = false;
      return t;
    }
    pending_keyword = keyword;
  }
  if (t.count == 0 || pending_keyword != Unit::kNone || pending_separator != '\0') t.ok = false;
  return t;
}

bool IsLeap(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int DaysInMonth(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && IsLeap(year) ? 29 : kDays[month - 1];
}

void AppendPadded(std::string& out, int value, int width) {
  char buf[4];
  for (int k = width - 1; k >= 0; --k) {
    buf[k] = static_cast<char>('0' + value % 10);
    value /= 10;
  }
  out.append(buf, width);
}

// Checks the parts and formats them; `month` and `day` are 0 when the text
// did not give them.
ParsedDate Build(int year, int month, int day, bool has_month, bool has_day) {
  if (year < kMinYear || year > kMaxYear) {
    return WithFinding(kImpossible, "year outside the plausible range 1890-2100");
  }
  if (has_month && (month < 1 || month > 12)) {
    return WithFinding(kImpossible, "date does not exist (month out of range)");
  }
  if (has_day && (day < 1 || day > DaysInMonth(year, month))) {
    return WithFinding(kImpossible, "date does not exist (day out of range for the month)");
  }
  ParsedDate out;
  out.iso.reserve(10);
  AppendPadded(out.iso, year, 4);
  if (has_month) {
    out.iso += '-';
    AppendPadded(out.iso, month, 2);
  }
  if (has_day) {
    out.iso += '-';
    AppendPadded(out.iso, day, 2);
  }
  return out;
}

ParsedDate TwoDigitYear() {
  // "75" could be 1875, 1975 or 2075 for a member's relative; only the
  // dossier can tell.
  return WithFinding(kTwoDigitYear, "year written with two digits; the century is not guessed");
}

bool IsShort(const Number& n) { return n.digits <= 2; }
bool IsTwoDigits(const Number& n) { return n.digits == 2; }
bool IsYear(const Number& n) { return n.digits == 4; }

// Keyword forms put the parts in Vietnamese order, day, month, year, always
// ending with the year: "ngày 14 tháng 9 năm 1975", "tháng 9/1975", "năm 1975".
ParsedDate ParseVietnameseOrder(const Tokens& t) {
  static constexpr Unit kOrder[] = {Unit::kDay, Unit::kMonth, Unit::kYear};
  const int first = 3 - t.count;
  for (int k = 0; k < t.count; ++k) {
    const Unit keyword = t.numbers[k].keyword;
    if (keyword != Unit::kNone && keyword != kOrder[first + k]) return Unparsed();
  }
  const Number& year = t.numbers[t.count - 1];
  for (int k = 0; k + 1 < t.count; ++k) {
    if (!IsShort(t.numbers[k])) return Unparsed();
  }
  if (IsTwoDigits(year)) return TwoDigitYear();
  if (!IsYear(year)) return Unparsed();
  const int month = t.count >= 2 ? t.numbers[t.count - 2].value : 0;
  const int day = t.count == 3 ? t.numbers[0].value : 0;
  return Build(year.value, month, day, t.count >= 2, t.count == 3);
}

// Bare numbers: day-first as Vietnamese write them, or year-first as ISO.
ParsedDate ParseNumeric(const Tokens& t) {
  const Number* n = t.numbers.data();
  switch (t.count) {
    case 1:
      // A bare one- or two-digit number is more likely an age or a count
      // than a year.
      if (IsYear(n[0])) return Build(n[0].value, 0, 0, false, false);
      return Unparsed();
    case 2:
      if (IsShort(n[0]) && IsYear(n[1])) return Build(n[1].value, n[0].value, 0, true, false);
      if (IsYear(n[0]) && IsShort(n[1])) return Build(n[0].value, n[1].value, 0, true, false);
      // "09/75" and "14/09" read equally well as month/year or day/month.
      return Unparsed();
    default:
      break;
  }
  if (IsYear(n[0]) && IsShort(n[1]) && IsShort(n[2])) {
    // Year-first is only ever ISO order; a "month" above 12 here is not a
    // swapped day but a date that does not exist.
    return Build(n[0].value, n[1].value, n[2].value, true, true);
  }
  if (!IsShort(n[0]) || !IsShort(n[1])) return Unparsed();
  if (IsTwoDigits(n[2])) return TwoDigitYear();
  if (!IsYear(n[2])) return Unparsed();
  const int first = n[0].value;
  const int second = n[1].value;
  if (second > 12 && first >= 1 && first <= 12) {
    // Only a month-first export writes this; reading it day-first would be
    // impossible, and swapping it silently would also swap every date of that
    // export whose day is 12 or less.
    return WithFinding(kAmbiguous,
                       "date is in month-first order, not day-first; day and month not guessed");
  }
  return Build(n[2].value, second, first, true, true);
}

}  // namespace

ParsedDate ParseDate(std::string_view text) {
  const Tokens t = Tokenize(text);
  if (!t.ok) return Unparsed();
  char separator = '\0';
  bool has_keyword = false;
  for (int k = 0; k < t.count; ++k) {
    const Number& n = t.numbers[k];
    has_keyword = has_keyword || n.keyword != Unit::kNone;
    if (n.separator == '\0') continue;
    // "14/09-1975" is more likely two fragments run together than one date.
    if (separator != '\0' && n.separator != separator) return Unparsed();
    separator = n.separator;
  }
  return has_keyword ? ParseVietnameseOrder(t) : ParseNumeric(t);
}

}  // namespace hoso::normalize_vi
