// One line of a pages.jsonl file (what the pages_jsonl sink writes) read
// back into a page.
#pragma once

#include <string>
#include <string_view>

#include "hoso/dossier.h"

namespace hoso::pages_source {

struct PageLine {
  std::string dossier;  // the dossier id the page was written under
  Page page;            // origin: the scanned file and 0-based page index
};

// Fills `out` from one JSON line and returns "", or returns why the line
// cannot be a page, in one line that names keys and positions but never
// quotes a value (page text is personal data).
//
// Required: "dossier", "file" (non-empty strings), "page" (1-based),
// "width", "height", "dpi", "text" and "words" (written with `words: true`).
// Optional: "mean_confidence" (null: OCR did not run), "attributes", "lines".
// Lines carry "first_word" and "word_count" since pages_jsonl writes them;
// in older files, where no line has them, AssignWordsToLines gives them back.
std::string ParsePageLine(std::string_view text, PageLine& out);

// For pages written before lines named their words. First by text: OCR
// makes a line's text of its words joined by spaces, in the order they were
// read, so the consecutive words that spell a line are its words (Tesseract's
// line boxes are not enough: dot leaders run past them, and some are a few
// pixels high). Words the text does not place go, among the lines it did
// not place, to the line whose box holds the word's centre (the one whose
// middle is nearest when boxes overlap). Sets the lines' first_word and
// word_count. Word order is kept when every line's words are consecutive
// (words in no line then stay where they are); otherwise words are
// regrouped line by line, in line order, and words in no line come last.
void AssignWordsToLines(Page& page);

}  // namespace hoso::pages_source
