// Validator plugin: flags records that lack fields the handbook needs.
#include <stdexcept>
#include <string>
#include <vector>

#include "field_ref.h"
#include "hoso/plugin.h"

namespace hoso::required_fields {
namespace {

Severity ParseSeverity(const std::string& name) {
  if (name == "info") return Severity::kInfo;
  if (name == "warning") return Severity::kWarning;
  if (name == "error") return Severity::kError;
  // The host checks enum choices; this guards a host that did not.
  throw std::invalid_argument("severity must be info, warning or error, not '" + name + "'");
}

class RequiredFields : public Validator {
 public:
  explicit RequiredFields(const Options& options)
      : severity_(ParseSeverity(options.String("severity"))) {
    for (const std::string& name : options.List("fields")) {
      bool listed = false;
      for (const FieldRef& field : fields_) listed = listed || field.name() == name;
      if (!listed) fields_.emplace_back(name);  // a repeat would double the finding
    }
    if (fields_.empty()) throw std::invalid_argument("fields: list at least one field");
  }

  void Validate(const MemberRecord& record, std::vector<Finding>& findings, Context& ctx) override {
    (void)ctx;
    for (const FieldRef& ref : fields_) {
      const Field* field = ref.In(record);
      if (field != nullptr && !field->empty()) continue;
      findings.push_back(Finding{
          .rule_id = "core.required",
          .severity = severity_,
          .field = ref.name(),
          .message = "required field '" + ref.name() + "' is missing",
          .suggested_fix = "fill it from the dossier",
      });
    }
  }

 private:
  Severity severity_;
  std::vector<FieldRef> fields_;
};

constexpr OptionSpec kOptions[] = {
    {.name = "fields",
     .type = OptionType::kStringList,
     .default_value = "[full_name, birth_date]",
     .help = "fields every record must have: core field names or extra.<name>"},
    {.name = "severity",
     .type = OptionType::kEnum,
     .default_value = "error",
     .help = "severity of the finding for a missing field",
     .choices = "info|warning|error"},
};

}  // namespace
}  // namespace hoso::required_fields

HOSO_PLUGIN(hoso::MakeDescriptor<hoso::required_fields::RequiredFields>(
    hoso::PluginKind::kValidator, "required_fields", "1.0.0",
    "Flags records missing required fields (default: full_name, birth_date)",
    hoso::required_fields::kOptions));
