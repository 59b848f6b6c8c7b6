// Tone marks on capitals are what OCR reads worst ("NGUYÊN", "NGUYEN",
// "TRẤN" for NGUYỄN, TRẦN), and names on dossier forms are often printed in
// capitals. The commonest family names carry most of the population (Nguyễn
// alone 38 %), so a capitalised first word with the same letters as one of
// them is read as that name.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <string_view>

namespace hoso::dossier_fields {

class FamilyNamePrior {
 public:
  // models/names/family_names_frequency.tsv: "name<TAB>share", names such
  // as "Hoàng/Huỳnh" split. Throws std::invalid_argument naming the file.
  static FamilyNamePrior Load(const std::filesystem::path& file);

  // `name` with its first word replaced when that word is in capitals and
  // folds to a listed family name it does not already spell.
  std::string Apply(std::string_view name) const;

 private:
  std::map<std::string, std::string> by_fold_;  // "nguyen" -> "Nguyễn"
};

}  // namespace hoso::dossier_fields
