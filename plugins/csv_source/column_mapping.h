// Which CSV column fills which member record field.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "hoso/options.h"
#include "hoso/record.h"

namespace hoso::csv_source {

struct ColumnTarget {
  std::string column;  // CSV header name
  std::string target;  // as written in the options: "full_name", "extra.que_cu"
  std::string field;   // name for MemberRecord::Set: "full_name", "que_cu"
};

// A mapped column located in one file's header.
struct BoundColumn {
  const ColumnTarget* target;
  size_t index;  // position in the row
};

class ColumnMapping {
 public:
  // Throws std::invalid_argument for a target that is neither a core field
  // nor `extra.<name>`, or two columns writing the same field.
  explicit ColumnMapping(const StringMap& columns);

  // Positions of the mapped columns in `header` (trimmed names). Throws
  // std::invalid_argument naming `file` and the column when one is missing or
  // appears twice.
  std::vector<BoundColumn> Bind(const std::vector<std::string>& header,
                                const std::string& file) const;

  const std::vector<ColumnTarget>& targets() const { return targets_; }

 private:
  std::vector<ColumnTarget> targets_;
};

// Position of `column` in `header`; throws like ColumnMapping::Bind.
size_t FindColumn(const std::vector<std::string>& header, const std::string& column,
                  const std::string& file);

}  // namespace hoso::csv_source
