// Shell-style path patterns for the `path` option, with `**` for any depth
// of folders, and the name order inputs are read in.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace hoso::scan_source {

// True when `component` uses `*`, `?` or `[...]` (or is `**`).
bool HasWildcard(std::string_view component);

struct PathMatch {
  bool full = false;    // `parts` matches the whole pattern
  bool deeper = false;  // some path below `parts` could still match
};

// Matches path components relative to the pattern's literal root against
// pattern components. `*`, `?` and `[...]` work within one component and,
// like the shell, do not match a leading dot; `**` matches any number of
// components, hidden folders excepted. Case is ignored, as for extensions:
// archives copied from Windows mix "SCAN.TIF" and "scan.tif", and a
// pattern that silently skipped half of them would lose dossiers.
PathMatch MatchPath(const std::vector<std::string>& pattern, const std::vector<std::string>& parts);

// Name order for pages and dossiers: runs of digits compare by value, so
// "trang-2.tif" comes before "trang-10.tif" as a clerk would number them;
// ties fall back to byte order, so the order is total and reproducible.
bool NaturalLess(std::string_view a, std::string_view b);

}  // namespace hoso::scan_source
