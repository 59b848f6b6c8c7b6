#include "line_reader.h"

#include <algorithm>
#include <cstring>

namespace hoso::pages_source {
namespace {

constexpr size_t kBufferBytes = size_t{1} << 16;

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\r'; }

}  // namespace

LineReader::LineReader(const std::filesystem::path& path)
    : file_(std::fopen(path.c_str(), "rbe")), buffer_(kBufferBytes) {}

LineReader::~LineReader() {
  if (file_ != nullptr) std::fclose(file_);
}

bool LineReader::Next(std::string& line, bool& too_long) {
  line.clear();
  too_long = false;
  if (file_ == nullptr) return false;
  bool started = false;
  for (;;) {
    if (pos_ == end_) {
      if (at_end_) return started;
      end_ = std::fread(buffer_.data(), 1, buffer_.size(), file_);
      pos_ = 0;
      if (end_ == 0) {
        at_end_ = true;
        return started;
      }
    }
    started = true;
    const char* start = buffer_.data() + pos_;
    const auto* newline = static_cast<const char*>(std::memchr(start, '\n', end_ - pos_));
    const size_t length = newline != nullptr ? static_cast<size_t>(newline - start) : end_ - pos_;
    if (!too_long) {
      if (line.size() + length > kMaxLineBytes) {
        too_long = true;
        std::string().swap(line);
      } else {
        line.append(start, length);
      }
    }
    pos_ += length + (newline != nullptr ? 1 : 0);
    if (newline != nullptr) {
      if (!line.empty() && line.back() == '\r') line.pop_back();
      return true;
    }
  }
}

bool LineReader::failed() const { return file_ == nullptr || std::ferror(file_) != 0; }

int64_t CountNonBlankLines(const std::filesystem::path& path) {
  std::FILE* file = std::fopen(path.c_str(), "rbe");
  if (file == nullptr) return -1;
  std::vector<char> buffer(kBufferBytes);
  int64_t count = 0;
  bool non_blank = false;
  size_t n = 0;
  while ((n = std::fread(buffer.data(), 1, buffer.size(), file)) > 0) {
    for (size_t i = 0; i < n; ++i) {
      const char c = buffer[i];
      if (c == '\n') {
        count += non_blank ? 1 : 0;
        non_blank = false;
      } else if (!IsSpace(c)) {
        non_blank = true;
      }
    }
  }
  const bool failed = std::ferror(file) != 0;
  std::fclose(file);
  if (failed) return -1;
  return count + (non_blank ? 1 : 0);
}

bool IsBlank(const std::string& line) { return std::all_of(line.begin(), line.end(), IsSpace); }

}  // namespace hoso::pages_source
