#include "input_files.h"

#include <algorithm>
#include <stdexcept>
#include <string>
#include <system_error>

namespace hoso::csv_source {
namespace {

namespace fs = std::filesystem;

bool IsContinuationByte(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

// Length of the UTF-8 character starting at name[i], so `?` and bracket
// classes consume "ễ" whole.
size_t CharLength(std::string_view name, size_t i) {
  size_t end = i + 1;
  while (end < name.size() && IsContinuationByte(name[end])) ++end;
  return end - i;
}

// Matches the bracket expression starting at pattern[p] ('[') against the
// character `ch`. Sets `next` past the closing ']'. Returns false with
// next == npos when the bracket is not closed, so it is taken literally.
bool MatchBracket(std::string_view pattern, size_t p, std::string_view ch, size_t& next) {
  size_t i = p + 1;
  bool negate = false;
  if (i < pattern.size() && (pattern[i] == '!' || pattern[i] == '^')) {
    negate = true;
    ++i;
  }
  bool matched = false;
  bool first = true;
  while (i < pattern.size() && (first || pattern[i] != ']')) {
    first = false;
    const size_t len = CharLength(pattern, i);
    std::string_view low = pattern.substr(i, len);
    i += len;
    std::string_view high = low;
    if (i + 1 < pattern.size() && pattern[i] == '-' && pattern[i + 1] != ']') {
      const size_t high_len = CharLength(pattern, i + 1);
      high = pattern.substr(i + 1, high_len);
      i += 1 + high_len;
    }
    if (low <= ch && ch <= high) matched = true;
  }
  if (i >= pattern.size()) {
    next = std::string_view::npos;
    return false;
  }
  next = i + 1;
  return matched != negate;
}

bool Matches(std::string_view pattern, std::string_view name) {
  size_t p = 0;
  size_t n = 0;
  // Backtracking point for the last `*`: enough for shell globs, linear-ish.
  size_t star_p = std::string_view::npos;
  size_t star_n = 0;
  while (n < name.size()) {
    if (p < pattern.size()) {
      const char pc = pattern[p];
      if (pc == '*') {
        star_p = ++p;
        star_n = n;
        continue;
      }
      const size_t len = CharLength(name, n);
      if (pc == '?') {
        ++p;
        n += len;
        continue;
      }
      if (pc == '[') {
        size_t next = 0;
        if (MatchBracket(pattern, p, name.substr(n, len), next)) {
          p = next;
          n += len;
          continue;
        }
        if (next == std::string_view::npos && name[n] == '[') {
          ++p;
          ++n;
          continue;
        }
      } else if (pc == name[n]) {
        ++p;
        ++n;
        continue;
      }
    }
    if (star_p == std::string_view::npos) return false;
    p = star_p;
    star_n += CharLength(name, star_n);
    n = star_n;
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

}  // namespace

bool HasWildcard(std::string_view pattern) {
  return pattern.find_first_of("*?[") != std::string_view::npos;
}

bool MatchesWildcard(std::string_view pattern, std::string_view name) {
  if (!name.empty() && name[0] == '.' && (pattern.empty() || pattern[0] != '.')) return false;
  return Matches(pattern, name);
}

std::vector<fs::path> ExpandInputFiles(const fs::path& path) {
  std::error_code error;
  if (!HasWildcard(path.string()) || fs::exists(path, error)) return {path};

  std::vector<fs::path> candidates = {path.root_path()};
  for (const fs::path& component : path.relative_path()) {
    const std::string part = component.string();
    std::vector<fs::path> next;
    for (const fs::path& base : candidates) {
      if (!HasWildcard(part)) {
        next.push_back(base / component);
        continue;
      }
      const fs::path dir = base.empty() ? fs::path(".") : base;
      for (fs::directory_iterator it(dir, error), end; !error && it != end; it.increment(error)) {
        const std::string name = it->path().filename().string();
        if (MatchesWildcard(part, name)) next.push_back(base / name);
      }
      error.clear();
    }
    candidates = std::move(next);
  }

  std::vector<fs::path> files;
  for (const fs::path& candidate : candidates) {
    if (fs::is_regular_file(candidate, error)) files.push_back(candidate);
  }
  std::sort(files.begin(), files.end(),
            [](const fs::path& a, const fs::path& b) { return a.native() < b.native(); });
  files.erase(std::unique(files.begin(), files.end()), files.end());
  if (files.empty()) {
    throw std::invalid_argument("path '" + path.string() + "' matches no file");
  }
  return files;
}

}  // namespace hoso::csv_source
