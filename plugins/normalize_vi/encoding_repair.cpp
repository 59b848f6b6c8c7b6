#include "encoding_repair.h"

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <iterator>
#include <limits>
#include <string>
#include <vector>

#include "legacy_encodings.h"
#include "syllable_lexicon.inc"
#include "tone_style.h"
#include "vietnamese_text.h"

namespace hoso::normalize_vi {
namespace {

// How Vietnamese a reading looks: syllables that are well-formed, words that
// cannot be Vietnamese (a letter outside the alphabet, an impossible vowel
// run), and plain ASCII words that are neither (names like "Ksor", codes).
struct Score {
  int valid = 0;
  int invalid = 0;
  int known = 0;  // syllables found in names and place names
  bool operator==(const Score&) const = default;
};

constexpr bool IsViqrMark(char32_t c) {
  return c == U'^' || c == U'(' || c == U'+' || c == U'\'' || c == U'`' || c == U'?' || c == U'~' ||
         c == U'.';
}

// IsSeparator's answer for ASCII, plain and with VIQR's mnemonics kept in
// words, and whether the character is a letter, by table: it runs for every
// character of every reading.
constexpr uint8_t kSeparator = 1;
constexpr uint8_t kSeparatorInViqr = 2;
constexpr uint8_t kAsciiLetter = 4;
constexpr auto kAsciiSeparator = [] {
  std::array<uint8_t, 128> table{};
  for (int c = 0; c < 128; ++c) {
    const bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    const bool word = letter || (c >= '0' && c <= '9');
    const bool mark = IsViqrMark(static_cast<char32_t>(c));
    if (c <= ' ' || !word) table[c] |= kSeparator;
    if (c <= ' ' || (!word && !mark)) table[c] |= kSeparatorInViqr;
    if (letter) table[c] |= kAsciiLetter;
  }
  return table;
}();

// `viqr_words` keeps VIQR's mnemonics inside words, so "Bu`i" counts as one
// word that is not Vietnamese rather than two that are ("Bu", "i").
inline bool IsSeparator(char32_t c, bool viqr_words) {
  if (c < 0x80) return (kAsciiSeparator[c] & (viqr_words ? kSeparatorInViqr : kSeparator)) != 0;
  // Typographic punctuation an export may hold; other symbols stay inside
  // the word, where they mark it as not Vietnamese ("V¨n").
  return c == 0x00A0 || c == 0x2018 || c == 0x2019 || c == 0x201C || c == 0x201D || c == 0x2013 ||
         c == 0x2014 || c == 0x2026;
}

// The lexicon as syllable keys, sorted: a look-up is a dozen integer
// compares, and it runs for every well-formed word of every reading.
const std::vector<uint64_t>& KnownSyllableKeys() {
  static const std::vector<uint64_t> keys = [] {
    std::vector<uint64_t> out;
    out.reserve(std::size(kKnownSyllables));
    for (std::string_view syllable : kKnownSyllables) {
      if (const uint64_t key = SyllableKeyOfPlacementFree(syllable); key != 0) out.push_back(key);
    }
    std::sort(out.begin(), out.end());
    return out;
  }();
  return keys;
}

bool IsKnownKey(uint64_t key) {
  const std::vector<uint64_t>& keys = KnownSyllableKeys();
  return key != 0 && std::binary_search(keys.begin(), keys.end(), key);
}

// Whether a word is a syllable and in the lexicon, in a direct-mapped cache:
// a legacy field is scored in five readings, and the same words ("HuyÖn",
// "Nguyễn") come back field after field, in every reading of every encoding
// (tens of thousands of them over a batch). A slot keeps the word itself, so
// an answer is always the one SyllableKey gives; only words of at most
// kMaxSyllableLetters characters below U+10000 are kept (longer ones are
// never syllables).
class WordMemo {
 public:
  WordMemo() : slots_(kSlots) {}

  // SyllableKey(word) != 0, and whether that key is in the lexicon.
  bool Syllable(std::u32string_view word, bool& known) {
    uint64_t low = 0;
    // The length makes `high` never 0, so an empty slot never matches.
    uint64_t high = static_cast<uint64_t>(word.size()) << 48;
    if (word.size() > kMaxSyllableLetters) {
      known = false;
      return false;
    }
    for (size_t k = 0; k < word.size(); ++k) {
      const char32_t c = word[k];
      if (c > 0xFFFF) return Lookup(word, known);
      if (k < 4) {
        low |= static_cast<uint64_t>(c) << (16 * k);
      } else {
        high |= static_cast<uint64_t>(c) << (16 * (k - 4));
      }
    }
    Slot& slot = slots_[Hash(low, high) & (kSlots - 1)];
    if (slot.low != low || slot.high != high) {
      bool slot_known = false;
      slot.syllable = Lookup(word, slot_known);
      slot.known = slot_known;
      slot.low = low;
      slot.high = high;
    }
    known = slot.known;
    return slot.syllable;
  }

