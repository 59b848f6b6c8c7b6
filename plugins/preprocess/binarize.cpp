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

PixPtr InkOnWhite(PIX* gray, PIX* binary) {
  PixPtr ink(pixDilateBrick(nullptr, binary, 3, 3));
  if (!ink) return nullptr;
  PixPtr paper(pixInvert(nullptr, ink.get()));
  if (!paper) return nullptr;
  // Background normalization leaves paper near 200, not 255; without it
  // the paper level is whatever the scan's was.
  l_float32 paper_level = 255;
  if (pixGetRankValueMasked(gray, paper.get(), 0, 0, 2, 0.5, &paper_level, nullptr) != 0 ||
      paper_level < 64) {
    paper_level = 255;
  }
  PixPtr out(pixCopy(nullptr, gray));
  if (!out) return nullptr;
  if (paper_level < 255) pixMultConstantGray(out.get(), 255.0f / paper_level);
  pixSetMasked(out.get(), paper.get(), 255);
  return out;
}

}  // namespace hoso::preprocess
