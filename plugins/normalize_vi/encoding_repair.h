// Finds the encoding a field's text was really written in and repairs it:
// legacy Vietnamese code pages read as Windows-1252, VIQR, UTF-8 decoded
// twice, NFD and look-alike letters. Valid Vietnamese Unicode is never changed
// (other than to NFC); when two readings are equally plausible nothing is
// changed and the caller records a finding.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace hoso::normalize_vi {

enum class Encoding {
  kAuto,       // detect per field
  kUnicode,    // already Unicode (possibly NFD, look-alikes)
  kTcvn3,      // TCVN 5712:1993 VN3 / ABC fonts, bytes read as Windows-1252
  kVni,        // VNI-Windows fonts, bytes read as Windows-1252
  kViscii,     // VISCII (RFC 1456), bytes read as Windows-1252
  kCp1258,     // Windows-1258 with combining tone bytes, read as Windows-1252
  kViqr,       // VIQR ASCII mnemonics: "Nguye^~n"
  kUtf8Twice,  // UTF-8 bytes decoded as Windows-1252 once more
};

// "auto", "unicode", "tcvn3" (also "abc"), "vni", "viscii", "cp1258"
// (also "windows-1258"), "viqr", "utf8-twice"; nullopt for anything else.
std::optional<Encoding> ParseEncoding(std::string_view name);
std::string_view EncodingName(Encoding encoding);

enum class RepairOutcome {
  kUnchanged,   // valid Unicode text; `text` is its NFC form
  kRepaired,    // decoded from `encoding`; `text` is the repaired NFC text
  kAmbiguous,   // several readings fit equally well; `text` is the input
  kUnreadable,  // no reading gives Vietnamese text; `text` is the input
};

struct RepairedText {
  RepairOutcome outcome = RepairOutcome::kUnchanged;
  Encoding encoding = Encoding::kUnicode;
  std::string text;
};

// `value` must be valid UTF-8 (sources read legacy bytes as Windows-1252,
// undefined bytes as U+0080..U+009F). `hint` forces one encoding, as for a
// legacy database known to use one throughout; with a hint the text is
// still left alone when it is valid Vietnamese Unicode.
RepairedText RepairEncoding(std::string_view value, Encoding hint = Encoding::kAuto);

// RepairEncoding with every reading of legacy bytes decoded whole and scored,
// as the detector worked before it weighed them piece by piece: the same
// answer, slower, kept as the reference RepairEncoding is tested against.
RepairedText RepairEncodingWhole(std::string_view value, Encoding hint = Encoding::kAuto);

// True when `value` needs nothing from RepairEncoding: no combining mark,
// look-alike, control character or (with `ascii_may_be_viqr`) VIQR mnemonic,
// and a character no single byte reads as, or plain ASCII. Decided on the
// bytes without decoding them all: RepairEncoding under any hint but VIQR
// then keeps the value as it came (which it does not check is UTF-8).
bool PlainUnicode(std::string_view value, bool ascii_may_be_viqr);

// The same answer as code points, for a caller that goes on working on
// characters (no UTF-8 round trip). `text` is the repaired or unchanged NFC
// text; when ambiguous or unreadable, the input's code points (as far as it
// is UTF-8).
struct RepairedChars {
  RepairOutcome outcome = RepairOutcome::kUnchanged;
  Encoding encoding = Encoding::kUnicode;
  std::u32string text;
};
void RepairEncoding(std::string_view value, Encoding hint, RepairedChars& out);
// The same, for a caller that has asked PlainUnicode(value, true) already:
// `plain` is its answer.
void RepairEncoding(std::string_view value, Encoding hint, bool plain, RepairedChars& out);

}  // namespace hoso::normalize_vi