 private:
  static constexpr size_t kSlots = 16384;
  struct Slot {
    uint64_t low = 0;
    uint64_t high = 0;
    bool syllable = false;
    bool known = false;
  };

  static uint64_t Hash(uint64_t low, uint64_t high) {
    const uint64_t h = (low ^ (high * 0x9E3779B97F4A7C15ULL)) * 0xFF51AFD7ED558CCDULL;
    return h >> 40;
  }

  static bool Lookup(std::u32string_view word, bool& known) {
    const uint64_t key = SyllableKey(word);
    known = IsKnownKey(key);
    return key != 0;
  }

  std::vector<Slot> slots_;
};

// Stops counting once more than `give_up_above` words are impossible: such a
// reading can neither win nor tie.
Score ScoreText(WordMemo& memo, std::u32string_view text, bool viqr_words = false,
                int give_up_above = std::numeric_limits<int>::max()) {
  Score score;
  size_t i = 0;
  while (i < text.size()) {
    if (IsSeparator(text[i], viqr_words)) {
      ++i;
      continue;
    }
    size_t end = i;
    bool ascii = true;
    bool letter = false;
    const uint8_t separator = viqr_words ? kSeparatorInViqr : kSeparator;
    for (; end < text.size(); ++end) {
      const char32_t c = text[end];
      if (c < 0x80) {
        const uint8_t kind = kAsciiSeparator[c];
        if ((kind & separator) != 0) break;
        letter = letter || (kind & kAsciiLetter) != 0;
      } else {
        if (IsSeparator(c, viqr_words)) break;
        ascii = false;
        letter = letter || ClassifyLetter(c).base != 0;
      }
    }
    const std::u32string_view word = text.substr(i, end - i);
    i = end;
    // One character says nothing either way: an initial, "€", a misread
    // "ạ". Neither do numbers, symbols or plain ASCII words ("Ksor", "TP").
    if (word.size() == 1 || !letter) continue;
    bool known = false;
    if (memo.Syllable(word, known)) {
      ++score.valid;
      if (known) ++score.known;
    } else if (!ascii) {
      if (++score.invalid > give_up_above) return score;
    }
  }
  return score;
}

// A word with a character outside the Vietnamese alphabet, or letters in no
// case pattern a writer uses: what legacy bytes look like, and OCR does not
// produce.
bool HasForeignWord(std::u32string_view text) {
  size_t i = 0;
  while (i < text.size()) {
    if (IsSeparator(text[i], false)) {
      ++i;
      continue;
    }
    size_t end = i;
    bool foreign = false;
    size_t letters = 0, uppers = 0;
    bool first_upper = false;
    while (end < text.size() && !IsSeparator(text[end], false)) {
      const Letter l = ClassifyLetter(text[end]);
      if (l.base == 0 && !(text[end] >= U'0' && text[end] <= U'9')) foreign = true;
      if (l.base != 0) {
        if (l.upper) {
          ++uppers;
          if (letters == 0) first_upper = true;
        }
        ++letters;
      }
      ++end;
    }
    if (foreign && end - i > 1) return true;
    if (uppers != 0 && uppers != letters && !(uppers == 1 && first_upper)) return true;
    i = end;
  }
  return false;
}

struct WordChanges {
  int changed = 0;              // words that differ between the two readings
  int changed_to_known = 0;     // of those, how many the new reading makes known syllables
  int known_words_changed = 0;  // known syllables of the old reading that changed
};

// Words between ASCII separators, which every byte encoding keeps as they
// are (typographic ones may be legacy bytes in disguise: "…" is UTF-8's 0x85).
bool IsAsciiSeparator(char32_t c) {
  return c < 0x80 && !((c >= U'a' && c <= U'z') || (c >= U'A' && c <= U'Z') ||
                       (c >= U'0' && c <= U'9') || (c > 0 && c < 0x20 && c != U'\t' && c != U'\n'));
}

std::vector<std::u32string_view> SplitWords(std::u32string_view text) {
  std::vector<std::u32string_view> words;
  size_t i = 0;
  while (i < text.size()) {
    if (IsAsciiSeparator(text[i])) {
      ++i;
      continue;
    }
    size_t end = i;
    while (end < text.size() && !IsAsciiSeparator(text[end])) ++end;
    words.push_back(text.substr(i, end - i));
    i = end;
  }
  return words;
}

bool IsKnownWord(std::u32string_view word) {
  return word.size() > 1 && IsKnownKey(SyllableKey(word));
}

// Word by word; readings that split into different word counts are not
// compared (every change counts as unknown).
WordChanges CompareWords(std::u32string_view before, std::u32string_view after) {
  WordChanges changes;
  const auto a = SplitWords(before);
  const auto b = SplitWords(after);
  if (a.size() != b.size()) {
    changes.changed = 1;
    return changes;
  }
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i] == b[i]) continue;
    ++changes.changed;
    if (IsKnownWord(b[i])) ++changes.changed_to_known;
    if (IsKnownWord(a[i])) ++changes.known_words_changed;
  }
  return changes;
}

