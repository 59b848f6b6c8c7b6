#include "legacy_encodings.h"

#include <unicode/normalizer2.h>
#include <unicode/ucnv.h>
#include <unicode/unistr.h>
#include <unicode/unorm2.h>

#include <algorithm>
#include <array>
#include <cstddef>
#include <memory>
#include <vector>

#include "encoding_tables.inc"
#include "vietnamese_text.h"

namespace hoso::normalize_vi {
namespace {

// Windows-1252's printable characters in 0x80..0x9F; 0 where it defines none.
constexpr char32_t kCp1252High[32] = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0,      0x017D, 0,      0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178,
};

// The byte for each printable character above U+00FF, found by binary search:
// the detector asks for every character of every field that may be legacy
// bytes, and most Vietnamese letters are above U+00FF (a miss).
struct HighByte {
  char32_t c;
  int byte;
};

constexpr auto kCp1252HighSorted = [] {
  std::array<HighByte, 27> sorted{};
  size_t n = 0;
  for (int i = 0; i < 32; ++i) {
    if (kCp1252High[i] != 0) sorted[n++] = HighByte{kCp1252High[i], 0x80 + i};
  }
  std::sort(sorted.begin(), sorted.end(),
            [](const HighByte& a, const HighByte& b) { return a.c < b.c; });
  return sorted;
}();

int Cp1252ByteOf(char32_t c) {
  if (c < 0x100) return static_cast<int>(c);
  if (c < kCp1252HighSorted.front().c || c > kCp1252HighSorted.back().c) return -1;
  const auto it =
      std::lower_bound(kCp1252HighSorted.begin(), kCp1252HighSorted.end(), c,
                       [](const HighByte& entry, char32_t value) { return entry.c < value; });
  return it != kCp1252HighSorted.end() && it->c == c ? it->byte : -1;
}

constexpr char32_t kCombiningGrave = 0x0300;
constexpr char32_t kCombiningAcute = 0x0301;
constexpr char32_t kCombiningTilde = 0x0303;
constexpr char32_t kCombiningHook = 0x0309;
constexpr char32_t kCombiningDotBelow = 0x0323;

bool IsToneMark(char32_t c) {
  return c == kCombiningGrave || c == kCombiningAcute || c == kCombiningTilde ||
         c == kCombiningHook || c == kCombiningDotBelow;
}
bool IsCombining(char32_t c) { return c >= 0x0300 && c <= 0x036F; }

// NFC of `text` into `out` through ICU's C API, with the UTF-16 buffers kept
// per thread: the C++ UnicodeString route allocated three strings a call.
// Code points UTF-16 cannot hold become U+FFFD, as UnicodeString::fromUTF32
// makes them; on an ICU error `out` is `text` unchanged.
void IcuNfc(std::u32string_view text, std::u32string& out) {
  UErrorCode status = U_ZERO_ERROR;
  const UNormalizer2* nfc = unorm2_getNFCInstance(&status);
  if (U_FAILURE(status)) {
    out.assign(text.begin(), text.end());
    return;
  }
  thread_local std::u16string in;
  thread_local std::u16string normal;
  in.clear();
  for (const char32_t c : text) {
    if (c < 0x10000) {
      in.push_back(c >= 0xD800 && c <= 0xDFFF ? u'\uFFFD' : static_cast<char16_t>(c));
    } else if (c <= 0x10FFFF) {
      in.push_back(static_cast<char16_t>(0xD7C0 + (c >> 10)));
      in.push_back(static_cast<char16_t>(0xDC00 | (c & 0x3FF)));
    } else {
      in.push_back(u'\uFFFD');
    }
  }
  // NFC of Vietnamese text is never longer than its input; the retry is for
  // whatever else a field holds.
  normal.resize(in.size() + 16);
  int32_t length = unorm2_normalize(nfc, in.data(), static_cast<int32_t>(in.size()), normal.data(),
                                    static_cast<int32_t>(normal.size()), &status);
  if (status == U_BUFFER_OVERFLOW_ERROR) {
    status = U_ZERO_ERROR;
    normal.resize(static_cast<size_t>(length));
    length = unorm2_normalize(nfc, in.data(), static_cast<int32_t>(in.size()), normal.data(),
                              static_cast<int32_t>(normal.size()), &status);
  }
  if (U_FAILURE(status)) {
    out.assign(text.begin(), text.end());
    return;
  }
  out.clear();
  for (int32_t i = 0; i < length; ++i) {
    const char16_t unit = normal[static_cast<size_t>(i)];
    if (unit >= 0xD800 && unit <= 0xDBFF && i + 1 < length &&
        normal[static_cast<size_t>(i) + 1] >= 0xDC00 &&
        normal[static_cast<size_t>(i) + 1] <= 0xDFFF) {
      out.push_back(0x10000 + ((static_cast<char32_t>(unit) - 0xD800) << 10) +
                    (normal[static_cast<size_t>(i) + 1] - 0xDC00));
      ++i;
    } else {
      out.push_back(unit);
    }
  }
}

// NFC a piece at a time: ICU guarantees that text can be normalized in
// pieces cut before every character with a normalization boundary before it.
// A piece of one character that NFC keeps is copied; a letter with its marks
// ("e" + U+0302 + U+0303 of NFD, a Windows-1258 vowel + tone) is looked up in
// a per-thread table of pieces ICU has normalized before. Vietnamese text has
// a few hundred such pieces, and a call into ICU, with UTF-16 copies either
// way, cost more than the rest of a legacy field's repair.
class PieceNfc {
 public:
  PieceNfc() : slots_(kSlots) {
    UErrorCode status = U_ZERO_ERROR;
    nfc_ = unorm2_getNFCInstance(&status);
    if (U_FAILURE(status)) nfc_ = nullptr;
  }

