// Where the tone mark sits. Old and new spelling differ only for oa, oe and
// uy with no final consonant (hòa/hoà, khỏe/khoẻ, thủy/thuỷ); official data
// mixes both, so display text gets one style and match keys ignore placement.
#pragma once

#include <string>
#include <string_view>

namespace hoso::normalize_vi {

enum class ToneStyle {
  kNew,  // the 2018 education ministry rule: hoà, khoẻ, thuỷ
  kOld,  // hòa, khỏe, thủy
};

// Re-places the tone of every well-formed syllable in `text` by the standard
// rules in `style`; other words are left as they are.
std::u32string ApplyToneStyle(std::u32string_view text, ToneStyle style);
void ApplyToneStyleInPlace(std::u32string& text, ToneStyle style);

// Appends the placement-free form of one word: lowercase letters without
// tone, then the tone as a digit 1-5 when there is one ("hoà", "hòa" ->
// "hoa1"; "Nguyễn" -> "nguyên4").
void AppendPlacementFree(std::u32string_view word, std::string& out);

}  // namespace hoso::normalize_vi