// True when a reading is better Vietnamese than another: fewer impossible
// words, then more syllables.
bool Better(const Score& a, const Score& b) {
  if (a.invalid != b.invalid) return a.invalid < b.invalid;
  if (a.valid != b.valid) return a.valid > b.valid;
  return a.known > b.known;
}

bool HasViqrMark(std::u32string_view text) {
  for (size_t i = 0; i + 1 < text.size(); ++i) {
    const char32_t c = text[i];
    const char32_t m = text[i + 1];
    const Letter letter = ClassifyLetter(c);
    if ((c == U'd' || c == U'D') && (m == U'd' || m == U'D')) return true;
    if (!IsVowelBase(letter.base) || c >= 0x80) continue;
    if (m == U'^' || m == U'(' || m == U'+' || m == U'\'' || m == U'`' || m == U'~') return true;
    if (m == U'?' || m == U'.') return true;  // scoring tells a tone from a full stop
  }
  return false;
}

bool HasControlOrReplacement(std::u32string_view text) {
  for (char32_t c : text) {
    if (c >= 0x20 && c < 0x7F) continue;  // most characters: printable ASCII
    if ((c < 0x20 && c != U'\t' && c != U'\n' && c != U'\r') || (c >= 0x7F && c < 0xA0) ||
        c == 0xFFFD) {
      return true;
    }
  }
  return false;
}

struct Reading {
  Encoding encoding = Encoding::kAuto;
  std::u32string* text = nullptr;  // one of the thread's reading buffers
  Score score;
};

// The bytes Windows-1258 reads differently from Windows-1252: a combining
// tone, ă, đ, ơ, ư (by table: asked of every byte of every legacy field).
constexpr auto kCp1258Own = [] {
  std::array<bool, 256> own{};
  for (unsigned char b : std::string_view("\xCC\xEC\xD2\xDE\xF2\xC3\xE3\xD0\xF0\xD5\xF5\xDD\xFD")) {
    own[b] = true;
  }
  return own;
}();

bool Decode(Encoding encoding, std::u32string_view chars, const std::string& bytes,
            std::u32string& out) {
  switch (encoding) {
    case Encoding::kTcvn3:
      return DecodeTcvn3(bytes, out);
    case Encoding::kVni:
      return DecodeVni(bytes, out);
    case Encoding::kViscii:
      return DecodeViscii(bytes, out);
    case Encoding::kCp1258:
      // Without a byte only Windows-1258 gives a meaning of its own (a
      // combining tone, ă, đ, ơ, ư), its reading is the Latin-1 one: no
      // need to ask ICU.
      if (std::none_of(bytes.begin(), bytes.end(),
                       [](char b) { return kCp1258Own[static_cast<unsigned char>(b)]; })) {
        return false;
      }
      return DecodeCp1258(bytes, out);
    case Encoding::kUtf8Twice:
      return DecodeUtf8Twice(bytes, out);
    case Encoding::kViqr:
      return DecodeViqr(chars, out);
    case Encoding::kAuto:
    case Encoding::kUnicode:
      break;
  }
  return false;
}

constexpr std::array<Encoding, 5> kByteEncodings = {
    Encoding::kUtf8Twice, Encoding::kTcvn3, Encoding::kVni, Encoding::kCp1258, Encoding::kViscii};

// What the detector weighs of a field's bytes, or of a space-separated piece
// of them (legacy_encodings.h: every byte decoder reads a field piece by
// piece, and ScoreText counts words, which never span a space, so a field's
// scores are its pieces' scores added up).
struct PieceWeights {
  static constexpr size_t kAsItCame = 0;  // the Windows-1252 text, cleaned
  // 1 + k: kByteEncodings[k]'s reading (TCVN3 in a field not all capitals).
  static constexpr size_t kTcvn3InCapitals = 6;
  static constexpr uint8_t kCp1258OwnByte = 1 << 6;  // in `own`

  std::array<Score, 7> scores{};
  uint8_t fits = 0;          // bit k: kByteEncodings[k] has a meaning for every byte
  uint8_t own = 0;           // bit k: some byte means what only kByteEncodings[k] gives it
  size_t tcvn3_letters = 0;  // PieceReading's own_letters and own_upper for TCVN3
  size_t tcvn3_upper = 0;

