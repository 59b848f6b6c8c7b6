// Every test writes under its own directory in HOSO_TEST_TMP, so tests can
// run in parallel and a failure leaves its files behind for a look.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

namespace hoso_handbook_test {

// out/handbook.sqlite inside a fresh, empty directory for the running test;
// `out` itself does not exist yet.
inline std::filesystem::path FreshHandbookPath() {
  const ::testing::TestInfo* test = ::testing::UnitTest::GetInstance()->current_test_info();
  std::filesystem::path dir =
      std::filesystem::path(HOSO_TEST_TMP) / test->test_suite_name() / test->name();
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir / "out" / "handbook.sqlite";
}

// Names of the files in `dir`, to spot leftovers.
inline std::vector<std::string> FilesIn(const std::filesystem::path& dir) {
  std::vector<std::string> names;
  if (!std::filesystem::exists(dir)) return names;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    names.push_back(entry.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace hoso_handbook_test
