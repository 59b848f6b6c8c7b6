#include "dossier_spill.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <stdexcept>

#include "dossier_codec.h"

namespace hoso::internal {
namespace {

// Big enough that a write or read is a few per thousand dossiers.
constexpr size_t kChunk = size_t{4} << 20;

std::runtime_error SpillError(const std::filesystem::path& dir, const std::string& what) {
  return std::runtime_error("batch spill file in " + dir.string() + ": " + what + ": " +
                            std::strerror(errno));
}

}  // namespace

DossierSpill::DossierSpill(const std::filesystem::path& dir) : dir_(dir) {
  std::string name = (dir / ".hoso-batch-spill-XXXXXX").string();
  fd_ = ::mkostemp(name.data(), O_CLOEXEC);  // mode 0600
  if (fd_ < 0) throw SpillError(dir_, "cannot create");
  ::unlink(name.c_str());
  buffer_.reserve(kChunk + (kChunk >> 2));
}

DossierSpill::~DossierSpill() {
  if (fd_ >= 0) ::close(fd_);
}

void DossierSpill::Append(const Dossier& dossier) {
  // Each dossier: its length, then the codec's bytes.
  const size_t at = buffer_.size();
  buffer_.append(sizeof(uint64_t), '\0');
  ByteWriter writer(buffer_);
  EncodeDossier(dossier, writer);
  const uint64_t size = buffer_.size() - at - sizeof(uint64_t);
  std::memcpy(buffer_.data() + at, &size, sizeof size);
  ++count_;
  if (buffer_.size() >= kChunk) Flush();
}

void DossierSpill::Flush() {
  const char* data = buffer_.data();
  size_t left = buffer_.size();
  while (left > 0) {
    const ssize_t n = ::write(fd_, data, left);
    if (n < 0) {
      if (errno == EINTR) continue;
      throw SpillError(dir_, "cannot write (" + std::to_string(bytes_) + " bytes written)");
    }
    data += n;
    left -= static_cast<size_t>(n);
    bytes_ += static_cast<uint64_t>(n);
  }
  buffer_.clear();
}

void DossierSpill::Rewind() {
  Flush();
  if (::lseek(fd_, 0, SEEK_SET) < 0) throw SpillError(dir_, "cannot seek");
  read_pos_ = 0;
  read_ = 0;
  file_pos_ = 0;
  released_ = 0;
  eof_ = false;
}

void DossierSpill::ReleaseRead(uint64_t just_read) {
  file_pos_ += just_read;
  // What has been read is never read again: giving it back as the read goes
  // on frees its disk space and, above all, its page cache, whose pages the
  // next stages' writes (a handbook of gigabytes) then reuse while they are
  // still mapped; on a virtual machine that hands freed memory back to its
  // host, a page never touched before costs microseconds to fault in. A
  // file system that cannot punch holes keeps the file whole, as before.
  constexpr uint64_t kRelease = uint64_t{32} << 20;
  if (hole_punching_ && file_pos_ - released_ >= kRelease) {
    const uint64_t end = file_pos_ - file_pos_ % kRelease;
    if (::fallocate(fd_, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, static_cast<off_t>(released_),
                    static_cast<off_t>(end - released_)) == 0) {
      released_ = end;
    } else {
      hole_punching_ = false;
    }
  }
}

// Makes at least `need` unread bytes available unless the file ends first.
bool DossierSpill::Fill(size_t need) {
  while (buffer_.size() - read_pos_ < need) {
    if (eof_) return false;
    buffer_.erase(0, read_pos_);
    read_pos_ = 0;
    const size_t have = buffer_.size();
    buffer_.resize(have + std::max(kChunk, need));
    ssize_t n;
    do {
      n = ::read(fd_, buffer_.data() + have, buffer_.size() - have);
    } while (n < 0 && errno == EINTR);
    if (n < 0) throw SpillError(dir_, "cannot read");
    buffer_.resize(have + static_cast<size_t>(n));
    if (n == 0) eof_ = true;
    ReleaseRead(static_cast<uint64_t>(n));
  }
  return true;
}

bool DossierSpill::Next(Dossier& out) {
  if (read_ == count_) return false;
  uint64_t size = 0;
  if (!Fill(sizeof size)) throw std::runtime_error("batch spill file in " + dir_.string() + ": ends early");
  std::memcpy(&size, buffer_.data() + read_pos_, sizeof size);
  read_pos_ += sizeof size;
  if (!Fill(size)) throw std::runtime_error("batch spill file in " + dir_.string() + ": ends early");
  ByteReader reader(std::string_view(buffer_).substr(read_pos_, size));
  out = DecodeDossier(reader);
  read_pos_ += size;
  ++read_;
  return true;
}

}  // namespace hoso::internal
