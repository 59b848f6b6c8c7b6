#include "recognizer.h"

#include <tesseract/ocrclass.h>
#include <tesseract/resultiterator.h>

#include <algorithm>
#include <chrono>
#include <memory>
#include <mutex>
#include <stdexcept>

#include "nfc.h"

namespace hoso::ocr_tesseract {
namespace {

using Clock = std::chrono::steady_clock;

double MsBetween(Clock::time_point a, Clock::time_point b) {
  return std::chrono::duration<double, std::milli>(b - a).count();
}

// Tesseract asks this before every word it recognizes. Answering it
// ourselves, rather than through set_deadline_msecs, tells us for certain
// that the page was cut short, and when layout analysis ended (the first
// question comes right after it).
struct Deadline {
  Clock::time_point end;
  Clock::time_point first_word;
  bool started = false;
  bool expired = false;

  static bool Cancel(void* self, int /*words*/) {
    auto* d = static_cast<Deadline*>(self);
    const Clock::time_point now = Clock::now();
    if (!d->started) {
      d->started = true;
      d->first_word = now;
    }
    if (now > d->end) d->expired = true;
    return d->expired;
  }
};

struct TextDeleter {
  void operator()(char* text) const { delete[] text; }
};
using TextPtr = std::unique_ptr<char[], TextDeleter>;

Box BoxAt(const tesseract::ResultIterator& it, tesseract::PageIteratorLevel level) {
  int left = 0, top = 0, right = 0, bottom = 0;
  if (!it.BoundingBox(level, &left, &top, &right, &bottom)) return Box{};
  return Box{left, top, right - left, bottom - top};
}

float Confidence01(float percent) { return std::clamp(percent / 100.0f, 0.0f, 1.0f); }

bool Blank(const std::string& text) {
  return std::all_of(text.begin(), text.end(),
                     [](char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r'; });
}

void ReadResults(tesseract::TessBaseAPI& api, Recognition& out) {
  std::unique_ptr<tesseract::ResultIterator> it(api.GetIterator());
  if (!it) return;
  Line* line = nullptr;
  do {
    if (it->Empty(tesseract::RIL_WORD)) continue;
    if (line == nullptr || it->IsAtBeginningOf(tesseract::RIL_TEXTLINE)) {
      out.lines.push_back(Line{.text = "",
                               .box = BoxAt(*it, tesseract::RIL_TEXTLINE),
                               .confidence = Confidence01(it->Confidence(tesseract::RIL_TEXTLINE)),
                               .first_word = static_cast<int>(out.words.size()),
                               .word_count = 0});
      line = &out.lines.back();
    }
    TextPtr raw(it->GetUTF8Text(tesseract::RIL_WORD));
    if (!raw) continue;
    std::string text = ToNfc(raw.get());
    if (Blank(text)) continue;
    if (line->word_count > 0) line->text += ' ';
    line->text += text;
    ++line->word_count;
    out.words.push_back(Word{.text = std::move(text),
                             .box = BoxAt(*it, tesseract::RIL_WORD),
                             .confidence = Confidence01(it->Confidence(tesseract::RIL_WORD))});
  } while (it->Next(tesseract::RIL_WORD));

  std::erase_if(out.lines, [](const Line& l) { return l.word_count == 0; });
  for (const Line& l : out.lines) {
    if (!out.text.empty()) out.text += '\n';
    out.text += l.text;
  }
}

}  // namespace

Recognizer::Recognizer(const std::string& tessdata, const std::string& lang, int psm) {
  // Leptonica, under Tesseract and our decoding, reports every refused image
  // on stderr; a page that fails is quarantined with the reason instead.
  static std::once_flag quiet;
  std::call_once(quiet, [] { setMsgSeverity(L_SEVERITY_NONE); });
  // Tesseract prints resolution guesses and "empty page" notes on stderr
  // for every page; results and findings carry what matters.
  const std::vector<std::string> names = {"debug_file"};
  const std::vector<std::string> values = {"/dev/null"};
  if (api_.Init(tessdata.empty() ? nullptr : tessdata.c_str(), lang.c_str(),
                tesseract::OEM_LSTM_ONLY, nullptr, 0, &names, &values, false) != 0) {
    throw std::invalid_argument(
        "Tesseract cannot load language '" + lang + "' from " +
        (tessdata.empty() ? std::string("its default tessdata directory") : tessdata) +
        " (is the traineddata installed, e.g. Debian's tesseract-ocr-" + lang + "?)");
  }
  api_.SetPageSegMode(static_cast<tesseract::PageSegMode>(psm));
}

Recognizer::~Recognizer() { api_.End(); }

Recognition Recognizer::Run(PIX* pix, int dpi, int deadline_ms, bool want_hocr, int page_number,
                            const std::string& input_name) {
  Recognition out;
  const Clock::time_point start = Clock::now();
  api_.SetInputName(input_name.c_str());
  api_.SetImage(pix);
  if (dpi > 0) api_.SetSourceResolution(dpi);

  Deadline deadline;
  tesseract::ETEXT_DESC monitor;
  monitor.cancel = &Deadline::Cancel;
  monitor.cancel_this = &deadline;
  const Clock::time_point recognize_start = Clock::now();
  deadline.end = recognize_start + std::chrono::milliseconds(deadline_ms);
  api_.Recognize(&monitor);
  const Clock::time_point recognize_end = Clock::now();

  out.timed_out = deadline.expired;
  if (!out.timed_out) {
    ReadResults(api_, out);
    out.mean_confidence = out.words.empty() ? 0 : Confidence01(api_.MeanTextConf());
    if (want_hocr) {
      TextPtr hocr(api_.GetHOCRText(page_number));
      if (hocr) out.hocr = ToNfc(hocr.get());
    }
  }
  const Clock::time_point layout_end = deadline.started ? deadline.first_word : recognize_end;
  out.layout_ms = MsBetween(recognize_start, layout_end);
  out.recognize_ms = MsBetween(layout_end, recognize_end);
  out.total_ms = MsBetween(start, Clock::now());
  return out;
}

bool Recognizer::AddPage(tesseract::TessResultRenderer& renderer) {
  // With the name of a PNG or JPEG file Leptonica embeds that file, not the
  // image Tesseract read (deskewed, cleaned, maybe upscaled): the text layer
  // would not sit on its words.
  api_.SetInputName("");
  return renderer.AddImage(&api_);
}

void Recognizer::Clear() { api_.Clear(); }

std::string Recognizer::DataPath() {
  const char* path = api_.GetDatapath();
  return path != nullptr ? path : "";
}

void Recognizer::SetPageSegMode(int psm) {
  api_.SetPageSegMode(static_cast<tesseract::PageSegMode>(psm));
}

}  // namespace hoso::ocr_tesseract
