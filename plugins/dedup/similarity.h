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

// ID numbers packed into one integer so that OneDigitOff needs no text:
// up to 15 characters of "0123456789.-/ " as 4-bit codes, the length in the
// top 4 bits. 0: the text cannot be packed (empty, longer, other characters).
uint64_t PackCode(std::string_view text);
inline size_t PackedSize(uint64_t packed) { return static_cast<size_t>(packed >> 60); }
// OneDigitOff of two packed (non-zero) codes.
bool PackedOneDigitOff(uint64_t a, uint64_t b);

}  // namespace hoso::dedup
