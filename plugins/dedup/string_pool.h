// Interned strings: a batch of millions of records compares small integers,
// and each distinct name or code is stored once.
#pragma once

#include <cstdint>
#include <cstring>
#include <memory>
#include <string_view>
#include <vector>

namespace hoso::dedup {

// Id 0 is the empty string and means "missing".
//
// Every feature of every record is interned as the record reaches the
// stage, on one thread, in order: at a million records this was half of
// that thread's time with std::unordered_map (a node, a bucket and the key
// to chase, each a cache miss). Here the table is flat (open addressing,
// linear probing) and keeps a part of each string's hash beside its id, so
// a look-up touches one slot and compares text only when the hashes agree;
// the text lives in large chunks instead of a string object each.
class StringPool {
 public:
  StringPool() {
    strings_.emplace_back();
    slots_.assign(1024, Slot{});
  }

  uint32_t Intern(std::string_view text) {
    if (text.empty()) return 0;
    const uint64_t hash = Hash(text);
    size_t at = Probe(text, hash);
    if (slots_[at].id != 0) return slots_[at].id;
    const auto id = static_cast<uint32_t>(strings_.size());
    strings_.push_back(Store(text));
    slots_[at] = Slot{static_cast<uint32_t>(hash), id};
    if (2 * strings_.size() > slots_.size()) Grow();
    return id;
  }

  // 0 when `text` was never interned.
  uint32_t Find(std::string_view text) const {
    if (text.empty()) return 0;
    return slots_[Probe(text, Hash(text))].id;
  }

  std::string_view Get(uint32_t id) const { return strings_[id]; }
  size_t size() const { return strings_.size(); }

 private:
  struct Slot {
    uint32_t hash = 0;  // the low half of the string's hash
    uint32_t id = 0;    // 0: empty
  };
  static constexpr size_t kChunk = size_t{1} << 20;

  static uint64_t Hash(std::string_view s) {
    uint64_t h = 0x9E3779B97F4A7C15ull ^ s.size();
    size_t i = 0;
    for (; i + 8 <= s.size(); i += 8) {
      uint64_t word;
      std::memcpy(&word, s.data() + i, 8);
      h = (h ^ word) * 0xBF58476D1CE4E5B9ull;
      h ^= h >> 31;
    }
    uint64_t tail = 0;
    std::memcpy(&tail, s.data() + i, s.size() - i);
    h = (h ^ tail) * 0x94D049BB133111EBull;
    h ^= h >> 29;
    h *= 0xBF58476D1CE4E5B9ull;
    return h ^ (h >> 32);
  }

  // The slot holding `text`, or the empty slot where it would go.
  size_t Probe(std::string_view text, uint64_t hash) const {
    const size_t mask = slots_.size() - 1;
    const auto tag = static_cast<uint32_t>(hash);
    for (size_t at = (hash >> 32) & mask;; at = (at + 1) & mask) {
      const Slot& slot = slots_[at];
      if (slot.id == 0 || (slot.hash == tag && strings_[slot.id] == text)) return at;
    }
  }

  void Grow() {
    std::vector<Slot> old(slots_.size() * 2);
    old.swap(slots_);
    const size_t mask = slots_.size() - 1;
    for (const Slot& slot : old) {
      if (slot.id == 0) continue;
      // Only the low half of the hash is kept: the slot is found again from
      // the text, which costs a rehash of each string once per doubling.
      const uint64_t hash = Hash(strings_[slot.id]);
      size_t at = (hash >> 32) & mask;
      while (slots_[at].id != 0) at = (at + 1) & mask;
      slots_[at] = slot;
    }
  }

  std::string_view Store(std::string_view text) {
    if (text.size() > kChunk / 4) {
      chunks_.push_back(std::make_unique<char[]>(text.size()));
      std::memcpy(chunks_.back().get(), text.data(), text.size());
      return {chunks_.back().get(), text.size()};
    }
    if (current_ == nullptr || used_ + text.size() > kChunk) {
      chunks_.push_back(std::make_unique<char[]>(kChunk));
      current_ = chunks_.back().get();
      used_ = 0;
    }
    char* at = current_ + used_;
    std::memcpy(at, text.data(), text.size());
    used_ += text.size();
    return {at, text.size()};
  }

  std::vector<std::unique_ptr<char[]>> chunks_;  // never move: the views point in
  char* current_ = nullptr;
  size_t used_ = 0;
  std::vector<std::string_view> strings_;
  std::vector<Slot> slots_;
};

}  // namespace hoso::dedup
