// One OCR'd page read against the dossier forms: which form it is, where its
// labels are, and the text printed after each label.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "form_template.h"
#include "hoso/dossier.h"

namespace hoso::dossier_fields {

struct ReadingSettings {
  double min_form_score = 0.45;  // below: the page is not a known form
  // Value words below this mean confidence are taken for handwriting or an
  // unreadable entry: the field goes to manual entry instead of guessing.
  // Measured (docs/benchmarks.md): print reads at 0.93 or more in nine
  // cases of ten even on heavily degraded scans, handwriting at 0.45 in
  // half; at 0.8, 0.1-0.6 % of printed values go to a clerk.
  double manual_entry_confidence = 0.8;
  // Ink leaning this far from upright (page pixels needed) is handwriting:
  // measured print 0-2 degrees, a cursive hand 10-22.
  double handwriting_slant_degrees = 6;
};

struct ValueReading {
  const FieldSpec* spec = nullptr;
  std::string text;             // as OCR read it, label excluded
  Box box;                      // of the value's words; the label's box when no value
  double word_confidence = 0;   // mean over the value's letters, [0, 1]
  double label_quality = 0;     // 1 = label read without an edit
  bool unreadable = false;      // handwriting or garbage: manual entry
  std::optional<double> slant;  // degrees of the value's strokes, when pixels were there
};

struct PageReading {
  const FormTemplate* form = nullptr;  // nullptr: no form recognised
  double form_score = 0;
  std::string best_form;             // the nearest form even when none was recognised
  std::vector<ValueReading> values;  // fields whose label was found, in print order
};

PageReading ReadPage(const Page& page, const std::vector<FormTemplate>& forms,
                     const ReadingSettings& settings);

}  // namespace hoso::dossier_fields