  // False when ICU is unavailable or the text holds a code point UTF-16
  // cannot (IcuNfc's U+FFFD): the caller normalizes the whole text.
  bool Normalize(std::u32string_view text, std::u32string& out) {
    if (nfc_ == nullptr) return false;
    for (const char32_t c : text) {
      if ((c >= 0xD800 && c <= 0xDFFF) || c > 0x10FFFF) return false;
    }
    out.clear();
    size_t i = 0;
    while (i < text.size()) {
      size_t j = i + 1;
      while (j < text.size() && !Boundary(text[j])) ++j;
      if (j - i == 1 && Keeps(text[i])) {
        out.push_back(text[i]);
      } else if (!Piece(text.substr(i, j - i), out)) {
        return false;
      }
      i = j;
    }
    return true;
  }

 private:
  static constexpr char32_t kTableEnd = 0x2200;  // Latin, Vietnamese, punctuation
  static constexpr uint8_t kKnown = 1;
  static constexpr uint8_t kBoundary = 2;
  static constexpr uint8_t kKeeps = 4;
  static constexpr size_t kSlots = 1024;
  static constexpr size_t kMaxPiece = 4;
  struct Slot {
    uint8_t piece_size = 0;  // 0 = empty
    uint8_t normal_size = 0;
    std::array<char32_t, kMaxPiece> piece{};
    std::array<char32_t, kMaxPiece> normal{};
  };

  // What ICU says of a character, asked the first time it comes.
  uint8_t Flags(char32_t c) {
    uint8_t& flags = flags_[c];
    if (flags == 0) {
      const auto unit = static_cast<UChar>(c);
      UErrorCode status = U_ZERO_ERROR;
      const bool keeps = (c < 0xD800 || c > 0xDFFF) &&
                         unorm2_isNormalized(nfc_, &unit, 1, &status) && U_SUCCESS(status);
      flags = static_cast<uint8_t>(
          kKnown | (unorm2_hasBoundaryBefore(nfc_, static_cast<UChar32>(c)) ? kBoundary : 0) |
          (keeps ? kKeeps : 0));
    }
    return flags;
  }
  bool Boundary(char32_t c) {
    return c < kTableEnd ? (Flags(c) & kBoundary) != 0
                         : unorm2_hasBoundaryBefore(nfc_, static_cast<UChar32>(c)) != 0;
  }
  // Beyond the table: asked of ICU with the piece.
  bool Keeps(char32_t c) { return c < kTableEnd && (Flags(c) & kKeeps) != 0; }

