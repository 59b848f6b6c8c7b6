#include "export_file.h"

#include <cerrno>
#include <stdexcept>
#include <string_view>
#include <system_error>

#include "utf8.h"

namespace hoso::csv_source {
namespace {

// Large reads keep a 100 MB export from costing a syscall per 8 KB.
constexpr size_t kReadBufferBytes = size_t{1} << 16;

std::string DescribeHeaderProblem(const CsvRecord& header) {
  switch (header.problem) {
    case RecordProblem::kNone:
      break;
    case RecordProblem::kUnterminatedQuote:
      return "unterminated quote";
    case RecordProblem::kTextAfterQuote:
      return "text after a closing quote";
    case RecordProblem::kTooLong:
      return "longer than " + std::to_string(CsvReader::kMaxRecordBytes) + " bytes";
  }
  return "";
}

}  // namespace

std::string Trim(std::string_view text) {
  constexpr std::string_view kSpace = " \t\r\n\v\f";
  const size_t begin = text.find_first_not_of(kSpace);
  if (begin == std::string_view::npos) return "";
  const size_t end = text.find_last_not_of(kSpace);
  return std::string(text.substr(begin, end - begin + 1));
}

ExportFile::ExportFile(const std::filesystem::path& path, char delimiter,
                       const ColumnMapping& mapping, const std::optional<std::string>& id_column)
    : buffer_(kReadBufferBytes), reader_(stream_, delimiter) {
  const std::string name = path.string();
  std::error_code error;
  if (std::filesystem::is_directory(path, error)) {
    throw std::runtime_error("cannot read '" + name + "': it is a directory");
  }
  stream_.rdbuf()->pubsetbuf(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
  errno = 0;
  stream_.open(path, std::ios::in | std::ios::binary);
  if (!stream_.is_open()) {
    const std::string cause =
        errno != 0 ? std::generic_category().message(errno) : std::string("cannot open");
    throw std::runtime_error("cannot read '" + name + "': " + cause);
  }

  CsvRecord header;
  if (!reader_.Next(header)) throw UnreadableExport("no header row (the file is empty)", "");
  if (header.problem != RecordProblem::kNone) {
    throw UnreadableExport("header row is malformed: " + DescribeHeaderProblem(header), header.raw);
  }
  if (std::optional<size_t> bad = FirstInvalidUtf8(header.raw)) {
    throw UnreadableExport("header row is not UTF-8 (invalid byte at " + std::to_string(*bad + 1) +
                               "); convert the export to UTF-8 first",
                           header.raw);
  }
  if (const size_t nul = header.raw.find('\0'); nul != std::string::npos) {
    throw UnreadableExport("header row holds a NUL byte at byte " + std::to_string(nul + 1) +
                               " (binary data, not text)",
                           header.raw);
  }
  header_.reserve(header.fields.size());
  for (const std::string& column : header.fields) header_.push_back(Trim(column));

  columns_ = mapping.Bind(header_, name);
  if (id_column) id_index_ = FindColumn(header_, *id_column, name);
}

}  // namespace hoso::csv_source
