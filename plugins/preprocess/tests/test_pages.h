// Real page images made at test time: text rendered with Noto Serif through
// Pillow, then skewed, speckled or damaged with Leptonica.
#pragma once

#include <leptonica/allheaders.h>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "hoso/dossier.h"

namespace preprocess_test {

struct PixDeleter {
  void operator()(PIX* pix) const { pixDestroy(&pix); }
};
using PixPtr = std::unique_ptr<PIX, PixDeleter>;

// A fresh directory for the running test.
std::filesystem::path TestDir();

// Why pages cannot be rendered here (no Pillow or font), or "" when they can.
std::string RenderUnavailable();

// Renders `lines` at `points` size onto a white page of the given inches at
// `dpi`, as an 8-bit gray PNG that records its resolution. `leader_tone`
// above 0 adds a dotted leader of that gray along every line's baseline.
std::filesystem::path RenderText(const std::filesystem::path& png, int dpi, double width_in,
                                 double height_in, double points,
                                 const std::vector<std::string>& lines, int leader_tone = 0);

PixPtr ReadPix(const std::filesystem::path& file);
void WritePix(const std::filesystem::path& file, PIX* pix, int format);

// The page's raw image (gray8 or gray1 bytes) as an 8-bit Pix.
PixPtr PixOfPage(const hoso::Page& page);

// A dossier of one undecoded page, as a scan source describes it.
hoso::Dossier DossierOfPage(const std::filesystem::path& file, int page_index, int dpi,
                            const std::string& source_format);

// Skew Leptonica measures on an 8-bit page, in degrees.
float MeasuredSkew(PIX* gray);

// Fraction of pixels darker than 128 inside `box` (whole page when null).
double InkFraction(PIX* gray, BOX* box = nullptr);

}  // namespace preprocess_test
