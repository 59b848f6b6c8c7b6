#include "member_name.h"

#include <unicode/uchar.h>

#include <algorithm>
#include <fstream>
#include <stdexcept>

#include "tone_style.h"
#include "vietnamese_text.h"

namespace hoso::normalize_vi {
namespace {

bool IsSpace(char32_t c) { return c == U' ' || c == U'\t' || c == 0x00A0 || c == 0x3000 || c == U'\r' || c == U'\n' || c == 0x2007 || c == 0x202F; }

bool IsLetter(char32_t c) {
  return ClassifyLetter(c).base != 0 || (c >= 0x80 && u_isalpha(static_cast<UChar32>(c)));
}

char32_t ToUpper(char32_t c) {
  const Letter l = ClassifyLetter(c);
  if (l.base != 0) return ComposeLetter(l.base, l.tone, true);
  return static_cast<char32_t>(u_toupper(static_cast<UChar32>(c)));
}

char32_t ToLower(char32_t c) {
  const Letter l = ClassifyLetter(c);
  if (l.base != 0) return ComposeLetter(l.base, l.tone, false);
  return static_cast<char32_t>(u_tolower(static_cast<UChar32>(c)));
}

std::vector<std::u32string_view> Words(std::u32string_view text) {
  std::vector<std::u32string_view> words;
  size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && text[i] == U' ') ++i;
    size_t end = i;
    while (end < text.size() && text[end] != U' ') ++end;
    if (end > i) words.push_back(text.substr(i, end - i));
    i = end;
  }
  return words;
}

std::string Join(const std::vector<std::u32string_view>& words, size_t from, size_t to) {
  std::string out;
  for (size_t i = from; i < to; ++i) {
    if (!out.empty()) out.push_back(' ');
    out += EncodeUtf8(words[i]);
  }
  return out;
}

std::string AsciiFold(std::u32string_view word) {
  std::string out;
  for (char32_t c : word) {
    const Letter l = ClassifyLetter(c);
    if (l.base != 0) {
      out.push_back(ShapelessBase(l.base));
    } else {
      AppendUtf8(out, c);
    }
  }
  return out;
}

}  // namespace

std::u32string TidySpaces(std::u32string_view text) {
  std::u32string out;
  out.reserve(text.size());
  bool pending_space = false;
  for (char32_t c : text) {
    if (IsSpace(c)) {
      pending_space = !out.empty();
      continue;
    }
    const bool closing = c == U',' || c == U';' || c == U':' || c == U')' || c == U']';
    const bool after_opening = !out.empty() && (out.back() == U'(' || out.back() == U'[');
    if (pending_space && !closing && !after_opening) out.push_back(U' ');
    pending_space = false;
    out.push_back(c);
  }
  return out;
}

std::u32string TitleCase(std::u32string_view text) {
  std::u32string out(text);
  bool word_start = true;
  for (char32_t& c : out) {
    if (!IsLetter(c)) {
      word_start = c == U' ' || c == U'\'' || c == U'-' || c == 0x2019 || c == U'(' ||
                   c == U'.' || c == U',';
      continue;
    }
    c = word_start ? ToUpper(c) : ToLower(c);
    word_start = false;
  }
  return out;
}

std::u32string LowerCase(std::u32string_view text) {
  std::u32string out(text);
  for (char32_t& c : out) c = ToLower(c);
  return out;
}

FamilyNames FamilyNames::Load(const std::filesystem::path& file) {
  std::ifstream in(file);
  if (!in) throw std::runtime_error(file.string() + ": cannot read the family-name list");
  std::vector<std::u32string> names;
  std::string line;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (line.empty() || line[0] == '#') continue;
    std::u32string name;
    if (!DecodeUtf8(line, name)) {
      throw std::runtime_error(file.string() + ":" + std::to_string(number) + ": not UTF-8");
    }
    names.push_back(TidySpaces(name));
  }
  return FamilyNames(std::move(names));
}

