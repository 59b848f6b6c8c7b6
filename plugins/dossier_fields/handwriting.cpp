#include "handwriting.h"

#include <algorithm>
#include <cmath>
#include <vector>

namespace hoso::dossier_fields {

std::optional<double> StrokeSlantDegrees(const Page& page, const Box& box) {
  if (page.image.empty() || (page.image_format != "gray8" && page.image_format != "gray1")) {
    return std::nullopt;
  }
  if (page.width <= 0 || page.height <= 0 ||
      page.image.size() < static_cast<size_t>(page.width) * static_cast<size_t>(page.height)) {
    return std::nullopt;
  }
  const int x0 = std::clamp(box.x, 0, page.width), y0 = std::clamp(box.y, 0, page.height);
  const int x1 = std::clamp(box.x + box.w, 0, page.width),
            y1 = std::clamp(box.y + box.h, 0, page.height);
  const int h = y1 - y0, w = x1 - x0;
  if (h < 8 || w < 8) return std::nullopt;
  struct Ink {
    int x, y;
  };
  std::vector<Ink> ink;
  for (int y = y0; y < y1; ++y) {
    const unsigned char* row = page.image.data() + static_cast<size_t>(y) * page.width;
    for (int x = x0; x < x1; ++x) {
      if (row[x] < 128) ink.push_back({x - x0, y - y0});
    }
  }
  // A few specks are not a value's strokes.
  if (ink.size() < static_cast<size_t>(std::max(60, h * 2))) return std::nullopt;
  const double middle = h / 2.0;
  std::vector<int> columns(static_cast<size_t>(w + 2 * h + 4));
  double best_score = -1;
  int best_degrees = 0;
  // Upright first, then ever further from it, so a tie keeps the smaller
  // slant: print is the common case.
  for (int step = 0; step <= 30; step += 2) {
    for (const int degrees : {step, -step}) {
      if (step == 0 && degrees < 0) continue;
      // A stroke leaning right by k has its top k * height to the right of
      // its foot; shifting rows by (y - middle) * tan(k) stands it upright,
      // and upright strokes pile into few columns.
      const double shear = std::tan(degrees * M_PI / 180.0);
      std::fill(columns.begin(), columns.end(), 0);
      for (const Ink& p : ink) {
        const long column = std::lround(p.x + (p.y - middle) * shear) + h + 2;
        if (column >= 0 && column < static_cast<long>(columns.size())) ++columns[column];
      }
      double score = 0;
      for (int c : columns) score += static_cast<double>(c) * c;
      if (score > best_score) {
        best_score = score;
        best_degrees = degrees;
      }
    }
  }
  return best_degrees;
}

}  // namespace hoso::dossier_fields
