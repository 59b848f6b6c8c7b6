// Candidate pairs: records that agree on every feature of at least one
// blocking rule. Each pair is produced once, by the first rule that finds it.
#pragma once

#include <algorithm>
#include <cstdint>
#include <vector>

#include "member_table.h"
#include "model.h"

namespace hoso::dedup {

struct Block {
  uint32_t rule;
  uint32_t begin;  // range in the rule's sorted rows
  uint32_t end;
  uint32_t first_new;  // link mode: rows before it in the range are existing records
};

struct BlockingStats {
  std::vector<uint64_t> pairs_by_rule;  // pairs each rule adds (after earlier rules)
  uint64_t oversized_blocks = 0;        // blocks larger than max_block_size, skipped
  uint64_t oversized_pairs = 0;         // pairs those blocks would have made
};

class Blocker {
 public:
  // Link mode: rows below `first_new_row` are records of an existing
  // handbook; pairs of two of them are never produced (the handbook is not
  // recomputed), and blocks holding only them are dropped.
  Blocker(const MemberTable& table, const std::vector<BlockingRule>& rules, int max_block_size,
          uint32_t first_new_row = 0);

  const std::vector<Block>& blocks() const { return blocks_; }

  // A row order (order[new] = old) that puts the records of each block of
  // the rule making the most pairs side by side, and within those the
  // records of the next rule's blocks, so scoring reads the table mostly in
  // order instead of two random rows a pair. The first `first_new_row`
  // rows (link mode) stay first.
  std::vector<uint32_t> Layout(uint32_t first_new_row) const;
  // After the table's rows moved (MemberTable::PermuteValues): where[old] = new.
  void Renumber(const std::vector<uint32_t>& where);
  uint64_t oversized_blocks() const { return oversized_blocks_; }
  uint64_t oversized_pairs() const { return oversized_pairs_; }

  // Calls visit(a, b) for every pair of the block that no earlier rule
  // produces; returns how many it visited. A template: it runs for every
  // compared pair.
  template <typename Visit>
  uint64_t ForEachPair(const Block& block, Visit&& visit) const {
    const std::vector<Keyed>& rows = sorted_[block.rule];
    uint64_t visited = 0;
    // Rows of a block are in row order, existing records first: pairs of
    // two existing records are skipped without being looked at.
    for (uint32_t i = block.begin; i < block.end; ++i) {
      const uint32_t a = rows[i].row;
      const uint32_t* ra = table_.Row(a);
      for (uint32_t j = std::max(i + 1, block.first_new); j < block.end; ++j) {
        const uint32_t b = rows[j].row;
        const uint32_t* rb = table_.Row(b);
        if (!SameOn(block.rule, ra, rb)) continue;  // a hash collision
        bool earlier = false;
        for (uint32_t r = 0; r < block.rule && !earlier; ++r) earlier = SameOn(r, ra, rb);
        if (earlier) continue;
        visit(a, b);
        ++visited;
      }
    }
    return visited;
  }

 private:
  struct Keyed {
    uint64_t key;
    uint32_t row;
  };
  // Whether two rows (MemberTable::Row) agree on every feature of `rule`.
  bool SameOn(uint32_t rule, const uint32_t* a, const uint32_t* b) const {
    for (const int column : columns_[rule]) {
      const uint32_t va = a[column];
      if (va == 0 || va != b[column]) return false;
    }
    return true;
  }

  const MemberTable& table_;
  std::vector<std::vector<int>> columns_;     // per rule
  std::vector<std::vector<Keyed>> sorted_;    // per rule: rows with every feature, by key
  std::vector<Block> blocks_;
  uint64_t oversized_blocks_ = 0;
  uint64_t oversized_pairs_ = 0;
};

}  // namespace hoso::dedup
