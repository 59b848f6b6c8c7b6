// Leptonica and poppler print their complaints to stderr, which would
// interleave with the host's progress display and repeat what quarantine
// already records (with the file name, which stderr should not carry).
#pragma once

namespace hoso::scan_source {

// Silences both libraries for the whole process, once. Failures still come
// back as return values, which the callers turn into reasons.
void QuietImageLibraries();

}  // namespace hoso::scan_source
