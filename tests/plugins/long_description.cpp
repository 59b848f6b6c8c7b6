// A plugin whose descriptor carries an absurdly long string.
#include "hoso/plugin.h"

namespace {
class Verbose : public hoso::Validator {
 public:
  explicit Verbose(const hoso::Options&) {}
  void Validate(const hoso::MemberRecord&, std::vector<hoso::Finding>&, hoso::Context&) override {}
};
#define X10(s) s s s s s s s s s s
constexpr const char kLong[] = X10(X10(X10("a description that goes on and on ")));
}  // namespace

HOSO_PLUGIN(hoso::MakeDescriptor<Verbose>(hoso::PluginKind::kValidator, "long_description",
                                          "1.0.0", kLong));