  // Appends the NFC of one piece.
  bool Piece(std::u32string_view piece, std::u32string& out) {
    Slot* slot = nullptr;
    if (piece.size() <= kMaxPiece) {
      uint64_t hash = piece.size();
      for (const char32_t c : piece) hash = (hash ^ c) * 0x9E3779B97F4A7C15ULL;
      slot = &slots_[hash >> 54];
      if (slot->piece_size == piece.size() &&
          std::equal(piece.begin(), piece.end(), slot->piece.begin())) {
        out.append(slot->normal.data(), slot->normal_size);
        return true;
      }
    }
    UErrorCode status = U_ZERO_ERROR;
    in_.clear();
    for (const char32_t c : piece) {
      if (c < 0x10000) {
        in_.push_back(static_cast<char16_t>(c));
      } else {
        in_.push_back(static_cast<char16_t>(0xD7C0 + (c >> 10)));
        in_.push_back(static_cast<char16_t>(0xDC00 | (c & 0x3FF)));
      }
    }
    normal_.resize(in_.size() * 3 + 8);
    int32_t length =
        unorm2_normalize(nfc_, in_.data(), static_cast<int32_t>(in_.size()), normal_.data(),
                         static_cast<int32_t>(normal_.size()), &status);
    if (status == U_BUFFER_OVERFLOW_ERROR) {
      status = U_ZERO_ERROR;
      normal_.resize(static_cast<size_t>(length));
      length = unorm2_normalize(nfc_, in_.data(), static_cast<int32_t>(in_.size()), normal_.data(),
                                static_cast<int32_t>(normal_.size()), &status);
    }
    if (U_FAILURE(status)) return false;
    const size_t start = out.size();
    for (int32_t i = 0; i < length; ++i) {
      const char16_t unit = normal_[static_cast<size_t>(i)];
      if (unit >= 0xD800 && unit <= 0xDBFF && i + 1 < length &&
          normal_[static_cast<size_t>(i) + 1] >= 0xDC00 &&
          normal_[static_cast<size_t>(i) + 1] <= 0xDFFF) {
        out.push_back(0x10000 + ((static_cast<char32_t>(unit) - 0xD800) << 10) +
                      (normal_[static_cast<size_t>(i) + 1] - 0xDC00));
        ++i;
      } else {
        out.push_back(unit);
      }
    }
    const size_t produced = out.size() - start;
    if (slot != nullptr && produced <= kMaxPiece) {
      slot->normal_size = static_cast<uint8_t>(produced);
      std::copy(out.begin() + static_cast<std::ptrdiff_t>(start), out.end(), slot->normal.begin());
      slot->piece_size = static_cast<uint8_t>(piece.size());
      std::copy(piece.begin(), piece.end(), slot->piece.begin());
    }
    return true;
  }

