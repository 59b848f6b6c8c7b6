// Where a tone mark sits is a display style (normalize_vi writes "hoà",
// the forms print "hòa"): the evaluation compares values in a form that does
// not depend on it.
#pragma once

#include <string>

namespace hoso::dossier_fields {

// The words with their tone marks lifted off the vowel they sit on and put
// after the word: equal for "hòa"/"hoà" and "thủy"/"thuỷ", and for nothing
// else (letters keep their order, vowel marks their letter, tones their kind).
std::string PlacementFreeKey(const std::string& text);

}  // namespace hoso::dossier_fields
