// Runs the real plugins: csv_source reads legacy bytes, normalize_vi repairs
// and normalizes them, as in a pipeline.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "hoso/harness.h"
#include "member_name.h"
#include "tone_style.h"
#include "vietnamese_text.h"

namespace hoso::normalize_vi {
namespace {

namespace fs = std::filesystem;
using ::testing::Contains;
using ::testing::Field;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

const std::string kCsvSource = std::string(HOSO_PLUGIN_DIR) + "/csv_source.so";
const std::string kNormalize = std::string(HOSO_PLUGIN_DIR) + "/normalize_vi.so";

std::string Display(std::string_view text, bool name) {
  std::u32string chars;
  DecodeUtf8(text, chars);
  chars = TidySpaces(chars);
  if (name) chars = TitleCase(chars);
  return EncodeUtf8(ApplyToneStyle(chars, ToneStyle::kNew));
}

std::vector<std::string> Rules(const MemberRecord& record) {
  std::vector<std::string> rules;
  for (const Finding& f : record.findings) rules.push_back(f.rule_id + ":" + f.field);
  return rules;
}

MemberRecord NormalizeOne(MemberRecord record, std::string_view options = "") {
  Dossier dossier;
  dossier.id = record.id;
  dossier.records.push_back(std::move(record));
  Harness normalize(kNormalize, options);
  std::vector<Dossier> out = normalize.Run({std::move(dossier)});
  EXPECT_EQ(out.size(), 1u);
  return out.at(0).records.at(0);
}

MemberRecord Record(std::map<std::string, std::string> fields, std::string source = "export") {
  MemberRecord record;
  record.id = "r1";
  record.source = std::move(source);
  for (auto& [name, value] : fields) record.Set(name).value = value;
  return record;
}

TEST(NormalizeViPlugin, RepairsTheMixedEncodingFileRowByRowWithoutAHint) {
  const fs::path data = NORMALIZE_TEST_DATA;
  Harness source(kCsvSource,
                 "path: '" + (data / "mixed_encodings.csv").string() +
                     "'\nid_column: id\ninvalid_utf8: windows-1252\n"
                     "columns: {full_name: full_name, hometown: hometown}",
                 data);
  std::vector<Dossier> dossiers = source.ReadAll();
  ASSERT_TRUE(source.quarantined().empty());

  std::map<std::string, std::pair<std::string, std::string>> expected;
  std::map<std::string, std::string> encoding_of;
  {
    std::ifstream in(data / "mixed_encodings.expected.tsv");
    std::string line;
    std::getline(in, line);  // header
    while (std::getline(in, line)) {
      std::vector<std::string> cols;
      std::stringstream split(line);
      for (std::string col; std::getline(split, col, '\t');) cols.push_back(col);
      ASSERT_EQ(cols.size(), 4u) << line;
      expected[cols[0]] = {cols[2], cols[3]};
      encoding_of[cols[0]] = cols[1];
    }
  }
  ASSERT_EQ(dossiers.size(), expected.size());

  Harness normalize(kNormalize, "resolve_places: false");
  std::vector<Dossier> out = normalize.Run(std::move(dossiers));
  ASSERT_EQ(out.size(), expected.size());
  int repaired_findings = 0;
  for (const Dossier& dossier : out) {
    const MemberRecord& r = dossier.records.at(0);
    const auto& [name, hometown] = expected.at(r.id);
    const std::string& encoding = encoding_of.at(r.id);
    EXPECT_EQ(r.full_name.value, Display(name, true)) << r.id << " " << encoding;
    EXPECT_EQ(r.hometown.value, Display(hometown, false)) << r.id << " " << encoding;
    EXPECT_FALSE(r.full_name.raw.empty());
    EXPECT_FALSE(r.name_keys.exact.empty());
    EXPECT_FALSE(r.given_name.empty()) << r.id;
    for (const Finding& f : r.findings) {
      EXPECT_THAT(f.rule_id, Not(HasSubstr("ambiguous"))) << r.id;
      EXPECT_THAT(f.rule_id, Not(HasSubstr("unreadable"))) << r.id;
      if (f.rule_id == "vn.encoding.repaired") ++repaired_findings;
    }
    if (encoding.rfind("unicode", 0) != 0) {
      // Every legacy row says which encoding it came in.
      EXPECT_EQ(std::count_if(r.findings.begin(), r.findings.end(),
                              [](const Finding& f) { return f.rule_id == "vn.encoding.repaired"; }),
                1)
          << r.id;
    }
    if (encoding.rfind("unicode", 0) == 0) {
      EXPECT_THAT(Rules(r), Not(Contains("vn.encoding.repaired:full_name"))) << r.id;
      // Unicode text is never rewritten: only NFC, case and tone style differ.
      if (encoding == "unicode-nfc") {
        EXPECT_EQ(r.full_name.raw, name) << r.id;
      }
    }
  }
  EXPECT_EQ(repaired_findings, 366);  // the rows not in Unicode
}

TEST(NormalizeViPlugin, KeepsRawTextAndRecordsTheRepair) {
  // TCVN3 "NGUYỄN VĂN ĐỨC" as an old export shows it.
  MemberRecord r = NormalizeOne(Record({{"full_name", "NGUYÔN V¡N §øC"}}));
  EXPECT_EQ(r.full_name.value, "Nguyễn Văn Đức");
  EXPECT_EQ(r.full_name.raw, "NGUYÔN V¡N §øC");
  EXPECT_EQ(r.family_name.value, "Nguyễn");
  EXPECT_EQ(r.middle_name.value, "Văn");
  EXPECT_EQ(r.given_name.value, "Đức");
  EXPECT_EQ(r.name_keys.ascii_folded, "nguyen van duc");
  ASSERT_EQ(r.findings.size(), 1u);
  EXPECT_EQ(r.findings[0].rule_id, "vn.encoding.repaired");
  EXPECT_EQ(r.findings[0].severity, Severity::kInfo);
  EXPECT_THAT(r.findings[0].message, HasSubstr("TCVN3"));
  EXPECT_THAT(r.findings[0].message, Not(HasSubstr("Đức")));
}

TEST(NormalizeViPlugin, AppliesTheToneStyleChosen) {
  EXPECT_EQ(NormalizeOne(Record({{"full_name", "Lê Thị Hòa"}})).full_name.value, "Lê Thị Hoà");
  EXPECT_EQ(NormalizeOne(Record({{"full_name", "Lê Thị Hoà"}}), "tone_style: old").full_name.value,
            "Lê Thị Hòa");
  // Both spellings give one placement-free key.
  EXPECT_EQ(NormalizeOne(Record({{"full_name", "Lê Thị Hòa"}})).name_keys.placement_free,
            NormalizeOne(Record({{"full_name", "LÊ THỊ HOÀ"}})).name_keys.placement_free);
}

TEST(NormalizeViPlugin, EncodingBySourceDecodesWhatDetectionMustLeave) {
  // VNI "Thị" reads as the real word "Thò": only the source's encoding can
  // tell, so without a hint it stays.
  const std::string vni_thi = "Leâ Th\xC3\xB2 Hoa";  // bytes 4C 65 E2 20 54 68 F2 ...
  EXPECT_EQ(NormalizeOne(Record({{"middle_name", "Th\xC3\xB2"}, {"given_name", "Hoa"}}, "old_db"))
                .middle_name.value,
            "Thò");
  const MemberRecord hinted =
      NormalizeOne(Record({{"middle_name", "Th\xC3\xB2"}, {"given_name", "Hoa"}}, "old_db"),
                   "encoding_by_source: {old_db: vni}");
  EXPECT_EQ(hinted.middle_name.value, "Thị");
  EXPECT_EQ(NormalizeOne(Record({{"full_name", vni_thi}})).full_name.value, "Lê Thị Hoa");
}

TEST(NormalizeViPlugin, LeavesAmbiguousAndUnreadableFieldsWithAFinding) {
  const MemberRecord r = NormalizeOne(Record({{"occupation", "\xC2\x81\xC2\x8D\xC2\x90 x"}}));
  EXPECT_EQ(r.extra.size(), 0u);
  EXPECT_EQ(r.occupation.value, "\xC2\x81\xC2\x8D\xC2\x90 x");
  EXPECT_THAT(Rules(r), Contains("vn.encoding.unreadable:occupation"));
}

TEST(NormalizeViPlugin, ParsesDatesGenderAndIds) {
  const MemberRecord r = NormalizeOne(Record({{"full_name", "Trần Thị Mai"},
                                              {"gender", "NU"},
                                              {"birth_date", "ngày 14 tháng 9 năm 1975"},
                                              {"admission_date", "tháng 3/1998"},
                                              {"official_date", "31/02/1999"},
                                              {"national_id", "001 175 012 345"}}));
  EXPECT_EQ(r.gender.value, "Nữ");
  EXPECT_EQ(r.birth_date.value, "1975-09-14");
  EXPECT_EQ(r.birth_date.raw, "ngày 14 tháng 9 năm 1975");
  EXPECT_EQ(r.admission_date.value, "1998-03");
  EXPECT_EQ(r.official_date.value, "31/02/1999");  // kept as written, with a finding
  EXPECT_THAT(Rules(r), Contains("vn.date.impossible:official_date"));
  EXPECT_EQ(r.national_id.value, "001175012345");
  EXPECT_THAT(Rules(r), Not(Contains(HasSubstr("vn.id."))));

  // CCCD digit 4 says male born in the 1900s; the record says female, 1985.
  const MemberRecord mismatch = NormalizeOne(Record(
      {{"gender", "Nữ"}, {"birth_date", "1985"}, {"national_id", "001.075.012.345"}}));
  EXPECT_THAT(Rules(mismatch), Contains("vn.id.cccd_gender:national_id"));
  EXPECT_THAT(Rules(mismatch), Contains("vn.id.cccd_birth_year:national_id"));

  const MemberRecord odd = NormalizeOne(Record({{"gender", "không rõ"}}));
  EXPECT_THAT(Rules(odd), Contains("vn.gender.unknown:gender"));
}

TEST(NormalizeViPlugin, ResolvesPlacesInOldAndNewFormsToTheSameCodes) {
  const MemberRecord old_form =
      NormalizeOne(Record({{"hometown", "Xã Yên Sở, H. Hoài Đức, Hà Tây"}}));
  const MemberRecord province = NormalizeOne(Record({{"hometown", "Hà Nội"}}));
  EXPECT_EQ(old_form.hometown.value, "Xã Yên Sở, H. Hoài Đức, Hà Tây");  // wording kept
  ASSERT_TRUE(old_form.unit_codes.count("hometown.province_2025")) << ::testing::PrintToString(Rules(old_form));
  EXPECT_EQ(old_form.unit_codes.at("hometown.province_2025"),
            province.unit_codes.at("hometown.province_2025"));
  const MemberRecord unknown = NormalizeOne(Record({{"birth_place", "Xứ Sở Thần Tiên"}}));
  EXPECT_EQ(unknown.birth_place.value, "Xứ Sở Thần Tiên");
  EXPECT_THAT(Rules(unknown), Contains("vn.place.unknown:birth_place"));
}

// place_names: official writes a cleanly resolved place with the register's
// full unit names; place_fields adds an extra field to the places resolved.
TEST(NormalizeViPlugin, OfficialPlaceNamesAndExtraPlaceFields) {
  const MemberRecord record = NormalizeOne(
      Record({{"hometown", "Săm Khóe, Mai Châu, Hòa Bình"}, {"residence", "Xã Yên Sở, H. Hoài Đức, Hà Tây"},
              {"birth_place", "Xứ Sở Thần Tiên"}}),
      "place_names: official\nplace_fields: [hometown, birth_place, residence]");
  // The register spells the province Hoà Bình and the commune Săm Khóe.
  EXPECT_EQ(record.hometown.value, "Xã Săm Khóe, Huyện Mai Châu, Tỉnh Hoà Bình") << ::testing::PrintToString(Rules(record));
  EXPECT_EQ(record.hometown.raw, "Săm Khóe, Mai Châu, Hòa Bình");
  EXPECT_EQ(record.birth_place.value, "Xứ Sở Thần Tiên");  // unknown: as written
  EXPECT_TRUE(record.unit_codes.count("residence.province_2025"));
  EXPECT_TRUE(record.unit_codes.count("hometown.commune"));
  // The default keeps the wording.
  const MemberRecord kept = NormalizeOne(Record({{"hometown", "Săm Khóe, Mai Châu, Hòa Bình"}}));
  EXPECT_EQ(kept.hometown.value, "Săm Khoé, Mai Châu, Hoà Bình");  // tone style only
}

TEST(NormalizeViPlugin, RefusesAnUnknownEncodingNamingTheSource) {
  try {
    Harness normalize(kNormalize, "encoding_by_source: {old_db: latin9}");
    FAIL() << "no error";
  } catch (const std::exception& e) {
    EXPECT_THAT(e.what(), HasSubstr("encoding_by_source.old_db"));
    EXPECT_THAT(e.what(), HasSubstr("latin9"));
    EXPECT_THAT(e.what(), HasSubstr("tcvn3"));
  }
}

}  // namespace
}  // namespace hoso::normalize_vi
