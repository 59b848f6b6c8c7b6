#include "vocabulary.h"

#include "folded_text.h"

namespace hoso::dossier_fields {
namespace {

std::vector<std::string> SplitSpaces(std::string_view text) {
  std::vector<std::string> words;
  size_t start = 0;
  while (start <= text.size()) {
    size_t space = text.find(' ', start);
    if (space == std::string_view::npos) space = text.size();
    if (space > start) words.emplace_back(text.substr(start, space - start));
    start = space + 1;
  }
  return words;
}

}  // namespace

Phrase MakePhrase(std::string text) {
  Phrase phrase;
  phrase.words = SplitSpaces(text);
  for (const std::string& word : phrase.words) phrase.folded.push_back(FoldWords(word));
  phrase.text = std::move(text);
  return phrase;
}

std::string ApplyVocabulary(std::string_view text, const std::vector<Phrase>& vocabulary) {
  std::vector<std::string> words = SplitSpaces(text);
  std::vector<std::string> folded;
  folded.reserve(words.size());
  for (const std::string& w : words) folded.push_back(FoldWords(w));
  bool changed = false;
  for (const Phrase& phrase : vocabulary) {
    const size_t n = phrase.folded.size();
    if (n < 2 || n > words.size()) continue;
    for (size_t i = 0; i + n <= words.size(); ++i) {
      bool same = true;
      for (size_t k = 0; k < n && same; ++k) same = folded[i + k] == phrase.folded[k];
      if (!same) continue;
      // Words in capitals stay in capitals: only the marks are the phrase's.
      bool capitals = false;
      for (size_t k = 0; k < n; ++k) {
        const std::string& w = words[i + k];
        capitals =
            capitals || (w.size() > 1 && w[0] >= 'A' && w[0] <= 'Z' && w[1] >= 'A' && w[1] <= 'Z');
      }
      if (capitals) continue;
      for (size_t k = 0; k < n; ++k) {
        // The first letter's case as printed ("chi bộ" inside a name stays
        // lower case only when it was).
        std::string replacement = phrase.words[k];
        const bool printed_upper = words[i + k][0] >= 'A' && words[i + k][0] <= 'Z';
        const bool phrase_upper = replacement[0] >= 'A' && replacement[0] <= 'Z';
        if (printed_upper != phrase_upper && static_cast<unsigned char>(replacement[0]) < 0x80 &&
            static_cast<unsigned char>(words[i + k][0]) < 0x80) {
          replacement[0] = static_cast<char>(printed_upper ? replacement[0] - 'a' + 'A'
                                                           : replacement[0] - 'A' + 'a');
        }
        if (words[i + k] != replacement) {
          words[i + k] = replacement;
          changed = true;
        }
      }
    }
  }
  if (!changed) return std::string(text);
  std::string out;
  for (const std::string& w : words) {
    if (!out.empty()) out.push_back(' ');
    out += w;
  }
  return out;
}

}  // namespace hoso::dossier_fields
