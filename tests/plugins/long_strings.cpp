// A validator with one absurdly long descriptor string, chosen at build time
// (LONG_FIELD: 1 name, 2 version, 3 option name, 4 option help, 5 enum
// choices, 6 option default, 7 command summary). long_description.cpp covers
// the description. The host must refuse each without reading all of it.
#include "hoso/plugin.h"

namespace {
class Quiet : public hoso::Validator {
 public:
  explicit Quiet(const hoso::Options&) {}
  void Validate(const hoso::MemberRecord&, std::vector<hoso::Finding>&, hoso::Context&) override {}
};

#define X10(s) s s s s s s s s s s
// 100,000 bytes: far past every limit, and not a valid identifier's end.
constexpr const char kLong[] = X10(X10(X10(X10("abcdefghij"))));
constexpr bool Is(int field) { return LONG_FIELD == field; }

constexpr hoso::OptionSpec kOptions[] = {
    {.name = Is(3) ? kLong : "mode",
     .type = hoso::OptionType::kEnum,
     .default_value = Is(6) ? kLong : "a",
     .help = Is(4) ? kLong : "which one",
     .choices = Is(5) ? kLong : "a|b"},
};

int Run(int, char**) { return 0; }
constexpr hoso::Command kCommands[] = {{"long_strings", Is(7) ? kLong : "does nothing", &Run}};
}  // namespace

HOSO_PLUGIN((hoso::PluginDescriptor{hoso::kAbiVersion, Is(1) ? kLong : "long_strings",
                                    Is(2) ? kLong : "1.0.0", hoso::PluginKind::kValidator,
                                    "One absurdly long descriptor string", kOptions, 1,
                                    &hoso::CreatePlugin<Quiet>, kCommands, 1}));
