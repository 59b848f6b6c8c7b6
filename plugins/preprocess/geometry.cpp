#include "geometry.h"

#include <cmath>
#include <cstdint>

namespace hoso::preprocess {
namespace {

// Leptonica's own thresholds in pixDeskew: a smaller angle does not change
// recognition, and a lower confidence means the page has too little text
// for the search to mean anything.
constexpr float kMinSkewDegrees = 0.1f;
constexpr float kMinSkewConfidence = 3.0f;

}  // namespace

PixPtr QuickBinary(PIX* gray) {
  l_int32 threshold = 0;
  PixPtr ink(pixOtsuThreshOnBackgroundNorm(gray, nullptr, 10, 15, 100, 50, 255, 2, 2, 0.1f,
                                           &threshold));
  if (!ink) ink.reset(pixConvertTo1(gray, 128));
  return ink;
}

PixPtr Upscale(PIX* gray, int dpi, int min_dpi, int target_dpi, std::string* refused) {
  if (dpi <= 0 || dpi >= min_dpi || target_dpi <= dpi) return nullptr;
  if (dpi < kMinBelievableDpi) {
    *refused = "claimed " + std::to_string(dpi) + " dpi is below " +
               std::to_string(kMinBelievableDpi) + " and cannot be a scan's resolution";
    return nullptr;
  }
  const float factor = static_cast<float>(target_dpi) / static_cast<float>(dpi);
  const double pixels = static_cast<double>(pixGetWidth(gray)) * factor *
                        static_cast<double>(pixGetHeight(gray)) * factor;
  if (pixels > kMaxUpscaledPixels) {
    *refused = "upscaled from " + std::to_string(dpi) + " dpi the page would have " +
               std::to_string(static_cast<int64_t>(pixels / 1e6)) + " million pixels, more than " +
               std::to_string(static_cast<int64_t>(kMaxUpscaledPixels / 1e6));
    return nullptr;
  }
  // Linear interpolation keeps stroke edges smooth for the binarizer; the
  // nearest-neighbour blocks of a plain scale become jagged glyphs.
  PixPtr scaled(pixScaleGrayLI(gray, factor, factor));
  if (scaled) pixSetResolution(scaled.get(), target_dpi, target_dpi);
  return scaled;
}

PixPtr Deskew(PIX* gray, PIX* ink, Skew* found) {
  *found = Skew{};
  l_float32 angle = 0;
  l_float32 confidence = 0;
  if (pixFindSkew(ink, &angle, &confidence) != 0) return nullptr;
  found->measured = angle;
  found->confidence = confidence;
  if (confidence < kMinSkewConfidence || std::fabs(angle) < kMinSkewDegrees) return nullptr;
  constexpr float kRadiansPerDegree = 3.14159265f / 180.0f;
  // Area mapping keeps gray edges anti-aliased; shear rotation would step
  // every stroke by a pixel, which the binarizer turns into ragged glyphs.
  PixPtr rotated(
      pixRotate(gray, kRadiansPerDegree * angle, L_ROTATE_AREA_MAP, L_BRING_IN_WHITE, 0, 0));
  if (rotated) found->degrees = angle;
  return rotated;
}

}  // namespace hoso::preprocess
