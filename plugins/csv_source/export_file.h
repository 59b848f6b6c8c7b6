// One CSV export opened for reading, its header checked against the mapping.
#pragma once

#include <cstddef>
#include <filesystem>
#include <fstream>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "column_mapping.h"
#include "csv_reader.h"

namespace hoso::csv_source {

// The file's own bytes make it unusable (no header, a header that is
// malformed, not UTF-8 or holds a NUL byte): one bad export in a batch, to be
// quarantined, not a mistake in the pipeline file. what() does not name the
// file; `header` holds the header's bytes as read (at most
// CsvReader::kMaxRecordBytes), for the quarantine entry.
class UnreadableExport : public std::runtime_error {
 public:
  UnreadableExport(const std::string& problem, std::string header)
      : std::runtime_error(problem), header_(std::move(header)) {}
  const std::string& header() const { return header_; }

 private:
  std::string header_;
};

class ExportFile {
 public:
  // Opens `path` and reads its header. Throws UnreadableExport when the
  // header cannot be read, std::runtime_error when the file cannot be opened
  // and std::invalid_argument when the header lacks a mapped column or the id
  // column; the last two name the file.
  ExportFile(const std::filesystem::path& path, char delimiter, const ColumnMapping& mapping,
             const std::optional<std::string>& id_column);
  ExportFile(const ExportFile&) = delete;
  ExportFile& operator=(const ExportFile&) = delete;

  // The next data record; false at the end of the file.
  bool Next(CsvRecord& record) { return reader_.Next(record); }

  const std::vector<std::string>& header() const { return header_; }
  const std::vector<BoundColumn>& columns() const { return columns_; }
  std::optional<size_t> id_index() const { return id_index_; }

 private:
  // Declared before the stream that uses it, so it is destroyed after.
  std::vector<char> buffer_;
  std::ifstream stream_;
  CsvReader reader_;
  std::vector<std::string> header_;
  std::vector<BoundColumn> columns_;
  std::optional<size_t> id_index_;
};

// `text` without leading and trailing ASCII whitespace.
std::string Trim(std::string_view text);

}  // namespace hoso::csv_source
