// The partial ISO dates normalize_vi writes ("1975", "1975-09",
// "1975-09-14"), compared only as far as both are known.
#pragma once

#include <optional>
#include <string_view>

namespace hoso::party_rules {

struct PartialDate {
  int year = 0;
  int month = 0;  // 0: unknown
  int day = 0;    // 0: unknown

  // Months since year 0, when the month is known.
  int MonthIndex() const { return year * 12 + (month - 1); }
};

// nullopt for anything that is not a partial ISO date with a real month and day.
std::optional<PartialDate> ParsePartialDate(std::string_view text);

// Negative, zero or positive as `a` is before, indistinguishable from or
// after `b` at the precision both have: 1975 and 1975-09-14 compare equal.
int CompareKnown(const PartialDate& a, const PartialDate& b);

// Whole years from `birth` to `on`, when the precision decides it; nullopt
// when it does not (born 1975, admitted 1993: 17 or 18).
std::optional<int> AgeOn(const PartialDate& birth, const PartialDate& on);

}  // namespace hoso::party_rules
