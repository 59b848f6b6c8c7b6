#include "quiet_libraries.h"

#include <leptonica/allheaders.h>
#include <poppler-global.h>

#include <mutex>
#include <string>

namespace hoso::scan_source {
namespace {

void IgnorePopplerMessage(const std::string& /*message*/, void* /*closure*/) {}

}  // namespace

void QuietImageLibraries() {
  static std::once_flag once;
  std::call_once(once, [] {
    setMsgSeverity(L_SEVERITY_NONE);
    poppler::set_debug_error_function(&IgnorePopplerMessage, nullptr);
  });
}

}  // namespace hoso::scan_source
