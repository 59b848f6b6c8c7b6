#include "blocking.h"

#include <algorithm>
#include <stdexcept>

namespace hoso::dedup {
namespace {

uint64_t Mix(uint64_t h, uint64_t v) {
  // splitmix64 step: keys of several small integers spread over 64 bits.
  h ^= v + 0x9E3779B97F4A7C15ULL + (h << 6) + (h >> 2);
  h ^= h >> 31;
  h *= 0xBF58476D1CE4E5B9ULL;
  h ^= h >> 27;
  return h;
}

}  // namespace

Blocker::Blocker(const MemberTable& table, const std::vector<BlockingRule>& rules,
                 int max_block_size, uint32_t first_new_row)
    : table_(table) {
  for (size_t r = 0; r < rules.size(); ++r) {
    std::vector<int> columns;
    for (const std::string& feature : rules[r].features) {
      const int column = table.Column(feature);
      if (column < 0) throw std::logic_error("feature not in table: " + feature);
      columns.push_back(column);
    }
    std::vector<Keyed> keyed;
    keyed.reserve(table.size());
    for (uint32_t row = 0; row < table.size(); ++row) {
      uint64_t key = 0x12345678ULL + r;
      bool complete = true;
      for (int column : columns) {
        const uint32_t v = table.Value(column, row);
        if (v == 0) {
          complete = false;
          break;
        }
        key = Mix(key, v);
      }
      if (complete) keyed.push_back({key, row});
    }
    std::sort(keyed.begin(), keyed.end(), [](const Keyed& a, const Keyed& b) {
      return a.key != b.key ? a.key < b.key : a.row < b.row;
    });
    for (size_t begin = 0; begin < keyed.size();) {
      size_t end = begin + 1;
      while (end < keyed.size() && keyed[end].key == keyed[begin].key) ++end;
      const uint64_t size = end - begin;
      size_t first_new = begin;
      while (first_new < end && keyed[first_new].row < first_new_row) ++first_new;
      const uint64_t existing = first_new - begin;
      if (size >= 2 && first_new < end) {
        // The size limit is the one a single run over all the records would
        // apply, so linking a batch finds what deduplicating it with the
        // handbook's records would.
        if (static_cast<int64_t>(size) > max_block_size) {
          ++oversized_blocks_;
          oversized_pairs_ +=
              size * (size - 1) / 2 - existing * (existing - (existing > 0 ? 1 : 0)) / 2;
        } else {
          blocks_.push_back({static_cast<uint32_t>(r), static_cast<uint32_t>(begin),
                             static_cast<uint32_t>(end), static_cast<uint32_t>(first_new)});
        }
      }
      begin = end;
    }
    columns_.push_back(std::move(columns));
    sorted_.push_back(std::move(keyed));
  }
}

std::vector<uint32_t> Blocker::Layout(uint32_t first_new_row) const {
  std::vector<uint64_t> pairs(sorted_.size(), 0);
  for (const Block& block : blocks_) {
    const uint64_t size = block.end - block.begin;
    pairs[block.rule] += size * (size - 1) / 2;
  }
  // The two rules with the most pairs; a record outside their blocks keys
  // as "none" and goes after those that are in them.
  constexpr uint64_t kNone = ~uint64_t{0};
  std::vector<uint32_t> rules(sorted_.size());
  for (uint32_t r = 0; r < rules.size(); ++r) rules[r] = r;
  std::stable_sort(rules.begin(), rules.end(),
                   [&](uint32_t a, uint32_t b) { return pairs[a] > pairs[b]; });
  const size_t n = table_.size();
  std::vector<uint64_t> first(n, kNone);
  std::vector<uint64_t> second(n, kNone);
  for (size_t k = 0; k < std::min<size_t>(2, rules.size()); ++k) {
    std::vector<uint64_t>& key = k == 0 ? first : second;
    const std::vector<Keyed>& keyed = sorted_[rules[k]];
    for (const Block& block : blocks_) {
      if (block.rule != rules[k]) continue;
      for (uint32_t i = block.begin; i < block.end; ++i) key[keyed[i].row] = keyed[i].key;
    }
  }
  // Sorted as a flat array: looking the keys up by row from the comparison
  // was a cache miss each, and slower than the pass it speeds up. Only rows
  // in those blocks are sorted; the rest follow in their order.
  struct Item {
    uint64_t first;
    uint64_t second;
    uint32_t row;
  };
  auto by_keys = [](const Item& a, const Item& b) {
    if (a.first != b.first) return a.first < b.first;
    if (a.second != b.second) return a.second < b.second;
    return a.row < b.row;
  };
  std::vector<uint32_t> order;
  order.reserve(n);
  std::vector<Item> items;
  std::vector<uint32_t> rest;
  const auto split = static_cast<uint32_t>(std::min<size_t>(first_new_row, n));
  for (const auto& [low, high] : {std::pair<uint32_t, uint32_t>{0, split},
                                  std::pair<uint32_t, uint32_t>{split, static_cast<uint32_t>(n)}}) {
    items.clear();
    rest.clear();
    for (uint32_t row = low; row < high; ++row) {
      if (first[row] == kNone && second[row] == kNone) {
        rest.push_back(row);
      } else {
        items.push_back({first[row], second[row], row});
      }
    }
    std::sort(items.begin(), items.end(), by_keys);
    for (const Item& item : items) order.push_back(item.row);
    order.insert(order.end(), rest.begin(), rest.end());
  }
  return order;
}

void Blocker::Renumber(const std::vector<uint32_t>& where) {
  // Only the rows of blocks are ever read again, so only they are renumbered
  // (at 5.3 M records most of the others are one-record keys). Pairs come
  // out of a block in row order, existing records first, which the layout
  // keeps: each block is sorted again.
  for (const Block& block : blocks_) {
    std::vector<Keyed>& keyed = sorted_[block.rule];
    for (uint32_t i = block.begin; i < block.end; ++i) keyed[i].row = where[keyed[i].row];
    std::sort(keyed.begin() + block.begin, keyed.begin() + block.end,
              [](const Keyed& a, const Keyed& b) { return a.row < b.row; });
  }
}

}  // namespace hoso::dedup
