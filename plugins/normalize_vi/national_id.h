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
  // Spaces, dots and dashes removed; when malformed, whatever else was there
  // stays, so nothing is lost.
  std::string digits;
  // Field "national_id"; never quote the number. "vn.id.malformed" (error:
  // neither 12 nor 9 digits), and for a CCCD the warnings
  // "vn.id.cccd_province", "vn.id.cccd_gender" and
  // "vn.id.cccd_birth_year". Empty text is not a finding.
  std::vector<Finding> findings;
};

// What the record says about the holder, for the CCCD cross-checks; empty or
// zero when unknown.
struct IdHolder {
  std::string_view gender;  // normalized "Nam" / "Nữ", or ""
  int birth_year = 0;
};

NationalId ParseNationalId(std::string_view text, const IdHolder& holder);

}  // namespace hoso::normalize_vi
