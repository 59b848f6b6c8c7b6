#include "clustering.h"

#include <algorithm>
#include <numeric>
#include <unordered_map>

namespace hoso::dedup {
namespace {

class DisjointSets {
 public:
  explicit DisjointSets(size_t n) : parent_(n), size_(n, 1) {
    std::iota(parent_.begin(), parent_.end(), 0u);
  }
  uint32_t Find(uint32_t x) {
    while (parent_[x] != x) {
      parent_[x] = parent_[parent_[x]];
      x = parent_[x];
    }
    return x;
  }
  // Joins two roots; returns the new root.
  uint32_t Join(uint32_t a, uint32_t b) {
    if (size_[a] < size_[b]) std::swap(a, b);
    parent_[b] = a;
    size_[a] += size_[b];
    return a;
  }

 private:
  std::vector<uint32_t> parent_;
  std::vector<uint32_t> size_;
};

}  // namespace

Clusters Cluster(size_t records, std::vector<Edge> matches, const std::vector<Edge>& apart,
                 const std::vector<uint32_t>* fixed_member) {
  // Strongest evidence first; ties in row order, so the result does not
  // depend on the order pairs were scored in.
  std::sort(matches.begin(), matches.end(), [](const Edge& x, const Edge& y) {
    if (x.weight != y.weight) return x.weight > y.weight;
    return x.a != y.a ? x.a < y.a : x.b < y.b;
  });
  DisjointSets sets(records);
  // Per root: the rows its members must stay apart from.
  std::unordered_map<uint32_t, std::vector<uint32_t>> keep_apart;
  for (const Edge& e : apart) {
    keep_apart[e.a].push_back(e.b);
    keep_apart[e.b].push_back(e.a);
  }
  // Moves the keep-apart list of a root that stopped being one.
  auto moved_into = [&](uint32_t root, uint32_t gone) {
    auto ig = keep_apart.find(gone);
    if (ig == keep_apart.end()) return;
    std::vector<uint32_t> moved = std::move(ig->second);
    keep_apart.erase(ig);
    std::vector<uint32_t>& into = keep_apart[root];
    into.insert(into.end(), moved.begin(), moved.end());
  };
  // Per root: the existing member it holds, if any.
  constexpr uint32_t kNoMember = UINT32_MAX;
  std::unordered_map<uint32_t, uint32_t> member_of_root;
  if (fixed_member != nullptr) {
    std::unordered_map<uint32_t, uint32_t> first_row;  // member -> a row of it
    for (uint32_t row = 0; row < fixed_member->size(); ++row) {
      const uint32_t member = (*fixed_member)[row];
      auto [it, inserted] = first_row.try_emplace(member, row);
      if (inserted) continue;
      const uint32_t ra = sets.Find(it->second);
      const uint32_t rb = sets.Find(row);
      if (ra == rb) continue;
      const uint32_t root = sets.Join(ra, rb);
      moved_into(root, root == ra ? rb : ra);
    }
    for (const auto& [member, row] : first_row) member_of_root[sets.Find(row)] = member;
  }
  auto member_of = [&](uint32_t root) {
    auto it = member_of_root.find(root);
    return it == member_of_root.end() ? kNoMember : it->second;
  };
  Clusters result;
  for (const Edge& e : matches) {
    uint32_t ra = sets.Find(e.a);
    uint32_t rb = sets.Find(e.b);
    if (ra == rb) continue;
    const uint32_t ma = member_of(ra);
    const uint32_t mb = member_of(rb);
    if (ma != kNoMember && mb != kNoMember) {
      // Both sides already belong to members of the handbook (ma != mb:
      // their roots differ). Merging members is a person's decision.
      result.member_conflicts.push_back(e);
      continue;
    }
    // Keep-apart lists hold both ends of each pair, so a conflict shows in
    // the shorter list (and an empty list means none).
    auto ia = keep_apart.find(ra);
    auto ib = keep_apart.find(rb);
    const std::vector<uint32_t>* shorter = nullptr;
    uint32_t other = 0;
    if (ia != keep_apart.end() && ib != keep_apart.end()) {
      const bool a_shorter = ia->second.size() <= ib->second.size();
      shorter = a_shorter ? &ia->second : &ib->second;
      other = a_shorter ? rb : ra;
    }
    bool conflict = false;
    if (shorter != nullptr) {
      for (uint32_t row : *shorter) {
        if (sets.Find(row) == other) {
          conflict = true;
          break;
        }
      }
    }
    if (conflict) {
      ++result.refused_joins;
      continue;
    }
    const uint32_t root = sets.Join(ra, rb);
    const uint32_t gone = root == ra ? rb : ra;
    moved_into(root, gone);
    if (!member_of_root.empty()) {
      const uint32_t member = ma != kNoMember ? ma : mb;
      member_of_root.erase(gone);
      if (member != kNoMember) member_of_root[root] = member;
    }
  }
  result.root.resize(records);
  for (uint32_t row = 0; row < records; ++row) result.root[row] = sets.Find(row);
  return result;
}

}  // namespace hoso::dedup
