// National ID numbers: the 12-digit citizen ID (CCCD) and the 9-digit
// identity card number (CMND).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "hoso/record.h"

namespace hoso::normalize_vi {

enum class IdKind { kUnknown, kCccd, kCmnd };

struct NationalId {
  IdKind kind = IdKind::kUnknown;
  std::string digits;              // spaces, dots and dashes removed
  std::vector<Finding> findings;   // field "national_id"; never quote the number
};

// What the record says about the holder, for the CCCD cross-checks; empty or
// zero when unknown.
struct IdHolder {
  std::string_view gender;  // normalized "Nam" / "Nữ", or ""
  int birth_year = 0;
};

NationalId ParseNationalId(std::string_view text, const IdHolder& holder);

}  // namespace hoso::normalize_vi
