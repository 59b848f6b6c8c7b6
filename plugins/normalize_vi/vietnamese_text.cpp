#include "vietnamese_text.h"

#include <algorithm>
#include <array>
#include <iterator>
#include <cstddef>
#include <string_view>

namespace hoso::normalize_vi {
namespace {

// Each row is one vowel base in the six tones; the row index is its code in
// the lookup table below.
constexpr std::array<std::u32string_view, 12> kLowerRows = {
    U"aàáảãạ", U"ăằắẳẵặ", U"âầấẩẫậ", U"eèéẻẽẹ", U"êềếểễệ", U"iìíỉĩị",
    U"oòóỏõọ", U"ôồốổỗộ", U"ơờớởỡợ", U"uùúủũụ", U"ưừứửữự", U"yỳýỷỹỵ",
};
constexpr std::array<std::u32string_view, 12> kUpperRows = {
    U"AÀÁẢÃẠ", U"ĂẰẮẲẴẶ", U"ÂẦẤẨẪẬ", U"EÈÉẺẼẸ", U"ÊỀẾỂỄỆ", U"IÌÍỈĨỊ",
    U"OÒÓỎÕỌ", U"ÔỒỐỔỖỘ", U"ƠỜỚỞỠỢ", U"UÙÚỦŨỤ", U"ƯỪỨỬỮỰ", U"YỲÝỶỸỴ",
};
constexpr char32_t kBaseOfRow[12] = {U'a', U'ă', U'â', U'e', U'ê', U'i',
                                     U'o', U'ô', U'ơ', U'u', U'ư', U'y'};

constexpr char32_t kTableEnd = 0x1F00;

// Packed entry: bits 0-4 row + 1 (13 = đ), bits 5-7 tone, bit 8 upper; 0 = not
// a Vietnamese non-ASCII letter.
// Built at compile time: no guard on the hot path.
struct LetterTable {
  std::array<uint16_t, kTableEnd> entry{};
  constexpr LetterTable() {
    for (size_t row = 0; row < kLowerRows.size(); ++row) {
      for (size_t tone = 0; tone < 6; ++tone) {
        const auto packed = static_cast<uint16_t>((row + 1) | (tone << 5));
        const char32_t lower = kLowerRows[row][tone];
        const char32_t upper = kUpperRows[row][tone];
        if (lower >= 0x80) entry[lower] = packed;
        if (upper >= 0x80) entry[upper] = static_cast<uint16_t>(packed | 0x100);
      }
    }
    entry[U'đ'] = 13;
    entry[U'Đ'] = 13 | 0x100;
  }
};

constexpr LetterTable kLetters;

int RowOf(char32_t base) {
  for (size_t row = 0; row < 12; ++row) {
    if (kBaseOfRow[row] == base) return static_cast<int>(row);
  }
  return -1;
}

// Syllable parts in a one-byte alphabet so they fit short strings:
// ă=A â=B ê=E ô=O ơ=P ư=W đ=D.
char Code(char32_t base) {
  switch (base) {
    case U'ă':
      return 'A';
    case U'â':
      return 'B';
    case U'ê':
      return 'E';
    case U'ô':
      return 'O';
    case U'ơ':
      return 'P';
    case U'ư':
      return 'W';
    case U'đ':
      return 'D';
    default:
      return base < 0x80 ? static_cast<char>(base) : '?';
  }
}

constexpr std::string_view kOnsets[] = {"ngh", "ch", "gh", "gi", "kh", "ng", "nh", "ph", "qu", "th",
                                        "tr", "b",  "c",  "d",  "D",  "g",  "h",  "k",  "l",  "m",
                                        "n",  "p",  "q",  "r",  "s",  "t",  "v",  "x",
                                        // Clusters of Central Highlands place and personal
                                        // names written in Vietnamese letters: Krông, Đrăng, Plei.
                                        "kr", "kl", "pl", "bl", "br", "dr", "Dr", "gr", "ml", "mr",
                                        "hr", "kp", "kb", "kn", ""};

// Rhymes after the onset. Generous on purpose (qu- and gi- take the u/i of
// the rhyme lists below): the aim is to tell Vietnamese from mojibake, not to
// police spelling.
constexpr std::string_view kRhymes[] = {
    // a ă â
    "a", "ai", "ao", "au", "ay", "ac", "ach", "am", "an", "ang", "anh", "ap", "at", "Ac", "Am",
    "An", "Ang", "Ap", "At", "Bc", "Bm", "Bn", "Bng", "Bp", "Bt", "Bu", "By",
    // e ê
    "e", "eo", "ec", "em", "en", "eng", "ep", "et", "E", "Eu", "Ech", "Em", "En", "Enh", "Ep",
    "Et", "Ec", "Eng",
    // i iê yê y
    "i", "ia", "iu", "ich", "im", "in", "inh", "ip", "it", "iEc", "iEm", "iEn", "iEng", "iEp",
    "iEt", "iEu", "y", "yE", "yEm", "yEn", "yEng", "yEt", "yEu",
    // o ô ơ
    "o", "oi", "oc", "om", "on", "ong", "op", "ot", "ooc", "oong", "O", "Oi", "Oc", "Om", "On",
    "Ong", "Op", "Ot", "P", "Pi", "Pm", "Pn", "Pp", "Pt", "Pc", "Png",
    // u uô ư ươ
    "u", "ua", "ui", "uc", "um", "un", "ung", "up", "ut", "uO", "uOc", "uOi", "uOm", "uOn", "uOng",
    "uOt", "W", "Wa", "Wi", "Wu", "Wc", "Wm", "Wn", "Wng", "Wt", "WP", "WPc", "WPi", "WPm", "WPn",
    "WPng", "WPp", "WPt", "WPu",
    // medial o
    "oa", "oai", "oay", "oac", "oach", "oam", "oan", "oang", "oanh", "oap", "oat", "oAc", "oAm",
    "oAn", "oAng", "oAt", "oe", "oeo", "oen", "oet", "oem",
    // medial u (also after qu-)
    "uB", "uBn", "uBng", "uBt", "uBy", "uy", "uya", "uych", "uyn", "uynh", "uyt", "uyp", "uyu",
    "uyE", "uyEn", "uyEt", "uE", "uEnh", "uEch", "uEn", "uEt", "uP", "uPi", "uPn", "uPng", "ue",
    "uen", "uet", "ueo", "uac", "uach", "uai", "uam", "uan", "uang", "uanh", "uap", "uat", "uay",
    "uAc", "uAm", "uAn", "uAng", "uAt", "uEu",
    // -k of Central Highlands names: Đắk Lắk, Kon Plông's "Đăk".
    "ak", "Ak", "Bk", "ok", "Ok", "ek", "Ek", "uk", "Wk",
};

// Rhymes are at most 5 coded bytes: packed into an integer and searched in a
// sorted table, the check is a few comparisons, not ~200 string compares.
constexpr uint64_t PackWord(std::string_view word) {
  uint64_t packed = 0;
  for (char c : word) packed = (packed << 8) | static_cast<unsigned char>(c);
  return packed | (static_cast<uint64_t>(word.size()) << 56);
}

constexpr auto kRhymeKeys = [] {
  std::array<uint64_t, std::size(kRhymes)> keys{};
  for (size_t i = 0; i < keys.size(); ++i) keys[i] = PackWord(kRhymes[i]);
  std::sort(keys.begin(), keys.end());
  return keys;
}();

bool IsRhyme(std::string_view rhyme) {
  if (rhyme.size() > 7) return false;
  return std::binary_search(kRhymeKeys.begin(), kRhymeKeys.end(), PackWord(rhyme));
}

bool EndsWithStop(std::string_view rhyme) {
  if (rhyme.empty()) return false;
  const char last = rhyme.back();
  if (last == 'p' || last == 't' || last == 'c') return true;
  if (last == 'k') return true;
  return rhyme.size() >= 2 && rhyme.substr(rhyme.size() - 2) == "ch";
}

// Letters in the one-byte alphabet, then the tone; never 0 for a syllable.
uint64_t PackKey(std::string_view coded, Tone tone) {
  uint64_t key = 0;
  for (char c : coded) key = (key << 8) | static_cast<unsigned char>(c);
  return (key << 8) | (static_cast<uint64_t>(tone) + 1);
}

}  // namespace

Letter ClassifyLetter(char32_t c) {
  if (c < 0x80) {
    if (c >= U'a' && c <= U'z') return {c, Tone::kLevel, false};
    if (c >= U'A' && c <= U'Z') return {c - U'A' + U'a', Tone::kLevel, true};
    return {};
  }
  if (c >= kTableEnd) return {};
  const uint16_t packed = kLetters.entry[c];
  if (packed == 0) return {};
  const unsigned row = packed & 0x1F;
  Letter letter;
  letter.base = row == 13 ? U'đ' : kBaseOfRow[row - 1];
  letter.tone = static_cast<Tone>((packed >> 5) & 7);
  letter.upper = (packed & 0x100) != 0;
  return letter;
}

char32_t ComposeLetter(char32_t base, Tone tone, bool upper) {
  if (base == U'đ') return upper ? U'Đ' : U'đ';
  const int row = RowOf(base);
  if (row < 0) return upper && base >= U'a' && base <= U'z' ? base - U'a' + U'A' : base;
  const auto t = static_cast<size_t>(tone);
  return upper ? kUpperRows[row][t] : kLowerRows[row][t];
}

bool IsVowelBase(char32_t base) { return RowOf(base) >= 0; }

bool HasShapeMark(char32_t base) {
  return base == U'ă' || base == U'â' || base == U'ê' || base == U'ô' || base == U'ơ' ||
         base == U'ư';
}

char ShapelessBase(char32_t base) {
  switch (base) {
    case U'ă':
    case U'â':
      return 'a';
    case U'ê':
      return 'e';
    case U'ô':
    case U'ơ':
      return 'o';
    case U'ư':
      return 'u';
    case U'đ':
      return 'd';
    default:
      return base < 0x80 ? static_cast<char>(base) : '?';
  }
}

uint64_t SyllableKey(std::u32string_view token) {
  if (token.empty() || token.size() > kMaxSyllableLetters) return 0;
  char coded[kMaxSyllableLetters];
  Tone tone = Tone::kLevel;
  size_t tone_at = 0;
  size_t uppers = 0;
  bool first_upper = false;
  for (size_t i = 0; i < token.size(); ++i) {
    const Letter letter = ClassifyLetter(token[i]);
    if (letter.base == 0) return 0;
    if (letter.tone != Tone::kLevel) {
      if (tone != Tone::kLevel) return 0;  // two tones
      tone = letter.tone;
      tone_at = i;
    }
    if (letter.upper) {
      ++uppers;
      if (i == 0) first_upper = true;
    }
    coded[i] = Code(letter.base);
  }
  // lower, Title or UPPER; "NguyÔn" is how TCVN3 looks when misread.
  if (uppers != 0 && uppers != token.size() && !(uppers == 1 && first_upper)) return 0;
  // The tone sits where one of the two styles puts it; "hôì" is a misread
  // "hồ", not a spelling anyone types.
  if (tone != Tone::kLevel && tone_at != TonePosition(token, true) &&
      tone_at != TonePosition(token, false)) {
    return 0;
  }
  const std::string_view word(coded, token.size());
  const bool stop_tone = tone == Tone::kAcute || tone == Tone::kDot;
  for (std::string_view onset : kOnsets) {
    // Compared by hand: these are one to three bytes, and a call to memcmp
    // per onset was a sixth of the detector's time.
    if (onset.size() > word.size()) continue;
    bool match = true;
    for (size_t k = 0; k < onset.size() && match; ++k) match = word[k] == onset[k];
    if (!match) continue;
    const std::string_view rhyme = word.substr(onset.size());
    if (rhyme.empty()) {
      // "gi" carries its own vowel: gì, gỉ.
      if (onset == "gi") return PackKey(word, tone);
      continue;
    }
    if (onset == "q" && rhyme[0] != 'u') continue;
    if (!IsRhyme(rhyme)) continue;
    if (EndsWithStop(rhyme) && !stop_tone) continue;
    return PackKey(word, tone);
  }
  return 0;
}

bool IsVietnameseSyllable(std::u32string_view token) { return SyllableKey(token) != 0; }

uint64_t SyllableKeyOfPlacementFree(std::string_view key) {
  std::u32string chars;
  if (!DecodeUtf8(key, chars) || chars.empty()) return 0;
  Tone tone = Tone::kLevel;
  if (chars.back() >= U'1' && chars.back() <= U'5') {
    tone = static_cast<Tone>(chars.back() - U'0');
    chars.pop_back();
  }
  if (chars.empty() || chars.size() > kMaxSyllableLetters) return 0;
  std::string coded;
  for (char32_t c : chars) {
    const Letter letter = ClassifyLetter(c);
    if (letter.base == 0 || letter.tone != Tone::kLevel || letter.upper) return 0;
    coded.push_back(Code(letter.base));
  }
  return PackKey(coded, tone);
}

size_t TonePosition(std::u32string_view word, bool new_style) {
  const size_t n = word.size();
  char32_t base[16];
  if (n == 0 || n > 16) return std::u32string_view::npos;
  for (size_t i = 0; i < n; ++i) base[i] = ClassifyLetter(word[i]).base;
  // The vowel run, skipping the u of qu- and the i of gi- when a vowel follows.
  size_t first = 0;
  while (first < n && !IsVowelBase(base[first])) ++first;
  if (first == n) return std::u32string_view::npos;
  if (first == 1 && base[0] == U'q' && base[1] == U'u' && n > 2 && IsVowelBase(base[2])) {
    first = 2;
  } else if (first == 1 && base[0] == U'g' && base[1] == U'i' && n > 2 && IsVowelBase(base[2])) {
    first = 2;
  }
  size_t last = first;
  while (last + 1 < n && IsVowelBase(base[last + 1])) ++last;
  const bool has_coda = last + 1 < n;
  // A vowel with a shape mark takes the tone (the later one in ươ).
  size_t shaped = std::u32string_view::npos;
  for (size_t i = first; i <= last; ++i) {
    if (HasShapeMark(base[i])) shaped = i;
  }
  if (shaped != std::u32string_view::npos) return shaped;
  const size_t length = last - first + 1;
  if (has_coda) return last;
  if (length == 1) return first;
  if (length == 3) return first + 1;
  const char32_t a = base[first];
  const char32_t b = base[first + 1];
  const bool new_style_pair =
      (a == U'o' && (b == U'a' || b == U'e')) || (a == U'u' && b == U'y');
  if (new_style_pair && new_style) return first + 1;
  return first;
}

bool DecodeUtf8(std::string_view text, std::u32string& out) {
  out.clear();
  out.reserve(text.size());
  size_t i = 0;
  while (i < text.size()) {
    const auto b0 = static_cast<unsigned char>(text[i]);
    if (b0 < 0x80) {
      out.push_back(b0);
      ++i;
      continue;
    }
    int extra;
    char32_t cp;
    char32_t min;
    if ((b0 & 0xE0) == 0xC0) {
      extra = 1;
      cp = b0 & 0x1F;
      min = 0x80;
    } else if ((b0 & 0xF0) == 0xE0) {
      extra = 2;
      cp = b0 & 0x0F;
      min = 0x800;
    } else if ((b0 & 0xF8) == 0xF0) {
      extra = 3;
      cp = b0 & 0x07;
      min = 0x10000;
    } else {
      return false;
    }
    if (i + static_cast<size_t>(extra) >= text.size()) return false;
    for (int k = 1; k <= extra; ++k) {
      const auto b = static_cast<unsigned char>(text[i + static_cast<size_t>(k)]);
      if ((b & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (b & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    out.push_back(cp);
    i += static_cast<size_t>(extra) + 1;
  }
  return true;
}

void AppendUtf8(std::string& out, char32_t c) {
  if (c < 0x80) {
    out.push_back(static_cast<char>(c));
  } else if (c < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (c >> 6)));
    out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
  } else if (c < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (c >> 12)));
    out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (c >> 18)));
    out.push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
  }
}

std::string EncodeUtf8(std::u32string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 2);
  for (char32_t c : text) AppendUtf8(out, c);
  return out;
}

}  // namespace hoso::normalize_vi
