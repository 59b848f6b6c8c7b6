// The export files a `path` option names: one file, or a glob.
#pragma once

#include <filesystem>
#include <string_view>
#include <vector>

namespace hoso::csv_source {

// True when `pattern` uses `*`, `?` or `[...]`.
bool HasWildcard(std::string_view pattern);

// Shell-style match of one path component: `*`, `?` (one UTF-8 character),
// `[abc]`, `[a-z]`, `[!abc]`. Like the shell, wildcards do not match a
// leading dot, so editor backups and temp files stay out.
bool MatchesWildcard(std::string_view pattern, std::string_view name);

// The regular files `path` names, in byte order of their paths so a run over
// `exports/*.csv` is reproducible. A path without wildcards, or one that
// exists as written, is returned as is (opening it reports a missing file).
// Throws std::invalid_argument when a glob matches nothing.
std::vector<std::filesystem::path> ExpandInputFiles(const std::filesystem::path& path);

}  // namespace hoso::csv_source
