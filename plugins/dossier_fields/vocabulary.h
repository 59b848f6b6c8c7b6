// Words a field's values are made of ("Chi bộ", "Khu dân cư", "Ủy ban nhân
// dân"): OCR's commonest error on print is a wrong or missing tone mark
// ("Chỉ bộ"), and a phrase the form's domain is known to use, read with the
// same letters but other marks, is put back as the domain writes it.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace hoso::dossier_fields {

struct Phrase {
  std::string text;                 // "Chi bộ"
  std::vector<std::string> words;   // {"Chi", "bộ"}
  std::vector<std::string> folded;  // {"chi", "bo"}
};

Phrase MakePhrase(std::string text);

// Only phrases of two words or more are applied: one short word folds to
// too many real words ("số"/"sở").
std::string ApplyVocabulary(std::string_view text, const std::vector<Phrase>& vocabulary);

}  // namespace hoso::dossier_fields
