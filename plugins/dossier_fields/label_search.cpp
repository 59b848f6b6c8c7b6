#include "label_search.h"

#include <algorithm>

namespace hoso::dossier_fields {

int AllowedEdits(int length) {
  // Two edits in ten letters already turn "Nguyên quán" into "Nguyễn Văn":
  // a label must be long before it may be read that loosely.
  if (length <= 4) return 0;
  if (length <= 10) return 1;
  if (length <= 16) return 2;
  return 3;
}

std::vector<ApproxMatch> FindApprox(std::string_view text, std::string_view pattern,
                                    int max_distance) {
  std::vector<ApproxMatch> out;
  const int m = static_cast<int>(pattern.size());
  const int n = static_cast<int>(text.size());
  if (m == 0 || n == 0) return out;
  // Column j of the table: cost[i] = fewest edits turning pattern[0, i) into
  // some text[s, j); start[i] = that s.
  std::vector<int> cost(m + 1), start(m + 1), prev_cost(m + 1), prev_start(m + 1);
  for (int i = 0; i <= m; ++i) {
    prev_cost[i] = i;
    prev_start[i] = 0;
  }
  std::vector<ApproxMatch> ends;  // every end within the limit
  for (int j = 1; j <= n; ++j) {
    cost[0] = 0;
    start[0] = j;
    for (int i = 1; i <= m; ++i) {
      const int substitute = prev_cost[i - 1] + (pattern[i - 1] == text[j - 1] ? 0 : 1);
      const int skip_text = prev_cost[i] + 1;    // text char not in pattern
      const int skip_pattern = cost[i - 1] + 1;  // pattern char missing in text
      int best = substitute;
      int best_start = prev_start[i - 1];
      if (skip_text < best) {
        best = skip_text;
        best_start = prev_start[i];
      }
      if (skip_pattern < best) {
        best = skip_pattern;
        best_start = start[i - 1];
      }
      cost[i] = best;
      start[i] = best_start;
    }
    if (cost[m] <= max_distance) ends.push_back({start[m], j, cost[m]});
    std::swap(cost, prev_cost);
    std::swap(start, prev_start);
  }
  // Neighbouring ends are one occurrence seen with a letter more or less:
  // keep the cheapest, the earliest on a tie (so the value keeps its first
  // letter when it is glued to the label).
  for (size_t k = 0; k < ends.size();) {
    size_t run_end = k + 1;
    while (run_end < ends.size() && ends[run_end].end == ends[run_end - 1].end + 1) ++run_end;
    ApproxMatch best = ends[k];
    for (size_t r = k + 1; r < run_end; ++r) {
      if (ends[r].distance < best.distance) best = ends[r];
    }
    out.push_back(best);
    k = run_end;
  }
  return out;
}

}  // namespace hoso::dossier_fields
