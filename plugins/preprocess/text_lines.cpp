#include "text_lines.h"

#include <algorithm>
#include <deque>

namespace hoso::preprocess {

PixPtr GlyphMask(PIX* binary, int dpi) {
  const int min_height = std::max(4, dpi * 3 / 100);  // ~0.03 in: x-height of 7-pt text
  const int max_extent = std::max(min_height + 1, dpi / 2);
  l_int32 changed = 0;
  PixPtr tall(pixSelectBySize(binary, 0, min_height, 8, L_SELECT_HEIGHT, L_SELECT_IF_GTE,
                              &changed));
  if (!tall) return nullptr;
  return PixPtr(pixSelectBySize(tall.get(), max_extent, max_extent, 8, L_SELECT_IF_BOTH,
                                L_SELECT_IF_LT, &changed));
}

std::vector<int> RowProfile(PIX* binary) {
  std::vector<int> profile;
  NumaPtr rows(pixCountPixelsByRow(binary, nullptr));
  if (!rows) return profile;
  profile.resize(static_cast<size_t>(numaGetCount(rows.get())));
  for (size_t i = 0; i < profile.size(); ++i) {
    numaGetIValue(rows.get(), static_cast<l_int32>(i), &profile[i]);
  }
  return profile;
}

std::vector<LineCore> FindLineCores(const std::vector<int>& profile, int dpi) {
  if (dpi <= 0) dpi = 300;
  const int n = static_cast<int>(profile.size());
  const int reach = std::max(3, dpi / 12);      // ~half the pitch of 12-pt lines
  const int min_core = std::max(2, dpi / 60);   // x-height of tiny text, ~5 px at 300 dpi
  const int max_gap = std::max(1, dpi / 100);   // a hairline inside a core

  // Densest row within `reach` of each row (sliding window maximum).
  std::vector<int> local_max(profile.size(), 0);
  std::deque<int> window;
  for (int i = 0; i < n + reach; ++i) {
    if (i < n) {
      while (!window.empty() && profile[window.back()] <= profile[i]) window.pop_back();
      window.push_back(i);
    }
    const int center = i - reach;
    if (center < 0) continue;
    while (window.front() < center - reach) window.pop_front();
    local_max[center] = profile[window.front()];
  }

  std::vector<LineCore> cores;
  int start = -1;
  int last = -1;
  auto close = [&] {
    if (start >= 0 && last - start + 1 >= min_core) cores.push_back(LineCore{start, last});
    start = -1;
  };
  for (int y = 0; y < n; ++y) {
    const bool dense = profile[y] > 0 && profile[y] * 100 >= local_max[y] * 35;
    if (!dense) continue;
    if (start >= 0 && y - last > max_gap + 1) close();
    if (start < 0) start = y;
    last = y;
  }
  close();
  return cores;
}

}  // namespace hoso::preprocess
