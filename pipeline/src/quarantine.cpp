#include "quarantine.h"

#include <chrono>
#include <ctime>
#include <stdexcept>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include "hoso/atomic_file.h"

#include "text.h"

namespace hoso::internal {
namespace {

std::string NowUtc() {
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buffer;
}

}  // namespace

std::string QuarantineLine(const QuarantineEntry& entry, const std::string& time) {
  nlohmann::ordered_json unit;
  unit["file"] = entry.unit.file;
  if (entry.unit.page >= 0) unit["page"] = entry.unit.page + 1;
  if (entry.unit.row >= 0) unit["row"] = entry.unit.row;
  nlohmann::ordered_json line;
  line["time"] = time;
  line["unit"] = unit;
  line["stage"] = entry.stage;
  line["plugin"] = entry.plugin;
  line["plugin_version"] = entry.plugin_version;
  line["reason"] = entry.reason;
  // JSON cannot hold arbitrary bytes: keep them exactly, as base64.
  if (FirstInvalidUtf8(entry.original) == std::string_view::npos) {
    line["original"] = entry.original;
  } else {
    line["original_base64"] = Base64(entry.original);
  }
  return line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

QuarantineLog::QuarantineLog(std::filesystem::path file) : file_(std::move(file)) {
  std::error_code ec;
  std::filesystem::create_directories(file_.parent_path(), ec);
  RemoveStaleTemps(file_);
  temp_ = file_.parent_path() / ("." + file_.filename().string() + ".tmp-" + std::to_string(getpid()));
  // Quarantined inputs are personal data: owner-only from the first byte.
  // fchmod as well: a leftover temp file keeps its old mode through O_TRUNC.
  const int fd = ::open(temp_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0 || ::fchmod(fd, 0600) != 0 || (out_ = fdopen(fd, "w")) == nullptr) {
    if (fd >= 0) ::close(fd);
    throw std::runtime_error(file_.string() + ": cannot write the quarantine file");
  }
}

QuarantineLog::~QuarantineLog() {
  if (out_ != nullptr) {
    std::fclose(out_);
    std::error_code ec;
    std::filesystem::remove(temp_, ec);
  }
}

void QuarantineLog::Add(const QuarantineEntry& entry) {
  const std::string line = QuarantineLine(entry, NowUtc());
  std::lock_guard lock(mutex_);
  std::fwrite(line.data(), 1, line.size(), out_);
  std::fputc('\n', out_);
  ++count_;
  ++by_stage_[entry.stage];
}

void QuarantineLog::Commit() {
  std::lock_guard lock(mutex_);
  if (out_ == nullptr) return;
  const bool ok = std::fflush(out_) == 0 && ::fsync(fileno(out_)) == 0;
  std::fclose(out_);
  out_ = nullptr;
  if (!ok || std::rename(temp_.c_str(), file_.c_str()) != 0) {
    throw std::runtime_error(file_.string() + ": cannot write the quarantine file");
  }
}

int64_t QuarantineLog::count() const {
  std::lock_guard lock(mutex_);
  return count_;
}

std::map<std::string, int64_t> QuarantineLog::CountByStage() const {
  std::lock_guard lock(mutex_);
  return by_stage_;
}

}  // namespace hoso::internal
