#include "binarize.h"

#include <algorithm>

namespace hoso::preprocess {
namespace {

// Tiles around this size keep Sauvola's accumulators to a few MB.
constexpr int kTargetTilePx = 1024;

}  // namespace

PixPtr NormalizeBackground(PIX* gray) {
  return PixPtr(pixBackgroundNormSimple(gray, nullptr, nullptr));
}

PixPtr BinarizeSauvola(PIX* gray, int half_window, float k) {
  const int w = pixGetWidth(gray);
  const int h = pixGetHeight(gray);
  // Leptonica needs every tile larger than the window; a small crop gets a
  // smaller window rather than no binarization.
  half_window = std::min(half_window, (std::min(w, h) - 3) / 2);
  if (half_window < 2) return PixPtr(pixConvertTo1(gray, 128));
  const int min_tile = 2 * half_window + 3;
  const int nx = std::clamp(w / kTargetTilePx, 1, std::max(1, w / min_tile));
  const int ny = std::clamp(h / kTargetTilePx, 1, std::max(1, h / min_tile));
  PIX* binary = nullptr;
  if (pixSauvolaBinarizeTiled(gray, half_window, k, nx, ny, nullptr, &binary) != 0) {
    pixDestroy(&binary);
    return nullptr;
  }
  return PixPtr(binary);
}

}  // namespace hoso::preprocess
