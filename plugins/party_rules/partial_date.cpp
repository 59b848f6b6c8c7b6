#include "partial_date.h"

namespace hoso::party_rules {
namespace {

bool Digits(std::string_view text, int& out) {
  out = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
    out = out * 10 + (c - '0');
  }
  return !text.empty();
}

int DaysInMonth(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : kDays[month - 1];
}

int Sign(int v) { return (v > 0) - (v < 0); }

}  // namespace

std::optional<PartialDate> ParsePartialDate(std::string_view text) {
  PartialDate date;
  if (text.size() != 4 && text.size() != 7 && text.size() != 10) return std::nullopt;
  if (!Digits(text.substr(0, 4), date.year)) return std::nullopt;
  if (text.size() >= 7) {
    if (text[4] != '-' || !Digits(text.substr(5, 2), date.month)) return std::nullopt;
    if (date.month < 1 || date.month > 12) return std::nullopt;
  }
  if (text.size() == 10) {
    if (text[7] != '-' || !Digits(text.substr(8, 2), date.day)) return std::nullopt;
    if (date.day < 1 || date.day > DaysInMonth(date.year, date.month)) return std::nullopt;
  }
  return date;
}

int CompareKnown(const PartialDate& a, const PartialDate& b) {
  if (a.year != b.year) return Sign(a.year - b.year);
  if (a.month == 0 || b.month == 0) return 0;
  if (a.month != b.month) return Sign(a.month - b.month);
  if (a.day == 0 || b.day == 0) return 0;
  return Sign(a.day - b.day);
}

std::optional<int> AgeOn(const PartialDate& birth, const PartialDate& on) {
  const int years = on.year - birth.year;
  // Has the birthday come by `on`? Unknown when either side lacks the detail.
  int birthday_passed = -1;  // -1 unknown, 0 no, 1 yes
  if (birth.month != 0 && on.month != 0) {
    if (on.month != birth.month) {
      birthday_passed = on.month > birth.month ? 1 : 0;
    } else if (birth.day != 0 && on.day != 0) {
      birthday_passed = on.day >= birth.day ? 1 : 0;
    }
  }
  if (birthday_passed < 0) return std::nullopt;
  return birthday_passed == 1 ? years : years - 1;
}

}  // namespace hoso::party_rules
