#include "national_id.h"

#include <algorithm>
#include <array>
#include <cstddef>
#include <string>
#include <string_view>
#include <utility>

namespace hoso::normalize_vi {
namespace {

constexpr std::string_view kField = "national_id";

// The CCCD's first three digits are "0" + the code of the province where the
// birth was registered, from the 63 provinces before the 2025 merger; the
// numbering did not change with the merger. Checked against
// units_pre2025_63provinces.json. Sorted for binary search.
constexpr std::array<std::string_view, 63> kProvinceCodes = {
    "001", "002", "004", "006", "008", "010", "011", "012", "014", "015", "017", "019", "020",
    "022", "024", "025", "026", "027", "030", "031", "033", "034", "035", "036", "037", "038",
    "040", "042", "044", "045", "046", "048", "049", "051", "052", "054", "056", "058", "060",
    "062", "064", "066", "067", "068", "070", "072", "074", "075", "077", "079", "080", "082",
    "083", "084", "086", "087", "089", "091", "092", "093", "094", "095", "096",
};
static_assert(std::is_sorted(kProvinceCodes.begin(), kProvinceCodes.end()));

enum class Gender { kUnknown, kMale, kFemale };

// Records normally carry "Nam" / "Nữ", but older exports write them in any
// case and without diacritics. Folds ASCII case, ữ to u, and drops combining
// marks in case the text was not NFC.
Gender GenderOf(std::string_view text) {
  char folded[4];
  size_t n = 0;
  size_t i = 0;
  while (i < text.size()) {
    const auto b = static_cast<unsigned char>(text[i]);
    if (b < 0x80) {
      if (n == sizeof(folded)) return Gender::kUnknown;
      folded[n++] = static_cast<char>(b >= 'A' && b <= 'Z' ? b + ('a' - 'A') : b);
      ++i;
      continue;
    }
    const std::string_view rest = text.substr(i);
    // U+1EEE Ữ, U+1EEF ữ.
    if (rest.starts_with("\xE1\xBB\xAE") || rest.starts_with("\xE1\xBB\xAF")) {
      if (n == sizeof(folded)) return Gender::kUnknown;
      folded[n++] = 'u';
      i += 3;
      continue;
    }
    // Combining marks U+0300..U+036F are CC 80..CC BF and CD 80..CD AF.
    if (i + 1 < text.size()) {
      const auto b1 = static_cast<unsigned char>(text[i + 1]);
      if ((b == 0xCC && b1 >= 0x80 && b1 <= 0xBF) || (b == 0xCD && b1 >= 0x80 && b1 <= 0xAF)) {
        i += 2;
        continue;
      }
    }
    return Gender::kUnknown;
  }
  const std::string_view f(folded, n);
  if (f == "nam") return Gender::kMale;
  if (f == "nu") return Gender::kFemale;
  return Gender::kUnknown;
}

Finding Warning(std::string rule_id, std::string message, std::string fix) {
  return Finding{
      .rule_id = std::move(rule_id),
      .severity = Severity::kWarning,
      .field = std::string(kField),
      .message = std::move(message),
      .suggested_fix = std::move(fix),
  };
}

bool IsRemovable(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '.' || c == '-';
}

// A no-break space (U+00A0) is common in numbers pasted from word processors.
bool IsNoBreakSpace(std::string_view text, size_t i) {
  return i + 1 < text.size() && static_cast<unsigned char>(text[i]) == 0xC2 &&
         static_cast<unsigned char>(text[i + 1]) == 0xA0;
}

void CheckCccd(NationalId& id, const IdHolder& holder) {
  const std::string_view digits = id.digits;
  if (!std::binary_search(kProvinceCodes.begin(), kProvinceCodes.end(), digits.substr(0, 3))) {
    id.findings.push_back(Warning(
        "vn.id.cccd_province", "citizen ID starts with a code that is no province code",
        "check the ID number against the ID card; the first three digits name the province"));
  }
  // The fourth digit packs century and gender: even male, odd female;
  // 0/1 the 1900s, 2/3 the 2000s, and so on a century per pair.
  const int code = digits[3] - '0';
  const Gender gender = code % 2 == 0 ? Gender::kMale : Gender::kFemale;
  const Gender stated = GenderOf(holder.gender);
  if (stated != Gender::kUnknown && stated != gender) {
    id.findings.push_back(Warning("vn.id.cccd_gender",
                                  "citizen ID gender digit disagrees with the record's gender",
                                  "check the gender and the ID number against the dossier"));
  }
  const int year = 1900 + (code / 2) * 100 + (digits[4] - '0') * 10 + (digits[5] - '0');
  if (holder.birth_year != 0 && holder.birth_year != year) {
    id.findings.push_back(Warning("vn.id.cccd_birth_year",
                                  "citizen ID birth year disagrees with the record's birth year",
                                  "check the birth date and the ID number against the dossier"));
  }
}

}  // namespace

NationalId ParseNationalId(std::string_view text, const IdHolder& holder) {
  NationalId id;
  id.digits.reserve(text.size());
  bool all_digits = true;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (IsRemovable(c)) continue;
    if (IsNoBreakSpace(text, i)) {
      ++i;
      continue;
    }
    all_digits = all_digits && c >= '0' && c <= '9';
    id.digits += c;
  }
  // An absent number is for the required-field check to report, not this one.
  if (id.digits.empty()) return id;
  if (all_digits && id.digits.size() == 12) {
    id.kind = IdKind::kCccd;
    CheckCccd(id, holder);
    return id;
  }
  // The old identity card's prefix follows an older province numbering, not
  // the CCCD's, and it encodes neither gender nor birth year: nothing to check.
  if (all_digits && id.digits.size() == 9) {
    id.kind = IdKind::kCmnd;
    return id;
  }
  // Not an ID number at all, so nothing downstream can match on it: error.
  Finding malformed =
      Warning("vn.id.malformed",
              "national ID is neither a 12-digit citizen ID nor a 9-digit ID card number",
              "re-read the number from the ID card or the dossier");
  malformed.severity = Severity::kError;
  id.findings.push_back(std::move(malformed));
  return id;
}

}  // namespace hoso::normalize_vi