  void Add(const PieceWeights& piece) {
    for (size_t i = 0; i < scores.size(); ++i) {
      scores[i].valid += piece.scores[i].valid;
      scores[i].invalid += piece.scores[i].invalid;
      scores[i].known += piece.scores[i].known;
    }
    fits &= piece.fits;
    own |= piece.own;
    tcvn3_letters += piece.tcvn3_letters;
    tcvn3_upper += piece.tcvn3_upper;
  }

  // Whether Decode(kByteEncodings[k]) gives the whole field a reading.
  bool Reads(size_t k) const {
    const bool own_byte = kByteEncodings[k] != Encoding::kCp1258 || (own & kCp1258OwnByte) != 0;
    return ((fits >> k) & 1) != 0 && ((own >> k) & 1) != 0 && own_byte;
  }

  // ScoreText of that reading of the whole field.
  const Score& ScoreOf(size_t k) const {
    if (kByteEncodings[k] == Encoding::kTcvn3 && tcvn3_letters > 0 &&
        tcvn3_upper == tcvn3_letters) {
      return scores[kTcvn3InCapitals];
    }
    return scores[1 + k];
  }
};

// Every reading of one piece, worked out: the memo's answer when it is not
// yet known, and the answer for pieces too long to keep.
PieceWeights WeighPiece(WordMemo& words, std::string_view piece) {
  thread_local std::u32string text;
  PieceWeights weights;
  CleanUnicode(ReadAsWindows1252(piece), text);
  weights.scores[PieceWeights::kAsItCame] = ScoreText(words, text);
  for (size_t k = 0; k < kByteEncodings.size(); ++k) {
    PieceReading reading;
    switch (kByteEncodings[k]) {
      case Encoding::kUtf8Twice:
        reading = DecodeUtf8TwicePiece(piece, text);
        break;
      case Encoding::kTcvn3:
        reading = DecodeTcvn3Piece(piece, false, text);
        break;
      case Encoding::kVni:
        reading = DecodeVniPiece(piece, text);
        break;
      case Encoding::kCp1258:
        reading = DecodeCp1258Piece(piece, text);
        break;
      case Encoding::kViscii:
        reading = DecodeVisciiPiece(piece, text);
        break;
      default:
        break;
    }
    if (reading.own) weights.own |= static_cast<uint8_t>(1 << k);
    if (!reading.fits) continue;  // the field has no such reading: no score
    weights.fits |= static_cast<uint8_t>(1 << k);
    weights.scores[1 + k] = ScoreText(words, text);
    if (kByteEncodings[k] == Encoding::kTcvn3) {
      weights.tcvn3_letters = reading.own_letters;
      weights.tcvn3_upper = reading.own_upper;
      DecodeTcvn3Piece(piece, true, text);
      weights.scores[PieceWeights::kTcvn3InCapitals] = ScoreText(words, text);
    }
  }
  if (std::any_of(piece.begin(), piece.end(),
                  [](char b) { return kCp1258Own[static_cast<unsigned char>(b)]; })) {
    weights.own |= PieceWeights::kCp1258OwnByte;
  }
  return weights;
}

// Pieces weighed before, in a cache keyed by their bytes: a legacy field is
// read five ways, and the same ten thousand words ("NguyÔn", "V¨n", "huyÖn")
// come back field after field, so most pieces cost a look-up instead of five
// decodings and six scorings. Four ways a set: direct-mapped, pieces that
// share a slot kept pushing each other out (five times as many misses as
// pieces on the benchmark's million fields). A slot keeps the piece itself,
// so an answer is always WeighPiece's.
class PieceMemo {
 public:
  PieceMemo() : slots_(kSlots) {}

  // The weights of a whole field's bytes, piece by piece.
  PieceWeights Weigh(WordMemo& words, std::string_view bytes) {
    PieceWeights total;
    total.fits = 0xFF;
    size_t begin = 0;
    while (begin < bytes.size()) {
      const size_t space = bytes.find(' ', begin);
      const size_t end = space == std::string_view::npos ? bytes.size() : space;
      if (end > begin) Add(words, bytes.substr(begin, end - begin), total);
      begin = end + 1;
    }
    return total;
  }

 private:
  static constexpr size_t kSlots = 16384;
  static constexpr size_t kWays = 4;
  static constexpr size_t kMaxPiece = 16;
  struct Slot {
    uint64_t low = 0;
    uint64_t high = 0;
    uint8_t size = 0;  // 0 = empty
    uint8_t fits = 0;
    uint8_t own = 0;
    uint8_t tcvn3_letters = 0;
    uint8_t tcvn3_upper = 0;
    // valid, invalid, known of each reading: a piece of at most kMaxPiece
    // bytes has fewer words than fit in a byte.
    std::array<std::array<uint8_t, 3>, 7> scores{};
  };

