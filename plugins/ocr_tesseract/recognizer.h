// One Tesseract engine, loaded once and reused page after page.
#pragma once

#include <tesseract/baseapi.h>
#include <tesseract/renderer.h>

#include <string>
#include <vector>

#include "hoso/dossier.h"
#include "page_image.h"

namespace hoso::ocr_tesseract {

struct Recognition {
  bool timed_out = false;  // the deadline stopped recognition; the rest is partial
  std::string text;        // NFC, lines separated by '\n'
  std::vector<Word> words;
  std::vector<Line> lines;     // only lines with text
  double mean_confidence = 0;  // 0..1
  std::string hocr;            // when asked for; NFC
  double layout_ms = 0;        // page layout analysis
  double recognize_ms = 0;     // line recognition
  double total_ms = 0;         // everything from handing over the image to reading results
};

class Recognizer {
 public:
  // Throws std::invalid_argument when the language data cannot be loaded.
  // `tessdata` empty: Tesseract's compiled-in directory (Debian's).
  Recognizer(const std::string& tessdata, const std::string& lang, int psm);
  ~Recognizer();
  Recognizer(const Recognizer&) = delete;
  Recognizer& operator=(const Recognizer&) = delete;

  // `dpi` 0 lets Tesseract guess. Recognition stops at `deadline_ms` after
  // the call. In hOCR, `page_number` (0-based) numbers the page and
  // `input_name` is its image file. The reading stays in the engine, for
  // AddPage, until the next Run or Clear.
  Recognition Run(PIX* pix, int dpi, int deadline_ms, bool want_hocr, int page_number,
                  const std::string& input_name);
  // Adds the last reading, with the image it read, as a page of `renderer`
  // (a searchable PDF). False when the renderer failed.
  bool AddPage(tesseract::TessResultRenderer& renderer);
  // Drops the last reading and its image: pages are large.
  void Clear();
  void SetPageSegMode(int psm);
  // Tesseract's tessdata directory (the PDF renderer's font is there).
  std::string DataPath();

 private:
  tesseract::TessBaseAPI api_;
};

}  // namespace hoso::ocr_tesseract
