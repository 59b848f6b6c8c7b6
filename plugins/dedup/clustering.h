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
};

// `matches`: pairs at or above the match threshold; `apart`: pairs that must
// never share a cluster (below the non-match threshold, different CCCD).
Clusters Cluster(size_t records, std::vector<Edge> matches, const std::vector<Edge>& apart);

}  // namespace hoso::dedup
