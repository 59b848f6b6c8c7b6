// Strict UTF-8 validation for rows read from legacy exports.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

namespace hoso::csv_source {

// Offset (0-based) of the first byte that does not belong to a well-formed
// UTF-8 sequence, or nullopt when `text` is valid. Overlong forms, surrogates
// and code points above U+10FFFF count as invalid: a legacy 8-bit export
// (TCVN3, VNI) read as UTF-8 must not slip through as text.
std::optional<size_t> FirstInvalidUtf8(std::string_view text);

}  // namespace hoso::csv_source
