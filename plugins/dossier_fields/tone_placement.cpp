#include "tone_placement.h"

#include <unicode/normalizer2.h>
#include <unicode/unistr.h>

namespace hoso::dossier_fields {

std::string PlacementFreeKey(const std::string& text) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfd = icu::Normalizer2::getNFDInstance(status);
  if (U_FAILURE(status)) return text;
  icu::UnicodeString decomposed = nfd->normalize(icu::UnicodeString::fromUTF8(text), status);
  if (U_FAILURE(status)) return text;
  auto is_tone = [](UChar32 c) {
    return c == 0x0300 || c == 0x0301 || c == 0x0303 || c == 0x0309 || c == 0x0323;
  };
  icu::UnicodeString out, tones;
  for (int32_t i = 0; i < decomposed.length(); i = decomposed.moveIndex32(i, 1)) {
    const UChar32 c = decomposed.char32At(i);
    if (c == ' ') {
      out.append(tones).append(c);
      tones.remove();
    } else if (is_tone(c)) {
      tones.append(c);
    } else {
      out.append(c);
    }
  }
  out.append(tones);
  std::string utf8;
  return out.toUTF8String(utf8);
}

}  // namespace hoso::dossier_fields
