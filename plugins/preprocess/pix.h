// Ownership of Leptonica images, so every early return frees what it made.
#pragma once

#include <leptonica/allheaders.h>

#include <memory>

namespace hoso::preprocess {

struct PixDeleter {
  void operator()(PIX* pix) const { pixDestroy(&pix); }
};
using PixPtr = std::unique_ptr<PIX, PixDeleter>;

struct BoxaDeleter {
  void operator()(BOXA* boxa) const { boxaDestroy(&boxa); }
};
using BoxaPtr = std::unique_ptr<BOXA, BoxaDeleter>;

struct NumaDeleter {
  void operator()(NUMA* numa) const { numaDestroy(&numa); }
};
using NumaPtr = std::unique_ptr<NUMA, NumaDeleter>;

}  // namespace hoso::preprocess
