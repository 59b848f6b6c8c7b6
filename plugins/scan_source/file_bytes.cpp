#include "file_bytes.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace hoso::scan_source {
namespace {

constexpr size_t kBlockSize = 64 * 1024;

}  // namespace

FileBytes::FileBytes(const std::filesystem::path& path) {
  fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd_ < 0) {
    error_ = std::strerror(errno);
    return;
  }
  struct stat info {};
  if (::fstat(fd_, &info) != 0) {
    error_ = std::strerror(errno);
  } else if (!S_ISREG(info.st_mode)) {
    error_ = "not a regular file";
  } else {
    size_ = static_cast<uint64_t>(info.st_size);
    return;
  }
  ::close(fd_);
  fd_ = -1;
}

FileBytes::~FileBytes() {
  if (fd_ >= 0) ::close(fd_);
}

bool FileBytes::Read(uint64_t offset, size_t n, void* out) {
  if (fd_ < 0 || offset > size_ || n > size_ - offset) return false;
  auto* dest = static_cast<unsigned char*>(out);
  if (n > kBlockSize / 2) {
    // Large reads bypass the cache instead of evicting it.
    size_t done = 0;
    while (done < n) {
      const ssize_t got = ::pread(fd_, dest + done, n - done, static_cast<off_t>(offset + done));
      if (got < 0 && errno == EINTR) continue;
      if (got <= 0) return false;
      done += static_cast<size_t>(got);
    }
    return true;
  }
  if (offset < block_offset_ || offset + n > block_offset_ + block_.size()) {
    const size_t want = static_cast<size_t>(std::min<uint64_t>(kBlockSize, size_ - offset));
    block_.resize(want);
    size_t done = 0;
    while (done < want) {
      const ssize_t got =
          ::pread(fd_, block_.data() + done, want - done, static_cast<off_t>(offset + done));
      if (got < 0 && errno == EINTR) continue;
      if (got <= 0) break;
      done += static_cast<size_t>(got);
    }
    block_.resize(done);
    block_offset_ = offset;
    if (done < n) return false;  // the file shrank under us
  }
  std::memcpy(dest, block_.data() + (offset - block_offset_), n);
  return true;
}

}  // namespace hoso::scan_source
