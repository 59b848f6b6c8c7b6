#include "field_normalizer.h"

#include <unicode/uchar.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <utility>

#include "vietnamese_text.h"

namespace hoso::normalize_vi {
namespace {

// What the display check asks of an ASCII byte other than a lowercase letter.
constexpr uint8_t kControl = 1;    // TidySpaces' tabs and line breaks, or PlainUnicode's
constexpr uint8_t kClosing = 2;    // , ; : ) ] take no space before them
constexpr uint8_t kWordStart = 4;  // TitleCase starts a word after it
constexpr auto kDisplayAscii = [] {
  std::array<uint8_t, 128> kinds{};
  for (int c = 0; c < 0x20; ++c) kinds[c] = kControl;
  kinds[0x7F] = kControl;
  for (char c : std::string_view(",;:)]")) kinds[static_cast<unsigned char>(c)] |= kClosing;
  for (char c : std::string_view(" '-(.,")) kinds[static_cast<unsigned char>(c)] |= kWordStart;
  return kinds;
}();

// True when TidySpaces, TitleCase (`title_case`) and ApplyToneStyle
// (`tone_style`, in `style`) would each give `value` back as it is, decided
// on its bytes: most fields of a batch are clean, and copying one costs far
// less than decoding it, working on its characters and encoding it again.
// False for whatever it is not sure of (malformed or 4-byte UTF-8, a name
// with letters outside Vietnamese): the long way decides those.
// Asked only of values PlainUnicode(value, true) passed: a pass of its own
// rather than one pass for both questions, as PlainUnicode's loop over runs
// of plain bytes is far cheaper than this one and is all a legacy field
// needs (callgrind over the 1 M benchmark fields: one pass for both cost
// more instructions a field than the two). The two questions are template
// arguments: the loop runs over every byte of most fields, and branches on
// them would run there too.
template <bool kTitleCase, bool kToneStyle>
bool DisplayReady(std::string_view value, ToneStyle style) {
  const auto* const begin = reinterpret_cast<const unsigned char*>(value.data());
  const auto* const end = begin + value.size();
  char32_t previous = 0;
  bool space = false;      // the character before was a space
  bool word_start = true;  // TitleCase's: the next letter starts a word
  // ApplyToneStyle's word (letters in a row, and their bases) and whether a
  // letter of it has a tone mark.
  char32_t word[kMaxSyllableLetters];
  char32_t bases[kMaxSyllableLetters];
  size_t letters = 0;
  bool tone_mark = false;
  // Whether ApplyToneStyle leaves the word that just ended as it is: it moves
  // a tone only in a well-formed syllable with oa, oe or uy, and no syllable
  // is longer than kMaxSyllableLetters. The pair is looked for here, once a
  // word with a tone mark ends, rather than letter by letter.
  auto word_stays = [&]() {
    const size_t n = letters;
    const bool marked = tone_mark;
    letters = 0;
    tone_mark = false;
    if (!marked || n > kMaxSyllableLetters) return true;
    bool pair = false;
    for (size_t k = 1; k < n && !pair; ++k) {
      pair = (bases[k - 1] == U'o' && (bases[k] == U'a' || bases[k] == U'e')) ||
             (bases[k - 1] == U'u' && bases[k] == U'y');
    }
    if (!pair) return true;
    const std::u32string_view w(word, n);
    const SyllableFacts syllable = CachedSyllable(w);
    if (syllable.key == 0) return true;
    size_t at = 0;
    for (size_t k = 0; k < n; ++k) {
      if (ClassifyLetter(w[k]).tone != Tone::kLevel) at = k;
    }
    const size_t want = style == ToneStyle::kNew ? syllable.tone_new : syllable.tone_old;
    return want == std::u32string_view::npos || want == at;
  };
  for (const unsigned char* p = begin; p < end;) {
    char32_t c = *p;
    if (c >= U'a' && c <= U'z') {
      // Most bytes: lowercase ASCII letters, which only continue a word (the
      // rules below, for letters of level tone), taken a run at a time.
      if (kTitleCase && word_start) return false;
      do {
        ++p;
        if (kToneStyle) {
          if (letters < kMaxSyllableLetters) {
            word[letters] = c;
            bases[letters] = c;
          }
          ++letters;
        }
        if (p == end) break;
        c = *p;
      } while (c >= U'a' && c <= U'z');
      space = false;
      previous = p[-1];
      continue;
    }
    if (c < 0x80) {
      // Other ASCII, by table: spaces, capitals, digits, punctuation.
      ++p;
      const uint8_t kind = kDisplayAscii[c];
      // Tabs and line breaks are TidySpaces' (PlainUnicode let no other
      // control character through).
      if ((kind & kControl) != 0) return false;
      // TidySpaces: one plain space between words, none before closing
      // punctuation or after an opening bracket, none at the ends.
      if (c == U' ') {
        if (space || previous == 0 || previous == U'(' || previous == U'[') return false;
        space = true;
      } else {
        if (space && (kind & kClosing) != 0) return false;
        space = false;
      }
      previous = c;
      if (c >= U'A' && c <= U'Z') {
        if (kTitleCase) {
          if (!word_start) return false;
          word_start = false;
        }
        if (kToneStyle) {
          if (letters < kMaxSyllableLetters) {
            word[letters] = c;
            bases[letters] = c - U'A' + U'a';
          }
          ++letters;
        }
      } else {
        if (kTitleCase) word_start = (kind & kWordStart) != 0;
        if (kToneStyle && letters != 0 && !word_stays()) return false;
      }
      continue;
    }
    if ((c & 0xE0) == 0xC0 && end - p >= 2 && (p[1] & 0xC0) == 0x80) {
      c = ((c & 0x1F) << 6) | (p[1] & 0x3F);
      if (c < 0x80) return false;
      p += 2;
    } else if ((c & 0xF0) == 0xE0 && end - p >= 3 && (p[1] & 0xC0) == 0x80 &&
               (p[2] & 0xC0) == 0x80) {
      c = ((c & 0x0F) << 12) | ((p[1] & 0x3F) << 6) | (p[2] & 0x3F);
      if (c < 0x800 || (c >= 0xD800 && c <= 0xDFFF)) return false;
      p += 3;
    } else {
      return false;
    }
    // TidySpaces: the spaces it rewrites (closing punctuation is ASCII).
    if (c == 0x00A0 || c == 0x3000 || c == 0x2007 || c == 0x202F) return false;
    space = false;
    previous = c;
    const Letter l = ClassifyLetter(c);
    if (l.base != 0) {
      if (kTitleCase) {
        if (l.upper != word_start) return false;
        word_start = false;
      }
      if (kToneStyle) {
        if (letters < kMaxSyllableLetters) {
          word[letters] = c;
          bases[letters] = l.base;
        }
        ++letters;
        tone_mark = tone_mark || l.tone != Tone::kLevel;
      }
    } else {
      if (kTitleCase) {
        // ICU's case mapping: the long way.
        if (u_isalpha(static_cast<UChar32>(c))) return false;
        word_start = c == 0x2019;
      }
      if (kToneStyle && letters != 0 && !word_stays()) return false;
    }
  }
  if (space || (kToneStyle && letters != 0 && !word_stays())) return false;
  return true;
}

bool DisplayReady(std::string_view value, bool title_case, bool tone_style, ToneStyle style) {
  if (title_case) {
    return tone_style ? DisplayReady<true, true>(value, style)
                      : DisplayReady<true, false>(value, style);
  }
  return tone_style ? DisplayReady<false, true>(value, style)
                    : DisplayReady<false, false>(value, style);
}

}  // namespace

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
  const bool repeats =
      kind == FieldKind::kPlace || kind == FieldKind::kText || kind == FieldKind::kGender;
  if (memo_entries_ == 0 || !repeats) {
    Compute(value, kind, hint, field_);
    return field_;
  }
  ++lookups_;
  probe_.clear();
  probe_.push_back(static_cast<char>(kind));
  probe_.push_back(static_cast<char>(hint));
  probe_.append(value);
  const uint64_t hash = HashBytes(probe_);
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
  NormalizedField computed;
  Compute(value, kind, hint, computed);
  entries_.push_back(MemoEntry{keys_.size(), probe_.size(), std::move(computed)});
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
    const uint64_t hash =
        HashBytes(std::string_view(keys_).substr(entry.key_offset, entry.key_size));
    size_t slot = hash & mask;
    while (slots_[slot].entry != 0) slot = (slot + 1) & mask;
    slots_[slot] = MemoSlot{hash, static_cast<uint32_t>(i + 1)};
  }
}