  const UNormalizer2* nfc_ = nullptr;
  std::array<uint8_t, kTableEnd> flags_{};
  std::vector<Slot> slots_;
  std::u16string in_;
  std::u16string normal_;
};

// TCVN3's table byte by byte, `shared` marking the letters whose capital
// has the same code (ABC fonts write both alike), and the letters with codes
// of their own counted for RestoreTcvn3Capitals.
PieceReading ReadTcvn3(std::string_view bytes, std::u32string& out, std::vector<uint8_t>& shared) {
  PieceReading reading;
  out.resize(bytes.size());
  shared.resize(bytes.size());
  for (size_t i = 0; i < bytes.size(); ++i) {
    const auto b = static_cast<unsigned char>(bytes[i]);
    if (b < 0x80) {
      out[i] = b;
      shared[i] = 0;
      continue;
    }
    reading.own = true;
    const char32_t regular = kTcvn3Regular[b - 0x80];
    if (regular == 0) {  // ABC leaves it unassigned
      reading.fits = false;
      return reading;
    }
    out[i] = regular;
    shared[i] = kTcvn3Capital[b - 0x80] != regular && ClassifyLetter(regular).base != 0;
  }
  for (size_t i = 0; i < out.size(); ++i) {
    const Letter l = ClassifyLetter(out[i]);
    if (shared[i] || l.base == 0) continue;
    ++reading.own_letters;
    if (l.upper) ++reading.own_upper;
  }
  return reading;
}

// Letters in capitals written with a shared TCVN3 code are restored when the
// rest of their word, or failing that of the field (`field_upper`: all its
// letters with codes of their own are capitals), is in capitals.
void RestoreTcvn3Capitals(std::u32string& text, const std::vector<uint8_t>& shared,
                          bool field_upper) {
  auto is_letter = [](char32_t c) { return ClassifyLetter(c).base != 0; };
  size_t start = 0;
  while (start < text.size()) {
    if (!is_letter(text[start])) {
      ++start;
      continue;
    }
    size_t end = start;
    size_t letters = 0;
    size_t upper = 0;
    bool any_shared = false;
    while (end < text.size() && is_letter(text[end])) {
      if (shared[end]) {
        any_shared = true;
      } else {
        ++letters;
        if (ClassifyLetter(text[end]).upper) ++upper;
      }
      ++end;
    }
    // A capital then lowercase ("Nguyễn") says nothing about the shared
    // letters; all own letters in capitals ("NGUYỄN"), or a word of only
    // shared letters in an all-capital field, does.
    const bool word_upper =
        letters >= 2 ? upper == letters : (letters == 1 && upper == 1 && field_upper);
    if (any_shared && (word_upper || (letters == 0 && field_upper))) {
      for (size_t i = start; i < end; ++i) {
        if (!shared[i]) continue;
        const Letter l = ClassifyLetter(text[i]);
        text[i] = ComposeLetter(l.base, l.tone, true);
      }
    }
    start = end;
  }
}

// VNI's letter + mark pairs by base byte and mark byte. Only 14 bytes are
// bases, so rows are kept for those alone (2 KB, not 64 KB of mostly zeros:
// every legacy field is tried as VNI).
struct VniIndex {
  std::array<uint8_t, 256> row{};                     // base byte -> row + 1; 0 = not a base
  std::array<std::array<char16_t, 64>, 16> letter{};  // [row][mark - 0xC0] -> letter; 0 = none
  constexpr VniIndex() {
    uint8_t rows = 0;
    for (const VniPair& p : kVniPairs) {
      if (row[p.base] == 0) row[p.base] = ++rows;
      letter[row[p.base] - 1][p.mark - 0xC0] = static_cast<char16_t>(p.letter);
    }
  }
  char32_t Pair(unsigned char base, unsigned char mark) const {
    const uint8_t r = row[base];
    return r == 0 ? 0 : letter[r - 1][mark - 0xC0];
  }
};

constexpr VniIndex kVni;

// Every pair is a letter below U+10000 on one of at most 16 bases.
constexpr bool VniFits() {
  int bases = 0;
  std::array<bool, 256> seen{};
  for (const VniPair& p : kVniPairs) {
    if (p.letter > 0xFFFF || p.letter == 0 || p.mark < 0xC0) return false;
    if (!seen[p.base]) {
      seen[p.base] = true;
      ++bases;
    }
  }
  return bases <= 16;
}
static_assert(VniFits(), "VNI pairs outgrew the compact index");
// What lets the decoders work a piece at a time (legacy_encodings.h): a space
// byte is a space, and no VNI pair starts with one.
static_assert(kViscii[0x20] == 0x20 && kVni.row[0x20] == 0, "a space byte is a space");

}  // namespace

bool IsWindows1252Char(char32_t c) { return Cp1252ByteOf(c) >= 0; }

bool ToWindows1252Bytes(std::u32string_view text, std::string& bytes) {
  // Written in place; on failure `bytes` keeps the bytes before the
  // character that has none, as it always has.
  bytes.resize(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    const char32_t c = text[i];
    const int b = c < 0x100 ? static_cast<int>(c) : Cp1252ByteOf(c);
    if (b < 0) {
      bytes.resize(i);
      return false;
    }
    bytes[i] = static_cast<char>(b);
  }
  return true;
}

std::u32string ReadAsWindows1252(std::string_view bytes) {
  std::u32string out;
  out.reserve(bytes.size());
  for (char ch : bytes) {
    const auto b = static_cast<unsigned char>(ch);
    if (b >= 0x80 && b < 0xA0 && kCp1252High[b - 0x80] != 0) {
      out.push_back(kCp1252High[b - 0x80]);
    } else {
      out.push_back(b);
    }
  }
  return out;
}

