#include "cleanup.h"

namespace hoso::preprocess {

PixPtr InkMask(PIX* image) {
  if (pixGetDepth(image) == 1) return PixPtr(pixClone(image));
  return PixPtr(pixConvertTo1(image, 128));
}

PixPtr SpeckleMask(PIX* ink, int speckle_px) {
  l_int32 changed = 0;
  PixPtr kept(pixSelectBySize(ink, speckle_px, speckle_px, 8, L_SELECT_IF_EITHER,
                              L_SELECT_IF_GTE, &changed));
  if (!kept) return nullptr;
  return PixPtr(pixXor(nullptr, ink, kept.get()));
}

PixPtr BorderMask(PIX* ink, int min_extent) {
  PixPtr touching(pixExtractBorderConnComps(ink, 8));
  if (!touching) return nullptr;
  l_int32 changed = 0;
  PixPtr large(pixSelectBySize(touching.get(), min_extent, min_extent, 8, L_SELECT_IF_EITHER,
                               L_SELECT_IF_GTE, &changed));
  if (!large) return nullptr;
  return PixPtr(pixDilateBrick(nullptr, large.get(), 7, 7));
}

int ClearMasked(PIX* image, PIX* mask) {
  l_int32 regions = 0;
  pixCountConnComp(mask, 8, &regions);
  if (regions == 0) return 0;
  if (pixGetDepth(image) == 1) {
    pixSubtract(image, image, mask);
  } else {
    pixSetMasked(image, mask, 255);
  }
  return regions;
}

}  // namespace hoso::preprocess
