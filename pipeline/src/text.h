// Small text routines the host needs at its boundaries.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace hoso::internal {

// Offset of the first invalid UTF-8 byte, or npos when the text is valid.
size_t FirstInvalidUtf8(std::string_view text);
std::string Base64(std::string_view bytes);
size_t EditDistance(std::string_view a, std::string_view b);
// The candidate closest to `word` if it is a plausible typo of it, else "".
std::string ClosestMatch(std::string_view word, const std::vector<std::string>& candidates);
// `text` fit for one console line: every control character (a plugin's
// multi-line exception, a NUL) becomes a space, and past `max_bytes` it is
// cut at a character boundary with the length it had.
std::string OneLine(std::string_view text, size_t max_bytes = 1000);
// [a-z][a-z0-9_]* of at most max_length characters.
bool IsIdentifier(std::string_view name, size_t max_length = 64);

}  // namespace hoso::internal
