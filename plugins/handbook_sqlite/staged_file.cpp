#include "staged_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <stdexcept>
#include <string>
#include <system_error>
#include <utility>

#include "hoso/atomic_file.h"

namespace hoso_handbook {
namespace {

constexpr mode_t kPrivateMode = 0600;

[[noreturn]] void ThrowErrno(const std::string& what) {
  throw std::system_error(errno, std::generic_category(), what);
}

std::filesystem::path DirectoryOf(const std::filesystem::path& file) {
  std::filesystem::path dir = file.parent_path();
  return dir.empty() ? std::filesystem::path(".") : dir;
}

int CreatePrivate(const std::filesystem::path& path) {
  return ::open(path.c_str(), O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, kPrivateMode);
}

void SyncPath(const std::filesystem::path& path, int flags) {
  int fd = ::open(path.c_str(), flags | O_CLOEXEC);
  if (fd < 0) ThrowErrno("cannot open " + path.string() + " to flush it");
  int rc = ::fsync(fd);
  int saved = errno;
  ::close(fd);
  errno = saved;
  if (rc != 0) ThrowErrno("cannot flush " + path.string());
}

}  // namespace

StagedFile::StagedFile(std::filesystem::path destination, bool replace)
    : destination_(std::move(destination)), replace_(replace) {
  const std::filesystem::path dir = DirectoryOf(destination_);
  std::filesystem::create_directories(dir);
  if (!replace_ && std::filesystem::exists(destination_)) {
    throw std::runtime_error(destination_.string() + " already exists and option 'replace' is off");
  }
  hoso::RemoveStaleTemps(destination_);  // and their SQLite -journal files
  temp_path_ = dir / ("." + destination_.filename().string() + ".tmp-" +
                      std::to_string(static_cast<long>(::getpid())));

  int fd = CreatePrivate(temp_path_);
  if (fd < 0 && errno == EEXIST) {
    // Our pid in the name means a leftover of a crashed run that had the same
    // pid (common in containers), not another live writer.
    ::unlink(temp_path_.c_str());
    fd = CreatePrivate(temp_path_);
  }
  if (fd < 0) ThrowErrno("cannot create " + temp_path_.string());
  // The umask may have taken the owner's write bit away; fchmod ignores it.
  int rc = ::fchmod(fd, kPrivateMode);
  int saved = errno;
  // Closed right away: closing any descriptor of a file drops the process's
  // POSIX locks on it, which would silently release SQLite's.
  ::close(fd);
  if (rc != 0) {
    ::unlink(temp_path_.c_str());
    errno = saved;
    ThrowErrno("cannot restrict permissions of " + temp_path_.string());
  }
}

StagedFile::~StagedFile() {
  CloseWriteback();
  if (published_) return;
  ::unlink(temp_path_.c_str());
  // SQLite may have left a rollback journal beside it.
  ::unlink((temp_path_.string() + "-journal").c_str());
}

void StagedFile::StartWriteback(int64_t min_bytes) {
  if (writeback_fd_ < 0) {
    writeback_fd_ = ::open(temp_path_.c_str(), O_RDONLY | O_CLOEXEC);
    if (writeback_fd_ < 0) return;
  }
  struct stat status {};
  if (::fstat(writeback_fd_, &status) != 0) return;
  const int64_t size = status.st_size;
  if (size - written_back_ < min_bytes) return;
  ::sync_file_range(writeback_fd_, written_back_, size - written_back_, SYNC_FILE_RANGE_WRITE);
  written_back_ = size;
}

void StagedFile::CloseWriteback() {
  if (writeback_fd_ >= 0) ::close(writeback_fd_);
  writeback_fd_ = -1;
}

void StagedFile::Publish() {
  CloseWriteback();
  SyncPath(temp_path_, O_RDONLY);
  if (::chmod(temp_path_.c_str(), kPrivateMode) != 0) {
    ThrowErrno("cannot restrict permissions of " + temp_path_.string());
  }
  if (replace_) {
    if (::rename(temp_path_.c_str(), destination_.c_str()) != 0) {
      ThrowErrno("cannot move the handbook into place at " + destination_.string());
    }
  } else {
    // link() fails if the destination appeared meanwhile, where rename()
    // would overwrite it.
    if (::link(temp_path_.c_str(), destination_.c_str()) != 0) {
      ThrowErrno("cannot move the handbook into place at " + destination_.string());
    }
    ::unlink(temp_path_.c_str());
  }
  published_ = true;
  SyncPath(DirectoryOf(destination_), O_RDONLY | O_DIRECTORY);
}

}  // namespace hoso_handbook
