// String similarities for comparison levels; byte-wise, meant for the
// ASCII-folded keys (accented keys compare with equality levels).
#pragma once

#include <string_view>

namespace hoso::dedup {

double JaroWinkler(std::string_view a, std::string_view b);
// Edit distance, giving up (returning limit + 1) once it must exceed `limit`.
int BoundedLevenshtein(std::string_view a, std::string_view b, int limit);
// Same length and one position different, or two adjacent positions swapped:
// the usual typing and reading errors in ID numbers.
bool OneDigitOff(std::string_view a, std::string_view b);

}  // namespace hoso::dedup
