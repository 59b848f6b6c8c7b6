#include "similarity.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <cstdlib>
#include <vector>

namespace hoso::dedup {

double JaroWinkler(std::string_view a, std::string_view b) {
  if (a.empty() || b.empty()) return 0;
  if (a == b) return 1;
  // Long values are compared on their first 64 bytes; names and codes are
  // far shorter, and a fixed buffer keeps the inner loop allocation-free.
  constexpr size_t kMax = 64;
  a = a.substr(0, kMax);
  b = b.substr(0, kMax);
  const size_t window = std::max(a.size(), b.size()) / 2 > 0 ? std::max(a.size(), b.size()) / 2 - 1 : 0;
  std::array<bool, kMax> a_used{};
  std::array<bool, kMax> b_used{};
  size_t matches = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    const size_t lo = i > window ? i - window : 0;
    const size_t hi = std::min(b.size(), i + window + 1);
    for (size_t j = lo; j < hi; ++j) {
      if (b_used[j] || a[i] != b[j]) continue;
      a_used[i] = b_used[j] = true;
      ++matches;
      break;
    }
  }
  if (matches == 0) return 0;
  size_t transpositions = 0;
  size_t k = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    if (!a_used[i]) continue;
    while (!b_used[k]) ++k;
    if (a[i] != b[k]) ++transpositions;
    ++k;
  }
  const double m = static_cast<double>(matches);
  const double jaro = (m / static_cast<double>(a.size()) + m / static_cast<double>(b.size()) +
                       (m - static_cast<double>(transpositions) / 2.0) / m) /
                      3.0;
  size_t prefix = 0;
  while (prefix < 4 && prefix < a.size() && prefix < b.size() && a[prefix] == b[prefix]) ++prefix;
  return jaro + static_cast<double>(prefix) * 0.1 * (1.0 - jaro);
}

int BoundedLevenshtein(std::string_view a, std::string_view b, int limit) {
  if (std::abs(static_cast<int>(a.size()) - static_cast<int>(b.size())) > limit) return limit + 1;
  std::vector<int> previous(b.size() + 1);
  std::vector<int> current(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) previous[j] = static_cast<int>(j);
  for (size_t i = 1; i <= a.size(); ++i) {
    current[0] = static_cast<int>(i);
    int row_min = current[0];
    for (size_t j = 1; j <= b.size(); ++j) {
      const int cost = a[i - 1] == b[j - 1] ? 0 : 1;
      current[j] = std::min({previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost});
      row_min = std::min(row_min, current[j]);
    }
    if (row_min > limit) return limit + 1;
    std::swap(previous, current);
  }
  return std::min(previous[b.size()], limit + 1);
}

bool OneDigitOff(std::string_view a, std::string_view b) {
  if (a.size() != b.size() || a == b) return false;
  size_t first = a.size();
  size_t differences = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i] == b[i]) continue;
    if (differences++ == 0) first = i;
  }
  if (differences == 1) return true;
  return differences == 2 && first + 1 < a.size() && a[first] == b[first + 1] &&
         a[first + 1] == b[first];
}

uint64_t PackCode(std::string_view text) {
  if (text.empty() || text.size() > 15) return 0;
  uint64_t packed = static_cast<uint64_t>(text.size()) << 60;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    uint64_t code;
    if (c >= '0' && c <= '9') {
      code = static_cast<uint64_t>(c - '0');
    } else if (c == '.') {
      code = 10;
    } else if (c == '-') {
      code = 11;
    } else if (c == '/') {
      code = 12;
    } else if (c == ' ') {
      code = 13;
    } else {
      return 0;
    }
    packed |= code << (4 * i);
  }
  return packed;
}

bool PackedOneDigitOff(uint64_t a, uint64_t b) {
  const uint64_t x = a ^ b;
  if (x == 0 || (x >> 60) != 0) return false;  // the same, or lengths differ
  // One bit per character that differs.
  const uint64_t differ = (x | x >> 1 | x >> 2 | x >> 3) & 0x1111111111111111ULL;
  const int count = std::popcount(differ);
  if (count == 1) return true;
  if (count != 2) return false;
  const int low = std::countr_zero(differ) / 4;
  const int high = (63 - std::countl_zero(differ)) / 4;
  auto code = [](uint64_t packed, int i) { return (packed >> (4 * i)) & 0xF; };
  return high == low + 1 && code(a, low) == code(b, high) && code(a, high) == code(b, low);
}

}  // namespace hoso::dedup
