// A file that appears at its final path complete or not at all, for sinks:
// written under a hidden temporary name beside the target, mode 0600, and
// renamed over it on Commit(). Header-only, so plugins need no library.
#pragma once

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

namespace hoso {

// Removes what writers killed mid-write left beside `target`: hidden files
// named `.<target name>.tmp-<pid>...` (the convention of AtomicFile and the
// host's own staged files) whose process is gone. A live process's file,
// ours or another writer's, is left alone. Best effort: errors are ignored.
inline void RemoveStaleTemps(const std::filesystem::path& target) {
  namespace fs = std::filesystem;
  const fs::path dir = target.has_parent_path() ? target.parent_path() : fs::path(".");
  const std::string prefix = "." + target.filename().string() + ".tmp-";
  std::error_code error;
  for (fs::directory_iterator it(dir, error), end; !error && it != end; it.increment(error)) {
    const std::string name = it->path().filename().string();
    if (name.compare(0, prefix.size(), prefix) != 0) continue;
    size_t digits = prefix.size();
    while (digits < name.size() && name[digits] >= '0' && name[digits] <= '9') ++digits;
    if (digits == prefix.size() || digits - prefix.size() > 9) continue;
    const long pid = std::strtol(name.c_str() + prefix.size(), nullptr, 10);
    if (pid <= 0 || pid == static_cast<long>(::getpid())) continue;
    if (::kill(static_cast<pid_t>(pid), 0) == 0 || errno != ESRCH) continue;
    std::error_code ignored;
    fs::remove(it->path(), ignored);
  }
}

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

namespace atomic_file_detail {

inline constexpr size_t kFlushBytes = size_t{1} << 20;

inline std::string ErrnoText() { return std::generic_category().message(errno); }

inline void SyncDirectory(const std::filesystem::path& dir) {
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;  // best effort: some file systems refuse to open dirs
  ::fsync(fd);
  ::close(fd);
}

}  // namespace atomic_file_detail

inline AtomicFile::AtomicFile(std::filesystem::path target) : target_(std::move(target)) {
  const std::filesystem::path dir = target_.has_parent_path() ? target_.parent_path() : std::filesystem::path(".");
  std::error_code error;
  std::filesystem::create_directories(dir, error);
  if (error) {
    throw std::runtime_error("cannot create directory '" + dir.string() + "': " + error.message());
  }
  // Hidden and named after the target and our pid, so a leftover from a
  // crash is never mistaken for output and the next writer removes it.
  RemoveStaleTemps(target_);
  std::string pattern = (dir / ("." + target_.filename().string() + ".tmp-" +
                                std::to_string(::getpid()) + "-XXXXXX"))
                            .string();
  std::vector<char> name(pattern.begin(), pattern.end());
  name.push_back('\0');
  fd_ = ::mkostemp(name.data(), O_CLOEXEC);
  if (fd_ < 0) Fail("cannot create a temp file in '" + dir.string() + "'");
  temp_ = std::filesystem::path(name.data());
  // mkostemp already uses 0600; say so explicitly rather than rely on it.
  if (::fchmod(fd_, S_IRUSR | S_IWUSR) != 0) {
    const int cause = errno;
    ::close(std::exchange(fd_, -1));
    ::unlink(temp_.c_str());
    errno = cause;
    Fail("cannot set mode 0600 on '" + temp_.string() + "'");
  }
}

inline AtomicFile::~AtomicFile() {
  if (fd_ >= 0) ::close(fd_);
  if (!committed_ && !temp_.empty()) ::unlink(temp_.c_str());
}

inline void AtomicFile::Fail(const std::string& what) const {
  throw std::runtime_error(what + ": " + atomic_file_detail::ErrnoText());
}

inline void AtomicFile::Append(std::string_view bytes) {
  buffer_.append(bytes);
  if (buffer_.size() >= atomic_file_detail::kFlushBytes) Flush();
}

inline void AtomicFile::Flush() {
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

inline void AtomicFile::Commit() {
  if (committed_) return;
  Flush();
  if (::fsync(fd_) != 0) Fail("cannot sync '" + temp_.string() + "'");
  const int fd = std::exchange(fd_, -1);
  if (::close(fd) != 0) Fail("cannot close '" + temp_.string() + "'");
  if (::rename(temp_.c_str(), target_.c_str()) != 0) {
    Fail("cannot move output into place at '" + target_.string() + "'");
  }
  committed_ = true;
  atomic_file_detail::SyncDirectory(target_.has_parent_path() ? target_.parent_path() : std::filesystem::path("."));
}

}  // namespace hoso
