// Interned strings: a batch of millions of records compares small integers,
// and each distinct name or code is stored once.
#pragma once

#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace hoso::dedup {

// Id 0 is the empty string and means "missing".
class StringPool {
 public:
  StringPool() { strings_.emplace_back(); }

  uint32_t Intern(std::string_view text) {
    if (text.empty()) return 0;
    auto it = ids_.find(text);
    if (it != ids_.end()) return it->second;
    const auto id = static_cast<uint32_t>(strings_.size());
    const std::string& stored = storage_.emplace_back(text);
    strings_.push_back(stored);
    ids_.emplace(stored, id);
    return id;
  }

  // 0 when `text` was never interned.
  uint32_t Find(std::string_view text) const {
    auto it = ids_.find(text);
    return it == ids_.end() ? 0 : it->second;
  }

  std::string_view Get(uint32_t id) const { return strings_[id]; }
  size_t size() const { return strings_.size(); }

 private:
  std::deque<std::string> storage_;  // stable addresses for the views
  std::vector<std::string_view> strings_;
  std::unordered_map<std::string_view, uint32_t> ids_;
};

}  // namespace hoso::dedup
