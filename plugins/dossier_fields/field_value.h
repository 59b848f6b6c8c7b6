// From the text printed after a label to a typed value: leaders and stray
// marks trimmed, dates to ISO, ID numbers to digits (with the letters OCR
// reads for digits put back), gender to Nam/Nữ. Casing, encodings and tone
// placement are left to the normalization stage.
#pragma once

#include <string>
#include <string_view>

#include "form_template.h"

namespace hoso::dossier_fields {

struct ParsedValue {
  bool ok = false;
  std::string value;    // typed value when ok; the trimmed text otherwise
  std::string problem;  // why it did not parse (no personal data)
};

ParsedValue ParseValue(ValueType type, std::string_view text);

// Dotted leaders, underscores, stray punctuation at either end, and runs of
// spaces removed; what is left is the value as printed.
std::string TrimValue(std::string_view text);

}  // namespace hoso::dossier_fields
