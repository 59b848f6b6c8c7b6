// What the host offers a plugin while it works.
#pragma once

#include <cstdint>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>

#include "hoso/record.h"

namespace hoso {

// Thrown by a plugin to refuse one dossier: it goes to quarantine with this
// reason and the batch goes on. Any other exception is treated the same way
// but reported as a plugin failure.
class __attribute__((visibility("default"))) Rejection : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

enum class LogLevel : uint32_t { kDebug = 0, kInfo = 1, kWarning = 2, kError = 3 };

class __attribute__((visibility("default"))) Context {
 public:
  virtual ~Context() = default;

  // An input unit that never became a dossier (an unreadable file, a
  // malformed row). `original` is kept as is (base64 when not UTF-8);
  // `reason` names the problem without quoting personal data.
  virtual void Quarantine(const Provenance& unit, std::string_view original,
                          std::string_view reason) = 0;

  // Names and personal data never go to logs at info level or above.
  virtual void Log(LogLevel level, std::string_view message) = 0;

  // Directory of the pipeline file; path options arrive already resolved.
  virtual const std::filesystem::path& BaseDir() const = 0;

  // 0-based worker index for per-worker stages; 0 elsewhere.
  virtual int Worker() const = 0;

  // Seed for every random choice, from the pipeline file.
  virtual uint64_t Seed() const = 0;
};

}  // namespace hoso
