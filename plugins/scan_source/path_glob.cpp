#include "path_glob.h"

#include <fnmatch.h>

#include <cstddef>

namespace hoso::scan_source {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

bool MatchComponent(const std::string& pattern, const std::string& name) {
  return ::fnmatch(pattern.c_str(), name.c_str(), FNM_PERIOD | FNM_CASEFOLD) == 0;
}

// Patterns are a handful of components, so plain backtracking is cheap.
void Match(const std::vector<std::string>& pattern, size_t i, const std::vector<std::string>& parts,
           size_t j, PathMatch& result) {
  if (result.full && result.deeper) return;
  if (j == parts.size()) {
    if (i < pattern.size()) result.deeper = true;
    size_t rest = i;
    while (rest < pattern.size() && pattern[rest] == "**") ++rest;
    if (rest == pattern.size()) result.full = true;
    return;
  }
  if (i == pattern.size()) return;
  if (pattern[i] == "**") {
    Match(pattern, i + 1, parts, j, result);
    if (parts[j].empty() || parts[j][0] != '.') Match(pattern, i, parts, j + 1, result);
    return;
  }
  if (MatchComponent(pattern[i], parts[j])) Match(pattern, i + 1, parts, j + 1, result);
}

}  // namespace

bool HasWildcard(std::string_view component) {
  return component.find_first_of("*?[") != std::string_view::npos;
}

PathMatch MatchPath(const std::vector<std::string>& pattern,
                    const std::vector<std::string>& parts) {
  PathMatch result;
  Match(pattern, 0, parts, 0, result);
  return result;
}

bool NaturalLess(std::string_view a, std::string_view b) {
  size_t i = 0;
  size_t j = 0;
  while (i < a.size() && j < b.size()) {
    if (IsDigit(a[i]) && IsDigit(b[j])) {
      size_t a_end = i;
      size_t b_end = j;
      while (a_end < a.size() && IsDigit(a[a_end])) ++a_end;
      while (b_end < b.size() && IsDigit(b[b_end])) ++b_end;
      // Compare by value without converting: skip leading zeros, then the
      // longer run is larger, then digit by digit.
      size_t a_start = i;
      size_t b_start = j;
      while (a_start + 1 < a_end && a[a_start] == '0') ++a_start;
      while (b_start + 1 < b_end && b[b_start] == '0') ++b_start;
      const size_t a_len = a_end - a_start;
      const size_t b_len = b_end - b_start;
      if (a_len != b_len) return a_len < b_len;
      const int cmp = a.substr(a_start, a_len).compare(b.substr(b_start, b_len));
      if (cmp != 0) return cmp < 0;
      i = a_end;
      j = b_end;
      continue;
    }
    if (a[i] != b[j]) {
      return static_cast<unsigned char>(a[i]) < static_cast<unsigned char>(b[j]);
    }
    ++i;
    ++j;
  }
  if (i < a.size() || j < b.size()) return i == a.size();  // a prefix comes first
  return a < b;  // equal by value ("01" and "1"): byte order decides
}

}  // namespace hoso::scan_source
