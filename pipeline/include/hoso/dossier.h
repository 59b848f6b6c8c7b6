// The unit that flows through the pipeline: a dossier of pages and records.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <variant>
#include <vector>

#include "hoso/record.h"

namespace hoso {

struct Word {
  std::string text;  // NFC
  Box box;
  float confidence = 0;  // in [0, 1]
};

struct Line {
  std::string text;
  Box box;
  float confidence = 0;
  int first_word = 0;  // index into Page::words
  int word_count = 0;
};

// One page of a scanned file. Sources only check and describe pages; pixels
// are decoded by the first stage that needs them (on a worker thread, not the
// single source thread) and travel between pixel stages as raw bytes, which
// OCR drops once it has read them, so a queued page costs little memory.
struct Page {
  Provenance origin;  // file and 0-based page index
  int width = 0;      // pixels, as rasterized/decoded
  int height = 0;
  int dpi = 0;
  // Empty image_format: not decoded yet, read it from origin. "gray8": one
  // byte per pixel, rows of `width` bytes, 0 = black. "gray1": 0/255 bytes
  // like gray8 but binarized.
  std::vector<unsigned char> image;
  std::string image_format;
  std::string source_format;  // "tiff", "png", "jpeg", "pdf"
  std::string text;                  // NFC, lines separated by '\n'
  std::vector<Word> words;
  std::vector<Line> lines;
  double mean_confidence = -1;  // -1 until OCR has run
  std::map<std::string, std::string> attributes;  // stage notes: "deskew_degrees" ...
};

struct Dossier {
  std::string id;  // stable within a run; order of arrival defines output order
  // Input units (files, pages, rows) this dossier accounts for. Every unit a
  // source reads ends in a sink or in quarantine; the host checks the sum.
  std::vector<Provenance> units;
  std::string original;  // the input bytes as read (a CSV row), for quarantine
  std::vector<Page> pages;
  std::vector<MemberRecord> records;
};

// Side tables that batch plugins add (clusters, pair scores, histograms) and
// sinks write next to the members.
using Cell = std::variant<std::monostate, int64_t, double, std::string>;

struct SideTable {
  std::string name;  // [a-z][a-z0-9_]*, becomes a table name in databases
  std::string description;
  std::vector<std::string> columns;
  std::vector<std::vector<Cell>> rows;
};

// What a batch plugin sees: every dossier that reached the barrier, in order.
struct RecordSet {
  std::vector<Dossier> dossiers;
  std::vector<SideTable> tables;
};

}  // namespace hoso
