#include "field_normalizer.h"

#include <algorithm>
#include <functional>
#include <utility>

#include "vietnamese_text.h"

namespace hoso::normalize_vi {

FieldKind KindOf(std::string_view field_name) {
  if (field_name == "full_name" || field_name == "family_name" || field_name == "middle_name" ||
      field_name == "given_name") {
    return FieldKind::kName;
  }
  if (field_name == "gender") return FieldKind::kGender;
  if (field_name == "birth_place" || field_name == "hometown") return FieldKind::kPlace;
  if (field_name == "national_id") return FieldKind::kNationalId;
  if (field_name == "party_card_number") return FieldKind::kCode;
  if (const CoreField* core = FindCoreField(field_name); core != nullptr && core->is_date) {
    return FieldKind::kDate;
  }
  return FieldKind::kText;
}

FieldNormalizer::FieldNormalizer(ToneStyle style, bool title_case_names,
                                 const FamilyNames* family_names, size_t memo_entries)
    : style_(style),
      title_case_names_(title_case_names),
      family_names_(family_names),
      memo_entries_(memo_entries) {
  // The memo's index starts empty and doubles with what a batch repeats (a
  // few thousand places), so it stays in cache; sized for all the entries
  // up front it spread every look-up over megabytes.
}

const NormalizedField& FieldNormalizer::Normalize(std::string_view value, FieldKind kind,
                                                  Encoding hint) {
  // Only kinds whose values repeat across a batch: a commune, a party unit,
  // a gender come back thousands of times, while names, dates and numbers
  // are mostly one per member and a memo of them only costs (measured on
  // 100 k generated records: the stage took 5.0 s with every kind memoized,
  // 3.8 s with none).
  const bool repeats = kind == FieldKind::kPlace || kind == FieldKind::kText ||
                       kind == FieldKind::kGender;
  if (memo_entries_ == 0 || !repeats) {
    field_ = Compute(value, kind, hint);
    return field_;
  }
  ++lookups_;
  probe_.clear();
  probe_.push_back(static_cast<char>(kind));
  probe_.push_back(static_cast<char>(hint));
  probe_.append(value);
  const uint64_t hash = std::hash<std::string_view>{}(probe_);
  size_t slot = 0;
  if (const MemoEntry* entry = FindInMemo(probe_, hash, slot); entry != nullptr) {
    ++hits_;
    return entry->field;
  }
  // A full memo starts over rather than tracking recency: the values worth
  // keeping come back within the next few thousand records anyway.
  if (entries_.size() >= memo_entries_) {
    ClearMemo();
    FindInMemo(probe_, hash, slot);
  }
  if ((entries_.size() + 1) * 2 > slots_.size()) {
    GrowMemoIndex();
    FindInMemo(probe_, hash, slot);
  }
  entries_.push_back(MemoEntry{keys_.size(), probe_.size(), Compute(value, kind, hint)});
  keys_.append(probe_);
  slots_[slot] = MemoSlot{hash, static_cast<uint32_t>(entries_.size())};
  return entries_.back().field;
}

const FieldNormalizer::MemoEntry* FieldNormalizer::FindInMemo(std::string_view key, uint64_t hash,
                                                              size_t& slot) const {
  if (slots_.empty()) return nullptr;
  const size_t mask = slots_.size() - 1;
  for (slot = hash & mask;; slot = (slot + 1) & mask) {
    const MemoSlot& s = slots_[slot];
    if (s.entry == 0) return nullptr;
    if (s.hash != hash) continue;
    const MemoEntry& entry = entries_[s.entry - 1];
    if (std::string_view(keys_).substr(entry.key_offset, entry.key_size) == key) return &entry;
  }
}

void FieldNormalizer::ClearMemo() {
  entries_.clear();
  keys_.clear();
  std::fill(slots_.begin(), slots_.end(), MemoSlot{});
}

void FieldNormalizer::GrowMemoIndex() {
  // Doubling as the batch brings new values keeps the index small (a few
  // thousand places fit in cache) and the rehashing to one pass per doubling.
  slots_.assign(std::max<size_t>(64, slots_.size() * 2), MemoSlot{});
  const size_t mask = slots_.size() - 1;
  for (size_t i = 0; i < entries_.size(); ++i) {
    const MemoEntry& entry = entries_[i];
    const uint64_t hash = std::hash<std::string_view>{}(
        std::string_view(keys_).substr(entry.key_offset, entry.key_size));
    size_t slot = hash & mask;
    while (slots_[slot].entry != 0) slot = (slot + 1) & mask;
    slots_[slot] = MemoSlot{hash, static_cast<uint32_t>(i + 1)};
  }
}

const NormalizedName& FieldNormalizer::Name(std::string_view full_name) {
  // Not memoized: full names are mostly one per member.
  name_ = ComputeName(full_name);
  return name_;
}

NormalizedField FieldNormalizer::Compute(std::string_view value, FieldKind kind, Encoding hint) {
  // One decoding per field: the repair hands over code points, and every
  // step after it works on them in place.
  RepairEncoding(value, hint, repaired_);
  NormalizedField out{repaired_.outcome, repaired_.encoding, {}};
  if (repaired_.outcome == RepairOutcome::kAmbiguous ||
      repaired_.outcome == RepairOutcome::kUnreadable) {
    out.value = std::string(value);
    return out;
  }
  std::u32string& text = repaired_.text;
  TidySpacesInPlace(text);
  if (kind == FieldKind::kNationalId || kind == FieldKind::kCode) {
    EncodeUtf8(text, out.value);
    return out;
  }
  if (kind == FieldKind::kName && title_case_names_) TitleCaseInPlace(text);
  ApplyToneStyleInPlace(text, style_);
  EncodeUtf8(text, out.value);
  return out;
}

NormalizedName FieldNormalizer::ComputeName(std::string_view full_name) {
  std::u32string& full = name_chars_;
  DecodeUtf8(full_name, full);
  NormalizedName out;
  out.keys = MakeMatchKeys(full);
  if (family_names_ != nullptr) out.parts = family_names_->Split(full);
  return out;
}

}  // namespace hoso::normalize_vi
