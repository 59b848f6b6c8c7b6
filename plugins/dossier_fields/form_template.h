// A dossier form, as described by a file in models/forms/: how to recognise
// it (title, labels) and which fields it holds, each with the label texts a
// clerk's form may print for it and the type of its value.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "vocabulary.h"

namespace hoso::dossier_fields {

enum class ValueType { kName, kDate, kPlace, kId, kCardNumber, kGender, kText };

const char* ValueTypeName(ValueType type);

// Part of the page, as fractions of its width and height.
struct Region {
  double left = 0, top = 0, right = 1, bottom = 1;
};

struct Label {
  std::string text;    // as printed: "Họ và tên khai sinh"
  std::string folded;  // "hovatenkhaisinh"
};

struct FieldSpec {
  std::string name;  // a core field ("birth_date") or an extra ("residence")
  ValueType type = ValueType::kText;
  std::vector<Label> labels;
  std::optional<Region> region;
  bool multiline = false;          // the value may run onto the next line
  std::vector<Phrase> vocabulary;  // phrases its values are written with
};

struct FormTemplate {
  std::string id;     // "phieu_dang_vien"
  std::string title;  // human name, for findings and --help
  std::string file;   // where it was read from
  std::vector<Label> titles;
  std::vector<FieldSpec> fields;
  // Printed labels that are not fields we read ("Tên gọi khác"): knowing them
  // stops the value before them from running on.
  std::vector<Label> other_labels;
};

// Every *.yaml in `dir`, sorted by file name. Throws std::invalid_argument
// naming the file (and line) of the first problem.
std::vector<FormTemplate> LoadForms(const std::filesystem::path& dir);

FormTemplate ParseForm(const std::string& yaml_text, const std::string& file);

}  // namespace hoso::dossier_fields
