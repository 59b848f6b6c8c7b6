// Text into HTML and SVG. Everything that comes from a file (reasons, rule
// ids, record ids, names) goes through Escape: a quarantine reason can hold
// any bytes a source produced.
#pragma once

#include <string>
#include <string_view>

namespace hoso::report {

// Escapes &, <, >, " and ' so the result is safe as element text and inside
// a quoted attribute; bytes that are not valid UTF-8 become U+FFFD.
std::string Escape(std::string_view text);

}  // namespace hoso::report
