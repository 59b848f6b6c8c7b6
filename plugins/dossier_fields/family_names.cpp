#include "family_names.h"

#include <unicode/locid.h>
#include <unicode/unistr.h>

#include <fstream>
#include <stdexcept>

#include "folded_text.h"

namespace hoso::dossier_fields {
namespace {

std::string Upper(std::string_view text) {
  std::string out;
  icu::UnicodeString::fromUTF8(icu::StringPiece(text.data(), static_cast<int32_t>(text.size())))
      .toUpper(icu::Locale("vi"))
      .toUTF8String(out);
  return out;
}

}  // namespace

FamilyNamePrior FamilyNamePrior::Load(const std::filesystem::path& file) {
  std::ifstream in(file);
  if (!in) throw std::invalid_argument("family names: cannot read " + file.string());
  FamilyNamePrior prior;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#' || line.rfind("family_name", 0) == 0) continue;
    const std::string names = line.substr(0, line.find('\t'));
    size_t start = 0;
    while (start <= names.size()) {
      size_t slash = names.find('/', start);
      if (slash == std::string::npos) slash = names.size();
      const std::string name = names.substr(start, slash - start);
      if (!name.empty()) prior.by_fold_.emplace(FoldWords(name), name);
      start = slash + 1;
    }
  }
  if (prior.by_fold_.empty())
    throw std::invalid_argument("family names: no names in " + file.string());
  return prior;
}

std::string FamilyNamePrior::Apply(std::string_view name) const {
  const size_t space = name.find(' ');
  if (space == std::string_view::npos) return std::string(name);
  const std::string_view first = name.substr(0, space);
  if (Upper(first) != first) return std::string(name);  // mixed case: marks read well
  auto it = by_fold_.find(FoldWords(first));
  if (it == by_fold_.end()) return std::string(name);
  return Upper(it->second) + std::string(name.substr(space));
}

}  // namespace hoso::dossier_fields
