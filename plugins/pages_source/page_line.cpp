#include "page_line.h"

#include <cstdint>
#include <cstdlib>
#include <limits>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

namespace hoso::pages_source {
namespace {

using Json = nlohmann::json;

// Why a line is not a page; thrown inside this file only.
struct Malformed {
  std::string reason;
};

[[noreturn]] void Fail(std::string reason) { throw Malformed{std::move(reason)}; }

const Json* Find(const Json& object, const char* key) {
  const auto it = object.find(key);
  return it == object.end() ? nullptr : &*it;
}

const Json& Require(const Json& object, const char* key, const std::string& where) {
  const Json* value = Find(object, key);
  if (value == nullptr) Fail(where + "no \"" + key + "\"");
  return *value;
}

std::string String(const Json& value, const std::string& what) {
  if (!value.is_string()) Fail(what + " is not a string");
  return value.get<std::string>();
}

int Int(const Json& value, const std::string& what, int64_t min) {
  if (!value.is_number_integer()) Fail(what + " is not an integer");
  if (value.is_number_unsigned() &&
      value.get<uint64_t>() > static_cast<uint64_t>(std::numeric_limits<int>::max())) {
    Fail(what + " is out of range");
  }
  const auto v = value.get<int64_t>();
  if (v < min || v > std::numeric_limits<int>::max()) Fail(what + " is out of range");
  return static_cast<int>(v);
}

double Number(const Json& value, const std::string& what) {
  if (!value.is_number()) Fail(what + " is not a number");
  return value.get<double>();
}

Box BoxOf(const Json& value, const std::string& what) {
  if (!value.is_array() || value.size() != 4) Fail(what + " is not [x, y, w, h]");
  constexpr int64_t kMin = std::numeric_limits<int>::min();
  return Box{Int(value[0], what + "[0]", kMin), Int(value[1], what + "[1]", kMin),
             Int(value[2], what + "[2]", 0), Int(value[3], what + "[3]", 0)};
}

const Json& Array(const Json& value, const std::string& what) {
  if (!value.is_array()) Fail(what + " is not a list");
  return value;
}

const Json& Object(const Json& value, const std::string& what) {
  if (!value.is_object()) Fail(what + " is not an object");
  return value;
}

std::vector<Word> Words(const Json& words) {
  std::vector<Word> out;
  out.reserve(words.size());
  for (size_t i = 0; i < words.size(); ++i) {
    const std::string where = "words[" + std::to_string(i) + "]";
    const Json& w = Object(words[i], where);
    Word& word = out.emplace_back();
    word.text = String(Require(w, "text", where + ": "), where + ".text");
    word.box = BoxOf(Require(w, "box", where + ": "), where + ".box");
    word.confidence =
        static_cast<float>(Number(Require(w, "confidence", where + ": "), where + ".confidence"));
  }
  return out;
}

// Lines, and whether they said which words are theirs.
std::vector<Line> Lines(const Json& lines, size_t word_total, bool& indexed) {
  std::vector<Line> out;
  out.reserve(lines.size());
  size_t with_index = 0;
  for (size_t i = 0; i < lines.size(); ++i) {
    const std::string where = "lines[" + std::to_string(i) + "]";
    const Json& l = Object(lines[i], where);
    Line& line = out.emplace_back();
    line.text = String(Require(l, "text", where + ": "), where + ".text");
    line.box = BoxOf(Require(l, "box", where + ": "), where + ".box");
    line.confidence =
        static_cast<float>(Number(Require(l, "confidence", where + ": "), where + ".confidence"));
    const Json* first = Find(l, "first_word");
    const Json* count = Find(l, "word_count");
    if ((first == nullptr) != (count == nullptr)) {
      Fail(where + " has only one of \"first_word\" and \"word_count\"");
    }
    if (first == nullptr) continue;
    ++with_index;
    line.first_word = Int(*first, where + ".first_word", 0);
    line.word_count = Int(*count, where + ".word_count", 0);
    if (static_cast<size_t>(line.first_word) + static_cast<size_t>(line.word_count) > word_total) {
      Fail(where + " names words past the end of \"words\"");
    }
  }
  if (with_index != 0 && with_index != out.size()) {
    Fail("some lines have \"first_word\" and \"word_count\", others not");
  }
  indexed = with_index != 0;
  return out;
}

// How many words from words[p] on, joined by single spaces, spell `text`
// exactly; 0 when they do not.
size_t SpelledAt(const std::vector<Word>& words, size_t p, std::string_view text) {
  size_t pos = 0;
  for (size_t w = p; w < words.size(); ++w) {
    if (w > p) {
      if (pos >= text.size() || text[pos] != ' ') return 0;
      ++pos;
    }
    const std::string& word = words[w].text;
    if (word.empty() || text.compare(pos, word.size(), word) != 0) return 0;
    pos += word.size();
    if (pos == text.size()) return w - p + 1;
  }
  return 0;
}

// True when `line` holds the centre of `word` (twice the coordinates, so
// centres stay integers).
bool Holds(const Box& line, const Box& word) {
  if (line.w <= 0 || line.h <= 0) return false;
  const int64_t cx = 2 * int64_t{word.x} + word.w;
  const int64_t cy = 2 * int64_t{word.y} + word.h;
  return cx >= 2 * int64_t{line.x} && cx <= 2 * (int64_t{line.x} + line.w) &&
         cy >= 2 * int64_t{line.y} && cy <= 2 * (int64_t{line.y} + line.h);
}

}  // namespace

std::string ParsePageLine(std::string_view text, PageLine& out) {
  Json j;
  try {
    j = Json::parse(text);
  } catch (const Json::parse_error& e) {
    // e.what() quotes the text around the error: only the position is kept.
    return "not JSON (error at byte " + std::to_string(e.byte) + ")";
  }
  try {
    if (!j.is_object()) Fail("not a JSON object");
    out = PageLine{};
    out.dossier = String(Require(j, "dossier", ""), "\"dossier\"");
    if (out.dossier.empty()) Fail("\"dossier\" is empty");
    Page& page = out.page;
    page.origin.file = String(Require(j, "file", ""), "\"file\"");
    if (page.origin.file.empty()) Fail("\"file\" is empty");
    page.origin.page = Int(Require(j, "page", ""), "\"page\"", 1) - 1;
    page.width = Int(Require(j, "width", ""), "\"width\"", 0);
    page.height = Int(Require(j, "height", ""), "\"height\"", 0);
    page.dpi = Int(Require(j, "dpi", ""), "\"dpi\"", 0);
    page.text = String(Require(j, "text", ""), "\"text\"");
    if (const Json* mean = Find(j, "mean_confidence"); mean != nullptr && !mean->is_null()) {
      page.mean_confidence = Number(*mean, "\"mean_confidence\"");
    }
    if (const Json* attributes = Find(j, "attributes"); attributes != nullptr) {
      for (const auto& [key, value] : Object(*attributes, "\"attributes\"").items()) {
        page.attributes[key] = String(value, "attribute \"" + key + "\"");
      }
    }
    const Json* words = Find(j, "words");
    if (words == nullptr) Fail("no \"words\" (write pages.jsonl with words: true)");
    page.words = Words(Array(*words, "\"words\""));
    bool indexed = false;
    if (const Json* lines = Find(j, "lines"); lines != nullptr) {
      page.lines = Lines(Array(*lines, "\"lines\""), page.words.size(), indexed);
    }
    if (!indexed) AssignWordsToLines(page);
  } catch (const Malformed& m) {
    return m.reason;
  }
  return "";
}

void AssignWordsToLines(Page& page) {
  const size_t word_total = page.words.size();
  const size_t line_total = page.lines.size();
  if (line_total == 0) return;
  std::vector<int> owner(word_total, -1);
  std::vector<bool> placed(line_total, false);

  // By text: the words that spell a line, in the order they were read.
  for (size_t p = 0; p < word_total;) {
    int best = -1;
    size_t best_count = 0;
    bool best_inside = false;
    for (size_t l = 0; l < line_total; ++l) {
      if (placed[l]) continue;
      const size_t count = SpelledAt(page.words, p, page.lines[l].text);
      if (count == 0) continue;
      // Two lines that read alike: the one holding the word, then the longer.
      const bool inside = Holds(page.lines[l].box, page.words[p].box);
      if (best < 0 || (inside && !best_inside) || (inside == best_inside && count > best_count)) {
        best = static_cast<int>(l);
        best_count = count;
        best_inside = inside;
      }
    }
    if (best < 0) {
      ++p;
      continue;
    }
    placed[best] = true;
    for (size_t w = p; w < p + best_count; ++w) owner[w] = best;
    p += best_count;
  }

  // By box, among the lines the text did not place: the line holding the
  // word's centre, the one whose middle is nearest when boxes overlap.
  for (size_t w = 0; w < word_total; ++w) {
    if (owner[w] >= 0) continue;
    int64_t best_distance = std::numeric_limits<int64_t>::max();
    for (size_t l = 0; l < line_total; ++l) {
      const Box& box = page.lines[l].box;
      if (placed[l] || !Holds(box, page.words[w].box)) continue;
      const int64_t distance = std::llabs(2 * int64_t{page.words[w].box.y} + page.words[w].box.h -
                                          (2 * int64_t{box.y} + box.h));
      if (distance < best_distance) {
        best_distance = distance;
        owner[w] = static_cast<int>(l);
      }
    }
  }

  std::vector<int> first(line_total, -1);
  std::vector<int> count(line_total, 0);
  bool consecutive = true;
  for (size_t w = 0; w < word_total; ++w) {
    const int l = owner[w];
    if (l < 0) continue;
    if (first[l] < 0) first[l] = static_cast<int>(w);
    consecutive = consecutive && first[l] + count[l] == static_cast<int>(w);
    ++count[l];
  }
  if (!consecutive) {
    std::vector<Word> grouped;
    grouped.reserve(word_total);
    for (size_t l = 0; l < line_total; ++l) {
      first[l] = static_cast<int>(grouped.size());
      for (size_t w = 0; w < word_total; ++w) {
        if (owner[w] == static_cast<int>(l)) grouped.push_back(std::move(page.words[w]));
      }
    }
    for (size_t w = 0; w < word_total; ++w) {
      if (owner[w] < 0) grouped.push_back(std::move(page.words[w]));
    }
    page.words = std::move(grouped);
  }
  for (size_t l = 0; l < line_total; ++l) {
    page.lines[l].first_word = count[l] > 0 ? first[l] : 0;
    page.lines[l].word_count = count[l];
  }
}

}  // namespace hoso::pages_source
