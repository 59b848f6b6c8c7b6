#include "page_json.h"

#include <nlohmann/json.hpp>

namespace hoso::pages_jsonl {
namespace {

nlohmann::ordered_json BoxJson(const Box& b) { return {b.x, b.y, b.w, b.h}; }

}  // namespace

std::string PageJson(const Dossier& dossier, const Page& page, const PageDetail& detail) {
  nlohmann::ordered_json j;
  j["dossier"] = dossier.id;
  j["file"] = page.origin.file;
  j["page"] = page.origin.page + 1;
  j["width"] = page.width;
  j["height"] = page.height;
  j["dpi"] = page.dpi;
  if (page.mean_confidence >= 0) {
    j["mean_confidence"] = page.mean_confidence;
  } else {
    j["mean_confidence"] = nullptr;
  }
  j["text"] = page.text;
  j["attributes"] = page.attributes;  // std::map: sorted keys
  if (detail.lines) {
    auto lines = nlohmann::ordered_json::array();
    for (const Line& line : page.lines) {
      nlohmann::ordered_json l = {
          {"text", line.text}, {"box", BoxJson(line.box)}, {"confidence", line.confidence}};
      if (detail.words) {
        // Which words make the line, so pages_source can read the page back
        // whole: OCR orders lines by rows of the form, not words.
        l["first_word"] = line.first_word;
        l["word_count"] = line.word_count;
      }
      lines.push_back(std::move(l));
    }
    j["lines"] = std::move(lines);
  }
  if (detail.words) {
    auto words = nlohmann::ordered_json::array();
    for (const Word& word : page.words) {
      words.push_back({{"text", word.text}, {"box", BoxJson(word.box)}, {"confidence", word.confidence}});
    }
    j["words"] = std::move(words);
  }
  // OCR output is NFC UTF-8; a stray invalid byte must not lose the page.
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace hoso::pages_jsonl
