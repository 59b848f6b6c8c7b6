// Says when its code runs: loading the library appends a line to the file
// named by HOSO_TEST_LOAD_MARKER, before anyone asks for the descriptor. The
// trust tests use it to show that a refused library was never loaded.
#include <cstdio>
#include <cstdlib>

#include "hoso/plugin.h"

namespace {

struct AnnounceLoad {
  AnnounceLoad() {
    const char* file = std::getenv("HOSO_TEST_LOAD_MARKER");
    if (file == nullptr) return;
    if (std::FILE* out = std::fopen(file, "a")) {
      std::fputs("loaded\n", out);
      std::fclose(out);
    }
  }
} announce_load;

class LoadMarker : public hoso::Validator {
 public:
  explicit LoadMarker(const hoso::Options&) {}
  void Validate(const hoso::MemberRecord&, std::vector<hoso::Finding>&, hoso::Context&) override {}
};

}  // namespace

HOSO_PLUGIN(hoso::MakeDescriptor<LoadMarker>(hoso::PluginKind::kValidator, "load_marker", "1.0.0",
                                             "Test validator that records when it is loaded"));
