// Reads a JSON Lines file one line at a time, with a bound on line length so
// a file without line breaks cannot take all memory.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

namespace hoso::pages_source {

class LineReader {
 public:
  // A page with thousands of words is well under a megabyte of JSON.
  static constexpr size_t kMaxLineBytes = size_t{64} << 20;

  explicit LineReader(const std::filesystem::path& path);
  ~LineReader();
  LineReader(const LineReader&) = delete;
  LineReader& operator=(const LineReader&) = delete;

  // False when the file could not be opened; errno tells why.
  bool is_open() const { return file_ != nullptr; }

  // The next line without its "\n" (or "\r\n"), and true; false at the end.
  // A line longer than kMaxLineBytes comes back empty with `too_long` set.
  bool Next(std::string& line, bool& too_long);

  // True when reading stopped on an I/O error rather than at the end.
  bool failed() const;

 private:
  std::FILE* file_ = nullptr;
  std::vector<char> buffer_;
  size_t pos_ = 0;
  size_t end_ = 0;
  bool at_end_ = false;
};

// Lines holding anything but spaces, tabs and carriage returns: the units a
// pages.jsonl file gives (a page or a quarantined line each). -1 when the
// file cannot be read.
int64_t CountNonBlankLines(const std::filesystem::path& path);

// True for a line of only spaces, tabs and carriage returns.
bool IsBlank(const std::string& line);

}  // namespace hoso::pages_source
