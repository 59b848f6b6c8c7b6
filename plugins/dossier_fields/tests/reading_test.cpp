// The reading pieces on pages built word by word: what OCR hands over when
// it reads a form well, and the ways it reads one badly.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "dossier_record.h"
#include "family_names.h"
#include "field_value.h"
#include "folded_text.h"
#include "form_template.h"
#include "handwriting.h"
#include "label_search.h"
#include "page_reading.h"
#include "tone_placement.h"

namespace hoso::dossier_fields {
namespace {

using ::testing::HasSubstr;

// Lays words out like a 300 dpi form: rows 90 px apart, letters 40 px high,
// 22 px per character, one space 15 px; "|" in a row's text starts a new
// cell 300 px further right.
class PageBuilder {
 public:
  PageBuilder& Row(const std::string& text, float confidence = 0.95f, int indent = 0) {
    int x = 236 + indent;
    const int first = static_cast<int>(page_.words.size());
    Line line;
    line.first_word = first;
    size_t start = 0;
    while (start < text.size()) {
      size_t space = text.find(' ', start);
      if (space == std::string::npos) space = text.size();
      const std::string word = text.substr(start, space - start);
      start = space + 1;
      if (word.empty()) continue;
      if (word == "|") {
        x += 300;
        continue;
      }
      int letters = 0;
      for (unsigned char c : word) letters += (c & 0xC0) != 0x80 ? 1 : 0;
      page_.words.push_back({word, {x, y_, 22 * letters, 40}, confidence});
      x += 22 * letters + 15;
    }
    line.word_count = static_cast<int>(page_.words.size()) - first;
    page_.lines.push_back(line);
    y_ += 90;
    return *this;
  }
  PageBuilder& Skip(int rows) {
    y_ += 90 * rows;
    return *this;
  }
  Page Build() {
    page_.origin.file = "dossiers/a.tif";
    page_.origin.page = 0;
    page_.width = 2480;
    page_.height = 3508;
    page_.dpi = 300;
    return page_;
  }

