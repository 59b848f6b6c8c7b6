#include "atomic_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <stdexcept>
#include <system_error>
#include <utility>
#include <vector>

namespace hoso::jsonl_sink {
namespace {

namespace fs = std::filesystem;

constexpr size_t kFlushBytes = size_t{1} << 20;

std::string ErrnoText() { return std::generic_category().message(errno); }

void SyncDirectory(const fs::path& dir) {
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;  // best effort: some file systems refuse to open dirs
  ::fsync(fd);
  ::close(fd);
}

}  // namespace

AtomicFile::AtomicFile(fs::path target) : target_(std::move(target)) {
  const fs::path dir = target_.has_parent_path() ? target_.parent_path() : fs::path(".");
  std::error_code error;
  fs::create_directories(dir, error);
  if (error) {
    throw std::runtime_error("cannot create directory '" + dir.string() + "': " + error.message());
  }
  // Hidden and named after the target, so a leftover from a crash is easy to
  // recognize and never mistaken for output.
  std::string pattern = (dir / ("." + target_.filename().string() + ".tmp-XXXXXX")).string();
  std::vector<char> name(pattern.begin(), pattern.end());
  name.push_back('\0');
  fd_ = ::mkostemp(name.data(), O_CLOEXEC);
  if (fd_ < 0) Fail("cannot create a temp file in '" + dir.string() + "'");
  temp_ = fs::path(name.data());
  // mkostemp already uses 0600; say so explicitly rather than rely on it.
  if (::fchmod(fd_, S_IRUSR | S_IWUSR) != 0) {
    const int cause = errno;
    ::close(std::exchange(fd_, -1));
    ::unlink(temp_.c_str());
    errno = cause;
    Fail("cannot set mode 0600 on '" + temp_.string() + "'");
  }
}

AtomicFile::~AtomicFile() {
  if (fd_ >= 0) ::close(fd_);
  if (!committed_ && !temp_.empty()) ::unlink(temp_.c_str());
}

void AtomicFile::Fail(const std::string& what) const {
  throw std::runtime_error(what + ": " + ErrnoText());
}

void AtomicFile::Append(std::string_view bytes) {
  buffer_.append(bytes);
  if (buffer_.size() >= kFlushBytes) Flush();
}

void AtomicFile::Flush() {
  size_t done = 0;
  while (done < buffer_.size()) {
    const ssize_t n = ::write(fd_, buffer_.data() + done, buffer_.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      Fail("cannot write '" + temp_.string() + "'");
    }
    done += static_cast<size_t>(n);
  }
  buffer_.clear();
}

void AtomicFile::Commit() {
  if (committed_) return;
  Flush();
  if (::fsync(fd_) != 0) Fail("cannot sync '" + temp_.string() + "'");
  const int fd = std::exchange(fd_, -1);
  if (::close(fd) != 0) Fail("cannot close '" + temp_.string() + "'");
  if (::rename(temp_.c_str(), target_.c_str()) != 0) {
    Fail("cannot move output into place at '" + target_.string() + "'");
  }
  committed_ = true;
  SyncDirectory(target_.has_parent_path() ? target_.parent_path() : fs::path("."));
}

}  // namespace hoso::jsonl_sink