bool DecodeTcvn3(std::string_view bytes, std::u32string& out) {
  thread_local std::vector<uint8_t> shared;
  const PieceReading reading = ReadTcvn3(bytes, out, shared);
  if (!reading.fits || !reading.own) return false;
  RestoreTcvn3Capitals(out, shared,
                       reading.own_letters > 0 && reading.own_upper == reading.own_letters);
  return true;
}

PieceReading DecodeTcvn3Piece(std::string_view bytes, bool field_upper, std::u32string& out) {
  thread_local std::vector<uint8_t> shared;
  const PieceReading reading = ReadTcvn3(bytes, out, shared);
  if (reading.fits) RestoreTcvn3Capitals(out, shared, field_upper);
  return reading;
}

bool DecodeVni(std::string_view bytes, std::u32string& out) {
  const PieceReading reading = DecodeVniPiece(bytes, out);
  return reading.fits && reading.own;
}

PieceReading DecodeVniPiece(std::string_view bytes, std::u32string& out) {
  // At most one letter a byte, written in place.
  PieceReading reading;
  out.resize(bytes.size());
  char32_t* o = out.data();
  bool any_high = false;
  for (size_t i = 0; i < bytes.size(); ++i) {
    const auto b = static_cast<unsigned char>(bytes[i]);
    if (i + 1 < bytes.size()) {
      const auto mark = static_cast<unsigned char>(bytes[i + 1]);
      if (mark >= 0xC0) {
        const char32_t letter = kVni.Pair(b, mark);
        if (letter != 0) {
          *o++ = letter;
          any_high = true;
          ++i;
          continue;
        }
      }
    }
    if (b < 0x80) {
      *o++ = b;
    } else if (b >= 0xC0 && kVniSingle[b - 0x80] != 0) {
      *o++ = kVniSingle[b - 0x80];
      any_high = true;
    } else {
      reading.fits = false;  // a mark byte with no letter before it, or a symbol
      return reading;
    }
  }
  out.resize(static_cast<size_t>(o - out.data()));
  reading.own = any_high;
  return reading;
}

bool DecodeViscii(std::string_view bytes, std::u32string& out) {
  const PieceReading reading = DecodeVisciiPiece(bytes, out);
  return reading.fits && reading.own;
}

PieceReading DecodeVisciiPiece(std::string_view bytes, std::u32string& out) {
  PieceReading reading;
  out.resize(bytes.size());
  char32_t* o = out.data();
  for (char ch : bytes) {
    const auto b = static_cast<unsigned char>(ch);
    const char32_t c = kViscii[b];
    if (c == 0 && b != 0) {
      reading.fits = false;
      return reading;
    }
    if (c != b) reading.own = true;
    *o++ = c;
  }
  return reading;
}

namespace {

// ICU's windows-1258 byte by byte. The converter is a single-byte one (no
// state, one code point a byte), so the code point of each byte, asked once,
// is what converting a whole field gives; a byte it leaves unassigned stops
// the conversion, as UCNV_TO_U_CALLBACK_STOP does.
struct Cp1258Table {
  static constexpr char32_t kUnassigned = 0xFFFFFFFF;
  std::array<char32_t, 256> code_point{};
  bool ready = false;