 private:
  Page page_;
  int y_ = 300;
};

// Readings point into the forms, so the forms outlive every test.
const std::vector<FormTemplate>& Forms() {
  static const std::vector<FormTemplate> forms = LoadForms(std::string(HOSO_MODELS_DIR) + "/forms");
  return forms;
}

std::map<std::string, std::string> Values(const PageReading& reading) {
  std::map<std::string, std::string> out;
  for (const ValueReading& v : reading.values) out[v.spec->name] = TrimValue(v.text);
  return out;
}

TEST(Fold, DropsMarksCaseSpacesAndPunctuation) {
  EXPECT_EQ(Fold("Họ và tên khai sinh:").chars, "hovatenkhaisinh");
  EXPECT_EQ(Fold("ĐẢNG VIÊN").chars, "dangvien");
  EXPECT_EQ(Fold("Ngày 14/9").chars, "ngay149");
  // NFD input folds the same as NFC.
  EXPECT_EQ(Fold("Vie\xCC\x82\xCC\xA3t").chars, "viet");
  EXPECT_EQ(FoldWords("  Nữ, "), "nu");
  const FoldedText f = Fold("Dân tộc");
  ASSERT_EQ(f.size(), 6);
  EXPECT_EQ(f.source_begin[1], 1);  // 'â' is two bytes
  EXPECT_EQ(f.source_end[1], 3);
}

TEST(FindApprox, FindsLabelsWithOcrErrorsAndGluedWords) {
  // "Giớitnh:" lost a letter and a space.
  const auto m = FindApprox(Fold("Giớitnh: Nam").chars, "gioitinh", 1);
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m[0].begin, 0);
  EXPECT_EQ(m[0].distance, 1);
  // Glued to its value, the label still ends where it should.
  const auto glued = FindApprox(Fold("Dân tộcKinh").chars, "dantoc", 1);
  ASSERT_FALSE(glued.empty());
  EXPECT_EQ(glued[0].end, 6);
  EXPECT_TRUE(FindApprox(Fold("Nghề nghiệp").chars, "tongiao", 1).empty());
  EXPECT_EQ(AllowedEdits(4), 0);
  EXPECT_EQ(AllowedEdits(17), 3);
  // Two edits in ten letters would read a name as a label.
  EXPECT_TRUE(FindApprox("nguyenvanan", "nguyenquan", AllowedEdits(10)).empty());
}

TEST(ParseValue, Dates) {
  EXPECT_EQ(ParseValue(ValueType::kDate, "12 tháng 09 năm 1987").value, "1987-09-12");
  EXPECT_EQ(ParseValue(ValueType::kDate, "24/4/2016...").value, "2016-04-24");
  EXPECT_EQ(ParseValue(ValueType::kDate, "19-3-1971").value, "1971-03-19");
  EXPECT_EQ(ParseValue(ValueType::kDate, "ngày 28 tháng 3 năm 2000 tại Chi bộ 5").value,
            "2000-03-28");
  EXPECT_EQ(ParseValue(ValueType::kDate, "12 tháng 09năm1987").value, "1987-09-12");
  EXPECT_EQ(ParseValue(ValueType::kDate, "1O/O3/2001").value, "2001-03-10");  // O read for 0
  const ParsedValue bad = ParseValue(ValueType::kDate, "31/02/1970");
  EXPECT_FALSE(bad.ok);
  EXPECT_EQ(bad.value, "31/02/1970");
  EXPECT_EQ(bad.problem, "no such day");
  EXPECT_FALSE(ParseValue(ValueType::kDate, "12/9/87").ok);
  EXPECT_FALSE(ParseValue(ValueType::kDate, "Không rõ").ok);
}

TEST(ParseValue, NumbersGenderAndText) {
  EXPECT_EQ(ParseValue(ValueType::kId, "017087259980 _").value, "017087259980");
  EXPECT_EQ(ParseValue(ValueType::kId, "O17 O87 259 98O").value, "017087259980");
  EXPECT_FALSE(ParseValue(ValueType::kId, "01708725998").ok);
  EXPECT_EQ(ParseValue(ValueType::kCardNumber, "17.514923").value, "17.514923");
  EXPECT_EQ(ParseValue(ValueType::kCardNumber, "17514923").value, "17.514923");
  EXPECT_FALSE(ParseValue(ValueType::kCardNumber, "1751492").ok);
  EXPECT_EQ(ParseValue(ValueType::kGender, "Nữ").value, "Nữ");
  EXPECT_EQ(ParseValue(ValueType::kGender, "NAM").value, "Nam");
  EXPECT_FALSE(ParseValue(ValueType::kGender, "Không").ok);
  EXPECT_EQ(ParseValue(ValueType::kText, ": Chi bộ Khu dân cư số 10..........  222").value,
            "Chi bộ Khu dân cư số 10");
  EXPECT_EQ(ParseValue(ValueType::kPlace, "Xã Săm Khóe, Huyện Mai Châu = ~").value,
            "Xã Săm Khóe, Huyện Mai Châu");
  EXPECT_FALSE(ParseValue(ValueType::kName, "NGUYEN 2").ok);
  // "ư" ends in byte 0xB0, as the degree sign "°" does: a value must never
  // lose half a letter.
  EXPECT_EQ(ParseValue(ValueType::kName, "Nguyễn Thị Minh Như").value, "Nguyễn Thị Minh Như");
  EXPECT_EQ(TrimValue("Như°"), "Như");
  EXPECT_EQ(TrimValue("Thành phố _ Hải Phòng | \"¬"), "Thành phố Hải Phòng");
  EXPECT_EQ(TrimValue("Khu 1 - Phường 2 -"), "Khu 1 - Phường 2");
  EXPECT_EQ(ParseValue(ValueType::kName, "...").problem, "no value after the label");
}

// Strokes drawn into a page image: upright bars as print has, and bars
// leaning right by `lean` degrees as a hand writes them.
Page PageWithStrokes(double lean) {
  Page page;
  page.width = 600;
  page.height = 200;
  page.image_format = "gray8";
  page.image.assign(static_cast<size_t>(page.width) * page.height, 255);
  const double shift = std::tan(lean * M_PI / 180.0);
  for (int stroke = 0; stroke < 12; ++stroke) {
    const int foot = 60 + stroke * 40;
    for (int y = 60; y < 140; ++y) {
      const int x = foot + static_cast<int>(std::lround((140 - y) * shift));
      for (int dx = 0; dx < 5; ++dx) page.image[static_cast<size_t>(y) * page.width + x + dx] = 0;
    }
  }
  return page;
}

TEST(Handwriting, SlantOfStrokes) {
  const Box box{40, 50, 540, 100};
  EXPECT_NEAR(*StrokeSlantDegrees(PageWithStrokes(0), box), 0, 1);
  EXPECT_NEAR(*StrokeSlantDegrees(PageWithStrokes(14), box), 14, 2);
  EXPECT_NEAR(*StrokeSlantDegrees(PageWithStrokes(-10), box), -10, 2);
  Page empty = PageWithStrokes(0);
  empty.image.clear();
  EXPECT_FALSE(StrokeSlantDegrees(empty, box).has_value());  // no pixels: no opinion
  EXPECT_FALSE(StrokeSlantDegrees(PageWithStrokes(0), Box{0, 0, 30, 30}).has_value());  // no ink
}

TEST(FamilyNamePrior, CapitalisedFamilyNamesWithMarksMisread) {
  const FamilyNamePrior prior =
      FamilyNamePrior::Load(std::string(HOSO_MODELS_DIR) + "/names/family_names_frequency.tsv");
  EXPECT_EQ(prior.Apply("NGUYÊN THANH THỊNH"), "NGUYỄN THANH THỊNH");
  EXPECT_EQ(prior.Apply("NGUYEN THU ANH"), "NGUYỄN THU ANH");
  EXPECT_EQ(prior.Apply("TRẤN HỮU NIỆM"), "TRẦN HỮU NIỆM");
  EXPECT_EQ(prior.Apply("HUYNH VĂN A"), "HUỲNH VĂN A");
  // Mixed case is read well: a rare family name stays as printed.
  EXPECT_EQ(prior.Apply("Nguyên Thị Hà"), "Nguyên Thị Hà");
  EXPECT_EQ(prior.Apply("ĐINH VĂN B"), "ĐINH VĂN B");  // not a listed name
  EXPECT_EQ(prior.Apply("NGUYỄN"), "NGUYỄN");
}

TEST(FormTemplate, BundledFormsLoad) {
  const std::vector<FormTemplate>& forms = Forms();
  ASSERT_EQ(forms.size(), 2u);
  EXPECT_EQ(forms[0].id, "phieu_dang_vien");
  EXPECT_EQ(forms[1].id, "so_yeu_ly_lich");
}

TEST(FormTemplate, ErrorsNameFileAndLine) {
  try {
    ParseForm("form: x\ntitles: [Title]\nfields:\n  - {name: a, type: colour, labels: [A b]}\n",
              "x.yaml");
    FAIL();
  } catch (const std::invalid_argument& e) {
    EXPECT_THAT(e.what(), HasSubstr("x.yaml:4"));
    EXPECT_THAT(e.what(), HasSubstr("unknown type 'colour'"));
  }
  EXPECT_THROW(ParseForm("form: x\nfields: []\n", "y.yaml"), std::invalid_argument);
  EXPECT_THROW(ParseForm("form: x\ntitles: [Title]\nfields:\n  - {name: a, labels: [A], region: "
                         "[0.5, 0, 0.2, 1]}\n",
                         "z.yaml"),
               std::invalid_argument);
}

TEST(ReadPage, RecognisesTheFormAndReadsItsRows) {
  const Page page = PageBuilder()
                        .Row("PHIẾU ĐẢNG VIÊN")
                        .Row("Họ và tên khai sinh: NGUYỄN THANH THỊNH")
                        .Row("Giới tính: Nam | Tên gọi khác: Không")
                        .Row("Sinh ngày 12 tháng 09 năm 1987")
                        .Row("Dân tộc: Kinh | Tôn giáo: Tin Lành")
                        .Row("Số thẻ đảng viên: 17.514923")
                        .Row("Chi bộ: Chi bộ Khu dân cư số 10")
                        .Build();
  const PageReading reading = ReadPage(page, Forms(), {});
  ASSERT_NE(reading.form, nullptr);
  EXPECT_EQ(reading.form->id, "phieu_dang_vien");
  auto values = Values(reading);
  EXPECT_EQ(values["full_name"], "NGUYỄN THANH THỊNH");
  EXPECT_EQ(values["gender"], "Nam");  // stops at the next cell's label
  EXPECT_EQ(values["birth_date"], "12 tháng 09 năm 1987");
  EXPECT_EQ(values["ethnicity"], "Kinh");
  EXPECT_EQ(values["religion"], "Tin Lành");
  EXPECT_EQ(values["party_unit"], "Chi bộ Khu dân cư số 10");  // the label's words inside the value
  EXPECT_EQ(values.count("other"), 0u);
  // The value's box is its words, not the label's.
  for (const ValueReading& v : reading.values) {
    if (v.spec->name == "full_name") {
      EXPECT_EQ(v.box.x, 663);  // after "Họ và tên khai sinh: "
      EXPECT_EQ(v.box.y, 390);
    }
  }
}

// Label and value in separate table cells: a longer label wording that
// would take the value's first words ("Sinh hoạt tại chi bộ") does not
// reach across the cell gap.
TEST(ReadPage, LabelsDoNotReachAcrossCells) {
  const Page page = PageBuilder()
                        .Row("PHIẾU ĐẢNG VIÊN")
                        .Row("Sinh hoạt tại | Chi bộ Khu dân cư số 11")
                        .Row("Nam/Nữ | Nữ")
                        .Build();
  auto values = Values(ReadPage(page, Forms(), {}));
  EXPECT_EQ(values["party_unit"], "Chi bộ Khu dân cư số 11");
  EXPECT_EQ(values["gender"], "Nữ");
}

TEST(ReadPage, LabelsMangledByOcrAndNumberedLabels) {
  const Page page = PageBuilder()
                        .Row("SO YEU LY LICH")  // marks lost
                        .Row("1. Họ và tên: Nguyễn Thanh Thịnh | 2. Giới tính: Nam")
                        .Row("S. Quê quán: Xã Săm Khóe, Huyện Mai Châu")  // 5 read as S
                        .Row("Dân tộcKinh | 7.Tôn giáo: Không")           // glued label
                        .Row("13. Ngày vào Đảng: 24/04/2016 | Ngày chính thúc: 24/04/2017")
                        .Build();
  const PageReading reading = ReadPage(page, Forms(), {});
  ASSERT_NE(reading.form, nullptr);
  EXPECT_EQ(reading.form->id, "so_yeu_ly_lich");
  auto values = Values(reading);
  EXPECT_EQ(values["full_name"], "Nguyễn Thanh Thịnh");
  EXPECT_EQ(values["gender"], "Nam");
  EXPECT_EQ(values["hometown"], "Xã Săm Khóe, Huyện Mai Châu");
  EXPECT_EQ(values["ethnicity"], "Kinh");
  EXPECT_EQ(values["religion"], "Không");
  EXPECT_EQ(values["admission_date"], "24/04/2016");
  EXPECT_EQ(values["official_date"], "24/04/2017");
}

TEST(ReadPage, LabelWordsInsideTextAreNotLabels) {
  const Page page = PageBuilder()
                        .Row("SƠ YẾU LÝ LỊCH")
                        .Row("Nghề nghiệp: Giáo viên")
                        .Row("- Được kết nạp vào Đảng Cộng sản Việt Nam ngày 24/04/2016.")
                        .Skip(2)
                        .Row("(Ký, ghi rõ họ tên)")
                        .Skip(3)
                        .Row("Nguyễn Thanh Thịnh")
                        .Build();
  const PageReading reading = ReadPage(page, Forms(), {});
  auto values = Values(reading);
  EXPECT_EQ(values.count("admission_date"), 0u);
  EXPECT_EQ(values.count("full_name"), 0u);
  EXPECT_EQ(values["occupation"], "Giáo viên");
}

TEST(ReadPage, ValueUnderItsLabelAndWrappedValues) {
  const Page page =
      PageBuilder()
          .Row("SƠ YẾU LÝ LỊCH")
          .Row("Họ và tên:")
          .Row("Nguyễn Văn An", 0.95f, 40)
          .Row("Nơi ở hiện nay: Số 12 ngõ 34 phố Hàng Bạc, Phường Hàng Bạc, Quận Hoàn Kiếm,")
          .Row("Thành phố Hà Nội")
          .Row("Nghề nghiệp: Hưu trí")
          .Build();
  const PageReading reading = ReadPage(page, Forms(), {});
  auto values = Values(reading);
  EXPECT_EQ(values["full_name"], "Nguyễn Văn An");
  EXPECT_EQ(values["residence"],
            "Số 12 ngõ 34 phố Hàng Bạc, Phường Hàng Bạc, Quận Hoàn Kiếm, Thành phố Hà Nội");
  EXPECT_EQ(values["occupation"], "Hưu trí");
}

TEST(ReadPage, UnknownPage) {
  const Page page = PageBuilder().Row("HOÁ ĐƠN BÁN HÀNG").Row("Tổng cộng: 120.000 đồng").Build();
  const PageReading reading = ReadPage(page, Forms(), {});
  EXPECT_EQ(reading.form, nullptr);
  EXPECT_LT(reading.form_score, 0.45);
}

TEST(ExtractRecord, PagesMergedFindingsForGapsAndHandwriting) {
  Dossier dossier;
  dossier.id = "a.tif";
  dossier.pages.push_back(PageBuilder()
                              .Row("PHIẾU ĐẢNG VIÊN")
                              .Row("Họ và tên khai sinh: NGUYÊN THANH THỊNH")  // mark misread
                              .Row("Ngày sinh: 31/02/1987")                    // no such day
                              .Row("Ngày vào Đảng:")                           // blank
                              .Row("Số thẻ đảng viên: 17.514923")
                              .Build());
  Page second = PageBuilder()
                    .Row("SƠ YẾU LÝ LỊCH")
                    .Row("1. Họ và tên: Nguyễn Thanh Thịnh")
                    .Row("2. Giới tính: Nam")
                    .Build();
  second.origin.page = 1;
  // A handwritten entry: OCR returns scraps it is unsure of.
  Page third = PageBuilder().Row("SƠ YẾU LÝ LỊCH").Row("Dân tộc:").Build();
  third.origin.page = 2;
  third.lines[1].word_count += 2;
  third.words.push_back({"~k/", {600, 390, 60, 40}, 0.21f});
  third.words.push_back({"h;,", {680, 390, 60, 40}, 0.18f});
  dossier.pages = {dossier.pages[0], second, third};
  ExtractRecord(dossier, Forms(), {});
  ASSERT_EQ(dossier.records.size(), 1u);
  const MemberRecord& r = dossier.records[0];
  EXPECT_EQ(r.id, "a.tif");
  EXPECT_EQ(r.source, "scans");
  // Same name on two pages: the mixed-case reading keeps its tone marks.
  EXPECT_EQ(r.full_name.value, "Nguyễn Thanh Thịnh");
  EXPECT_EQ(r.full_name.provenance.page, 1);
  EXPECT_EQ(r.full_name.provenance.file, "dossiers/a.tif");
  EXPECT_GT(r.full_name.provenance.box.w, 0);
  EXPECT_EQ(r.party_card_number.value, "17.514923");
  EXPECT_EQ(r.gender.value, "Nam");
  EXPECT_EQ(r.birth_date.value, "31/02/1987");  // kept as read, with a finding
  EXPECT_TRUE(r.ethnicity.value.empty());
  EXPECT_EQ(r.ethnicity.raw, "~k/ h;,");
  std::vector<std::string> findings;
  for (const Finding& f : r.findings) {
    findings.push_back(f.rule_id + "@" + f.field);
    EXPECT_THAT(f.message, ::testing::Not(HasSubstr("Thịnh")));
  }
  EXPECT_THAT(findings,
              ::testing::IsSupersetOf(
                  {"fields.unparsable@birth_date", "fields.label_without_value@admission_date",
                   "fields.manual_entry@ethnicity", "fields.not_found@hometown"}));
  EXPECT_THAT(findings, ::testing::Not(::testing::Contains("fields.pages_disagree@full_name")));
}

// A value OCR read with full confidence but whose ink leans like a hand's
// goes to manual entry; the same value upright is taken.
TEST(ExtractRecord, SlantedInkIsHandwriting) {
  for (const double lean : {0.0, 15.0}) {
    Dossier dossier;
    dossier.id = "c.tif";
    Page page =
        PageBuilder().Row("PHIẾU ĐẢNG VIÊN").Row("Số thẻ đảng viên: 27.771479", 0.97f).Build();
    page.image_format = "gray8";
    page.image.assign(static_cast<size_t>(page.width) * page.height, 255);
    const Box value = page.words.back().box;
    const double shift = std::tan(lean * M_PI / 180.0);
    for (int x = value.x; x + 12 < value.x + value.w; x += 22) {
      for (int y = value.y + 4; y < value.y + value.h - 4; ++y) {
        const int at = x + static_cast<int>(std::lround((value.y + value.h - y) * shift));
        for (int dx = 0; dx < 4; ++dx)
          page.image[static_cast<size_t>(y) * page.width + at + dx] = 0;
      }
    }
    dossier.pages.push_back(page);
    ExtractRecord(dossier, Forms(), {});
    const MemberRecord& r = dossier.records.at(0);
    std::vector<std::string> findings;
    for (const Finding& f : r.findings) findings.push_back(f.rule_id + "@" + f.field);
    if (lean == 0) {
      EXPECT_EQ(r.party_card_number.value, "27.771479");
      EXPECT_THAT(findings,
                  ::testing::Not(::testing::Contains("fields.manual_entry@party_card_number")));
    } else {
      EXPECT_EQ(r.party_card_number.value, "");
      EXPECT_EQ(r.party_card_number.raw, "27.771479");
      EXPECT_THAT(findings, ::testing::Contains("fields.manual_entry@party_card_number"));
    }
  }
}

// The form's vocabulary puts back the marks OCR got wrong on its phrases,
// and leaves other words alone.
TEST(ExtractRecord, VocabularyRestoresKnownPhrases) {
  Dossier dossier;
  dossier.id = "d.tif";
  dossier.pages.push_back(PageBuilder()
                              .Row("PHIẾU ĐẢNG VIÊN")
                              .Row("Chi bộ: Chỉ bộ Khu dân cu số 7")
                              .Row("Lý luận chính trị: Trung cap")
                              .Build());
  ExtractRecord(dossier, Forms(), {});
  const MemberRecord& r = dossier.records.at(0);
  EXPECT_EQ(r.party_unit.value, "Chi bộ Khu dân cư số 7");
  EXPECT_EQ(r.party_unit.raw, "Chỉ bộ Khu dân cu số 7");
  EXPECT_EQ(r.political_theory.value, "Trung cấp");
}

TEST(ExtractRecord, PagesThatDisagreeAreReported) {
  Dossier dossier;
  dossier.id = "b.tif";
  dossier.pages.push_back(
      PageBuilder().Row("PHIẾU ĐẢNG VIÊN").Row("Ngày sinh: 12/09/1987").Build());
  Page second = PageBuilder().Row("SƠ YẾU LÝ LỊCH").Row("3. Ngày sinh: 12/09/1981", 0.85f).Build();
  second.origin.page = 1;
  dossier.pages.push_back(second);
  Page unknown = PageBuilder().Row("Giấy khen").Build();
  unknown.origin.page = 2;
  dossier.pages.push_back(unknown);
  ExtractRecord(dossier, Forms(), {});
  const MemberRecord& r = dossier.records[0];
  EXPECT_EQ(r.birth_date.value, "1987-09-12");
  EXPECT_EQ(r.birth_date.provenance.page, 0);
  std::vector<std::string> findings;
  for (const Finding& f : r.findings) findings.push_back(f.rule_id + "@" + f.field);
  EXPECT_THAT(findings, ::testing::IsSupersetOf(
                            {"fields.pages_disagree@birth_date", "fields.form_unknown@"}));
}

TEST(PlacementFreeKey, OnlyWhereTheToneMarkSitsIsSetAside) {
  // NFC input, both placements; and decomposed input.
  EXPECT_EQ(PlacementFreeKey("Nguyễn Thị Hòa"), PlacementFreeKey("Nguyễn Thị Hoà"));
  EXPECT_EQ(PlacementFreeKey("Ủy ban Thủy"), PlacementFreeKey("Uỷ ban Thuỷ"));
  EXPECT_EQ(PlacementFreeKey("Ho\u0300a"), PlacementFreeKey("Hòa"));
  // Another tone, another vowel mark, letters in another order, a tone
  // moved to another word: all differences.
  EXPECT_NE(PlacementFreeKey("Hòa"), PlacementFreeKey("Hóa"));
  EXPECT_NE(PlacementFreeKey("Hòa"), PlacementFreeKey("Hoa"));
  EXPECT_NE(PlacementFreeKey("Đào"), PlacementFreeKey("Đảo"));
  EXPECT_NE(PlacementFreeKey("Hòa"), PlacementFreeKey("Hào"));
  EXPECT_NE(PlacementFreeKey("Hồ"), PlacementFreeKey("Hộ"));
  EXPECT_NE(PlacementFreeKey("Văn Hòa"), PlacementFreeKey("Vàn Hoa"));
  EXPECT_NE(PlacementFreeKey("ơ"), PlacementFreeKey("ô"));
}

}  // namespace
}  // namespace hoso::dossier_fields
