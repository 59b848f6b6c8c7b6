// Built with HOSO_ABI_VERSION=99: a plugin from a future SDK.
#include "hoso/plugin.h"

namespace {
class Nothing : public hoso::Validator {
 public:
  explicit Nothing(const hoso::Options&) {}
  void Validate(const hoso::MemberRecord&, std::vector<hoso::Finding>&, hoso::Context&) override {}
};
}  // namespace

HOSO_PLUGIN(hoso::MakeDescriptor<Nothing>(hoso::PluginKind::kValidator, "wrong_abi", "9.9.9",
                                          "Built against another ABI"));
