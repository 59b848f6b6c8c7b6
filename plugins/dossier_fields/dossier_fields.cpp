// Transform plugin: OCR'd pages of a dossier -> one member record, every
// field with the page and box it was read from. Forms are described in
// models/forms/*.yaml (docs/field-extraction.md).
#include <boost/dll/runtime_symbol_info.hpp>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "dossier_record.h"
#include "eval_fields.h"
#include "form_template.h"
#include "hoso/plugin.h"

namespace hoso::dossier_fields {
namespace {

namespace fs = std::filesystem;

// The forms directory: the option, else next to an installed plugin
// (<prefix>/lib/hoso/plugins -> <prefix>/share/hoso/models/forms), else the
// source tree this plugin was built from.
fs::path FormsDir(const std::string& option) {
  if (!option.empty()) return option;
  std::error_code ec;
  const fs::path self = boost::dll::this_line_location(ec);
  if (!ec) {
    const fs::path installed = self.parent_path() / "../../../share/hoso/models/forms";
    if (fs::exists(installed, ec)) return installed.lexically_normal();
  }
  return fs::path(HOSO_MODELS_DIR) / "forms";
}

// Workers share one copy of the parsed forms.
std::shared_ptr<const std::vector<FormTemplate>> SharedForms(const fs::path& dir) {
  static std::mutex mutex;
  static std::map<fs::path, std::weak_ptr<const std::vector<FormTemplate>>> loaded;
  std::lock_guard<std::mutex> lock(mutex);
  auto& slot = loaded[dir];
  std::shared_ptr<const std::vector<FormTemplate>> forms = slot.lock();
  if (!forms) {
    forms = std::make_shared<const std::vector<FormTemplate>>(LoadForms(dir));
    slot = forms;
  }
  return forms;
}

class DossierFields : public Transform {
 public:
  explicit DossierFields(const Options& options)
      : forms_(SharedForms(FormsDir(options.String("forms")))),
        drop_words_(options.Bool("drop_words")) {
    settings_.source_name = options.String("source_name");
    settings_.reading.min_form_score = options.Double("min_form_score");
    settings_.reading.manual_entry_confidence = options.Double("manual_entry_confidence");
    settings_.reading.handwriting_slant_degrees = options.Double("handwriting_slant_degrees");
    if (const fs::path file = options.String("family_names"); file.filename() != "none") {
      family_names_ = std::make_shared<FamilyNamePrior>(FamilyNamePrior::Load(
          file.empty() ? FormsDir("").parent_path() / "names" / "family_names_frequency.tsv"
                       : file));
      settings_.family_names = family_names_.get();
    }
    keep_image_ = options.Bool("keep_image");
  }

  void Process(Dossier& dossier, Context& ctx) override {
    (void)ctx;
    if (dossier.pages.empty()) return;  // a tabular record: nothing to read
    ExtractRecord(dossier, *forms_, settings_);
    if (!keep_image_) {
      // The pixels were kept past OCR for the handwriting check only.
      for (Page& page : dossier.pages) {
        std::vector<unsigned char>().swap(page.image);
        page.image_format.clear();
      }
    }
    if (drop_words_) {
      for (Page& page : dossier.pages) {
        page.words.clear();
        page.words.shrink_to_fit();
        page.lines.clear();
        page.lines.shrink_to_fit();
      }
    }
  }

 private:
  std::shared_ptr<const std::vector<FormTemplate>> forms_;
  RecordSettings settings_;
  bool drop_words_ = false;
  bool keep_image_ = false;
  std::shared_ptr<const FamilyNamePrior> family_names_;
};

constexpr OptionSpec kOptions[] = {
    {.name = "forms",
     .type = OptionType::kPath,
     .default_value = "''",
     .help = "directory of form files (*.yaml); empty: the installed models/forms, else the source "
             "tree's"},
    {.name = "source_name",
     .type = OptionType::kString,
     .default_value = "scans",
     .help = "the records' source name (survivorship and reports tell sources apart by it)"},
    {.name = "min_form_score",
     .type = OptionType::kDouble,
     .default_value = "0.45",
     .help = "a page is read as a form when half its title match plus half the share of its "
             "fields' labels found reaches this",
     .min = 0,
     .max = 1},
    {.name = "manual_entry_confidence",
     .type = OptionType::kDouble,
     .default_value = "0.8",
     .help = "a value whose letters OCR read with less mean confidence is taken for handwriting: "
             "left empty with a fields.manual_entry finding",
     .min = 0,
     .max = 1},
    {.name = "handwriting_slant_degrees",
     .type = OptionType::kDouble,
     .default_value = "6",
     .help = "a value whose strokes lean this far from upright is taken for handwriting (needs "
             "the page pixels: ocr_tesseract keep_image: true); 90: off",
     .min = 0,
     .max = 90},
    {.name = "family_names",
     .type = OptionType::kPath,
     .default_value = "''",
     .help = "family names by share of the population; a name's first word printed in capitals "
             "with the same letters as one of them is read as it (NGUYÊN -> NGUYỄN). Empty: "
             "models/names/family_names_frequency.tsv; none: off"},
    {.name = "keep_image",
     .type = OptionType::kBool,
     .default_value = "false",
     .help = "keep page.image for later stages; false frees the pixels once the record is made"},
    {.name = "drop_words",
     .type = OptionType::kBool,
     .default_value = "false",
     .help = "drop the pages' words and lines once the record is made (less memory in big "
             "batches; sinks that write pages then write text only)"},
};

}  // namespace
}  // namespace hoso::dossier_fields

HOSO_PLUGIN((hoso::PluginDescriptor{
    hoso::kAbiVersion, "dossier_fields", "1.0.0", hoso::PluginKind::kTransform,
    "OCR'd dossier pages -> one member record per dossier, from form templates (models/forms)",
    hoso::dossier_fields::kOptions, std::size(hoso::dossier_fields::kOptions),
    &hoso::CreatePlugin<hoso::dossier_fields::DossierFields>, hoso::dossier_fields::kCommands,
    std::size(hoso::dossier_fields::kCommands)}));
