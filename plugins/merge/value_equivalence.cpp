#include "value_equivalence.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

namespace hoso::merge {
namespace {

constexpr const char* kPlaceLevels[] = {"province", "district", "commune"};

std::string Code(const Candidate& c, std::string_view field_name, const char* level) {
  const auto it = c.record->unit_codes.find(std::string(field_name) + "." + level);
  return it == c.record->unit_codes.end() ? std::string() : it->second;
}

bool HasMarks(std::string_view text) {
  for (char c : text) {
    if (static_cast<unsigned char>(c) >= 0x80) return true;
  }
  return false;
}

bool IsDigits(std::string_view text) {
  for (char c : text) {
    if (c < '0' || c > '9') return false;
  }
  return !text.empty();
}

}  // namespace

ValueKind KindOfField(std::string_view field_name) {
  if (field_name == "full_name" || field_name == "family_name" || field_name == "middle_name" ||
      field_name == "given_name") {
    return ValueKind::kName;
  }
  if (field_name == "hometown" || field_name == "birth_place") return ValueKind::kPlace;
  if (field_name == "national_id") return ValueKind::kNationalId;
  if (const CoreField* core = FindCoreField(field_name); core != nullptr && core->is_date) {
    return ValueKind::kDate;
  }
  return ValueKind::kText;
}

std::string FoldVietnamese(std::string_view text) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfd = icu::Normalizer2::getNFDInstance(status);
  const icu::UnicodeString decomposed =
      U_SUCCESS(status) ? nfd->normalize(icu::UnicodeString::fromUTF8(text), status)
                        : icu::UnicodeString::fromUTF8(text);
  icu::UnicodeString folded;
  bool space = false;
  for (int32_t i = 0; i < decomposed.length();) {
    UChar32 c = decomposed.char32At(i);
    i += U16_LENGTH(c);
    if (u_getCombiningClass(c) > 0 || (c >= 0x0300 && c <= 0x036F)) continue;
    if (c == 0x0111 || c == 0x0110) c = 'd';  // đ has no decomposition
    if (u_isUWhiteSpace(c)) {
      space = folded.length() > 0;
      continue;
    }
    if (space) folded.append(static_cast<UChar32>(' '));
    space = false;
    folded.append(u_tolower(c));
  }
  std::string out;
  folded.toUTF8String(out);
  return out;
}

bool Compatible(ValueKind kind, const Candidate& coarser, const Candidate& finer,
                std::string_view field_name) {
  const std::string& a = coarser.field->value;
  const std::string& b = finer.field->value;
  if (a == b) return true;
  switch (kind) {
    case ValueKind::kText:
      // An export without marks ("Chi bo Khu dan cu so 3") says the same.
      return !HasMarks(a) && FoldVietnamese(a) == FoldVietnamese(b);
    case ValueKind::kDate:
      return a.size() < b.size() && b.compare(0, a.size(), a) == 0 &&
             PrecisionOf(a) != DatePrecision::kNone;
    case ValueKind::kName:
      // Only an export without marks is the same name: "Hưng" and "Hùng"
      // fold alike but are two names.
      return !HasMarks(a) && FoldVietnamese(a) == FoldVietnamese(b);
    case ValueKind::kNationalId:
      // The 9-digit card and the 12-digit citizen ID that replaced it.
      return IsDigits(a) && IsDigits(b) && a.size() == 9 && b.size() == 12;
    case ValueKind::kPlace: {
      bool any_code = false;
      for (const char* level : kPlaceLevels) {
        const std::string ca = Code(coarser, field_name, level);
        const std::string cb = Code(finer, field_name, level);
        if (ca.empty() || cb.empty()) continue;
        if (ca != cb) return false;
        any_code = true;
      }
      return any_code || (!HasMarks(a) && FoldVietnamese(a) == FoldVietnamese(b));
    }
  }
  return false;
}

int Fullness(ValueKind kind, const Candidate& candidate, std::string_view field_name) {
  const std::string& v = candidate.field->value;
  switch (kind) {
    case ValueKind::kText:
      return HasMarks(v) ? 1 : 0;
    case ValueKind::kDate:
    case ValueKind::kNationalId:
      return static_cast<int>(v.size());
    case ValueKind::kName:
      return HasMarks(v) ? 1 : 0;
    case ValueKind::kPlace: {
      int codes = 0;
      for (const char* level : kPlaceLevels) codes += Code(candidate, field_name, level).empty() ? 0 : 1;
      return codes * 10000 + static_cast<int>(v.size());
    }
  }
  return 0;
}

}  // namespace hoso::merge
