// When two records hold "the same" value in different forms: "Nguyen Van
// Hung" is "Nguyễn Văn Hùng" without its marks (any text field), "1975" is inside
// "1975-09-14", "Hải Vân, Hải Hậu" is the commune whose codes "Xã Hải Vân,
// Huyện Hải Hậu, Tỉnh Nam Định" resolved to, and a 9-digit ID card number
// was replaced by the 12-digit citizen ID. Such values agree; the fuller
// form represents them. Only values that cannot both be true disagree.
#pragma once

#include <string>
#include <string_view>

#include "survivorship.h"

namespace hoso::merge {

enum class ValueKind { kText, kDate, kName, kPlace, kNationalId };

ValueKind KindOfField(std::string_view field_name);

// Lowercase, without tone or shape marks, đ as d, single spaces.
std::string FoldVietnamese(std::string_view text);

// True when `coarser` says nothing `finer` contradicts.
bool Compatible(ValueKind kind, const Candidate& coarser, const Candidate& finer,
                std::string_view field_name);

// How much a value says, for ordering candidates fullest first and picking
// a group's representative: higher is fuller.
int Fullness(ValueKind kind, const Candidate& candidate, std::string_view field_name);

}  // namespace hoso::merge
