// A file built under a temporary name next to its destination and moved into
// place only when complete, so readers see the old file or the new one, never
// a partial one, and a failed run leaves the old one untouched.
#pragma once

#include <cstdint>
#include <filesystem>

namespace hoso_handbook {

class StagedFile {
 public:
  // Creates the destination's parent directories and an empty temporary file
  // ".<name>.tmp-<pid>" beside it, readable by the owner only: the handbook
  // holds personal data from its first byte. With `replace` off, refuses a
  // destination that already exists.
  StagedFile(std::filesystem::path destination, bool replace);
  // Removes the temporary file unless Publish() succeeded.
  ~StagedFile();
  StagedFile(const StagedFile&) = delete;
  StagedFile& operator=(const StagedFile&) = delete;

  const std::filesystem::path& temp_path() const { return temp_path_; }
  const std::filesystem::path& destination() const { return destination_; }

  // Starts writing what the temporary file has gained since the last call
  // to disk, without waiting for it, once that is at least `min_bytes`: the
  // disk then works while the rest is written, and Publish's flush finds
  // little left (a 2.35 GB handbook otherwise waited 1.2 s for it at the
  // end). Only a hint: errors are left to Publish's flush.
  void StartWriteback(int64_t min_bytes);
  // Flushes the temporary file to disk, renames it over the destination and
  // flushes the directory so the rename itself survives a crash. Whoever
  // wrote the file must have closed it first.
  void Publish();

 private:
  void CloseWriteback();

  std::filesystem::path destination_;
  std::filesystem::path temp_path_;
  bool replace_;
  bool published_ = false;
  // StartWriteback's own descriptor: kept open until the writer has closed
  // the file, because closing a descriptor of a file drops the process's
  // POSIX locks on it, SQLite's included.
  int writeback_fd_ = -1;
  int64_t written_back_ = 0;
};

}  // namespace hoso_handbook