  void Add(WordMemo& words, std::string_view piece, PieceWeights& total) {
    if (piece.size() > kMaxPiece) {
      total.Add(WeighPiece(words, piece));
      return;
    }
    uint64_t key[2] = {0, 0};
    std::memcpy(key, piece.data(), piece.size());
    const uint64_t hash =
        ((key[0] * 0x9E3779B97F4A7C15ULL) ^ (key[1] * 0xC2B2AE3D27D4EB4FULL) ^ piece.size()) *
        0xFF51AFD7ED558CCDULL;
    Slot* const set = &slots_[((hash >> 40) * kWays) & (kSlots - 1)];
    Slot* found = nullptr;
    for (size_t way = 0; way < kWays && found == nullptr; ++way) {
      Slot& slot = set[way];
      if (slot.size == piece.size() && slot.low == key[0] && slot.high == key[1]) found = &slot;
    }
    if (found == nullptr) {
      // The newest first; the oldest of the set makes room.
      std::copy_backward(set, set + kWays - 1, set + kWays);
      found = set;
      Slot& slot = *found;
      const PieceWeights weights = WeighPiece(words, piece);
      slot.low = key[0];
      slot.high = key[1];
      slot.size = static_cast<uint8_t>(piece.size());
      slot.fits = weights.fits;
      slot.own = weights.own;
      slot.tcvn3_letters = static_cast<uint8_t>(weights.tcvn3_letters);
      slot.tcvn3_upper = static_cast<uint8_t>(weights.tcvn3_upper);
      for (size_t i = 0; i < slot.scores.size(); ++i) {
        slot.scores[i] = {static_cast<uint8_t>(weights.scores[i].valid),
                          static_cast<uint8_t>(weights.scores[i].invalid),
                          static_cast<uint8_t>(weights.scores[i].known)};
      }
    }
    const Slot& slot = *found;
    for (size_t i = 0; i < slot.scores.size(); ++i) {
      total.scores[i].valid += slot.scores[i][0];
      total.scores[i].invalid += slot.scores[i][1];
      total.scores[i].known += slot.scores[i][2];
    }
    total.fits &= slot.fits;
    total.own |= slot.own;
    total.tcvn3_letters += slot.tcvn3_letters;
    total.tcvn3_upper += slot.tcvn3_upper;
  }

  std::vector<Slot> slots_;
};

// What RepairEncoding decided; the text is `input` (the value as it came:
// plain Unicode, or not UTF-8) or the code points left in Decide's `text`.
struct Verdict {
  RepairOutcome outcome;
  Encoding encoding;
  bool input;
};

// Per-thread buffers: a field's readings are a handful of short strings,
// and allocating them afresh for every field cost more than reading them.
struct Scratch {
  std::u32string chars;
  std::u32string clean;
  std::u32string decoded;
  std::string bytes;
  std::array<std::u32string, 6> reading_texts;
  WordMemo words;
  PieceMemo pieces;
  Encoding last_winner = Encoding::kTcvn3;  // the byte encoding of the last repair
};

Scratch& ThreadScratch() {
  thread_local Scratch scratch;
  return scratch;
}

}  // namespace

std::optional<Encoding> ParseEncoding(std::string_view name) {
  if (name == "auto") return Encoding::kAuto;
  if (name == "unicode" || name == "utf-8" || name == "utf8") return Encoding::kUnicode;
  if (name == "tcvn3" || name == "abc") return Encoding::kTcvn3;
  if (name == "vni" || name == "vni-windows") return Encoding::kVni;
  if (name == "viscii") return Encoding::kViscii;
  if (name == "cp1258" || name == "windows-1258") return Encoding::kCp1258;
  if (name == "viqr") return Encoding::kViqr;
  if (name == "utf8-twice") return Encoding::kUtf8Twice;
  return std::nullopt;
}

std::string_view EncodingName(Encoding encoding) {
  switch (encoding) {
    case Encoding::kAuto:
      return "auto";
    case Encoding::kUnicode:
      return "unicode";
    case Encoding::kTcvn3:
      return "tcvn3";
    case Encoding::kVni:
      return "vni";
    case Encoding::kViscii:
      return "viscii";
    case Encoding::kCp1258:
      return "cp1258";
    case Encoding::kViqr:
      return "viqr";
    case Encoding::kUtf8Twice:
      return "utf8-twice";
  }
  return "unknown";
}