FamilyNames::FamilyNames(std::vector<std::u32string> names) {
  // Compared by placement-free key: "Hoà" and "Hòa" are one family name.
  for (const std::u32string& name : names) {
    std::vector<std::string> words;
    std::vector<std::string> folded;
    for (std::u32string_view w : Words(name)) {
      std::string key;
      AppendPlacementFree(w, key);
      words.push_back(std::move(key));
      folded.push_back(AsciiFold(w));
    }
    if (words.empty()) continue;
    names_.push_back(std::move(words));
    folded_.push_back(std::move(folded));
  }
  // Longest first, so "Tôn Thất" wins over "Tôn".
  std::vector<size_t> order(names_.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return names_[a].size() > names_[b].size(); });
  std::vector<std::vector<std::string>> names_sorted, folded_sorted;
  for (size_t i : order) {
    names_sorted.push_back(std::move(names_[i]));
    folded_sorted.push_back(std::move(folded_[i]));
  }
  names_ = std::move(names_sorted);
  folded_ = std::move(folded_sorted);
}

NameParts FamilyNames::Split(std::u32string_view full_name) const {
  NameParts parts;
  const std::vector<std::u32string_view> words = Words(full_name);
  if (words.empty()) return parts;
  if (words.size() == 1) {
    parts.given = EncodeUtf8(words[0]);
    return parts;
  }
  size_t family_words = 1;
  // Unaccented exports ("Nguyen Van Hung") match the family names folded to
  // ASCII; accented text must match exactly, so "Lê" is never "Lệ".
  std::vector<std::string> keys;
  bool ascii = true;
  for (size_t i = 0; i + 1 < words.size() && i < 4; ++i) {
    for (char32_t c : words[i]) ascii = ascii && c < 0x80;
    keys.emplace_back();
    AppendPlacementFree(words[i], keys.back());
  }
  const auto& table = ascii ? folded_ : names_;
  for (const auto& name : table) {
    // The given name is never part of the family name.
    if (name.size() > keys.size()) continue;
    bool match = true;
    for (size_t i = 0; i < name.size() && match; ++i) match = keys[i] == name[i];
    if (match) {
      family_words = name.size();
      parts.family_known = true;
      break;
    }
  }
  parts.family = Join(words, 0, family_words);
  parts.middle = Join(words, family_words, words.size() - 1);
  parts.given = EncodeUtf8(words.back());
  return parts;
}

MatchKeys MakeMatchKeys(std::u32string_view name) {
  MatchKeys keys;
  const std::u32string lower = LowerCase(TidySpaces(name));
  keys.exact = EncodeUtf8(lower);
  for (std::u32string_view word : Words(lower)) {
    if (!keys.placement_free.empty()) {
      keys.placement_free.push_back(' ');
      keys.ascii_folded.push_back(' ');
      keys.ocr_tolerant.push_back(' ');
    }
    AppendPlacementFree(word, keys.placement_free);
    const std::string folded = AsciiFold(word);
    keys.ascii_folded += folded;
    Tone tone = Tone::kLevel;
    for (char32_t c : word) {
      const Letter l = ClassifyLetter(c);
      if (l.tone != Tone::kLevel) tone = l.tone;
    }
    // OCR confuses the shape marks (ư/u, ơ/o, ă/â/a, ê/e, ô/o, đ/d) and "rn"
    // with "m"; tones it reads far more reliably, so they stay.
    for (size_t i = 0; i < folded.size(); ++i) {
      if (folded[i] == 'r' && i + 1 < folded.size() && folded[i + 1] == 'n') {
        keys.ocr_tolerant.push_back('m');
        ++i;
      } else {
        keys.ocr_tolerant.push_back(folded[i]);
      }
    }
    if (tone != Tone::kLevel) keys.ocr_tolerant.push_back(static_cast<char>('0' + static_cast<int>(tone)));
  }
  return keys;
}

}  // namespace hoso::normalize_vi
