// A plugin whose constructor throws.
#include <stdexcept>

#include "hoso/plugin.h"

namespace {
class Throwing : public hoso::Validator {
 public:
  explicit Throwing(const hoso::Options&) { throw std::runtime_error("reference data missing"); }
  void Validate(const hoso::MemberRecord&, std::vector<hoso::Finding>&, hoso::Context&) override {}
};
}  // namespace

HOSO_PLUGIN(hoso::MakeDescriptor<Throwing>(hoso::PluginKind::kValidator, "throwing_factory",
                                           "1.0.0", "Throws when created"));