namespace {

// What PlainUnicode asks of an ASCII byte, by table: it runs over every byte
// of every field.
enum class AsciiKind : uint8_t { kPlain, kControl, kViqrMark, kD };

constexpr auto kAsciiKinds = [] {
  std::array<AsciiKind, 128> kinds{};
  for (int b = 0; b < 0x20; ++b) kinds[b] = AsciiKind::kControl;
  kinds['\t'] = kinds['\n'] = kinds['\r'] = AsciiKind::kPlain;
  kinds[0x7F] = AsciiKind::kControl;
  for (char c : std::string_view("^(+'`~?."))
    kinds[static_cast<unsigned char>(c)] = AsciiKind::kViqrMark;
  kinds['d'] = kinds['D'] = AsciiKind::kD;
  return kinds;
}();

}  // namespace

// True when `value` needs nothing: no combining mark, look-alike, control
// character or VIQR mnemonic, and some character no single byte reads as (so
// it was never legacy bytes). Decided on the UTF-8 bytes, without decoding:
// most fields of a batch are like this.
bool PlainUnicode(std::string_view value, bool ascii_may_be_viqr) {
  bool ascii = true;
  bool beyond_bytes = false;
  bool viqr_like = false;
  auto answer = [&] { return ascii ? !(viqr_like && ascii_may_be_viqr) : beyond_bytes; };
  const auto* const data = reinterpret_cast<const unsigned char*>(value.data());
  for (size_t i = 0; i < value.size();) {
    // Runs of letters, digits and spaces say nothing: skipped in a tight loop.
    while (data[i] < 0x80 && kAsciiKinds[data[i]] == AsciiKind::kPlain) {
      if (++i == value.size()) return answer();
    }
    const auto b = data[i];
    if (b < 0x80) {
      switch (kAsciiKinds[b]) {
        case AsciiKind::kControl:
          return false;
        case AsciiKind::kViqrMark:
          viqr_like = true;
          break;
        case AsciiKind::kD:
          if (i + 1 < value.size() && (value[i + 1] == 'd' || value[i + 1] == 'D')) {
            viqr_like = true;
          }
          break;
        case AsciiKind::kPlain:
          break;
      }
      ++i;
      continue;
    }
    ascii = false;
    char32_t cp;
    size_t len;
    if ((b & 0xE0) == 0xC0 && i + 1 < value.size()) {
      cp = ((b & 0x1F) << 6) | (static_cast<unsigned char>(value[i + 1]) & 0x3F);
      len = 2;
    } else if ((b & 0xF0) == 0xE0 && i + 2 < value.size()) {
      cp = ((b & 0x0F) << 12) | ((static_cast<unsigned char>(value[i + 1]) & 0x3F) << 6) |
           (static_cast<unsigned char>(value[i + 2]) & 0x3F);
      len = 3;
    } else {
      return false;  // 4-byte or malformed: the careful path decides
    }
    if (cp < 0xA0 || (cp >= 0x0300 && cp <= 0x036F) || cp == 0x00D0 || cp == 0x0189 ||
        cp == 0x0256 || cp == 0xFFFD) {
      return false;
    }
    if (!beyond_bytes && !IsWindows1252Char(cp)) beyond_bytes = true;
    i += len;
  }
  return answer();
}