const NormalizedName& FieldNormalizer::Name(std::string_view full_name) {
  // Not memoized: full names are mostly one per member. Most are tidy
  // Vietnamese, worked out on their bytes into the strings of the last one.
  if (MatchKeysAndSplit(full_name, family_names_, name_.keys, name_.parts)) return name_;
  name_ = ComputeName(full_name);
  return name_;
}

void FieldNormalizer::Compute(std::string_view value, FieldKind kind, Encoding hint,
                              NormalizedField& out) {
  // Clean Unicode that is already tidy, in the name case and the tone style
  // (what RepairEncoding keeps as it came, and every step after it too) is
  // the value itself.
  const bool code = kind == FieldKind::kNationalId || kind == FieldKind::kCode;
  const bool title_case = kind == FieldKind::kName && title_case_names_;
  const bool plain = PlainUnicode(value, true);
  if (hint != Encoding::kViqr && plain && DisplayReady(value, title_case, !code, style_)) {
    out.outcome = RepairOutcome::kUnchanged;
    out.encoding = Encoding::kUnicode;
    out.value.assign(value);
    return;
  }
  // One decoding per field: the repair hands over code points, and every
  // step after it works on them in place.
  RepairEncoding(value, hint, plain, repaired_);
  out.outcome = repaired_.outcome;
  out.encoding = repaired_.encoding;
  if (repaired_.outcome == RepairOutcome::kAmbiguous ||
      repaired_.outcome == RepairOutcome::kUnreadable) {
    out.value.assign(value);
    return;
  }
  std::u32string& text = repaired_.text;
  TidySpacesInPlace(text);
  if (!code) {
    if (title_case) TitleCaseInPlace(text);
    ApplyToneStyleInPlace(text, style_);
  }
  EncodeUtf8(text, out.value);
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
