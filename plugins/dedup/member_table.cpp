#include "member_table.h"

#include <algorithm>
#include <stdexcept>

namespace hoso::dedup {
namespace {

enum class Source { kNameKey, kField, kLower, kDigits, kCccd, kCmnd, kDate, kYear, kUnit };

struct Spec {
  Source source;
  std::string name;
  int word = 0;  // name keys: 0 whole, 1 first word, -1 last word
};

Spec ParseFeature(const std::string& feature) {
  const size_t colon = feature.find(':');
  if (colon == std::string::npos || colon + 1 == feature.size()) {
    throw std::invalid_argument("feature '" + feature + "' is not <kind>:<name>");
  }
  const std::string kind = feature.substr(0, colon);
  std::string name = feature.substr(colon + 1);
  if (kind == "key") {
    int word = 0;
    if (name.size() > 6 && name.ends_with(".first")) {
      word = 1;
      name.resize(name.size() - 6);
    } else if (name.size() > 5 && name.ends_with(".last")) {
      word = -1;
      name.resize(name.size() - 5);
    }
    if (name != "exact" && name != "placement_free" && name != "ascii_folded" &&
        name != "ocr_tolerant") {
      throw std::invalid_argument("feature '" + feature +
                                  "': name keys are exact, placement_free, ascii_folded, "
                                  "ocr_tolerant (with .first or .last)");
    }
    return {Source::kNameKey, name, word};
  }
  if (kind == "field") return {Source::kField, name};
  if (kind == "lower") return {Source::kLower, name};
  if (kind == "id") return {Source::kDigits, name};
  if (kind == "cccd") return {Source::kCccd, name};
  if (kind == "cmnd") return {Source::kCmnd, name};
  if (kind == "date") return {Source::kDate, name};
  if (kind == "year") return {Source::kYear, name};
  if (kind == "unit") return {Source::kUnit, name};
  throw std::invalid_argument("feature '" + feature +
                              "': kind must be key, field, lower, id, cccd, cmnd, date, year or unit");
}

std::string_view Word(std::string_view text, int word) {
  if (word == 0) return text;
  if (word > 0) return text.substr(0, text.find(' '));
  const size_t space = text.rfind(' ');
  return space == std::string_view::npos ? text : text.substr(space + 1);
}

std::string_view NameKey(const MatchKeys& keys, const std::string& name) {
  if (name == "exact") return keys.exact;
  if (name == "placement_free") return keys.placement_free;
  if (name == "ascii_folded") return keys.ascii_folded;
  return keys.ocr_tolerant;
}

std::string Lower(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool space = false;
  for (char c : text) {
    if (c == ' ' || c == '\t') {
      space = !out.empty();
      continue;
    }
    if (space) out.push_back(' ');
    space = false;
    out.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
  }
  return out;
}

}  // namespace

uint32_t ParseDateValue(std::string_view text) {
  auto digits = [&](size_t from, size_t count, uint32_t& out) {
    if (from + count > text.size()) return false;
    out = 0;
    for (size_t i = from; i < from + count; ++i) {
      if (text[i] < '0' || text[i] > '9') return false;
      out = out * 10 + static_cast<uint32_t>(text[i] - '0');
    }
    return true;
  };
  uint32_t year = 0, month = 0, day = 0;
  if (text.size() == 8 && digits(0, 8, year)) return year;  // yyyymmdd
  if (!digits(0, 4, year) || year == 0) return 0;
  if (text.size() == 4) return year * 10000;
  if (text.size() >= 7 && text[4] == '-' && digits(5, 2, month)) {
    if (text.size() == 7) return year * 10000 + month * 100;
    if (text.size() == 10 && text[7] == '-' && digits(8, 2, day)) {
      return year * 10000 + month * 100 + day;
    }
  }
  return 0;
}

MemberTable::MemberTable(std::vector<std::string> features) {
  for (std::string& name : features) {
    const Spec spec = ParseFeature(name);  // validates
    FeatureColumn column;
    column.kind = spec.source == Source::kDate   ? FeatureKind::kDate
                  : spec.source == Source::kYear ? FeatureKind::kYear
                                                 : FeatureKind::kString;
    column.name = std::move(name);
    column.source = static_cast<int>(spec.source);
    column.source_name = spec.name;
    column.word = spec.word;
    if (const CoreField* core = FindCoreField(spec.name)) column.core = core->member;
    columns_.push_back(std::move(column));
  }
  counts_.resize(columns_.size());
}

void MemberTable::PermuteValues(const std::vector<uint32_t>& order) {
  if (order.size() != ids_.size()) throw std::logic_error("MemberTable::PermuteValues: wrong size");
  const size_t width = columns_.size();
  std::vector<uint32_t, HugePageAllocator<uint32_t>> values(values_.size());
  for (size_t row = 0; row < order.size(); ++row) {
    std::copy_n(values_.data() + static_cast<size_t>(order[row]) * width, width,
                values.data() + row * width);
  }
  values_ = std::move(values);
}

uint32_t MemberTable::Add(const MemberRecord& record) {
  const auto row = static_cast<uint32_t>(ids_.size());
  ids_.push_back(record.id);
  for (FeatureColumn& column : columns_) {
    // The column's parsed feature, by reference (a Spec would copy the name
    // for every record).
    const auto source = static_cast<Source>(column.source);
    const std::string& name = column.source_name;
    uint32_t value = 0;
    auto field_value = [&]() -> std::string_view {
      if (column.core != nullptr) return (record.*column.core).value;
      const Field* field = record.Find(name);
      return field == nullptr ? std::string_view() : std::string_view(field->value);
    };
    switch (source) {
      case Source::kNameKey:
        value = pool_.Intern(Word(NameKey(record.name_keys, name), column.word));
        break;
      case Source::kField:
        value = pool_.Intern(field_value());
        break;
      case Source::kLower:
        value = pool_.Intern(Lower(field_value()));
        break;
      case Source::kDigits:
      case Source::kCccd:
      case Source::kCmnd: {
        std::string digits;
        for (char c : field_value()) {
          if (c >= '0' && c <= '9') digits.push_back(c);
        }
        // A CMND (9 digits) and a CCCD (12) of one person never match each
        // other: each is compared only with its own kind.
        if ((source == Source::kCccd && digits.size() != 12) ||
            (source == Source::kCmnd && digits.size() != 9)) {
          digits.clear();
        }
        value = pool_.Intern(digits);
        break;
      }
      case Source::kDate:
        value = ParseDateValue(field_value());
        break;
      case Source::kYear:
        value = ParseDateValue(field_value()) / 10000;
        break;
      case Source::kUnit: {
        auto it = record.unit_codes.find(name);
        if (it != record.unit_codes.end()) value = pool_.Intern(it->second);
        break;
      }
    }
    values_.push_back(value);
  }
  return row;
}

int MemberTable::Column(std::string_view feature) const {
  for (size_t i = 0; i < columns_.size(); ++i) {
    if (columns_[i].name == feature) return static_cast<int>(i);
  }
  return -1;
}

std::string MemberTable::Text(int column, uint32_t row) const {
  const FeatureColumn& c = columns_[static_cast<size_t>(column)];
  const uint32_t v = Value(column, row);
  if (v == 0) return "";
  if (c.kind == FeatureKind::kString) return std::string(pool_.Get(v));
  return std::to_string(v);
}

void MemberTable::CountValues(int column) {
  std::vector<uint32_t>& counts = counts_[static_cast<size_t>(column)];
  counts.assign(pool_.size(), 0);
  for (uint32_t row = 0; row < ids_.size(); ++row) ++counts[Value(column, row)];
}

double MemberTable::Frequency(int column, uint32_t value) const {
  const std::vector<uint32_t>& counts = counts_[static_cast<size_t>(column)];
  if (ids_.empty() || value >= counts.size()) return 0;
  return static_cast<double>(counts[value]) / static_cast<double>(ids_.size());
}

}  // namespace hoso::dedup
