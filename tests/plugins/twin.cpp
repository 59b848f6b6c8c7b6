// Compiled twice into two libraries that both call themselves "twin".
#include "hoso/plugin.h"

namespace {
class Twin : public hoso::Validator {
 public:
  explicit Twin(const hoso::Options&) {}
  void Validate(const hoso::MemberRecord&, std::vector<hoso::Finding>&, hoso::Context&) override {}
};
}  // namespace

HOSO_PLUGIN(hoso::MakeDescriptor<Twin>(hoso::PluginKind::kValidator, "twin", "1.0.0", "A twin"));
