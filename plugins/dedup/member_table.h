// The batch as deduplication sees it: per record, one small integer per
// feature (an interned string, a date as yyyymmdd), nothing else.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "hoso/record.h"
#include "huge_page_allocator.h"
#include "string_pool.h"

namespace hoso::dedup {

// Features are named "<kind>:<source>":
//   key:exact|placement_free|ascii_folded|ocr_tolerant  the record's name keys;
//       ".first"/".last" take the first or last word (family, given name)
//   field:<name>   a core or extra field's value, as it is
//   lower:<name>   the value lowercased (ASCII letters) with spaces collapsed
//   id:<name>      the value's digits only
//   cccd:<name>, cmnd:<name>  those digits when 12 (citizen ID) or 9 (old ID card) long
//   date:<name>    a date (ISO prefix or yyyymmdd) as yyyymmdd, 00 for parts not known
//   year:<name>    the year of that date
//   unit:<key>     a unit code normalization resolved ("hometown.province_2025")
enum class FeatureKind { kString, kDate, kYear };

struct FeatureColumn {
  std::string name;
  FeatureKind kind = FeatureKind::kString;
  // Parsed name, so adding a record does not parse it again.
  int source = 0;
  std::string source_name;
  int word = 0;
  // Resolved once, not by name for every record: the core field read, or
  // nullptr for an extra field (looked up by source_name).
  Field MemberRecord::* core = nullptr;
};

class MemberTable {
 public:
  // Throws std::invalid_argument for a feature name it does not know.
  explicit MemberTable(std::vector<std::string> features);

  // Appends one record; returns its row.
  uint32_t Add(const MemberRecord& record);

  size_t size() const { return ids_.size(); }
  const std::string& id(uint32_t row) const { return ids_[row]; }
  // Column index of a feature, or -1.
  int Column(std::string_view feature) const;
  const FeatureColumn& column(int index) const { return columns_[static_cast<size_t>(index)]; }
  // 0 = missing.
  uint32_t Value(int column, uint32_t row) const {
    return values_[static_cast<size_t>(row) * columns_.size() + static_cast<size_t>(column)];
  }
  // A row's values, one per column, in column order.
  const uint32_t* Row(uint32_t row) const {
    return values_.data() + static_cast<size_t>(row) * columns_.size();
  }
  const StringPool& pool() const { return pool_; }
  // The feature's value as text ("" when missing), for explanations.
  std::string Text(int column, uint32_t row) const;

  // Moves the rows' values: row i's values become what row order[i]'s were
  // (order holds every row once). The ids do not move: id(row) is still
  // the id of the row in its first order (BlockLayout::Original). Counted
  // values stay valid: they are by value, not by row.
  void PermuteValues(const std::vector<uint32_t>& order);

  // Counts the values of a string column, after the last Add, so that
  // Frequency (the share of records holding a value: term frequencies) can
  // be read from many threads.
  void CountValues(int column);
  double Frequency(int column, uint32_t value) const;

 private:
  std::vector<FeatureColumn> columns_;
  // Row-major: a pair's comparisons read two short runs of memory, not one
  // scattered value per column.
  std::vector<uint32_t, HugePageAllocator<uint32_t>> values_;
  StringPool pool_;
  std::vector<std::string> ids_;
  std::vector<std::vector<uint32_t>> counts_;  // per column, by value id
};

// yyyymmdd from "1975-09-14", "1975-09", "1975" or "19750914"; 0 if none.
uint32_t ParseDateValue(std::string_view text);

}  // namespace hoso::dedup
