// SHA-256 (FIPS 180-4), for pinning a plugin library to the exact bytes a
// pipeline file names. Our own small implementation: the host links no
// crypto library, and a run hashes only a few megabytes.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace hoso::internal {

class Sha256 {
 public:
  Sha256();
  void Update(const void* data, size_t size);
  void Update(std::string_view bytes) { Update(bytes.data(), bytes.size()); }
  // The digest as 64 lowercase hex digits. Ends the hash: call once.
  std::string HexDigest();

 private:
  void Compress(const uint8_t* block);

  std::array<uint32_t, 8> state_;
  std::array<uint8_t, 64> buffer_{};
  size_t buffered_ = 0;
  uint64_t total_bytes_ = 0;
};

std::string Sha256Hex(std::string_view bytes);

// The hash of everything `fd` holds, read from offset 0 with pread (the file
// offset is left alone). Returns false, with errno set, when a read fails.
bool Sha256OfFile(int fd, std::string* hex);

// 64 hex digits, either case.
bool IsSha256Hex(std::string_view text);

}  // namespace hoso::internal
