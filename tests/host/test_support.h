// Shared by the host tests: scratch files and running the hoso binary.
#pragma once

#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace hoso::testing {

inline std::filesystem::path Scratch(const std::string& name) {
  std::filesystem::path dir = std::filesystem::path(HOSO_TEST_TMP) / name;
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

inline void WriteFile(const std::filesystem::path& file, const std::string& text) {
  std::filesystem::create_directories(file.parent_path());
  std::ofstream(file, std::ios::binary) << text;
}

inline std::string ReadFile(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

struct CommandResult {
  int status = -1;
  std::string output;  // stdout and stderr together
};

// Runs `hoso <args>` (a shell fragment) and captures what it printed.
inline CommandResult RunHoso(const std::string& args) {
  CommandResult result;
  const std::string command = std::string(HOSO_BIN) + " " + args + " 2>&1";
  std::FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return result;
  std::array<char, 4096> buffer{};
  size_t n;
  while ((n = std::fread(buffer.data(), 1, buffer.size(), pipe)) > 0) result.output.append(buffer.data(), n);
  const int status = pclose(pipe);
  result.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

// Text the page_reader test plugin wrote, without the values of its
// `<tag>_pid=` attributes (which process read a page differs between runs).
inline std::string WithoutPids(std::string text) {
  for (size_t at = text.find("_pid="); at != std::string::npos; at = text.find("_pid=", at)) {
    at += 5;
    const size_t end = text.find_first_of(" \n", at);
    text.erase(at, end == std::string::npos ? std::string::npos : end - at);
  }
  return text;
}

inline const std::string kEnginePlugins = std::string(HOSO_TEST_PLUGINS) + "/engine";
inline const std::string kBrokenPlugins = std::string(HOSO_TEST_PLUGINS) + "/broken";
inline const std::string kDuplicatePlugins = std::string(HOSO_TEST_PLUGINS) + "/duplicates";

}  // namespace hoso::testing
