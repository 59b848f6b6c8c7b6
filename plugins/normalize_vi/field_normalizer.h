// What normalize_vi does to one text field, with a memo for the kinds a batch
// repeats (a few thousand communes as hometowns, party units, genders), so a
// value seen before costs one hash lookup.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>

#include "encoding_repair.h"
#include "hoso/record.h"
#include "member_name.h"
#include "tone_style.h"

namespace hoso::normalize_vi {

enum class FieldKind { kName, kGender, kDate, kPlace, kNationalId, kCode, kText };

// The kind of a core field or "extra.<name>" (always text).
FieldKind KindOf(std::string_view field_name);

struct NormalizedField {
  RepairOutcome outcome = RepairOutcome::kUnchanged;
  Encoding encoding = Encoding::kUnicode;  // what it was read as when repaired
  std::string value;  // display text; the input itself when ambiguous or unreadable
};

struct NormalizedName {
  MatchKeys keys;
  NameParts parts;
};

class FieldNormalizer {
 public:
  // `memo_entries` bounds the memo; 0 turns it off.
  FieldNormalizer(ToneStyle style, bool title_case_names, const FamilyNames* family_names,
                  size_t memo_entries);

  // Encoding repair, spaces, case for names, tone style. The reference stays
  // valid until the next call.
  const NormalizedField& Normalize(std::string_view value, FieldKind kind, Encoding hint);

  // Match keys and the family/middle/given split of a display-form full name;
  // `parts` is empty without a family-name list. Valid until the next call.
  const NormalizedName& Name(std::string_view full_name);

  uint64_t lookups() const { return lookups_; }
  uint64_t hits() const { return hits_; }

 private:
  // Heterogeneous lookup: probing with a reused buffer allocates nothing.
  struct KeyHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  template <typename T>
  using Memo = std::unordered_map<std::string, T, KeyHash, std::equal_to<>>;

  NormalizedField Compute(std::string_view value, FieldKind kind, Encoding hint);
  NormalizedName ComputeName(std::string_view full_name);

  ToneStyle style_;
  bool title_case_names_;
  const FamilyNames* family_names_;
  size_t memo_entries_;
  Memo<NormalizedField> fields_;
  std::string probe_;
  NormalizedField field_;  // the result when the memo is off
  NormalizedName name_;
  // Kept from field to field so the text work allocates only what it returns.
  RepairedChars repaired_;
  std::u32string name_chars_;
  uint64_t lookups_ = 0;
  uint64_t hits_ = 0;
};

}  // namespace hoso::normalize_vi
