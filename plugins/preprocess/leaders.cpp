#include "leaders.h"

#include <algorithm>
#include <cstdlib>
#include <numeric>
#include <vector>

namespace hoso::preprocess {
namespace {

struct Dot {
  int x, y, w, h;  // box
  int cx, cy;      // centre, doubled to stay in integers
  int tone;        // darkest gray under its ink; 0 without a gray page
};

// Upper median; `values` is reordered.
int Median(std::vector<int> values) {
  std::nth_element(values.begin(), values.begin() + values.size() / 2, values.end());
  return values[values.size() / 2];
}

// Gray levels between the ink of text and faint grey printing: on clean
// pages text is near 0 and leaders 110-150 of paper's ~200.
constexpr int kFaintMargin = 48;

// Darkest gray under the ink of one dot.
int Darkest(PIX* gray, PIX* small, const Dot& d) {
  const l_uint32* gray_data = pixGetData(gray);
  const l_uint32* ink_data = pixGetData(small);
  const int gray_wpl = pixGetWpl(gray);
  const int ink_wpl = pixGetWpl(small);
  int darkest = 255;
  for (int y = d.y; y < d.y + d.h; ++y) {
    const l_uint32* gray_line = gray_data + y * gray_wpl;
    const l_uint32* ink_line = ink_data + y * ink_wpl;
    for (int x = d.x; x < d.x + d.w; ++x) {
      if (GET_DATA_BIT(ink_line, x)) {
        darkest = std::min(darkest, static_cast<int>(GET_DATA_BYTE(gray_line, x)));
      }
    }
  }
  return darkest;
}

// Median gray under the ink of everything bigger than a dot: the text.
int TextTone(PIX* gray, PIX* ink, PIX* small) {
  PixPtr text(pixSubtract(nullptr, ink, small));
  l_float32 value = 0;
  if (text) pixGetRankValueMasked(gray, text.get(), 0, 0, 2, 0.5, &value, nullptr);
  return static_cast<int>(value);
}

int Find(std::vector<int>& parent, int i) {
  while (parent[i] != i) i = parent[i] = parent[parent[i]];
  return i;
}

}  // namespace

PixPtr LeaderMask(PIX* ink, PIX* gray, int dpi, int min_dots) {
  if (dpi <= 0) dpi = 300;
  const int max_dot = std::max(3, dpi / 40);     // a 2-pt dot, blurred
  const int max_step = std::max(6, dpi / 12);    // centre to centre, ~2 mm
  const int max_drift = std::max(2, dpi / 150);  // baseline wobble between neighbours
  l_int32 changed = 0;
  PixPtr small(pixSelectBySize(ink, max_dot + 1, max_dot + 1, 8, L_SELECT_IF_BOTH, L_SELECT_IF_LT,
                               &changed));
  if (!small) return nullptr;
  PixPtr mask(pixCreateTemplate(ink));
  if (!mask) return nullptr;

  BoxaPtr boxes(pixConnCompBB(small.get(), 8));
  if (!boxes) return nullptr;
  const bool has_gray = gray != nullptr && pixGetDepth(gray) == 8;
  const int n = boxaGetCount(boxes.get());
  std::vector<Dot> dots(static_cast<size_t>(n));
  for (int i = 0; i < n; ++i) {
    Dot& d = dots[static_cast<size_t>(i)];
    boxaGetBoxGeometry(boxes.get(), i, &d.x, &d.y, &d.w, &d.h);
    d.cx = 2 * d.x + d.w;
    d.cy = 2 * d.y + d.h;
    d.tone = has_gray ? Darkest(gray, small.get(), d) : 0;
  }
  std::sort(dots.begin(), dots.end(), [](const Dot& a, const Dot& b) { return a.cx < b.cx; });

  // Each dot links to the nearest dot after it on its baseline; chains are
  // the connected sets of those links.
  std::vector<int> parent(dots.size());
  std::iota(parent.begin(), parent.end(), 0);
  for (size_t i = 0; i < dots.size(); ++i) {
    for (size_t j = i + 1; j < dots.size() && dots[j].cx - dots[i].cx <= 2 * max_step; ++j) {
      if (dots[j].cx == dots[i].cx || std::abs(dots[j].cy - dots[i].cy) > 2 * max_drift) continue;
      parent[Find(parent, static_cast<int>(j))] = Find(parent, static_cast<int>(i));
      break;
    }
  }
  std::vector<std::vector<size_t>> chains(dots.size());
  for (size_t i = 0; i < dots.size(); ++i) {
    chains[static_cast<size_t>(Find(parent, static_cast<int>(i)))].push_back(i);
  }

  // The dot below a typed letter sits on the leaders' line, in the chain.
  // Leaders are printed alike; a member bigger than its chain's dots, or
  // darker than its chain's grey, is a tone mark and stays.
  std::vector<bool> leader(dots.size(), false);
  std::vector<int> leader_tones;
  for (const std::vector<size_t>& chain : chains) {
    if (static_cast<int>(chain.size()) < min_dots) continue;
    std::vector<int> areas, tones;
    for (size_t i : chain) {
      areas.push_back(dots[i].w * dots[i].h);
      tones.push_back(dots[i].tone);
    }
    const int area = Median(areas);
    const int tone = Median(tones);
    for (size_t i : chain) {
      if (dots[i].w * dots[i].h > 2 * area || dots[i].tone < tone - kFaintMargin / 2) continue;
      leader[i] = true;
      leader_tones.push_back(dots[i].tone);
    }
  }

  // Where the value is typed over the leaders, the letters cut the dots
  // into runs too short to be chains, and those leftovers still make
  // Tesseract's layout drop the line. Printed grey, they are told apart by
  // tone: a page whose leaders are clearly fainter than its text loses
  // every small dot as faint as they are, while tone marks, as dark as the
  // letters they belong to, stay.
  if (has_gray && !leader_tones.empty()) {
    const int leader_tone = Median(leader_tones);
    if (leader_tone >= TextTone(gray, ink, small.get()) + kFaintMargin) {
      for (size_t i = 0; i < dots.size(); ++i) {
        if (dots[i].tone >= leader_tone - kFaintMargin / 2) leader[i] = true;
      }
    }
  }

  for (size_t i = 0; i < dots.size(); ++i) {
    if (!leader[i]) continue;
    const Dot& d = dots[i];
    pixRasterop(mask.get(), d.x, d.y, d.w, d.h, PIX_SRC, small.get(), d.x, d.y);
  }
  return mask;
}

}  // namespace hoso::preprocess
