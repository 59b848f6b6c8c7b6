#include "page_rows.h"

#include <algorithm>

namespace hoso::dossier_fields {
namespace {

struct Group {
  std::vector<int> words;
  Box box;
};

int VerticalOverlap(const Box& a, const Box& b) {
  return std::min(a.y + a.h, b.y + b.h) - std::max(a.y, b.y);
}

}  // namespace

Box Union(const Box& a, const Box& b) {
  if (a.w <= 0 || a.h <= 0) return b;
  if (b.w <= 0 || b.h <= 0) return a;
  const int x0 = std::min(a.x, b.x), y0 = std::min(a.y, b.y);
  const int x1 = std::max(a.x + a.w, b.x + b.w), y1 = std::max(a.y + a.h, b.y + b.h);
  return {x0, y0, x1 - x0, y1 - y0};
}

std::vector<Row> BuildRows(const Page& page) {
  const int word_count = static_cast<int>(page.words.size());
  std::vector<Group> groups;
  // OCR lines first (they know a line's words even where boxes touch);
  // words no line claims become lines of their own.
  std::vector<bool> claimed(word_count, false);
  for (const Line& line : page.lines) {
    Group g;
    for (int k = 0; k < line.word_count; ++k) {
      const int w = line.first_word + k;
      if (w < 0 || w >= word_count || claimed[w]) continue;
      claimed[w] = true;
      g.words.push_back(w);
      g.box = Union(g.box, page.words[w].box);
    }
    if (!g.words.empty()) groups.push_back(std::move(g));
  }
  for (int w = 0; w < word_count; ++w) {
    if (!claimed[w]) groups.push_back({{w}, page.words[w].box});
  }
  // Lines side by side on one baseline are one printed row. Deskewing
  // leaves a row level to a few pixels, so half the shorter line's height
  // in common is a safe test; a tall stray mark must not swallow two rows.
  std::sort(groups.begin(), groups.end(), [](const Group& a, const Group& b) {
    return a.box.y + a.box.h / 2 < b.box.y + b.box.h / 2;
  });
  std::vector<Group> rows;
  for (Group& g : groups) {
    Group* into = nullptr;
    for (auto it = rows.rbegin(); it != rows.rend() && it - rows.rbegin() < 3; ++it) {
      const int overlap = VerticalOverlap(it->box, g.box);
      const int shorter = std::min(it->box.h, g.box.h);
      bool beside = true;  // no horizontal overlap with the row's words
      for (int w : it->words) {
        const Box& b = page.words[w].box;
        if (std::min(b.x + b.w, g.box.x + g.box.w) - std::max(b.x, g.box.x) > 0 &&
            VerticalOverlap(b, g.box) > 0) {
          beside = false;
          break;
        }
      }
      if (beside && overlap * 2 >= shorter && std::max(it->box.h, g.box.h) < 3 * shorter) {
        into = &*it;
        break;
      }
    }
    if (into == nullptr) {
      rows.push_back(std::move(g));
    } else {
      into->words.insert(into->words.end(), g.words.begin(), g.words.end());
      into->box = Union(into->box, g.box);
    }
  }
  std::vector<Row> out;
  out.reserve(rows.size());
  for (Group& g : rows) {
    std::sort(g.words.begin(), g.words.end(),
              [&](int a, int b) { return page.words[a].box.x < page.words[b].box.x; });
    Row row;
    row.words = std::move(g.words);
    row.box = g.box;
    std::vector<int> heights;
    for (size_t k = 0; k < row.words.size(); ++k) {
      const Word& word = page.words[row.words[k]];
      if (k > 0) row.text.push_back(' ');
      row.word_begin.push_back(static_cast<int>(row.text.size()));
      row.text += word.text;
      heights.push_back(word.box.h);
    }
    std::nth_element(heights.begin(), heights.begin() + heights.size() / 2, heights.end());
    row.height = heights.empty() ? 0 : heights[heights.size() / 2];
    row.folded = Fold(row.text);
    row.folded_word.resize(row.folded.chars.size());
    size_t k = 0;
    for (size_t c = 0; c < row.folded.chars.size(); ++c) {
      while (k + 1 < row.word_begin.size() && row.word_begin[k + 1] <= row.folded.source_begin[c])
        ++k;
      row.folded_word[c] = static_cast<int>(k);
    }
    out.push_back(std::move(row));
  }
  std::sort(out.begin(), out.end(), [](const Row& a, const Row& b) { return a.box.y < b.box.y; });
  return out;
}

}  // namespace hoso::dossier_fields