namespace {

// RepairEncoding's decision; the text it gives is left in `text` unless the
// verdict says the input stands as it came.
// `plain` is PlainUnicode(value, true), when the caller knows it.
// `by_pieces`: weigh the readings of legacy bytes piece by piece (PieceMemo)
// and decode only those whose scores matter; false decodes and scores every
// reading whole, the way the pieces stand for.
Verdict Decide(std::string_view value, Encoding hint, std::u32string& text,
               std::optional<bool> plain = std::nullopt, bool by_pieces = true) {
  if (hint != Encoding::kViqr && (plain ? *plain : PlainUnicode(value, true))) {
    return Verdict{RepairOutcome::kUnchanged, Encoding::kUnicode, true};
  }
  Scratch& scratch = ThreadScratch();
  std::u32string& chars = scratch.chars;
  if (!DecodeUtf8(value, chars)) {
    return Verdict{RepairOutcome::kUnreadable, Encoding::kUnicode, true};
  }
  // Hands one of the buffers over as the answer.
  auto give = [&text](RepairOutcome outcome, Encoding encoding, std::u32string& answer) {
    text.swap(answer);
    return Verdict{outcome, encoding, false};
  };
  // One pass for what CleanUnicode would change, whether the text is ASCII
  // (which can still be VISCII: six capitals sit on C0 control bytes) and
  // HasControlOrReplacement. Text with no look-alike and no combining mark
  // (legacy bytes read as Windows-1252 never have one) is its own clean
  // form: no copy.
  bool needs_cleaning = false;
  bool ascii = true;
  bool control = false;
  for (const char32_t c : chars) {
    if (c >= 0x20 && c < 0x7F) continue;
    if (c >= 0x80 || c == 0x02 || c == 0x05 || c == 0x06 || c == 0x14 || c == 0x19 || c == 0x1E) {
      ascii = false;
    }
    needs_cleaning =
        needs_cleaning || c == 0x00D0 || c == 0x0189 || c == 0x0256 || (c >= 0x0300 && c <= 0x036F);
    control = control || (c < 0x20 && c != U'\t' && c != U'\n' && c != U'\r') ||
              (c >= 0x7F && c < 0xA0) || c == 0xFFFD;
  }
  std::u32string& clean = needs_cleaning ? scratch.clean : chars;
  const bool cleaned = needs_cleaning && CleanUnicode(chars, clean);
  const RepairOutcome clean_outcome =
      cleaned ? RepairOutcome::kRepaired : RepairOutcome::kUnchanged;

  // Most fields are plain Unicode: no byte could have produced them, or they
  // are ASCII without a VIQR mnemonic. Nothing to weigh.
  std::string& bytes = scratch.bytes;
  const bool could_be_bytes = !ascii && ToWindows1252Bytes(chars, bytes);
  const bool could_be_viqr = ascii && HasViqrMark(chars);
  // Control characters and U+FFFD are what a wrong decoding leaves behind.
  const bool suspicious = needs_cleaning ? HasControlOrReplacement(clean) : control;
  if (hint == Encoding::kUnicode || (!could_be_bytes && !could_be_viqr)) {
    if (suspicious) return give(RepairOutcome::kUnreadable, Encoding::kUnicode, chars);
    return give(clean_outcome, Encoding::kUnicode, clean);
  }

  // Only the automatic choice among byte encodings goes by pieces; a
  // Windows-1258 converted whole fields at a time would not split.
  by_pieces = by_pieces && hint == Encoding::kAuto && could_be_bytes && Cp1258DecodesByteByByte();
  PieceWeights weights;
  if (by_pieces) weights = scratch.pieces.Weigh(scratch.words, bytes);
  // Without a control character the text is the bytes' Windows-1252 reading,
  // which is what the pieces weighed as it came.
  const Score original = by_pieces && !control ? weights.scores[PieceWeights::kAsItCame]
                                               : ScoreText(scratch.words, clean, could_be_viqr);
  std::u32string& decoded = scratch.decoded;
  if (hint != Encoding::kAuto) {
    // The source is known to use one encoding throughout, so even a field
    // that happens to read as Vietnamese ("Thò" is VNI's "Thị") is decoded,
    // unless decoding makes it worse.
    const bool applies = hint == Encoding::kViqr ? ascii : could_be_bytes;
    if (applies && Decode(hint, chars, bytes, decoded)) {
      const Score before =
          hint == Encoding::kViqr ? ScoreText(scratch.words, clean, true) : original;
      if (ScoreText(scratch.words, decoded).invalid <= before.invalid && decoded != clean) {
        return give(RepairOutcome::kRepaired, hint, decoded);
      }
    }
    if (suspicious) {
      return give(RepairOutcome::kUnreadable, hint, chars);
    }
    return give(clean_outcome, Encoding::kUnicode, clean);
  }

  // Never change text that already reads as Vietnamese.
  if (original.invalid == 0 && !could_be_viqr && !suspicious) {
    return give(clean_outcome, Encoding::kUnicode, clean);
  }

  std::array<Reading, 6> readings;
  size_t count = 0;
  if (by_pieces) {
    // Not decoded yet: `text` is filled when the reading's text is asked.
    for (size_t k = 0; k < kByteEncodings.size(); ++k) {
      if (weights.Reads(k)) {
        readings[count++] = Reading{kByteEncodings[k], nullptr, weights.ScoreOf(k)};
      }
    }
  } else if (could_be_viqr) {
    std::u32string& viqr = scratch.reading_texts[0];
    if (Decode(Encoding::kViqr, chars, bytes, viqr)) {
      readings[count++] = Reading{Encoding::kViqr, &viqr, ScoreText(scratch.words, viqr)};
    }
  } else {
    size_t first = 0;
    for (Encoding encoding : kByteEncodings) {
      std::u32string& reading = scratch.reading_texts[count];
      if (Decode(encoding, chars, bytes, reading)) {
        if (encoding == scratch.last_winner) first = count;
        readings[count++] = Reading{encoding, &reading, {}};
      }
    }
    // Scored from the encoding that won last on this thread (a source mostly
    // keeps to one), so the others, once they have more impossible words
    // than the fewest so far, stop early. Such a score can neither win nor
    // tie, so the order never changes the answer.
    int fewest_invalid = std::numeric_limits<int>::max();
    for (size_t k = 0; k < count; ++k) {
      Reading& reading = readings[(first + k) % count];
      reading.score = ScoreText(scratch.words, *reading.text, false, fewest_invalid);
      fewest_invalid = std::min(fewest_invalid, reading.score.invalid);
    }
  }
  Reading* best = nullptr;
  for (size_t i = 0; i < count; ++i) {
    if (best == nullptr || Better(readings[i].score, best->score)) best = &readings[i];
  }
  // A reading weighed by pieces is decoded whole once its text is needed;
  // false if the decoder disagrees with the pieces (it never should).
  size_t buffers = 0;
  auto decode = [&](Reading& reading) {
    if (reading.text != nullptr) return true;
    std::u32string& buffer = scratch.reading_texts[buffers++];
    if (!Decode(reading.encoding, chars, bytes, buffer)) return false;
    reading.text = &buffer;
    return true;
  };
  // A field may keep a word or two the syllable rules do not know (a place
  // in a minority language); most of it must read as Vietnamese.
  // VIQR's original is plain ASCII, never "invalid": it must gain syllables.
  bool improves = best != nullptr && best->score.invalid * 4 <= best->score.valid &&
                  (could_be_viqr ? best->score.valid > original.valid
                                 : (best->score.invalid < original.invalid || suspicious) &&
                                       best->score.valid >= original.valid);
  if (improves) {
    if (!decode(*best)) return Decide(value, hint, text, plain, false);
    improves = !HasControlOrReplacement(*best->text);
  }
  if (!improves) {
    if (suspicious) {
      return give(RepairOutcome::kUnreadable, Encoding::kUnicode, chars);
    }
    return give(clean_outcome, Encoding::kUnicode, clean);
  }
  for (size_t i = 0; i < count; ++i) {
    Reading& other = readings[i];
    if (&other != best && other.score == best->score) {
      if (!decode(other)) return Decide(value, hint, text, plain, false);
      if (*other.text != *best->text) {
        return give(RepairOutcome::kAmbiguous, Encoding::kAuto, chars);
      }
    }
  }
  if (!could_be_viqr && !HasForeignWord(clean)) {
    // No word holds a sign of legacy bytes (a symbol or letter outside the
    // alphabet, "NguyÔn"'s case): the text may be misread Unicode (OCR's "Lê
    // Quôc", which also decodes, to "Lờ Quục"). Then the repair must change
    // mostly words that were not Vietnamese, into names and places people
    // carry.
    const WordChanges changes = CompareWords(clean, *best->text);
    if (changes.known_words_changed * 2 >= changes.changed && changes.known_words_changed > 0) {
      return give(RepairOutcome::kAmbiguous, Encoding::kAuto, chars);
    }
    if (changes.changed > 0 && changes.changed_to_known * 2 < changes.changed) {
      if (suspicious) return give(RepairOutcome::kUnreadable, Encoding::kUnicode, chars);
      return give(clean_outcome, Encoding::kUnicode, clean);
    }
  }
  if (!could_be_viqr) scratch.last_winner = best->encoding;
  return give(RepairOutcome::kRepaired, best->encoding, *best->text);
}

}  // namespace

