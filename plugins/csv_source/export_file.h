// One CSV export opened for reading, its header checked against the mapping.
#pragma once

#include <cstddef>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

#include "column_mapping.h"
#include "csv_reader.h"

namespace hoso::csv_source {

class ExportFile {
 public:
  // Opens `path` and reads its header. Throws std::runtime_error when the
  // file cannot be read and std::invalid_argument when the header is
  // missing, malformed or lacks a mapped column or the id column; every
  // message names the file.
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
