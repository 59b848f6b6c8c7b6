// A file that appears at its final path complete or not at all.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace hoso::jsonl_sink {

class AtomicFile {
 public:
  // Creates the parent directories of `target` and a temp file beside it
  // (same directory, so the final rename stays on one file system), mode
  // 0600: what lands here is personal data. Throws std::runtime_error naming
  // the path on failure.
  explicit AtomicFile(std::filesystem::path target);
  // Without Commit() the temp file is removed and `target` stays untouched.
  ~AtomicFile();
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;

  void Append(std::string_view bytes);
  // Flushes, fsyncs and renames over `target`, then fsyncs the directory so
  // the rename itself survives a crash. Throws std::runtime_error on failure.
  void Commit();

  const std::filesystem::path& target() const { return target_; }

 private:
  void Flush();
  [[noreturn]] void Fail(const std::string& what) const;

  std::filesystem::path target_;
  std::filesystem::path temp_;
  int fd_ = -1;
  std::string buffer_;
  bool committed_ = false;
};

}  // namespace hoso::jsonl_sink