RepairedText RepairEncodingWhole(std::string_view value, Encoding hint) {
  std::u32string text;
  const Verdict verdict = Decide(value, hint, text, std::nullopt, false);
  RepairedText out{verdict.outcome, verdict.encoding, {}};
  if (verdict.input) {
    out.text = std::string(value);
  } else {
    EncodeUtf8(text, out.text);
  }
  return out;
}

RepairedText RepairEncoding(std::string_view value, Encoding hint) {
  thread_local std::u32string text;
  const Verdict verdict = Decide(value, hint, text);
  RepairedText out{verdict.outcome, verdict.encoding, {}};
  if (verdict.input) {
    out.text = std::string(value);
  } else {
    EncodeUtf8(text, out.text);
  }
  return out;
}

void RepairEncoding(std::string_view value, Encoding hint, RepairedChars& out) {
  const Verdict verdict = Decide(value, hint, out.text);
  out.outcome = verdict.outcome;
  out.encoding = verdict.encoding;
  if (verdict.input) DecodeUtf8(value, out.text);
}

void RepairEncoding(std::string_view value, Encoding hint, bool plain, RepairedChars& out) {
  const Verdict verdict = Decide(value, hint, out.text, plain);
  out.outcome = verdict.outcome;
  out.encoding = verdict.encoding;
  if (verdict.input) DecodeUtf8(value, out.text);
}

}  // namespace hoso::normalize_vi
