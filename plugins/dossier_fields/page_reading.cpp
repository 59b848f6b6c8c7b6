#include "page_reading.h"

#include <algorithm>
#include <cctype>
#include <cmath>

#include "field_value.h"
#include "handwriting.h"
#include "label_search.h"
#include "page_rows.h"

namespace hoso::dossier_fields {
namespace {

struct LabelHit {
  int row = 0;
  int begin = 0;  // folded chars of the row, [begin, end)
  int end = 0;
  int field = -1;  // index into the form's fields; -1 for an other label
  int distance = 0;
  int length = 0;  // folded length of the label
  int cut = 0;     // byte of the row text where the value before it ends

  double Quality() const { return 1.0 - static_cast<double>(distance) / length; }
  int Strength() const { return length - 2 * distance; }
};

// "1.", "12.", "S." (a 5 misread), "II.", "a)": the numbering before a label.
bool IsNumbering(std::string_view word) {
  while (!word.empty() && (word.front() == '(')) word.remove_prefix(1);
  if (word.empty()) return false;
  const char last = word.back();
  const bool closed = last == '.' || last == ')';
  if (closed) word.remove_suffix(1);
  if (word.empty() || word.size() > 3) return false;
  bool digits = true;
  for (char c : word) digits = digits && std::isdigit(static_cast<unsigned char>(c));
  if (digits) return true;
  return closed && word.size() <= 3 && std::all_of(word.begin(), word.end(), [](char c) {
           return std::isalpha(static_cast<unsigned char>(c));
         });
}

std::string_view WordText(const Row& row, int k) {
  const int begin = row.word_begin[k];
  const int end = k + 1 < static_cast<int>(row.word_begin.size())
                      ? row.word_begin[k + 1] - 1
                      : static_cast<int>(row.text.size());
  return std::string_view(row.text).substr(begin, end - begin);
}

// Whether a match is where a printed label would be: at the start of the
// row (after a field number), or starting a new cell further right (a wide
// gap before it, a colon after it, or a field number before it). Inside a
// value ("Chi bộ: Chi bộ Khu dân cư"), a label's words are just words.
bool PlacedLikeLabel(const Page& page, const Row& row, const ApproxMatch& m) {
  const int first_word = row.folded_word[m.begin];
  const bool starts_word = m.begin == 0 || row.folded_word[m.begin - 1] != first_word ||
                           std::isdigit(static_cast<unsigned char>(row.folded.chars[m.begin - 1]));
  if (!starts_word) return false;
  // Everything before it on the row is numbering.
  bool only_numbering = true;
  for (int k = 0; k < first_word && only_numbering; ++k)
    only_numbering = IsNumbering(WordText(row, k));
  if (only_numbering) {
    // Inside the first word: "1.Họ" is fine, "xHọ" is not.
    const int word_start = row.word_begin[first_word];
    const std::string_view before = std::string_view(row.text).substr(
        word_start, row.folded.source_begin[m.begin] - word_start);
    if (before.empty() || IsNumbering(before)) return true;
  }
  // A colon right after the label.
  const size_t after = row.folded.source_end[m.end - 1];
  for (size_t i = after; i < row.text.size() && i < after + 3; ++i) {
    if (row.text[i] == ':') return true;
    if (row.text[i] != ' ') break;
  }
  if (first_word == 0) return false;
  if (IsNumbering(WordText(row, first_word - 1))) return true;
  const Box& here = page.words[row.words[first_word]].box;
  const Box& before = page.words[row.words[first_word - 1]].box;
  return here.x - (before.x + before.w) >= 1.5 * std::max(row.height, 10);
}

// A label is printed in one cell: a match whose words are split by a cell's
// gap ("Sinh hoạt tại | Chi bộ ...") is a label followed by its value.
bool CrossesCells(const Page& page, const Row& row, const ApproxMatch& m) {
  const int first = row.folded_word[m.begin], last = row.folded_word[m.end - 1];
  for (int k = first; k < last; ++k) {
    const Box& a = page.words[row.words[k]].box;
    const Box& b = page.words[row.words[k + 1]].box;
    if (b.x - (a.x + a.w) >= 1.5 * std::max(row.height, 10)) return true;
  }
  return false;
}

void AddHits(const Page& page, const std::vector<Row>& rows, const Label& label, int field,
             std::vector<LabelHit>& hits) {
  const int length = static_cast<int>(label.folded.size());
  for (int r = 0; r < static_cast<int>(rows.size()); ++r) {
    const Row& row = rows[r];
    if (row.folded.size() + AllowedEdits(length) < length) continue;
    for (const ApproxMatch& m : FindApprox(row.folded.chars, label.folded, AllowedEdits(length))) {
      if (!PlacedLikeLabel(page, row, m) || CrossesCells(page, row, m)) continue;
      // The field number before a label ("2. Giới tính") is not part of the
      // value before it.
      int cut = row.folded.source_begin[m.begin];
      const int word = row.folded_word[m.begin];
      const std::string_view prefix =
          std::string_view(row.text).substr(row.word_begin[word], cut - row.word_begin[word]);
      if (!prefix.empty() && IsNumbering(prefix)) {
        cut = row.word_begin[word];
      } else if (prefix.empty() && word > 0 && IsNumbering(WordText(row, word - 1))) {
        cut = row.word_begin[word - 1];
      }
      hits.push_back({r, m.begin, m.end, field, m.distance, length, cut});
    }
  }
}

// Labels of `form` on the page, strongest first where they overlap; a label
// that would leave the one before it on its row without a value, and reads
// the same field, is that value's first words ("Sinh hoạt tại | Chi bộ ...").
std::vector<LabelHit> FindLabels(const Page& page, const std::vector<Row>& rows,
                                 const FormTemplate& form) {
  std::vector<LabelHit> hits;
  for (int f = 0; f < static_cast<int>(form.fields.size()); ++f) {
    const FieldSpec& spec = form.fields[f];
    for (const Label& label : spec.labels) AddHits(page, rows, label, f, hits);
  }
  for (const Label& label : form.other_labels) AddHits(page, rows, label, -1, hits);
  std::sort(hits.begin(), hits.end(), [](const LabelHit& a, const LabelHit& b) {
    if (a.Strength() != b.Strength()) return a.Strength() > b.Strength();
    if (a.row != b.row) return a.row < b.row;
    return a.begin < b.begin;
  });
  std::vector<LabelHit> kept;
  for (const LabelHit& h : hits) {
    bool overlaps = false;
    for (const LabelHit& k : kept) {
      overlaps = overlaps || (k.row == h.row && h.begin < k.end && k.begin < h.end);
    }
    if (!overlaps) kept.push_back(h);
  }
  std::sort(kept.begin(), kept.end(), [](const LabelHit& a, const LabelHit& b) {
    return a.row != b.row ? a.row < b.row : a.begin < b.begin;
  });
  std::vector<LabelHit> out;
  for (const LabelHit& h : kept) {
    if (!out.empty() && out.back().row == h.row && out.back().field == h.field && h.field >= 0 &&
        out.back().end >= h.begin - 1) {
      continue;
    }
    out.push_back(h);
  }
  return out;
}

double TitleScore(const Page& page, const std::vector<Row>& rows, const FormTemplate& form) {
  double best = 0;
  for (const Row& row : rows) {
    if (page.height > 0 && row.box.y > page.height * 0.4) continue;
    for (const Label& title : form.titles) {
      const int length = static_cast<int>(title.folded.size());
      if (row.folded.size() > 2 * length + 4) continue;  // a title stands on its own row
      for (const ApproxMatch& m :
           FindApprox(row.folded.chars, title.folded, AllowedEdits(length))) {
        best = std::max(best, 1.0 - static_cast<double>(m.distance) / length);
      }
    }
  }
  return best;
}

bool InRegion(const Page& page, const FieldSpec& spec, const Box& box) {
  if (!spec.region || page.width <= 0 || page.height <= 0) return true;
  const double cx = (box.x + box.w / 2.0) / page.width;
  const double cy = (box.y + box.h / 2.0) / page.height;
  return cx >= spec.region->left && cx <= spec.region->right && cy >= spec.region->top &&
         cy <= spec.region->bottom;
}

// The words of `row` covering bytes [begin, end) of its text: their box
// (a word cut by the range is cut in proportion) and letter-weighted mean
// confidence.
struct Span {
  std::string text;
  Box box;
  double confidence_sum = 0;
  double letters = 0;
  Box last_word;
};

void AddSpan(const Page& page, const Row& row, int begin, int end, Span& span) {
  while (begin < end && (row.text[begin] == ' ' || row.text[begin] == ':')) ++begin;
  while (end > begin && row.text[end - 1] == ' ') --end;
  if (end <= begin) return;
  std::string piece = row.text.substr(begin, end - begin);
  if (!span.text.empty()) span.text.push_back(' ');
  span.text += piece;
  for (size_t k = 0; k < row.words.size(); ++k) {
    const int wb = row.word_begin[k];
    const int we = wb + static_cast<int>(page.words[row.words[k]].text.size());
    const int from = std::max(wb, begin), to = std::min(we, end);
    if (to <= from) continue;
    // The label's colon or a run of leader dots is not the value's ink.
    if (Fold(std::string_view(row.text).substr(from, to - from)).chars.empty()) continue;
    const Word& word = page.words[row.words[k]];
    Box box = word.box;
    const double share = static_cast<double>(to - from) / std::max(1, we - wb);
    if (share < 1.0) {
      const double left = static_cast<double>(from - wb) / std::max(1, we - wb);
      box.x += static_cast<int>(left * word.box.w);
      box.w = std::max(1, static_cast<int>(share * word.box.w));
    }
    span.box = Union(span.box, box);
    span.confidence_sum += word.confidence * (to - from);
    span.letters += to - from;
    span.last_word = box;
  }
}

// Share of characters that are neither letters, digits, spaces nor the
// punctuation forms print: OCR's reading of handwriting and scribbles.
double GarbageShare(std::string_view text) {
  const FoldedText folded = Fold(text);
  int other = 0, total = 0;
  size_t next_folded = 0;
  for (size_t i = 0; i < text.size();) {
    const bool is_folded = next_folded < folded.source_begin.size() &&
                           folded.source_begin[next_folded] == static_cast<int>(i);
    if (is_folded) {
      i = folded.source_end[next_folded++];
      ++total;
      continue;
    }
    const char c = text[i];
    ++i;
    if ((c & 0xC0) == 0x80) continue;  // inside a character
    ++total;
    if (std::string_view(" .,:;/-()").find(c) == std::string_view::npos) ++other;
  }
  return total == 0 ? 0 : static_cast<double>(other) / total;
}

}  // namespace

PageReading ReadPage(const Page& page, const std::vector<FormTemplate>& forms,
                     const ReadingSettings& settings) {
  PageReading out;
  const std::vector<Row> rows = BuildRows(page);
  if (rows.empty()) return out;
  // Right edge of the printed text: a value that reaches it may go on below.
  int text_right = 0;
  for (const Row& row : rows) text_right = std::max(text_right, row.box.x + row.box.w);

  std::vector<LabelHit> hits;
  for (const FormTemplate& form : forms) {
    std::vector<LabelHit> form_hits = FindLabels(page, rows, form);
    std::vector<bool> seen(form.fields.size(), false);
    for (const LabelHit& h : form_hits) {
      if (h.field >= 0) seen[h.field] = true;
    }
    const double fields =
        static_cast<double>(std::count(seen.begin(), seen.end(), true)) / form.fields.size();
    const double score = 0.5 * TitleScore(page, rows, form) + 0.5 * fields;
    if (score > out.form_score) {
      out.form_score = score;
      out.best_form = form.id;
      if (score >= settings.min_form_score) {
        out.form = &form;
        hits = std::move(form_hits);
      }
    }
  }
  if (out.form == nullptr || out.best_form != out.form->id) {
    out.form = nullptr;
    return out;
  }

  std::vector<bool> row_used(rows.size(), false);
  for (const LabelHit& h : hits) row_used[h.row] = true;
  std::vector<bool> field_done(out.form->fields.size(), false);
  for (size_t i = 0; i < hits.size(); ++i) {
    const LabelHit& hit = hits[i];
    if (hit.field < 0) continue;
    const FieldSpec& spec = out.form->fields[hit.field];
    const Row& row = rows[hit.row];
    const bool last_on_row = i + 1 == hits.size() || hits[i + 1].row != hit.row;
    const int begin = row.folded.source_end[hit.end - 1];
    const int end = last_on_row ? static_cast<int>(row.text.size()) : hits[i + 1].cut;
    const Box& label_first = page.words[row.words[row.folded_word[hit.begin]]].box;
    const Box& label_last = page.words[row.words[row.folded_word[hit.end - 1]]].box;
    const int cell_right =
        last_on_row ? text_right : page.words[row.words[row.folded_word[hits[i + 1].begin]]].box.x;
    if (!InRegion(page, spec, label_first)) continue;

    Span span;
    AddSpan(page, row, begin, end, span);
    int below = hit.row + 1;
    // Nothing after the label on its row: the value sits under it.
    if (TrimValue(span.text).empty() && last_on_row && below < static_cast<int>(rows.size()) &&
        !row_used[below] && rows[below].box.y - (row.box.y + row.box.h) < 1.6 * row.height &&
        rows[below].box.x >= label_first.x - 2 * row.height && rows[below].box.x < cell_right) {
      span = Span{};
      AddSpan(page, rows[below], 0, static_cast<int>(rows[below].text.size()), span);
      row_used[below] = true;
      ++below;
    }
    // A long value wraps onto the next row, which then holds no label.
    const int row_bottom = span.box.h > 0 ? span.box.y + span.box.h : row.box.y + row.box.h;
    if (spec.multiline && span.box.w > 0 && below < static_cast<int>(rows.size()) &&
        !row_used[below] &&
        span.last_word.x + span.last_word.w >= cell_right - 0.4 * (cell_right - label_first.x) &&
        rows[below].box.y - row_bottom < 1.6 * row.height &&
        rows[below].box.x >= label_first.x - row.height &&
        rows[below].box.x + rows[below].box.w <= cell_right + 2 * row.height) {
      AddSpan(page, rows[below], 0, static_cast<int>(rows[below].text.size()), span);
      row_used[below] = true;
    }

    ValueReading value;
    value.spec = &spec;
    value.text = span.text;
    value.box = span.box.w > 0 ? span.box : Union(label_first, label_last);
    value.word_confidence = span.letters > 0 ? span.confidence_sum / span.letters : 0;
    value.label_quality = hit.Quality();
    const bool has_text = !TrimValue(span.text).empty();
    if (has_text) value.slant = StrokeSlantDegrees(page, value.box);
    value.unreadable =
        has_text && (value.word_confidence < settings.manual_entry_confidence ||
                     GarbageShare(TrimValue(span.text)) > 0.3 ||
                     (value.slant && std::abs(*value.slant) >= settings.handwriting_slant_degrees));
    // A field printed twice on a page (rare) keeps the first reading that
    // has a value.
    if (field_done[hit.field]) {
      for (ValueReading& earlier : out.values) {
        if (earlier.spec == &spec && TrimValue(earlier.text).empty() && has_text) earlier = value;
      }
      continue;
    }
    field_done[hit.field] = true;
    out.values.push_back(std::move(value));
  }
  return out;
}

}  // namespace hoso::dossier_fields
