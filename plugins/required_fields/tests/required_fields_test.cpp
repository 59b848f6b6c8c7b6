#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "hoso/harness.h"
#include "hoso/plugin.h"

namespace {

namespace fs = std::filesystem;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

const std::string kPlugin = std::string(HOSO_PLUGIN_DIR) + "/required_fields.so";

hoso::Field MakeField(std::string value) {
  hoso::Field field;
  field.raw = value;
  field.value = std::move(value);
  return field;
}

hoso::Dossier MakeDossier(const std::string& id) {
  hoso::Dossier dossier;
  dossier.id = id;
  // Real dossiers always account for an input unit; the host drops those
  // that account for none.
  hoso::Provenance unit;
  unit.file = "members_2019.csv";
  unit.row = 1;
  dossier.units.push_back(unit);
  hoso::MemberRecord& record = dossier.records.emplace_back();
  record.id = id;
  record.source = "members_2019";
  return dossier;
}

std::vector<hoso::Finding> FindingsAfter(const std::string& options, hoso::Dossier dossier) {
  hoso::Harness rule(kPlugin, options);
  std::vector<hoso::Dossier> out = rule.Run({std::move(dossier)});
  EXPECT_EQ(out.size(), 1u);
  EXPECT_THAT(rule.quarantined(), IsEmpty());
  if (out.empty() || out[0].records.empty()) return {};
  return out[0].records[0].findings;
}

std::vector<std::string> FieldsOf(const std::vector<hoso::Finding>& findings) {
  std::vector<std::string> fields;
  for (const hoso::Finding& finding : findings) fields.push_back(finding.field);
  return fields;
}

std::string ErrorOf(const std::string& options) {
  try {
    hoso::Harness rule(kPlugin, options);
    rule.Run({MakeDossier("HS-01")});
  } catch (const std::exception& e) {
    return e.what();
  }
  ADD_FAILURE() << "no error for options: " << options;
  return "";
}

TEST(RequiredFieldsTest, FlagsMissingNameAndBirthDateByDefault) {
  const std::vector<hoso::Finding> findings = FindingsAfter("", MakeDossier("HS-14"));

  ASSERT_EQ(findings.size(), 2u);
  EXPECT_EQ(findings[0].rule_id, "core.required");
  EXPECT_EQ(findings[0].severity, hoso::Severity::kError);
  EXPECT_EQ(findings[0].field, "full_name");
  EXPECT_EQ(findings[0].message, "required field 'full_name' is missing");
  EXPECT_EQ(findings[0].suggested_fix, "fill it from the dossier");
  EXPECT_EQ(findings[1].field, "birth_date");
  EXPECT_EQ(findings[1].message, "required field 'birth_date' is missing");
}

TEST(RequiredFieldsTest, PresentFieldsRaiseNothing) {
  hoso::Dossier dossier = MakeDossier("HS-01");
  dossier.records[0].full_name = MakeField("Nguyễn Văn Hùng");
  dossier.records[0].birth_date = MakeField("1975-09-14");

  EXPECT_THAT(FindingsAfter("", dossier), IsEmpty());
}

TEST(RequiredFieldsTest, FieldWithRawTextButNoValueIsMissing) {
  hoso::Dossier dossier = MakeDossier("HS-14");
  dossier.records[0].full_name = MakeField("Trịnh Thị Mai");
  // A date the normalizer could not read keeps its raw text but no value.
  dossier.records[0].birth_date.raw = "31/02/19";

  EXPECT_THAT(FieldsOf(FindingsAfter("", dossier)), ElementsAre("birth_date"));
}

TEST(RequiredFieldsTest, ChecksListedCoreAndExtraFieldsWithChosenSeverity) {
  hoso::Dossier dossier = MakeDossier("LG0106");
  dossier.records[0].party_card_number = MakeField("25.000974");
  dossier.records[0].extra["chi_bo"] = MakeField("");

  const std::vector<hoso::Finding> findings = FindingsAfter(
      "fields: [national_id, party_card_number, extra.chi_bo, extra.so_cmnd, national_id]\n"
      "severity: warning",
      dossier);

  EXPECT_THAT(FieldsOf(findings), ElementsAre("national_id", "extra.chi_bo", "extra.so_cmnd"));
  ASSERT_EQ(findings.size(), 3u);
  EXPECT_EQ(findings[1].message, "required field 'extra.chi_bo' is missing");
  for (const hoso::Finding& finding : findings) {
    EXPECT_EQ(finding.severity, hoso::Severity::kWarning);
  }
}

TEST(RequiredFieldsTest, AcceptsSingleFieldAsScalar) {
  EXPECT_THAT(FieldsOf(FindingsAfter("fields: hometown\nseverity: info", MakeDossier("A"))),
              ElementsAre("hometown"));
}

TEST(RequiredFieldsTest, KeepsFindingsOtherStagesAdded) {
  hoso::Dossier dossier = MakeDossier("HS-02");
  dossier.records[0].full_name = MakeField("Trần Thị Thu Hương");
  dossier.records[0].findings.push_back({.rule_id = "vn.date.format",
                                         .severity = hoso::Severity::kInfo,
                                         .field = "admission_date",
                                         .message = "day and month may be swapped",
                                         .suggested_fix = ""});

  const std::vector<hoso::Finding> findings = FindingsAfter("", dossier);

  ASSERT_EQ(findings.size(), 2u);
  EXPECT_EQ(findings[0].rule_id, "vn.date.format");
  EXPECT_EQ(findings[1].field, "birth_date");
}

TEST(RequiredFieldsTest, RefusesUnknownFieldNames) {
  EXPECT_THAT(ErrorOf("fields: [full_name, birthdate]"), HasSubstr("'birthdate'"));
  EXPECT_THAT(ErrorOf("fields: ['extra.']"), HasSubstr("extra."));
  EXPECT_THAT(ErrorOf("fields: [extra.full_name]"), HasSubstr("core field"));
  EXPECT_THAT(ErrorOf("fields: []"), HasSubstr("at least one"));
}

TEST(RequiredFieldsTest, HostRefusesUnknownSeverity) {
  EXPECT_THAT(ErrorOf("severity: fatal"), HasSubstr("severity"));
}

// The host's side of the contract, to call Validate without the harness.
class RuleContext : public hoso::Context {
 public:
  void Quarantine(const hoso::Provenance&, std::string_view, std::string_view) override {}
  void Log(hoso::LogLevel, std::string_view) override {}
  const fs::path& BaseDir() const override { return base_dir_; }
  int Worker() const override { return 0; }
  uint64_t Seed() const override { return 0; }

 private:
  fs::path base_dir_ = fs::current_path();
};

TEST(RequiredFieldsTest, AppendsToTheFindingsItIsGiven) {
  hoso::Harness harness(kPlugin);
  ASSERT_EQ(harness.descriptor().kind, hoso::PluginKind::kValidator);
  hoso::Options options;
  options.Set("fields", std::vector<std::string>{"given_name"});
  options.Set("severity", std::string("info"));
  std::unique_ptr<hoso::Plugin> plugin(harness.descriptor().create(options));
  auto& rule = *static_cast<hoso::Validator*>(plugin.get());
  RuleContext ctx;
  std::vector<hoso::Finding> findings(1);

  rule.Validate(MakeDossier("A").records[0], findings, ctx);

  ASSERT_EQ(findings.size(), 2u);
  EXPECT_EQ(findings[1].field, "given_name");
  EXPECT_EQ(findings[1].severity, hoso::Severity::kInfo);
}

}  // namespace
