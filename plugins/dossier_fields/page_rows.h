// The printed rows of a page, rebuilt from OCR lines: Tesseract may read one
// printed row as several lines (a label cell and its value cell, two fields
// side by side), and field extraction needs the whole row, left to right.
#pragma once

#include <string>
#include <vector>

#include "folded_text.h"
#include "hoso/dossier.h"

namespace hoso::dossier_fields {

struct Row {
  std::vector<int> words;  // indices into Page::words, left to right
  Box box;
  std::string text;              // words joined by one space
  std::vector<int> word_begin;   // byte offset of each word in text
  FoldedText folded;             // of text
  std::vector<int> folded_word;  // word (index into `words`) of each folded char
  int height = 0;                // median word height: the row's letter size
};

std::vector<Row> BuildRows(const Page& page);

Box Union(const Box& a, const Box& b);

}  // namespace hoso::dossier_fields
