// Approximate search of a folded label in a folded line: the occurrences of
// `pattern` in `text` with the fewest edits (Sellers' algorithm: edit
// distance where the match may start and end anywhere in the text).
#pragma once

#include <string_view>
#include <vector>

namespace hoso::dossier_fields {

struct ApproxMatch {
  int begin = 0;  // in text, [begin, end)
  int end = 0;
  int distance = 0;
};

// Every occurrence with at most `max_distance` edits, best end of each run
// of neighbouring ends, in text order.
std::vector<ApproxMatch> FindApprox(std::string_view text, std::string_view pattern,
                                    int max_distance);

// Edits allowed for a label of `length` folded characters: short labels
// must be exact or they match everywhere.
int AllowedEdits(int length);

}  // namespace hoso::dossier_fields
