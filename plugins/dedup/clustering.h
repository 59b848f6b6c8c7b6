// Clusters from match edges, strongest first, refusing any join that would
// put two records with strong evidence against each other in one member: a
// cluster must stay coherent, not merely connected.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace hoso::dedup {

struct Edge {
  uint32_t a;
  uint32_t b;
  double weight;
};

struct Clusters {
  std::vector<uint32_t> root;  // per record: a representative row of its cluster
  uint64_t refused_joins = 0;  // joins the guard refused
  // Link mode: match edges refused because they would have put two members
  // of the existing handbook into one.
  std::vector<Edge> member_conflicts;
};

// `matches`: pairs at or above the match threshold; `apart`: pairs that must
// never share a cluster (below the non-match threshold, different CCCD).
// `fixed_member` (link mode), per row of an existing handbook record (the
// first rows): its member. Those rows start out joined by member, and no
// edge may join two such members: existing members are never merged here.
Clusters Cluster(size_t records, std::vector<Edge> matches, const std::vector<Edge>& apart,
                 const std::vector<uint32_t>* fixed_member = nullptr);

}  // namespace hoso::dedup
