#include "dossier_record.h"

#include <algorithm>
#include <cstdio>
#include <map>

#include "field_value.h"
#include "folded_text.h"
#include "vocabulary.h"

namespace hoso::dossier_fields {
namespace {

Finding MakeFinding(std::string rule, Severity severity, std::string field, std::string message,
                    std::string fix) {
  return Finding{.rule_id = std::move(rule),
                 .severity = severity,
                 .field = std::move(field),
                 .message = std::move(message),
                 .suggested_fix = std::move(fix)};
}

std::string PageName(const Page& page) {
  std::string name = page.origin.file;
  const size_t slash = name.find_last_of('/');
  if (slash != std::string::npos) name = name.substr(slash + 1);
  return name + " page " + std::to_string(page.origin.page + 1);
}

std::string Fixed(double v) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%.2f", v);
  return buf;
}

// One field as read on one page.
struct Reading {
  const Page* page = nullptr;
  ValueReading value;
  ParsedValue parsed;
  double confidence = 0;
};

// Printed in capitals: no ASCII lower-case letter and at least one ASCII
// capital. Every Vietnamese word holds an ASCII letter besides its marked
// vowel, so the ASCII letters tell the case of the whole name.
bool AllCaps(std::string_view s) {
  bool letter = false;
  for (char c : s) {
    if (c >= 'a' && c <= 'z') return false;
    if (c >= 'A' && c <= 'Z') letter = true;
  }
  return letter;
}

// The reading to keep among those that parsed: the most confident, except
// that a name printed in capitals loses to the same name in mixed case
// (OCR reads tone marks on capitals worst: "NGUYÊN" for "NGUYỄN").
const Reading* Choose(const std::vector<Reading>& readings, ValueType type) {
  const Reading* best = nullptr;
  for (const Reading& r : readings) {
    if (!r.parsed.ok) continue;
    if (best == nullptr || r.confidence > best->confidence) best = &r;
  }
  if (best == nullptr || type != ValueType::kName || !AllCaps(best->parsed.value)) return best;
  for (const Reading& r : readings) {
    if (r.parsed.ok && !AllCaps(r.parsed.value) &&
        FoldWords(r.parsed.value) == FoldWords(best->parsed.value)) {
      return &r;
    }
  }
  return best;
}

bool SameValue(const Reading& a, const Reading& b) {
  return a.parsed.value == b.parsed.value || FoldWords(a.parsed.value) == FoldWords(b.parsed.value);
}

}  // namespace