  Cp1258Table() {
    UErrorCode status = U_ZERO_ERROR;
    UConverter* cnv = ucnv_open("windows-1258", &status);
    if (U_FAILURE(status) || cnv == nullptr) return;
    status = U_ZERO_ERROR;
    ucnv_setToUCallBack(cnv, UCNV_TO_U_CALLBACK_STOP, nullptr, nullptr, nullptr, &status);
    ready = U_SUCCESS(status) && ucnv_getType(cnv) == UCNV_SBCS;
    for (int b = 0; b < 256 && ready; ++b) {
      const char byte = static_cast<char>(b);
      UChar units[4];
      status = U_ZERO_ERROR;
      const int32_t n = ucnv_toUChars(cnv, units, 4, &byte, 1, &status);
      if (U_FAILURE(status)) {
        code_point[static_cast<size_t>(b)] = kUnassigned;
      } else if (n == 1) {
        code_point[static_cast<size_t>(b)] = units[0];
      } else {
        ready = false;  // not one unit a byte after all: keep converting fields whole
      }
    }
    ucnv_close(cnv);
    // Read a piece at a time only while a space byte is a space.
    ready = ready && code_point[0x20] == 0x20;
  }
};

const Cp1258Table& Cp1258() {
  static const Cp1258Table table;
  return table;
}

// The whole field through the converter, for an ICU whose windows-1258 is
// not a plain single-byte table.
bool DecodeCp1258WithConverter(std::string_view bytes, std::u32string& decoded) {
  // One converter per thread: ICU converters are not thread-safe, and opening
  // one per field would cost more than the conversion.
  struct Converter {
    UConverter* cnv = nullptr;
    Converter() {
      UErrorCode status = U_ZERO_ERROR;
      cnv = ucnv_open("windows-1258", &status);
      if (U_FAILURE(status)) cnv = nullptr;
      if (cnv != nullptr) {
        status = U_ZERO_ERROR;
        ucnv_setToUCallBack(cnv, UCNV_TO_U_CALLBACK_STOP, nullptr, nullptr, nullptr, &status);
      }
    }
    ~Converter() {
      if (cnv != nullptr) ucnv_close(cnv);
    }
  };
  thread_local Converter converter;
  if (converter.cnv == nullptr) return false;
  std::u16string utf16(bytes.size() * 2 + 4, u'\0');
  UErrorCode status = U_ZERO_ERROR;
  const int32_t n = ucnv_toUChars(converter.cnv, utf16.data(), static_cast<int32_t>(utf16.size()),
                                  bytes.data(), static_cast<int32_t>(bytes.size()), &status);
  if (U_FAILURE(status)) return false;
  decoded.clear();
  for (int32_t i = 0; i < n; ++i) decoded.push_back(utf16[static_cast<size_t>(i)]);
  return true;
}

}  // namespace

bool Cp1258DecodesByteByByte() { return Cp1258().ready; }

bool DecodeCp1258(std::string_view bytes, std::u32string& out) {
  if (Cp1258().ready) {
    const PieceReading reading = DecodeCp1258Piece(bytes, out);
    return reading.fits && reading.own;
  }
  out.clear();
  if (std::none_of(bytes.begin(), bytes.end(),
                   [](char c) { return static_cast<unsigned char>(c) >= 0x80; })) {
    return false;
  }
  thread_local std::u32string decoded;
  if (!DecodeCp1258WithConverter(bytes, decoded)) return false;
  CleanUnicode(decoded, out);
  return true;
}

PieceReading DecodeCp1258Piece(std::string_view bytes, std::u32string& out) {
  PieceReading reading;
  out.clear();
  thread_local std::u32string decoded;
  const Cp1258Table& table = Cp1258();
  if (!table.ready) {  // callers ask Cp1258DecodesByteByByte() first
    reading.fits = false;
    return reading;
  }
  decoded.resize(bytes.size());
  for (size_t i = 0; i < bytes.size(); ++i) {
    const auto b = static_cast<unsigned char>(bytes[i]);
    if (b >= 0x80) reading.own = true;
    const char32_t c = table.code_point[b];
    if (c == Cp1258Table::kUnassigned) {
      reading.fits = false;
      return reading;
    }
    decoded[i] = c;
  }
  CleanUnicode(decoded, out);
  return reading;
}

bool DecodeUtf8Twice(std::string_view bytes, std::u32string& out) {
  const PieceReading reading = DecodeUtf8TwicePiece(bytes, out);
  return reading.fits && reading.own;
}

PieceReading DecodeUtf8TwicePiece(std::string_view bytes, std::u32string& out) {
  PieceReading reading;
  reading.own = std::any_of(bytes.begin(), bytes.end(),
                            [](char c) { return static_cast<unsigned char>(c) >= 0x80; });
  thread_local std::u32string decoded;
  if (!DecodeUtf8(bytes, decoded)) {
    reading.fits = false;
    return reading;
  }
  CleanUnicode(decoded, out);
  return reading;
}

