// A plugin whose factory throws before any object exists, and not even a
// std::exception: what a hand-written descriptor with a bug can do.
#include "hoso/plugin.h"

namespace {
hoso::Plugin* Create(const hoso::Options&) { throw 42; }
}  // namespace

HOSO_PLUGIN((hoso::PluginDescriptor{hoso::kAbiVersion, "throwing_create", "1.0.0",
                                    hoso::PluginKind::kValidator, "Factory throws an int", nullptr,
                                    0, &Create, nullptr, 0}));
