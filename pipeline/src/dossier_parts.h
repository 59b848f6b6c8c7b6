// Cutting a dossier into its pages and joining them again, so stages that
// read every page on its own can spread one dossier over several workers.
#pragma once

#include <optional>
#include <vector>

#include "hoso/dossier.h"

namespace hoso::internal {

// The dossier's pages as one-page dossiers of the same id, each accounting
// for its page's unit only. Empty, and the dossier left as it was, when the
// dossier has fewer than two pages, already holds records, or its units are
// not its pages one for one (then only the whole dossier accounts for them).
std::vector<Dossier> SplitIntoPages(Dossier& dossier);

// The parts that came through (nullopt: quarantined) joined in their order;
// nothing when none did.
std::optional<Dossier> JoinPages(std::vector<std::optional<Dossier>>& parts);

}  // namespace hoso::internal