bool DecodeViqr(std::u32string_view text, std::u32string& out) {
  out.clear();
  bool any = false;
  auto tone_of = [](char32_t c) {
    switch (c) {
      case U'\'':
        return Tone::kAcute;
      case U'`':
        return Tone::kGrave;
      case U'?':
        return Tone::kHook;
      case U'~':
        return Tone::kTilde;
      case U'.':
        return Tone::kDot;
      default:
        return Tone::kLevel;
    }
  };
  auto is_alpha = [](char32_t c) { return (c >= U'a' && c <= U'z') || (c >= U'A' && c <= U'Z'); };
  for (size_t i = 0; i < text.size(); ++i) {
    const char32_t c = text[i];
    if (c == U'\\' && i + 1 < text.size()) {  // RFC 1456 escape: literal mark
      out.push_back(text[++i]);
      continue;
    }
    if ((c == U'd' || c == U'D') && i + 1 < text.size() &&
        (text[i + 1] == U'd' || text[i + 1] == U'D')) {
      out.push_back(c == U'D' ? U'Đ' : U'đ');
      any = true;
      ++i;
      continue;
    }
    Letter letter = ClassifyLetter(c);
    if (c >= 0x80 || !IsVowelBase(letter.base)) {
      out.push_back(c);
      continue;
    }
    size_t j = i + 1;
    if (j < text.size()) {
      const char32_t m = text[j];
      char32_t shaped = 0;
      if (m == U'^' && (letter.base == U'a' || letter.base == U'e' || letter.base == U'o')) {
        shaped = letter.base == U'a' ? U'â' : letter.base == U'e' ? U'ê' : U'ô';
      } else if (m == U'(' && letter.base == U'a') {
        shaped = U'ă';
      } else if (m == U'+' && (letter.base == U'o' || letter.base == U'u')) {
        shaped = letter.base == U'o' ? U'ơ' : U'ư';
      }
      if (shaped != 0) {
        letter.base = shaped;
        any = true;
        ++j;
      }
    }
    if (j < text.size()) {
      const Tone tone = tone_of(text[j]);
      // "." and "?" end sentences too: a tone only when a letter follows or
      // the word's next character is not another mark.
      bool take = tone != Tone::kLevel;
      if (take && (text[j] == U'.' || text[j] == U'?')) {
        const bool letter_follows = j + 1 < text.size() && is_alpha(text[j + 1]);
        const bool word_ends = j + 1 == text.size() || text[j + 1] == U' ' || text[j + 1] == U',';
        take = letter_follows || word_ends;
      }
      if (take) {
        letter.tone = tone;
        any = true;
        ++j;
      }
    }
    out.push_back(ComposeLetter(letter.base, letter.tone, letter.upper));
    i = j - 1;
  }
  return any;
}

bool CleanUnicode(std::u32string_view text, std::u32string& out) {
  bool needs_icu = false;
  bool changed = false;
  out.assign(text.begin(), text.end());
  for (size_t i = 0; i < out.size(); ++i) {
    char32_t& c = out[i];
    if (c == 0x00D0 || c == 0x0189) {
      c = U'Đ';
      changed = true;
    } else if (c == 0x0256) {
      c = U'đ';
      changed = true;
    } else if (IsCombining(c)) {
      needs_icu = true;
    }
  }
  if (!needs_icu) return changed;
  // Shape marks before tone marks within each run of combining marks, so NFC
  // can compose "e + ^ + ~" into one letter.
  for (size_t i = 0; i < out.size(); ++i) {
    if (!IsCombining(out[i])) continue;
    size_t end = i;
    while (end < out.size() && IsCombining(out[end])) ++end;
    // Mostly one mark, or already in order: stable_sort would still take a
    // buffer from the heap.
    const auto tone_last = [](char32_t a, char32_t b) { return IsToneMark(a) < IsToneMark(b); };
    const auto run_begin = out.begin() + static_cast<std::ptrdiff_t>(i);
    const auto run_end = out.begin() + static_cast<std::ptrdiff_t>(end);
    if (!std::is_sorted(run_begin, run_end, tone_last)) {
      std::stable_sort(run_begin, run_end, tone_last);
    }
    i = end - 1;
  }
  thread_local std::u32string normal;
  thread_local PieceNfc pieces;
  if (!pieces.Normalize(out, normal)) IcuNfc(out, normal);
  changed = changed || normal != text;
  out.swap(normal);
  return changed;
}

}  // namespace hoso::normalize_vi
