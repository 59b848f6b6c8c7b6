// Reading bytes that are not UTF-8 the way old Windows exports were read.
#pragma once

#include <string>
#include <string_view>

namespace hoso::csv_source {

// UTF-8 for `bytes` read one by one as Windows-1252; the five bytes it leaves
// undefined become U+0081, U+008D, U+008F, U+0090, U+009D, as Windows reads
// them, so the original bytes can always be recovered (normalize_vi does, to
// repair TCVN3, VNI and VISCII text).
std::string Windows1252ToUtf8(std::string_view bytes);

}  // namespace hoso::csv_source
