// A plugin whose option table contradicts itself: the default is out of range.
#include "hoso/plugin.h"

namespace {
class BadDefault : public hoso::Validator {
 public:
  explicit BadDefault(const hoso::Options&) {}
  void Validate(const hoso::MemberRecord&, std::vector<hoso::Finding>&, hoso::Context&) override {}
};
constexpr hoso::OptionSpec kOptions[] = {
    {.name = "limit", .type = hoso::OptionType::kInt, .default_value = "500", .help = "a limit", .min = 0, .max = 100},
};
}  // namespace

HOSO_PLUGIN(hoso::MakeDescriptor<BadDefault>(hoso::PluginKind::kValidator, "bad_default", "1.0.0",
                                             "Default outside its own range", kOptions));
