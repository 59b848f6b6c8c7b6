// One OCR'd page as a JSON object: what an archive clerk reviews and what
// the OCR benchmark scores.
#pragma once

#include <string>

#include "hoso/dossier.h"

namespace hoso::pages_jsonl {

struct PageDetail {
  bool lines = true;
  bool words = false;  // with words, each line also names its words (first_word, word_count)
};

// One line of JSON (no trailing newline). Keys in a fixed order, so the same
// pages give the same bytes.
std::string PageJson(const Dossier& dossier, const Page& page, const PageDetail& detail);

}  // namespace hoso::pages_jsonl
