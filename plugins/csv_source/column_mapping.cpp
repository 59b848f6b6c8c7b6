#include "column_mapping.h"

#include <set>
#include <stdexcept>
#include <string_view>

namespace hoso::csv_source {
namespace {

constexpr std::string_view kExtraPrefix = "extra.";

// Extras may become column names in a database sink, so they keep to the
// same alphabet as table names.
bool IsExtraName(std::string_view name) {
  if (name.empty() || name[0] < 'a' || name[0] > 'z') return false;
  for (char c : name) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
  }
  return true;
}

std::string FieldNameOf(const std::string& column, const std::string& target) {
  if (target.starts_with(kExtraPrefix)) {
    std::string name = target.substr(kExtraPrefix.size());
    if (!IsExtraName(name)) {
      throw std::invalid_argument("columns: '" + column + "' maps to '" + target +
                                  "'; an extra field name must match [a-z][a-z0-9_]*");
    }
    if (FindCoreField(name) != nullptr) {
      throw std::invalid_argument("columns: '" + column + "' maps to '" + target + "', but '" +
                                  name + "' is a core field; write '" + name + "'");
    }
    return name;
  }
  if (FindCoreField(target) == nullptr) {
    std::string known;
    for (const CoreField& core : kCoreFields) {
      if (!known.empty()) known += ", ";
      known += core.name;
    }
    throw std::invalid_argument("columns: '" + column + "' maps to unknown field '" + target +
                                "'; use one of " + known + ", or extra.<name>");
  }
  return target;
}

}  // namespace

ColumnMapping::ColumnMapping(const StringMap& columns) {
  if (columns.empty()) throw std::invalid_argument("columns: map at least one column");
  std::set<std::string> fields;
  for (const auto& [column, target] : columns) {
    std::string field = FieldNameOf(column, target);
    if (!fields.insert(field).second) {
      throw std::invalid_argument("columns: more than one column maps to '" + target + "'");
    }
    targets_.push_back(ColumnTarget{column, target, std::move(field)});
  }
}

size_t FindColumn(const std::vector<std::string>& header, const std::string& column,
                  const std::string& file) {
  size_t found = header.size();
  for (size_t i = 0; i < header.size(); ++i) {
    if (header[i] != column) continue;
    if (found != header.size()) {
      throw std::invalid_argument(file + ": column '" + column +
                                  "' appears more than once in the header");
    }
    found = i;
  }
  if (found == header.size()) {
    throw std::invalid_argument(file + ": column '" + column + "' is not in the header");
  }
  return found;
}

std::vector<BoundColumn> ColumnMapping::Bind(const std::vector<std::string>& header,
                                             const std::string& file) const {
  std::vector<BoundColumn> bound;
  bound.reserve(targets_.size());
  for (const ColumnTarget& target : targets_) {
    bound.push_back(BoundColumn{&target, FindColumn(header, target.column, file)});
  }
  return bound;
}

}  // namespace hoso::csv_source
