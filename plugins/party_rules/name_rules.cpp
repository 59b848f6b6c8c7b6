#include <string_view>

#include "finding.h"
#include "rules.h"

namespace hoso::party_rules {
namespace {

// Latin-1 letters that are Vietnamese: À Á Â Ã È É Ê Ì Í Ò Ó Ô Õ Ù Ú Ý and
// their lowercase forms. Every other character from U+0080 to U+00FF in a
// name is what a legacy byte looks like read as Windows-1252 (§ ¸ ¨ Ç Ñ Ö).
bool IsVietnameseLatin1(char32_t c) {
  const char32_t lower = (c >= 0xC0 && c <= 0xDE && c != 0xD7) ? c + 0x20 : c;
  switch (lower) {
    case 0xE0: case 0xE1: case 0xE2: case 0xE3: case 0xE8: case 0xE9: case 0xEA:
    case 0xEC: case 0xED: case 0xF2: case 0xF3: case 0xF4: case 0xF5: case 0xF9:
    case 0xFA: case 0xFD:
      return true;
    default:
      return false;
  }
}

// Windows-1252's characters above U+00FF (€ ‚ ƒ „ … † ‡ ˆ ‰ Š ‹ Œ Ž ' ' " " • – — ˜ ™ š › œ ž Ÿ).
bool IsWindows1252Extra(char32_t c) {
  switch (c) {
    case 0x20AC: case 0x201A: case 0x0192: case 0x201E: case 0x2026: case 0x2020:
    case 0x2021: case 0x02C6: case 0x2030: case 0x0160: case 0x2039: case 0x0152:
    case 0x017D: case 0x2018: case 0x2019: case 0x201C: case 0x201D: case 0x2022:
    case 0x2013: case 0x2014: case 0x02DC: case 0x2122: case 0x0161: case 0x203A:
    case 0x0153: case 0x017E: case 0x0178:
      return true;
    default:
      return false;
  }
}

bool LooksLikeMojibake(char32_t c) {
  if (c < 0x20 || c == 0x7F || (c >= 0x80 && c < 0xA0) || c == 0xFFFD) return true;
  if (c >= 0x0300 && c <= 0x036F) return true;  // combining marks: not NFC
  // U+2019 is also a real apostrophe in minority names (H'Hen): allowed.
  if (c == 0x2019) return false;
  if (c >= 0xA0 && c <= 0xFF) return !IsVietnameseLatin1(c);
  return IsWindows1252Extra(c);
}

// Lenient UTF-8 walk: sources guarantee valid UTF-8.
template <typename F>
void ForEachCodePoint(std::string_view text, F f) {
  for (size_t i = 0; i < text.size();) {
    const auto b = static_cast<unsigned char>(text[i]);
    const size_t n = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
    char32_t c = n == 1 ? b : n == 2 ? (b & 0x1F) : n == 3 ? (b & 0x0F) : (b & 0x07);
    for (size_t k = 1; k < n && i + k < text.size(); ++k) {
      c = (c << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3F);
    }
    f(c);
    i += n;
  }
}

}  // namespace

void CheckName(const MemberRecord& record, const RuleSettings& settings,
               std::vector<Finding>& findings) {
  const std::string& name = record.full_name.value;
  if (name.empty()) return;
  bool digits = false;
  bool mojibake = false;
  ForEachCodePoint(name, [&](char32_t c) {
    digits = digits || (c >= U'0' && c <= U'9');
    mojibake = mojibake || LooksLikeMojibake(c);
  });
  if (digits) {
    Report(settings, findings, "vn.name.digits", "full_name", "name holds digits",
           "re-read the name from the dossier; OCR reads l as 1 and O as 0");
  }
  if (mojibake) {
    Report(settings, findings, "vn.name.mojibake", "full_name",
           "name holds characters a legacy encoding leaves behind",
           "set encoding_by_source for this source in normalize_vi, or correct the name by hand");
  }
}

}  // namespace hoso::party_rules