void ExtractRecord(Dossier& dossier, const std::vector<FormTemplate>& forms,
                   const RecordSettings& settings) {
  MemberRecord record;
  record.id = dossier.id;
  record.source = settings.source_name;

  std::vector<std::string> field_order;  // first seen first
  std::map<std::string, std::vector<Reading>> by_field;
  std::map<std::string, ValueType> types;
  std::vector<const FieldSpec*> expected;  // fields of the recognised forms
  for (const Page& page : dossier.pages) {
    const PageReading reading = ReadPage(page, forms, settings.reading);
    if (reading.form == nullptr) {
      record.findings.push_back(MakeFinding(
          "fields.form_unknown", Severity::kWarning, "",
          PageName(page) + ": no dossier form recognised (nearest " +
              (reading.best_form.empty() ? std::string("none") : reading.best_form) + ", score " +
              Fixed(reading.form_score) + ")",
          "check the page is a member form; add its title and labels to models/forms/"));
      continue;
    }
    for (const FieldSpec& spec : reading.form->fields) expected.push_back(&spec);
    for (const ValueReading& value : reading.values) {
      Reading r;
      r.page = &page;
      r.value = value;
      r.parsed = ParseValue(value.spec->type, value.text);
      if (r.parsed.ok && value.spec->type == ValueType::kName && settings.family_names != nullptr) {
        r.parsed.value = settings.family_names->Apply(r.parsed.value);
      }
      if (r.parsed.ok && !value.spec->vocabulary.empty()) {
        r.parsed.value = ApplyVocabulary(r.parsed.value, value.spec->vocabulary);
      }
      // How sure we are: the value's letters as OCR saw them, a little less
      // when the label itself was misread.
      r.confidence = value.word_confidence * (0.8 + 0.2 * value.label_quality);
      if (!by_field.count(value.spec->name)) field_order.push_back(value.spec->name);
      types[value.spec->name] = value.spec->type;
      by_field[value.spec->name].push_back(std::move(r));
    }
  }

  for (const std::string& name : field_order) {
    std::vector<Reading>& readings = by_field[name];
    const ValueType type = types[name];
    std::vector<Reading> legible;
    const Reading* unreadable = nullptr;
    const Reading* empty = nullptr;
    const Reading* unparsed = nullptr;
    for (const Reading& r : readings) {
      if (r.value.unreadable) {
        if (unreadable == nullptr) unreadable = &r;
      } else if (r.parsed.value.empty()) {
        if (empty == nullptr) empty = &r;
      } else {
        legible.push_back(r);
        if (!r.parsed.ok && unparsed == nullptr) unparsed = &r;
      }
    }
    Field field;
    const Reading* chosen = Choose(legible, type);
    if (chosen != nullptr) {
      field.value = chosen->parsed.value;
      field.raw = chosen->value.text;
      field.confidence = chosen->confidence;
      field.provenance = chosen->page->origin;
      field.provenance.box = chosen->value.box;
      field.provenance.column.clear();
      std::vector<std::string> disagreeing;
      for (const Reading& r : legible) {
        if (r.parsed.ok && !SameValue(r, *chosen)) disagreeing.push_back(PageName(*r.page));
      }
      if (!disagreeing.empty()) {
        std::string pages;
        for (const std::string& p : disagreeing) pages += (pages.empty() ? "" : ", ") + p;
        record.findings.push_back(MakeFinding(
            "fields.pages_disagree", Severity::kWarning, name,
            "the dossier's pages read " + name + " differently; kept " + PageName(*chosen->page) +
                " (confidence " + Fixed(chosen->confidence) + "), other: " + pages,
            "compare the pages and correct the record"));
      }
    } else if (unparsed != nullptr) {
      // Kept as read, for the normalization stage and a clerk to look at.
      field.value = unparsed->parsed.value;
      field.raw = unparsed->value.text;
      field.confidence = unparsed->confidence * 0.5;
      field.provenance = unparsed->page->origin;
      field.provenance.box = unparsed->value.box;
      record.findings.push_back(MakeFinding("fields.unparsable", Severity::kWarning, name,
                                            PageName(*unparsed->page) + ": the " + name +
                                                " value is not a " + ValueTypeName(type) + ": " +
                                                unparsed->parsed.problem,
                                            "correct the value from the page"));
    } else if (unreadable != nullptr) {
      field.raw = unreadable->value.text;
      field.confidence = unreadable->confidence;
      field.provenance = unreadable->page->origin;
      field.provenance.box = unreadable->value.box;
      record.findings.push_back(
          MakeFinding("fields.manual_entry", Severity::kWarning, name,
                      PageName(*unreadable->page) + ": the " + name +
                          " value looks handwritten or unreadable (letter confidence " +
                          Fixed(unreadable->value.word_confidence) +
                          (unreadable->value.slant
                               ? ", strokes leaning " + Fixed(*unreadable->value.slant) + " degrees"
                               : std::string()) +
                          ")",
                      "enter the value by hand from the page"));
    } else if (empty != nullptr) {
      field.provenance = empty->page->origin;
      field.provenance.box = empty->value.box;
      record.findings.push_back(MakeFinding(
          "fields.label_without_value", Severity::kWarning, name,
          PageName(*empty->page) + ": label of " + name + " found with no value after or under it",
          "fill the value in from the dossier, or confirm it is blank"));
    }
    if (field.value.empty() && field.raw.empty() && field.provenance.file.empty()) continue;
    record.Set(name) = std::move(field);
  }

  // Fields every recognised form holds whose label no page showed.
  std::vector<std::string> missing;
  for (const FieldSpec* spec : expected) {
    if (by_field.count(spec->name) == 0 &&
        std::find(missing.begin(), missing.end(), spec->name) == missing.end()) {
      missing.push_back(spec->name);
    }
  }
  for (const std::string& name : missing) {
    record.findings.push_back(MakeFinding("fields.not_found", Severity::kInfo, name,
                                          "no page of the dossier shows a label of " + name,
                                          "check the dossier for the field"));
  }
  dossier.records.push_back(std::move(record));
}

}  // namespace hoso::dossier_fields
