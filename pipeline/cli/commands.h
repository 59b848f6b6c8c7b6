// The subcommands of the hoso executable.
#pragma once

#include <string>
#include <vector>

namespace hoso::cli {

int Run(const std::vector<std::string>& args);
// `hoso requeue FILE`: runs FILE on the inputs its quarantine file (or --from) holds.
int Requeue(const std::vector<std::string>& args);
int Check(const std::vector<std::string>& args);
int Plugins(const std::vector<std::string>& args);
// A command some plugin provides (`hoso train ...`); -1 when none does.
int PluginCommand(const std::string& name, const std::vector<std::string>& args);

}  // namespace hoso::cli
