// What normalize_vi does to one text field, with a memo for the kinds a batch
// repeats (a few thousand communes as hometowns, party units, genders), so a
// value seen before costs one hash lookup.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

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
  // The memo is a flat table: entries in the order they came, their keys
  // (kind, hint, value) side by side in one string, and an open-addressing
  // index of (hash, entry) pairs. A look-up touches the index and the key;
  // std::unordered_map's bucket, node and key string were three cache
  // misses on every field (perf: a tenth of a field's time).
  struct MemoEntry {
    size_t key_offset;
    size_t key_size;
    NormalizedField field;
  };
  struct MemoSlot {
    uint64_t hash = 0;
    uint32_t entry = 0;  // index + 1; 0 = empty
  };

  // The entry for `key` (probe_), or nullptr; `slot` is where it is or would go.
  const MemoEntry* FindInMemo(std::string_view key, uint64_t hash, size_t& slot) const;
  void ClearMemo();
  void GrowMemoIndex();

  // Into `out`, whose strings are reused.
  void Compute(std::string_view value, FieldKind kind, Encoding hint, NormalizedField& out);
  NormalizedName ComputeName(std::string_view full_name);

  ToneStyle style_;
  bool title_case_names_;
  const FamilyNames* family_names_;
  size_t memo_entries_;
  std::vector<MemoEntry> entries_;
  std::string keys_;
  std::vector<MemoSlot> slots_;  // a power of two, at most half full
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
