// The quarantine file: one JSON line per refused input unit, with the
// original input, the stage and plugin that refused it, and why.
#pragma once

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <map>
#include <mutex>
#include <string>

#include "hoso/harness.h"

namespace hoso::internal {

std::string QuarantineLine(const QuarantineEntry& entry, const std::string& time);

class QuarantineLog {
 public:
  // Writes to a temporary file beside `file`; Commit() renames it into place.
  explicit QuarantineLog(std::filesystem::path file);
  ~QuarantineLog();

  void Add(const QuarantineEntry& entry);  // thread-safe
  void Commit();

  int64_t count() const;
  std::map<std::string, int64_t> CountByStage() const;
  const std::filesystem::path& file() const { return file_; }

 private:
  std::filesystem::path file_;
  std::filesystem::path temp_;
  std::FILE* out_ = nullptr;
  mutable std::mutex mutex_;
  int64_t count_ = 0;
  std::map<std::string, int64_t> by_stage_;
};

}  // namespace hoso::internal
