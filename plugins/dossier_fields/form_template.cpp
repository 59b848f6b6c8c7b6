#include "form_template.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "folded_text.h"

namespace hoso::dossier_fields {
namespace {

struct TypeName {
  ValueType type;
  const char* name;
};

constexpr TypeName kTypes[] = {
    {ValueType::kName, "name"},
    {ValueType::kDate, "date"},
    {ValueType::kPlace, "place"},
    {ValueType::kId, "id"},
    {ValueType::kCardNumber, "card_number"},
    {ValueType::kGender, "gender"},
    {ValueType::kText, "text"},
};

[[noreturn]] void Fail(const std::string& file, const YAML::Node& node, const std::string& what) {
  std::string where = file;
  if (node.IsDefined() && node.Mark().line >= 0)
    where += ":" + std::to_string(node.Mark().line + 1);
  throw std::invalid_argument(where + ": " + what);
}

Label MakeLabel(const std::string& file, const YAML::Node& node) {
  if (!node.IsScalar()) Fail(file, node, "a label must be a string");
  Label label{node.as<std::string>(), ""};
  label.folded = Fold(label.text).chars;
  if (label.folded.size() < 2)
    Fail(file, node, "label '" + label.text + "' has no letters to match");
  return label;
}

std::vector<Label> Labels(const std::string& file, const YAML::Node& node, const char* key) {
  std::vector<Label> out;
  if (node.IsNull()) return out;
  if (node.IsScalar()) {
    out.push_back(MakeLabel(file, node));
    return out;
  }
  if (!node.IsSequence()) Fail(file, node, std::string(key) + " must be a list of strings");
  for (const YAML::Node& item : node) out.push_back(MakeLabel(file, item));
  return out;
}

// A key of a mapping, or an empty node: operator[] on a const node yields an
// invalid node for a missing key, which throws on any question but
// IsDefined().
YAML::Node Get(const YAML::Node& map, const char* key) {
  const YAML::Node node = map[key];
  return node.IsDefined() ? node : YAML::Node();
}

}  // namespace

const char* ValueTypeName(ValueType type) {
  for (const TypeName& t : kTypes) {
    if (t.type == type) return t.name;
  }
  return "?";
}

FormTemplate ParseForm(const std::string& yaml_text, const std::string& file) {
  YAML::Node root;
  try {
    root = YAML::Load(yaml_text);
  } catch (const YAML::Exception& e) {
    throw std::invalid_argument(file + ":" + std::to_string(e.mark.line + 1) + ": " + e.msg);
  }
  if (!root.IsMap()) Fail(file, root, "a form file is a mapping with form, titles and fields");
  FormTemplate form;
  form.file = file;
  if (!Get(root, "form").IsScalar()) Fail(file, root, "missing 'form: <id>'");
  form.id = root["form"].as<std::string>();
  form.title = Get(root, "title").IsScalar() ? root["title"].as<std::string>() : form.id;
  form.titles = Labels(file, Get(root, "titles"), "titles");
  form.other_labels = Labels(file, Get(root, "other_labels"), "other_labels");
  const YAML::Node fields = Get(root, "fields");
  if (!fields.IsSequence() || fields.size() == 0)
    Fail(file, root, "'fields' must be a non-empty list");
  for (const YAML::Node& f : fields) {
    FieldSpec spec;
    if (!f.IsMap() || !Get(f, "name").IsScalar()) Fail(file, f, "a field needs a name");
    spec.name = f["name"].as<std::string>();
    const std::string type = Get(f, "type").IsScalar() ? f["type"].as<std::string>() : "text";
    bool known = false;
    std::string names;
    for (const TypeName& t : kTypes) {
      names += std::string(names.empty() ? "" : ", ") + t.name;
      if (type == t.name) {
        spec.type = t.type;
        known = true;
      }
    }
    if (!known)
      Fail(file, f["type"],
           "field " + spec.name + ": unknown type '" + type + "' (types: " + names + ")");
    spec.labels = Labels(file, Get(f, "labels"), "labels");
    if (spec.labels.empty()) Fail(file, f, "field " + spec.name + " has no labels");
    spec.multiline = Get(f, "multiline").IsScalar()
                         ? f["multiline"].as<bool>()
                         : (spec.type == ValueType::kPlace || spec.type == ValueType::kText);
    if (const YAML::Node v = Get(f, "vocabulary"); !v.IsNull()) {
      if (!v.IsSequence())
        Fail(file, v, "field " + spec.name + ": vocabulary must be a list of phrases");
      for (const YAML::Node& phrase : v) {
        if (!phrase.IsScalar())
          Fail(file, phrase, "field " + spec.name + ": a vocabulary phrase is a string");
        spec.vocabulary.push_back(MakePhrase(phrase.as<std::string>()));
        if (spec.vocabulary.back().folded.size() < 2) {
          Fail(file, phrase,
               "field " + spec.name + ": vocabulary phrases have two words or more ('" +
                   phrase.as<std::string>() + "')");
        }
      }
    }
    if (const YAML::Node r = Get(f, "region"); !r.IsNull()) {
      if (!r.IsSequence() || r.size() != 4)
        Fail(file, r, "region is [left, top, right, bottom] in fractions of the page");
      Region region{r[0].as<double>(), r[1].as<double>(), r[2].as<double>(), r[3].as<double>()};
      if (!(region.left >= 0 && region.left < region.right && region.right <= 1 &&
            region.top >= 0 && region.top < region.bottom && region.bottom <= 1)) {
        Fail(file, r, "region must satisfy 0 <= left < right <= 1 and 0 <= top < bottom <= 1");
      }
      spec.region = region;
    }
    form.fields.push_back(std::move(spec));
  }
  if (form.titles.empty())
    Fail(file, root, "'titles' must name at least one title the form prints");
  return form;
}

std::vector<FormTemplate> LoadForms(const std::filesystem::path& dir) {
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) {
    throw std::invalid_argument("forms: " + dir.string() +
                                " is not a directory of form files (*.yaml)");
  }
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() == ".yaml") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  std::vector<FormTemplate> forms;
  for (const auto& path : files) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    if (!in) throw std::invalid_argument(path.string() + ": cannot read");
    forms.push_back(ParseForm(text.str(), path.string()));
  }
  if (forms.empty()) throw std::invalid_argument("forms: no *.yaml form file in " + dir.string());
  return forms;
}

}  // namespace hoso::dossier_fields
