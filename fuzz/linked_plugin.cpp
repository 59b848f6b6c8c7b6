#include "linked_plugin.h"

#include <yaml-cpp/yaml.h>

#include <cstdio>
#include <cstdlib>

#include "option_parsing.h"

// Defined by HOSO_PLUGIN in the linked plugin's sources: the address of a
// function returning the descriptor, as the host reads it from a .so.
extern "C" const void* HOSO_ENTRY_SYMBOL;

namespace hoso::fuzz {

const PluginDescriptor& LinkedDescriptor() {
  using EntryFn = const PluginDescriptor* (*)();
  const auto entry = reinterpret_cast<EntryFn>(reinterpret_cast<intptr_t>(HOSO_ENTRY_SYMBOL));
  return *entry();
}

std::unique_ptr<Plugin> CreateLinkedPlugin(std::string_view options_yaml,
                                           const std::filesystem::path& base_dir) {
  const PluginDescriptor& descriptor = LinkedDescriptor();
  Options options;
  std::vector<internal::OptionError> errors;
  const YAML::Node with = YAML::Load(std::string(options_yaml));
  if (!internal::ParseOptions(descriptor, with, base_dir, &options, &errors)) {
    for (const internal::OptionError& e : errors) {
      std::fprintf(stderr, "fuzz target options refused: %s\n", e.message.c_str());
    }
    std::abort();
  }
  return std::unique_ptr<Plugin>(descriptor.create(options));
}

}  // namespace hoso::fuzz
