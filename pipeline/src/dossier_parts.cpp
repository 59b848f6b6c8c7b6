#include "dossier_parts.h"

#include <iterator>

#include "host_context.h"

namespace hoso::internal {

std::vector<Dossier> SplitIntoPages(Dossier& dossier) {
  std::vector<Dossier> parts;
  const size_t n = dossier.pages.size();
  if (n < 2 || !dossier.records.empty() || dossier.units.size() != n) return parts;
  for (size_t i = 0; i < n; ++i) {
    if (!SameUnit(dossier.units[i], dossier.pages[i].origin)) return parts;
  }
  parts.resize(n);
  for (size_t i = 0; i < n; ++i) {
    Dossier& part = parts[i];
    part.id = dossier.id;
    part.original = dossier.original;
    part.units.push_back(std::move(dossier.units[i]));
    part.pages.push_back(std::move(dossier.pages[i]));
  }
  dossier = Dossier{};
  return parts;
}

std::optional<Dossier> JoinPages(std::vector<std::optional<Dossier>>& parts) {
  std::optional<Dossier> whole;
  for (std::optional<Dossier>& part : parts) {
    if (!part) continue;
    if (!whole) {
      whole = std::move(*part);
      continue;
    }
    auto append = [](auto& to, auto& from) {
      to.insert(to.end(), std::make_move_iterator(from.begin()),
                std::make_move_iterator(from.end()));
    };
    append(whole->units, part->units);
    append(whole->pages, part->pages);
    append(whole->records, part->records);
  }
  return whole;
}

}  // namespace hoso::internal
