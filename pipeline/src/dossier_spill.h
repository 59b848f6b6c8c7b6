// Dossiers parked on disk between the two passes of a streaming batch stage
// (hoso::StreamingBatch), so a batch of millions of records is not held in
// memory while deduplication decides. Written once in order, read back once
// in the same order.
//
// The file lives beside the run's outputs (not in /tmp, which may be memory)
// and is unlinked as soon as it is created: nothing is left behind by a run
// that fails or is killed, and no other user can open it.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

#include "hoso/dossier.h"

namespace hoso::internal {

class DossierSpill {
 public:
  // Creates the file in `dir`. Throws std::runtime_error naming `dir`.
  explicit DossierSpill(const std::filesystem::path& dir);
  ~DossierSpill();
  DossierSpill(const DossierSpill&) = delete;
  DossierSpill& operator=(const DossierSpill&) = delete;

  void Append(const Dossier& dossier);
  // Ends writing; reading starts at the first dossier.
  void Rewind();
  // The next dossier in the order appended; false after the last.
  bool Next(Dossier& out);

  uint64_t count() const { return count_; }
  uint64_t bytes() const { return bytes_; }

 private:
  void Flush();
  bool Fill(size_t need);
  void ReleaseRead(uint64_t just_read);

  std::filesystem::path dir_;
  int fd_ = -1;
  std::string buffer_;
  size_t read_pos_ = 0;
  uint64_t count_ = 0;
  uint64_t read_ = 0;
  uint64_t bytes_ = 0;
  uint64_t file_pos_ = 0;  // bytes read from the file so far
  uint64_t released_ = 0;  // bytes at its start given back to the file system
  bool hole_punching_ = true;
  bool eof_ = false;
};

}  // namespace hoso::internal
