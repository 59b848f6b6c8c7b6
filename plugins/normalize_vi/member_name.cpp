#include "member_name.h"

#include <unicode/uchar.h>

#include <algorithm>
#include <cstring>
#include <fstream>
#include <stdexcept>

#include "tone_style.h"
#include "vietnamese_text.h"

namespace hoso::normalize_vi {
namespace {

bool IsSpace(char32_t c) {
  if (c <= U' ') return c == U' ' || c == U'\t' || c == U'\r' || c == U'\n';
  return c >= 0xA0 && (c == 0x00A0 || c == 0x3000 || c == 0x2007 || c == 0x202F);
}

bool IsLetter(char32_t c) {
  return ClassifyLetter(c).base != 0 || (c >= 0x80 && u_isalpha(static_cast<UChar32>(c)));
}

// ASCII first, without asking ICU: most characters of most fields are.
char32_t ToUpper(char32_t c) {
  if (c < 0x80) return c >= U'a' && c <= U'z' ? c - U'a' + U'A' : c;
  const Letter l = ClassifyLetter(c);
  if (l.base != 0) return ComposeLetter(l.base, l.tone, true);
  return static_cast<char32_t>(u_toupper(static_cast<UChar32>(c)));
}

char32_t ToLower(char32_t c) {
  if (c < 0x80) return c >= U'A' && c <= U'Z' ? c - U'A' + U'a' : c;
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
    for (const char32_t c : words[i]) AppendUtf8(out, c);
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

void TidySpacesInPlace(std::u32string& text) {
  // The text only shrinks (a run of spaces becomes at most one), so what is
  // written never overtakes what is still to be read.
  size_t size = 0;
  bool pending_space = false;
  for (const char32_t c : text) {
    if (IsSpace(c)) {
      pending_space = size != 0;
      continue;
    }
    if (pending_space) {
      const bool closing = c == U',' || c == U';' || c == U':' || c == U')' || c == U']';
      const bool after_opening = text[size - 1] == U'(' || text[size - 1] == U'[';
      if (!closing && !after_opening) text[size++] = U' ';
      pending_space = false;
    }
    text[size++] = c;
  }
  text.resize(size);
}

std::u32string TidySpaces(std::u32string_view text) {
  std::u32string out(text);
  TidySpacesInPlace(out);
  return out;
}

void TitleCaseInPlace(std::u32string& text) {
  bool word_start = true;
  for (char32_t& c : text) {
    if (!IsLetter(c)) {
      word_start = c == U' ' || c == U'\'' || c == U'-' || c == 0x2019 || c == U'(' || c == U'.' ||
                   c == U',';
      continue;
    }
    c = word_start ? ToUpper(c) : ToLower(c);
    word_start = false;
  }
}

std::u32string TitleCase(std::u32string_view text) {
  std::u32string out(text);
  TitleCaseInPlace(out);
  return out;
}

void LowerCaseInPlace(std::u32string& text) {
  for (char32_t& c : text) c = ToLower(c);
}

std::u32string LowerCase(std::u32string_view text) {
  std::u32string out(text);
  LowerCaseInPlace(out);
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
    std::string words;
    std::string folded;
    size_t count = 0;
    for (std::u32string_view w : Words(name)) {
      if (count++ != 0) {
        words.push_back(' ');
        folded.push_back(' ');
      }
      AppendPlacementFree(w, words);
      folded += AsciiFold(w);
    }
    if (count == 0) continue;
    names_.Insert(words);
    folded_.Insert(folded);
    longest_ = std::max(longest_, count);
  }
}

NameParts FamilyNames::Split(std::u32string_view full_name) const {
  NameParts parts;
  thread_local std::vector<std::u32string_view> words;
  words.clear();
  for (size_t i = 0; i < full_name.size();) {
    while (i < full_name.size() && full_name[i] == U' ') ++i;
    size_t end = i;
    while (end < full_name.size() && full_name[end] != U' ') ++end;
    if (end > i) words.push_back(full_name.substr(i, end - i));
    i = end;
  }
  if (words.empty()) return parts;
  if (words.size() == 1) {
    parts.given = EncodeUtf8(words[0]);
    return parts;
  }
  size_t family_words = 1;
  // Unaccented exports ("Nguyen Van Hung") match the family names folded to
  // ASCII; accented text must match exactly, so "Lê" is never "Lệ".
  thread_local std::string joined;
  joined.clear();
  size_t ends[5] = {0, 0, 0, 0, 0};  // joined's length after each word's key
  size_t candidates = 0;
  bool ascii = true;
  for (size_t i = 0; i + 1 < words.size() && i < 4; ++i) {
    for (char32_t c : words[i]) ascii = ascii && c < 0x80;
    if (i != 0) joined.push_back(' ');
    AppendPlacementFree(words[i], joined);
    ends[++candidates] = joined.size();
  }
  if (const size_t listed = ListedWords(joined, ends, candidates, ascii); listed != 0) {
    family_words = listed;
    parts.family_known = true;
  }
  parts.family = Join(words, 0, family_words);
  parts.middle = Join(words, family_words, words.size() - 1);
  parts.given = EncodeUtf8(words.back());
  return parts;
}

uint64_t FamilyNames::KeySet::Hash(std::string_view key) { return HashBytes(key); }

size_t FamilyNames::KeySet::Find(std::string_view key, uint64_t hash) const {
  const size_t mask = slots_.size() - 1;
  for (size_t slot = hash & mask;; slot = (slot + 1) & mask) {
    const Slot& s = slots_[slot];
    if (s.hash == 0) return slot;
    if (s.hash == hash && s.size == key.size() &&
        std::memcmp(bytes_.data() + s.offset, key.data(), key.size()) == 0) {
      return slot;
    }
  }
}

void FamilyNames::KeySet::Insert(std::string_view key) {
  if ((count_ + 1) * 4 > slots_.size()) {
    // Rehashed from the kept bytes into a table twice the size.
    std::vector<Slot> old = std::move(slots_);
    slots_.assign(std::max<size_t>(64, old.size() * 2), Slot{});
    for (const Slot& s : old) {
      if (s.hash != 0) slots_[Find(std::string_view(bytes_).substr(s.offset, s.size), s.hash)] = s;
    }
  }
  const uint64_t hash = Hash(key);
  Slot& slot = slots_[Find(key, hash)];
  if (slot.hash != 0) return;
  slot = Slot{hash, static_cast<uint32_t>(bytes_.size()), static_cast<uint32_t>(key.size())};
  bytes_.append(key);
  ++count_;
}

bool FamilyNames::KeySet::Contains(std::string_view key) const {
  if (slots_.empty()) return false;
  const uint64_t hash = Hash(key);
  return slots_[Find(key, hash)].hash != 0;
}

size_t FamilyNames::ListedWords(std::string_view keys, const size_t* ends, size_t candidates,
                                bool ascii) const {
  const KeySet& table = ascii ? folded_ : names_;
  // The longest listed name that the first words spell wins. The given name
  // is never part of the family name.
  for (size_t n = std::min(candidates, longest_); n >= 1; --n) {
    if (table.Contains(keys.substr(0, ends[n]))) return n;
  }
  return 0;
}

namespace {

// Writes one code point as UTF-8 at `out`; returns the end.
char* PutUtf8(char* out, char32_t c) {
  if (c < 0x80) {
    *out++ = static_cast<char>(c);
  } else if (c < 0x800) {
    *out++ = static_cast<char>(0xC0 | (c >> 6));
    *out++ = static_cast<char>(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    *out++ = static_cast<char>(0xE0 | (c >> 12));
    *out++ = static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    *out++ = static_cast<char>(0x80 | (c & 0x3F));
  } else {
    *out++ = static_cast<char>(0xF0 | (c >> 18));
    *out++ = static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    *out++ = static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    *out++ = static_cast<char>(0x80 | (c & 0x3F));
  }
  return out;
}

}  // namespace

MatchKeys MakeMatchKeys(std::u32string_view name) {
  MatchKeys keys;
  thread_local std::u32string lower;
  lower.assign(name.begin(), name.end());
  TidySpacesInPlace(lower);
  LowerCaseInPlace(lower);
  EncodeUtf8(lower, keys.exact);
  // Written through pointers into room for the worst case: no key is longer
  // than the exact key (a base letter or a folded one takes no more bytes
  // than the letter) plus a tone digit a word.
  size_t words = 0;
  for (size_t i = 0; i < lower.size(); ++i) {
    if (lower[i] != U' ' && (i == 0 || lower[i - 1] == U' ')) ++words;
  }
  const size_t room = keys.exact.size() + words;
  keys.placement_free.resize(room);
  keys.ascii_folded.resize(room);
  keys.ocr_tolerant.resize(room);
  char* placement_free = keys.placement_free.data();
  char* ascii_folded = keys.ascii_folded.data();
  char* ocr_tolerant = keys.ocr_tolerant.data();
  for (size_t i = 0; i < lower.size();) {
    while (i < lower.size() && lower[i] == U' ') ++i;
    size_t end = i;
    while (end < lower.size() && lower[end] != U' ') ++end;
    const std::u32string_view word(lower.data() + i, end - i);
    i = end;
    if (word.empty()) continue;
    if (placement_free != keys.placement_free.data()) {
      *placement_free++ = ' ';
      *ascii_folded++ = ' ';
      *ocr_tolerant++ = ' ';
    }
    // One pass for AppendPlacementFree's key and AsciiFold's word.
    Tone tone = Tone::kLevel;
    char* const folded = ascii_folded;
    for (const char32_t c : word) {
      const Letter l = ClassifyLetter(c);
      if (l.base == 0) {
        // Not a letter (digit, symbol): kept, lowercased when ASCII.
        placement_free = PutUtf8(placement_free, c >= U'A' && c <= U'Z' ? c - U'A' + U'a' : c);
        ascii_folded = PutUtf8(ascii_folded, c);
        continue;
      }
      if (l.tone != Tone::kLevel) tone = l.tone;
      placement_free = PutUtf8(placement_free, l.base);
      *ascii_folded++ = ShapelessBase(l.base);
    }
    const char tone_digit = static_cast<char>('0' + static_cast<int>(tone));
    if (tone != Tone::kLevel) *placement_free++ = tone_digit;
    // OCR confuses the shape marks (ư/u, ơ/o, ă/â/a, ê/e, ô/o, đ/d) and "rn"
    // with "m"; tones it reads far more reliably, so they stay.
    for (const char* k = folded; k < ascii_folded; ++k) {
      if (k[0] == 'r' && k + 1 < ascii_folded && k[1] == 'n') {
        *ocr_tolerant++ = 'm';
        ++k;
      } else {
        *ocr_tolerant++ = *k;
      }
    }
    if (tone != Tone::kLevel) *ocr_tolerant++ = tone_digit;
  }
  keys.placement_free.resize(static_cast<size_t>(placement_free - keys.placement_free.data()));
  keys.ascii_folded.resize(static_cast<size_t>(ascii_folded - keys.ascii_folded.data()));
  keys.ocr_tolerant.resize(static_cast<size_t>(ocr_tolerant - keys.ocr_tolerant.data()));
  return keys;
}

bool MatchKeysAndSplit(std::string_view name, const FamilyNames* families, MatchKeys& keys,
                       NameParts& parts) {
  // Room for the worst case, written through pointers: a character gives at
  // most three bytes to a key, and a tone digit comes after a word of at
  // least one byte.
  const size_t room = name.size() * 3 + 1;
  // A name of ordinary length is written on the stack and copied once: a
  // string sized for the worst case is first cleared byte by byte.
  constexpr size_t kStackRoom = 256;
  char stack[4][kStackRoom];
  const bool on_stack = room <= kStackRoom;
  if (!on_stack) {
    keys.exact.resize(room);
    keys.placement_free.resize(room);
    keys.ascii_folded.resize(room);
    keys.ocr_tolerant.resize(room);
  }
  char* const exact_begin = on_stack ? stack[0] : keys.exact.data();
  char* const placement_free_begin = on_stack ? stack[1] : keys.placement_free.data();
  char* const ascii_folded_begin = on_stack ? stack[2] : keys.ascii_folded.data();
  char* const ocr_tolerant_begin = on_stack ? stack[3] : keys.ocr_tolerant.data();
  char* exact = exact_begin;
  char* placement_free = placement_free_begin;
  char* ascii_folded = ascii_folded_begin;
  char* ocr_tolerant = ocr_tolerant_begin;
  // The family name is looked up on the placement-free keys of the first
  // words (what Split joins from AppendPlacementFree: the same bytes, as
  // lowering a letter keeps its base and tone); the parts are pieces of the
  // name itself, a tidy name's words being one space apart.
  constexpr size_t kCandidates = 4;
  size_t ends[kCandidates + 1] = {0, 0, 0, 0, 0};
  size_t word_begin[kCandidates + 1] = {0, 0, 0, 0, 0};
  size_t word_end[kCandidates] = {0, 0, 0, 0};
  bool word_is_ascii[kCandidates] = {true, true, true, true};
  size_t words = 0;
  size_t last_begin = 0;
  bool in_word = false;
  char32_t previous = 0;
  Tone tone = Tone::kLevel;
  bool ascii = true;
  char* folded = ascii_folded;

  auto end_word = [&](size_t at) {
    const char tone_digit = static_cast<char>('0' + static_cast<int>(tone));
    if (tone != Tone::kLevel) *placement_free++ = tone_digit;
    // OCR confuses the shape marks (already folded) and "rn" with "m".
    for (const char* k = folded; k < ascii_folded; ++k) {
      if (k[0] == 'r' && k + 1 < ascii_folded && k[1] == 'n') {
        *ocr_tolerant++ = 'm';
        ++k;
      } else {
        *ocr_tolerant++ = *k;
      }
    }
    if (tone != Tone::kLevel) *ocr_tolerant++ = tone_digit;
    if (words <= kCandidates) {
      word_end[words - 1] = at;
      word_is_ascii[words - 1] = ascii;
      ends[words] = static_cast<size_t>(placement_free - placement_free_begin);
    }
    in_word = false;
  };

  const auto* const begin = reinterpret_cast<const unsigned char*>(name.data());
  const auto* const end = begin + name.size();
  for (const unsigned char* p = begin; p < end;) {
    char32_t c = *p;
    if (in_word && c >= U'a' && c <= U'z') {
      // Most bytes: a lowercase ASCII letter inside a word, the same in
      // every key.
      ++p;
      const char lower = static_cast<char>(c);
      *exact++ = lower;
      *placement_free++ = lower;
      *ascii_folded++ = lower;
      previous = c;
      continue;
    }
    const size_t at = static_cast<size_t>(p - begin);
    if (c < 0x80) {
      ++p;
      if (c == U' ') {
        // TidySpaces drops a space at the start, after another or after an
        // opening bracket.
        if (!in_word || previous == U'(' || previous == U'[') return false;
        end_word(at);
        *exact++ = ' ';
        previous = c;
        continue;
      }
      if (c == U'\t' || c == U'\r' || c == U'\n') return false;
    } else {
      // Strict UTF-8 of two or three bytes; anything else the long way.
      if ((c & 0xE0) == 0xC0 && end - p >= 2 && (p[1] & 0xC0) == 0x80) {
        c = ((c & 0x1F) << 6) | (p[1] & 0x3F);
        if (c < 0x80) return false;
        p += 2;
      } else if ((c & 0xF0) == 0xE0 && end - p >= 3 && (p[1] & 0xC0) == 0x80 &&
                 (p[2] & 0xC0) == 0x80) {
        c = ((c & 0x0F) << 12) | ((p[1] & 0x3F) << 6) | (p[2] & 0x3F);
        if (c < 0x800 || (c >= 0xD800 && c <= 0xDFFF)) return false;
        p += 3;
      } else {
        return false;
      }
    }
    if (!in_word) {
      // A space before closing punctuation is one TidySpaces drops.
      if (words != 0) {
        if (c == U',' || c == U';' || c == U':' || c == U')' || c == U']') return false;
        *placement_free++ = ' ';
        *ascii_folded++ = ' ';
        *ocr_tolerant++ = ' ';
      }
      ++words;
      if (words <= kCandidates + 1) word_begin[words - 1] = at;
      last_begin = at;
      in_word = true;
      tone = Tone::kLevel;
      ascii = true;
      folded = ascii_folded;
    }
    previous = c;
    if (c < 0x80) {
      if (c >= U'A' && c <= U'Z') c += U'a' - U'A';
      const char lower = static_cast<char>(c);
      *exact++ = lower;
      *placement_free++ = lower;
      *ascii_folded++ = lower;
      continue;
    }
    // Other letters and symbols take ICU's case mapping and spaces of their
    // own: the long way.
    const Letter l = ClassifyLetter(c);
    if (l.base == 0) return false;
    ascii = false;
    if (l.tone != Tone::kLevel) tone = l.tone;
    // A letter's base is below U+0800 and the letter below U+10000: written
    // here rather than by PutUtf8, which the compiler keeps out of line.
    const char32_t letter = ComposeLetter(l.base, l.tone, false);
    if (letter < 0x80) {
      *exact++ = static_cast<char>(letter);
    } else if (letter < 0x800) {
      *exact++ = static_cast<char>(0xC0 | (letter >> 6));
      *exact++ = static_cast<char>(0x80 | (letter & 0x3F));
    } else {
      *exact++ = static_cast<char>(0xE0 | (letter >> 12));
      *exact++ = static_cast<char>(0x80 | ((letter >> 6) & 0x3F));
      *exact++ = static_cast<char>(0x80 | (letter & 0x3F));
    }
    if (l.base < 0x80) {
      *placement_free++ = static_cast<char>(l.base);
      *ascii_folded++ = static_cast<char>(l.base);
    } else {
      *placement_free++ = static_cast<char>(0xC0 | (l.base >> 6));
      *placement_free++ = static_cast<char>(0x80 | (l.base & 0x3F));
      *ascii_folded++ = ShapelessBase(l.base);
    }
  }
  if (in_word) {
    end_word(name.size());
  } else if (words != 0) {
    return false;  // a trailing space
  }
  auto finish = [on_stack](std::string& key, const char* begin, const char* end) {
    if (on_stack) {
      key.assign(begin, end);
    } else {
      key.resize(static_cast<size_t>(end - begin));
    }
  };
  finish(keys.exact, exact_begin, exact);
  finish(keys.placement_free, placement_free_begin, placement_free);
  finish(keys.ascii_folded, ascii_folded_begin, ascii_folded);
  finish(keys.ocr_tolerant, ocr_tolerant_begin, ocr_tolerant);

  parts.family.clear();
  parts.middle.clear();
  parts.given.clear();
  parts.family_known = false;
  if (families == nullptr || words == 0) return true;
  parts.given.assign(name.substr(last_begin));
  if (words == 1) return true;
  const size_t candidates = std::min(words - 1, kCandidates);
  bool candidates_ascii = true;
  for (size_t i = 0; i < candidates; ++i) candidates_ascii = candidates_ascii && word_is_ascii[i];
  size_t family_words =
      families->ListedWords(keys.placement_free, ends, candidates, candidates_ascii);
  parts.family_known = family_words != 0;
  if (family_words == 0) family_words = 1;
  parts.family.assign(name.substr(0, word_end[family_words - 1]));
  if (family_words < words - 1) {
    const size_t middle_begin = word_begin[family_words];
    parts.middle.assign(name.substr(middle_begin, last_begin - 1 - middle_begin));
  }
  return true;
}

}  // namespace hoso::normalize_vi
