// Typed, self-describing plugin options. A plugin declares a table of
// OptionSpec; the host validates the pipeline file against it, fills in
// defaults and renders `hoso plugins` help from the same table.
#pragma once

#include <cstdint>
#include <limits>
#include <map>
#include <stdexcept>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace hoso {

enum class OptionType : uint32_t {
  kString = 1,
  kInt = 2,
  kDouble = 3,
  kBool = 4,
  kEnum = 5,        // one of `choices`
  kStringList = 6,  // YAML sequence of scalars (a single scalar is a list of one)
  kStringMap = 7,   // YAML mapping scalar -> scalar, order kept
  kPath = 8,        // string; relative paths resolve against the pipeline file
};

inline const char* OptionTypeName(OptionType t) {
  switch (t) {
    case OptionType::kString:
      return "string";
    case OptionType::kInt:
      return "int";
    case OptionType::kDouble:
      return "double";
    case OptionType::kBool:
      return "bool";
    case OptionType::kEnum:
      return "enum";
    case OptionType::kStringList:
      return "list";
    case OptionType::kStringMap:
      return "map";
    case OptionType::kPath:
      return "path";
  }
  return "?";
}

// Plain data so a descriptor can be a constant in the plugin's library.
struct OptionSpec {
  const char* name = nullptr;
  OptionType type = OptionType::kString;
  const char* default_value = nullptr;  // YAML text; nullptr = no default
  bool required = false;
  const char* help = "";
  double min = -std::numeric_limits<double>::infinity();  // kInt, kDouble
  double max = std::numeric_limits<double>::infinity();
  const char* choices = nullptr;  // kEnum: "tcvn3|vni|auto"
};

using StringMap = std::vector<std::pair<std::string, std::string>>;
using OptionValue = std::variant<std::monostate, bool, int64_t, double, std::string,
                                 std::vector<std::string>, StringMap>;

// Validated option values handed to a plugin's factory. Every option of the
// table is present unless it has no default and was not given.
class Options {
 public:
  void Set(std::string name, OptionValue value) { values_[std::move(name)] = std::move(value); }

  bool Has(const std::string& name) const {
    auto it = values_.find(name);
    return it != values_.end() && !std::holds_alternative<std::monostate>(it->second);
  }
  const std::string& String(const std::string& name) const { return Get<std::string>(name); }
  int64_t Int(const std::string& name) const { return Get<int64_t>(name); }
  double Double(const std::string& name) const { return Get<double>(name); }
  bool Bool(const std::string& name) const { return Get<bool>(name); }
  const std::vector<std::string>& List(const std::string& name) const {
    return Get<std::vector<std::string>>(name);
  }
  const StringMap& Map(const std::string& name) const { return Get<StringMap>(name); }
  const std::map<std::string, OptionValue>& All() const { return values_; }

 private:
  template <typename T>
  const T& Get(const std::string& name) const {
    auto it = values_.find(name);
    if (it == values_.end()) throw std::out_of_range("option '" + name + "' has no value");
    if (const T* v = std::get_if<T>(&it->second)) return *v;
    throw std::invalid_argument("option '" + name + "' read with the wrong type");
  }

  std::map<std::string, OptionValue> values_;
};

}  // namespace hoso
