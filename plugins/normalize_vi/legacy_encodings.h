// Decoders for the legacy Vietnamese character sets. Old exports reach us as
// text that was read byte by byte as Windows-1252, so every decoder takes the
// original bytes back from that reading first.
#pragma once

#include <string>
#include <string_view>

namespace hoso::normalize_vi {

// The bytes whose Windows-1252 reading is `text`; C1 controls (U+0080..U+009F)
// stand for themselves, as they do when Windows (or ISO 8859-1) reads a byte
// cp1252 leaves undefined. False when `text` has a character no single byte
// reads as: then it was never legacy bytes.
bool ToWindows1252Bytes(std::u32string_view text, std::string& bytes);
// True when one byte reads as `c` in Windows-1252 (C1 controls included).
bool IsWindows1252Char(char32_t c);
// The inverse, for sources reading a byte stream that is not UTF-8.
std::u32string ReadAsWindows1252(std::string_view bytes);

// Each returns false when the bytes cannot be in that encoding (a byte it
// leaves unassigned, a malformed sequence); `out` is NFC.
bool DecodeTcvn3(std::string_view bytes, std::u32string& out);
bool DecodeVni(std::string_view bytes, std::u32string& out);
bool DecodeViscii(std::string_view bytes, std::u32string& out);
bool DecodeCp1258(std::string_view bytes, std::u32string& out);
bool DecodeUtf8Twice(std::string_view bytes, std::u32string& out);
// The same decoders a piece of a field at a time. Each reads a space byte as
// a space and carries nothing across one (VNI's letter + mark pairs, UTF-8
// sequences, NFC and the order of marks all stay between spaces), so a
// field's reading is its space-separated pieces' readings joined by spaces;
// a detector can then weigh a piece once however many fields hold it. A
// decoder above returns true exactly when every piece `fits` and some piece
// has an `own` byte. TCVN3 alone looks beyond a piece: a letter whose capital
// shares its code is put in capitals in a word of capitals, or in a field
// whose letters with codes of their own are all capitals (`field_upper`, from
// the pieces' `own_letters` and `own_upper`).
struct PieceReading {
  bool fits = true;        // no byte the encoding leaves unassigned, no malformed sequence
  bool own = false;        // a byte the encoding reads its own way (its decoder's "any")
  size_t own_letters = 0;  // TCVN3: letters written with a code of their own
  size_t own_upper = 0;    // TCVN3: how many of those are capitals
};
PieceReading DecodeTcvn3Piece(std::string_view bytes, bool field_upper, std::u32string& out);
PieceReading DecodeVniPiece(std::string_view bytes, std::u32string& out);
PieceReading DecodeVisciiPiece(std::string_view bytes, std::u32string& out);
PieceReading DecodeCp1258Piece(std::string_view bytes, std::u32string& out);
PieceReading DecodeUtf8TwicePiece(std::string_view bytes, std::u32string& out);
// False when ICU's windows-1258 is not a single-byte table: then
// DecodeCp1258 converts whole fields and its pieces are not its answer.
bool Cp1258DecodesByteByByte();

// VIQR works on ASCII text directly; false when `text` holds no mnemonic.
bool DecodeViqr(std::u32string_view text, std::u32string& out);

// NFC, with Vietnamese marks put in canonical order first (shape before tone;
// NFC alone keeps "e + tilde + circumflex" apart because both marks share a
// combining class) and look-alikes replaced (Ð U+00D0, Ɖ U+0189 -> Đ).
// Returns false when nothing changed.
bool CleanUnicode(std::u32string_view text, std::u32string& out);

}  // namespace hoso::normalize_vi
