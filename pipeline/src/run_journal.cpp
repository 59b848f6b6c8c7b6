#include "run_journal.h"

#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "dossier_codec.h"
#include "sha256.h"

namespace hoso::internal {
namespace {

enum RecordType : uint32_t { kHeader = 1, kDone = 2, kRedo = 3 };

// 3: the compact dossier codec (varints, shared parts left out).
constexpr char kMagic[] = "hoso run journal 3";
// Buffered results reach the file this often: a killed process loses at most
// these to redo. The journal is never fsynced on the way: the page cache
// outlives a killed process, and what a power cut takes (an unwritten tail;
// the checksums catch anything worse) is only redone. Syncing a journal of
// a million records cost the run seconds of stalled delivery.
constexpr double kFlushSeconds = 0.2;
constexpr size_t kFlushBytes = 1 << 20;

double Now() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

// Eight bytes a step: every input of a run is checksummed as it is pulled,
// on the one source thread, so a byte-at-a-time hash showed in a
// million-row run. Guards against damage and changed inputs, not attacks.
uint64_t Checksum(std::string_view bytes) {
  uint64_t h = 1469598103934665603ull ^ bytes.size();
  auto mix = [&h](uint64_t word) {
    h = (h ^ word) * 0x9E3779B97F4A7C15ull;
    h ^= h >> 29;
  };
  size_t i = 0;
  for (; i + 8 <= bytes.size(); i += 8) {
    uint64_t word;
    std::memcpy(&word, bytes.data() + i, 8);
    mix(word);
  }
  uint64_t tail = 0;
  if (i < bytes.size()) std::memcpy(&tail, bytes.data() + i, bytes.size() - i);
  mix(tail);
  return h;
}

}  // namespace

uint64_t InputChecksum(const Dossier& pulled) {
  // Every input of a journaled run passes here on the sources' thread: the
  // buffer is kept, unless a dossier of scans made it large.
  thread_local std::string bytes;
  bytes.clear();
  ByteWriter w(bytes);
  EncodeDossier(pulled, w);
  const uint64_t sum = Checksum(bytes);
  if (bytes.capacity() > (size_t{1} << 20)) std::string().swap(bytes);
  return sum;
}

std::string RunFingerprint(const std::filesystem::path& pipeline_file,
                           const std::vector<std::filesystem::path>& libraries) {
  std::ostringstream text;
  {
    std::ifstream in(pipeline_file, std::ios::binary);
    text << in.rdbuf() << '\n';
  }
  for (const std::filesystem::path& library : libraries) {
    struct stat st {};
    stat(library.c_str(), &st);
    text << library.string() << ' ' << st.st_size << ' ' << st.st_mtim.tv_sec << '.'
         << st.st_mtim.tv_nsec << '\n';
  }
  return Sha256Hex(text.str());
}

RunJournal::RunJournal(std::filesystem::path file, std::string fingerprint, bool fresh)
    : file_(std::move(file)) {
  if (!fresh) {
    file_handle_ = std::fopen(file_.c_str(), "r+b");
  } else {
    std::error_code ec;
    std::filesystem::remove(file_, ec);
  }
  if (file_handle_ != nullptr) {
    uint32_t type = 0;
    std::string payload;
    if (ReadRecord(type, payload) && type == kHeader &&
        payload == std::string(kMagic) + " " + fingerprint) {
      reading_ = true;
      return;
    }
    discarded_ = "the journal " + file_.string() +
                 " is from another pipeline file or other plugins; starting afresh";
    std::fclose(file_handle_);
    file_handle_ = nullptr;
  }
  Start(fingerprint);
}

RunJournal::~RunJournal() {
  if (file_handle_ != nullptr) {
    Flush(false);
    std::fclose(file_handle_);
  }
}

void RunJournal::Start(const std::string& fingerprint) {
  std::filesystem::create_directories(file_.parent_path().empty() ? "." : file_.parent_path());
  file_handle_ = std::fopen(file_.c_str(), "w+b");
  if (file_handle_ == nullptr) {
    throw std::runtime_error("cannot write the run journal " + file_.string());
  }
  fchmod(fileno(file_handle_), 0600);  // it holds member data
  Append(kHeader, std::string(kMagic) + " " + fingerprint);
  Flush(true);
}

bool RunJournal::ReadRecord(uint32_t& type, std::string& payload) {
  char header[sizeof(uint32_t) + sizeof(uint64_t)];
  if (std::fread(header, 1, sizeof header, file_handle_) != sizeof header) return false;
  ByteReader r(std::string_view(header, sizeof header));
  type = r.U32();
  const uint64_t size = r.U64();
  if (size > (uint64_t{1} << 36)) return false;
  payload.resize(size);
  uint64_t sum = 0;
  if (std::fread(payload.data(), 1, size, file_handle_) != size ||
      std::fread(&sum, 1, sizeof sum, file_handle_) != sizeof sum || sum != Checksum(payload)) {
    return false;
  }
  good_end_ = std::ftell(file_handle_);
  return true;
}

bool RunJournal::NextDone(JournaledResult& out) {
  if (!reading_) return false;
  uint32_t type = 0;
  std::string payload;
  if (ReadRecord(type, payload) && (type == kDone || type == kRedo)) {
    ByteReader r(payload);
    out.id = r.Str();
    out.input_checksum = r.U64();
    out.kept = type == kDone;
    out.quarantined.clear();
    out.dossier.reset();
    if (out.kept) {
      out.quarantined.resize(r.Count(kMinQuarantineEntryBytes));
      for (QuarantineEntry& entry : out.quarantined) entry = DecodeQuarantineEntry(r);
      if (r.Bool()) out.dossier = DecodeDossier(r);
    }
    ++inputs_read_;
    return true;
  }
  // The end, or the record the kill cut short: write on from the last whole one.
  reading_ = false;
  if (ftruncate(fileno(file_handle_), good_end_) != 0 ||
      std::fseek(file_handle_, good_end_, SEEK_SET) != 0) {
    throw std::runtime_error("cannot continue the run journal " + file_.string());
  }
  return false;
}

void RunJournal::Note(uint64_t seq, const QuarantineEntry& entry) {
  std::lock_guard lock(mutex_);
  pending_[seq].push_back(entry);
}

void RunJournal::Done(uint64_t seq, uint64_t input, const std::string& id, uint64_t input_checksum,
                      const Dossier* dossier, bool keep) {
  std::vector<QuarantineEntry> entries;
  {
    std::lock_guard lock(mutex_);
    if (auto it = pending_.find(seq); it != pending_.end()) {
      entries = std::move(it->second);
      pending_.erase(it);
    }
  }
  // An input the resumed journal holds (kept, or noted and worked on again):
  // its record is there already. Reading is ahead of the work, so this holds
  // while reading too.
  if (input < inputs_read_) return;
  std::string payload;
  ByteWriter w(payload);
  w.Str(id);
  w.U64(input_checksum);
  if (keep) {
    w.U64(entries.size());
    for (const QuarantineEntry& entry : entries) EncodeQuarantineEntry(entry, w);
    w.Bool(dossier != nullptr);
    if (dossier != nullptr) EncodeDossier(*dossier, w);
  }
  Append(keep ? kDone : kRedo, payload);
  const double now = Now();
  if (buffer_.size() >= kFlushBytes || now - last_flush_ >= kFlushSeconds) Flush(false);
}

void RunJournal::Append(uint32_t type, const std::string& payload) {
  ByteWriter w(buffer_);
  w.U32(type);
  w.U64(payload.size());
  buffer_ += payload;
  w.U64(Checksum(payload));
}

void RunJournal::Flush(bool sync) {
  if (file_handle_ == nullptr || reading_) return;
  if (!buffer_.empty()) {
    if (std::fwrite(buffer_.data(), 1, buffer_.size(), file_handle_) != buffer_.size() ||
        std::fflush(file_handle_) != 0) {
      throw std::runtime_error("cannot write the run journal " + file_.string());
    }
    buffer_.clear();
  }
  last_flush_ = Now();
  if (sync) fdatasync(fileno(file_handle_));
}

void RunJournal::Remove() {
  if (file_handle_ != nullptr) {
    std::fclose(file_handle_);
    file_handle_ = nullptr;
  }
  buffer_.clear();
  std::error_code ec;
  std::filesystem::remove(file_, ec);
}

}  // namespace hoso::internal
