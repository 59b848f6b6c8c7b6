#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/resource.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "hoso/harness.h"
#include "hoso/plugin.h"

namespace {

namespace fs = std::filesystem;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

const std::string kPlugin = std::string(HOSO_PLUGIN_DIR) + "/csv_source.so";

// A fresh directory per test, so files of one test never leak into another.
fs::path TestDir() {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  fs::path dir = fs::path(HOSO_TEST_TMP) / info->name();
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

fs::path WriteFile(const fs::path& path, std::string_view bytes) {
  fs::create_directories(path.parent_path());
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  return path;
}

std::string Quoted(const fs::path& path) { return "'" + path.string() + "'"; }

struct Read {
  std::vector<hoso::Dossier> dossiers;
  std::vector<hoso::QuarantineEntry> quarantined;
};

Read ReadWith(const fs::path& dir, const std::string& options) {
  hoso::Harness source(kPlugin, options, dir);
  Read read;
  read.dossiers = source.ReadAll();
  read.quarantined = source.quarantined();
  return read;
}

// The message of whatever construction or reading throws; the host may wrap
// a plugin's exception, so only the text is compared.
std::string ErrorOf(const fs::path& dir, const std::string& options) {
  try {
    hoso::Harness source(kPlugin, options, dir);
    source.ReadAll();
  } catch (const std::exception& e) {
    return e.what();
  }
  ADD_FAILURE() << "no error for options: " << options;
  return "";
}

std::vector<std::string> Ids(const std::vector<hoso::Dossier>& dossiers) {
  std::vector<std::string> ids;
  for (const hoso::Dossier& d : dossiers) ids.push_back(d.id);
  return ids;
}

std::vector<std::string> Reasons(const std::vector<hoso::QuarantineEntry>& entries) {
  std::vector<std::string> reasons;
  for (const hoso::QuarantineEntry& e : entries) reasons.push_back(e.reason);
  return reasons;
}

constexpr std::string_view kMembers =
    "ma_ho_so,ho_ten,ngay_sinh,chi_bo\n"
    "HS-01,Nguyễn Văn Hùng,14/09/1975,Chi bộ Khu dân cư số 3\n"
    "HS-02,  Trần Thị Thu Hương ,02/11/1982,\n";

const std::string kMembersColumns =
    "columns: {ho_ten: full_name, ngay_sinh: birth_date, chi_bo: extra.chi_bo}\n";

TEST(CsvSourceTest, MapsColumnsToRecordFields) {
  const fs::path dir = TestDir();
  const fs::path file = WriteFile(dir / "members.csv", kMembers);

  Read read =
      ReadWith(dir, "path: " + Quoted(file) + "\n" + kMembersColumns + "id_column: ma_ho_so");

  ASSERT_EQ(read.dossiers.size(), 2u);
  EXPECT_TRUE(read.quarantined.empty());
  const hoso::Dossier& first = read.dossiers[0];
  EXPECT_EQ(first.id, "HS-01");
  ASSERT_EQ(first.units.size(), 1u);
  EXPECT_EQ(first.units[0].file, "members.csv");
  EXPECT_EQ(first.units[0].row, 1);
  ASSERT_EQ(first.records.size(), 1u);
  const hoso::MemberRecord& record = first.records[0];
  EXPECT_EQ(record.id, "HS-01");
  EXPECT_EQ(record.source, "members");
  EXPECT_EQ(record.full_name.value, "Nguyễn Văn Hùng");
  EXPECT_EQ(record.full_name.raw, "Nguyễn Văn Hùng");
  EXPECT_EQ(record.full_name.confidence, 1.0);
  EXPECT_EQ(record.full_name.provenance.file, "members.csv");
  EXPECT_EQ(record.full_name.provenance.row, 1);
  EXPECT_EQ(record.full_name.provenance.column, "ho_ten");
  EXPECT_EQ(record.full_name.provenance.page, -1);
  EXPECT_EQ(record.birth_date.value, "14/09/1975");
  EXPECT_EQ(record.birth_date.provenance.column, "ngay_sinh");
  ASSERT_EQ(record.extra.count("chi_bo"), 1u);
  EXPECT_EQ(record.extra.at("chi_bo").value, "Chi bộ Khu dân cư số 3");
  EXPECT_EQ(record.extra.at("chi_bo").provenance.column, "chi_bo");
  // Unmapped columns stay out of the record.
  EXPECT_TRUE(record.national_id.empty());
  EXPECT_EQ(record.extra.size(), 1u);
}

TEST(CsvSourceTest, TrimsCellsAndLeavesEmptyCellsAbsent) {
  const fs::path dir = TestDir();
  const fs::path file = WriteFile(dir / "members.csv", kMembers);

  Read read =
      ReadWith(dir, "path: " + Quoted(file) + "\n" + kMembersColumns + "id_column: ma_ho_so");

  ASSERT_EQ(read.dossiers.size(), 2u);
  const hoso::MemberRecord& record = read.dossiers[1].records[0];
  EXPECT_EQ(record.full_name.value, "Trần Thị Thu Hương");
  EXPECT_EQ(record.full_name.raw, "Trần Thị Thu Hương");
  EXPECT_EQ(record.extra.count("chi_bo"), 0u);
  // The original keeps the padding the field lost.
  EXPECT_EQ(read.dossiers[1].original, "HS-02,  Trần Thị Thu Hương ,02/11/1982,");
}

TEST(CsvSourceTest, KeepsOriginalBytesOfQuotedMultiLineCrlfRows) {
  const fs::path dir = TestDir();
  const std::string row1 = "1,\"Lê Đình Khoa\",\"Xã Thạch Hà, Huyện Thạch Hà\"";
  const std::string row2 = "2,\"Phạm Thị \"\"Hoà\"\"\",\"Thôn Đông\r\nXã Vũ Thắng\"";
  const std::string row3 = "3, \"Đỗ Thị Lan\" ,";
  const fs::path file = WriteFile(
      dir / "crlf.csv", "ma,ho_ten,que_quan\r\n" + row1 + "\r\n" + row2 + "\r\n" + row3 + "\r\n");

  Read read =
      ReadWith(dir, "path: " + Quoted(file) +
                        "\nid_column: ma\ncolumns: {ho_ten: full_name, que_quan: hometown}");

  ASSERT_EQ(read.dossiers.size(), 3u) << ::testing::PrintToString(Reasons(read.quarantined));
  EXPECT_EQ(read.dossiers[0].original, row1);
  EXPECT_EQ(read.dossiers[1].original, row2);
  EXPECT_EQ(read.dossiers[2].original, row3);
  EXPECT_EQ(read.dossiers[0].records[0].hometown.value, "Xã Thạch Hà, Huyện Thạch Hà");
  EXPECT_EQ(read.dossiers[1].records[0].full_name.value, "Phạm Thị \"Hoà\"");
  EXPECT_EQ(read.dossiers[1].records[0].hometown.value, "Thôn Đông\r\nXã Vũ Thắng");
  // Padding around a quoted field is not part of it.
  EXPECT_EQ(read.dossiers[2].records[0].full_name.value, "Đỗ Thị Lan");
  // A quoted line break does not start a new row.
  EXPECT_EQ(read.dossiers[2].units[0].row, 3);
}

TEST(CsvSourceTest, ReadsLastRowWithoutLineBreak) {
  const fs::path dir = TestDir();
  const fs::path file = WriteFile(dir / "m.csv", "ma,ho_ten\nA1,Ngô Xuân Trường");

  Read read =
      ReadWith(dir, "path: " + Quoted(file) + "\nid_column: ma\ncolumns: {ho_ten: full_name}");

  ASSERT_EQ(read.dossiers.size(), 1u);
  EXPECT_EQ(read.dossiers[0].original, "A1,Ngô Xuân Trường");
  EXPECT_EQ(read.dossiers[0].records[0].full_name.value, "Ngô Xuân Trường");
}

TEST(CsvSourceTest, StripsByteOrderMarkBeforeFirstHeaderName) {
  const fs::path dir = TestDir();
  const fs::path file =
      WriteFile(dir / "bom.csv", "\xEF\xBB\xBFho_ten,ngay_sinh\nVũ Thị Ngọc Ánh,17/04/1990\n");

  Read read = ReadWith(dir, "path: " + Quoted(file) + "\ncolumns: {ho_ten: full_name}");

  ASSERT_EQ(read.dossiers.size(), 1u);
  EXPECT_EQ(read.dossiers[0].records[0].full_name.value, "Vũ Thị Ngọc Ánh");
  EXPECT_EQ(read.dossiers[0].records[0].full_name.provenance.column, "ho_ten");
}

TEST(CsvSourceTest, SkipsBlankLinesWithoutCountingThem) {
  const fs::path dir = TestDir();
  const fs::path file =
      WriteFile(dir / "gaps.csv", "\nho_ten\n\nBùi Minh Tuấn\n\r\n\nHồ Thị Kim Oanh\n\n");

  Read read = ReadWith(dir, "path: " + Quoted(file) + "\ncolumns: {ho_ten: full_name}");

  EXPECT_THAT(Ids(read.dossiers), ElementsAre("gaps:1", "gaps:2"));
  EXPECT_TRUE(read.quarantined.empty());
}

TEST(CsvSourceTest, GeneratesIdsFromFileStemAndRow) {
  const fs::path dir = TestDir();
  const fs::path file = WriteFile(dir / "export_2019.csv", kMembers);

  Read read = ReadWith(dir, "path: " + Quoted(file) + "\n" + kMembersColumns);

  EXPECT_THAT(Ids(read.dossiers), ElementsAre("export_2019:1", "export_2019:2"));
  EXPECT_EQ(read.dossiers[1].records[0].id, "export_2019:2");
}

TEST(CsvSourceTest, StoresSourceName) {
  const fs::path dir = TestDir();
  const fs::path file = WriteFile(dir / "members.csv", kMembers);

  Read read = ReadWith(
      dir, "path: " + Quoted(file) + "\n" + kMembersColumns + "source_name: so_dang_vien_2019");

  ASSERT_EQ(read.dossiers.size(), 2u);
  EXPECT_EQ(read.dossiers[0].records[0].source, "so_dang_vien_2019");
}

TEST(CsvSourceTest, QuarantinesRowWithWrongFieldCount) {
  const fs::path dir = TestDir();
  const std::string bad = "HS-02,Trần Thị Thu Hương,02/11/1982";
  const fs::path file = WriteFile(
      dir / "members.csv",
      "ma_ho_so,ho_ten,ngay_sinh,chi_bo\n"
      "HS-01,Nguyễn Văn Hùng,14/09/1975,Chi bộ 3\n" +
          bad +
          "\nHS-03,Lê Đình Khoa,21/06/1968,Chi bộ 3,thừa\nHS-04,Đỗ Thị Lan,11/03/1972,Chi bộ 3\n");

  Read read =
      ReadWith(dir, "path: " + Quoted(file) + "\n" + kMembersColumns + "id_column: ma_ho_so");

  EXPECT_THAT(Ids(read.dossiers), ElementsAre("HS-01", "HS-04"));
  EXPECT_EQ(read.dossiers[1].units[0].row, 4);
  ASSERT_EQ(read.quarantined.size(), 2u);
  const hoso::QuarantineEntry& entry = read.quarantined[0];
  EXPECT_EQ(entry.reason, "row 2: 3 fields, header has 4");
  EXPECT_EQ(entry.original, bad);
  EXPECT_EQ(entry.unit.file, "members.csv");
  EXPECT_EQ(entry.unit.row, 2);
  EXPECT_EQ(entry.plugin, "csv_source");
  EXPECT_EQ(read.quarantined[1].reason, "row 3: 5 fields, header has 4");
  EXPECT_EQ(read.quarantined[1].unit.row, 3);
}

TEST(CsvSourceTest, QuarantinesInvalidUtf8WithoutQuotingIt) {
  const fs::path dir = TestDir();
  // "Lê Thý" saved as Windows-1252: 0xEA is byte 4 of the row.
  const std::string bad = "A2,L\xEA Th\xFD Hoa";
  const fs::path file =
      WriteFile(dir / "latin.csv",
                "ma,ho_ten\nA1,Lê Thị Hoa\n" + bad + "\nA3,Overlong \xC0\xAF\nA4,Hà Văn Bình\n");

  Read read =
      ReadWith(dir, "path: " + Quoted(file) + "\nid_column: ma\ncolumns: {ho_ten: full_name}");

  EXPECT_THAT(Ids(read.dossiers), ElementsAre("A1", "A4"));
  EXPECT_THAT(Reasons(read.quarantined),
              ElementsAre("row 2: invalid UTF-8 at byte 5", "row 3: invalid UTF-8 at byte 13"));
  ASSERT_EQ(read.quarantined.size(), 2u);
  EXPECT_EQ(read.quarantined[0].original, bad);
  EXPECT_THAT(read.quarantined[0].reason, Not(HasSubstr("Hoa")));
}

TEST(CsvSourceTest, ReadsLegacyBytesAsWindows1252WhenAsked) {
  const fs::path dir = TestDir();
  // Row 2 is TCVN3 "Nguyễn Văn Đức" (bytes D4 A8 A7 F8), row 3 has a byte
  // Windows-1252 leaves undefined (0x90); row 1 is UTF-8 and stays as it is.
  const fs::path file = WriteFile(
      dir / "legacy.csv",
      "ma,ho_ten\nA1,Lê Thị Hoa\nA2,Nguy\xD4n V\xA8n \xA7\xF8" "c\nA3,x\x90y\n");

  Read read = ReadWith(dir, "path: " + Quoted(file) +
                                "\nid_column: ma\ninvalid_utf8: windows-1252\ncolumns: {ho_ten: full_name}");

  ASSERT_THAT(Ids(read.dossiers), ElementsAre("A1", "A2", "A3"));
  EXPECT_TRUE(read.quarantined.empty());
  EXPECT_EQ(read.dossiers[0].records[0].full_name.value, "Lê Thị Hoa");
  EXPECT_EQ(read.dossiers[1].records[0].full_name.value, "NguyÔn V¨n §øc");
  EXPECT_EQ(read.dossiers[1].records[0].full_name.raw, "NguyÔn V¨n §øc");
  EXPECT_EQ(read.dossiers[2].records[0].full_name.value, "x\u0090y");
  // The row's bytes stay as read, for quarantine by a later stage.
  EXPECT_EQ(read.dossiers[1].original, "A2,Nguy\xD4n V\xA8n \xA7\xF8" "c");
}

TEST(CsvSourceTest, StrayQuoteCostsOneRowNotTheRestOfTheFile) {
  const fs::path dir = TestDir();
  const std::string bad = "A2,\"Đinh Công Tráng";
  const fs::path file =
      WriteFile(dir / "stray.csv", "ma,ho_ten\nA1,Mai Thị Khuyên\n" + bad +
                                       "\nA3,Lương Văn Thắng\nA4,Kiều Thị Duyên\n");

  Read read =
      ReadWith(dir, "path: " + Quoted(file) + "\nid_column: ma\ncolumns: {ho_ten: full_name}");

  EXPECT_THAT(Ids(read.dossiers), ElementsAre("A1", "A3", "A4"));
  EXPECT_EQ(read.dossiers[1].units[0].row, 3);
  ASSERT_EQ(read.quarantined.size(), 1u);
  EXPECT_EQ(read.quarantined[0].reason, "row 2: unterminated quote in field 2 (ho_ten)");
  EXPECT_EQ(read.quarantined[0].original, bad);
  EXPECT_EQ(read.quarantined[0].unit.row, 2);
}

TEST(CsvSourceTest, QuarantinesUnterminatedQuoteAtEndOfFile) {
  const fs::path dir = TestDir();
  const fs::path file = WriteFile(dir / "eof.csv", "ma,ho_ten\nA1,Châu Minh Khôi\nA2,\"Tạ Quang");

  Read read =
      ReadWith(dir, "path: " + Quoted(file) + "\nid_column: ma\ncolumns: {ho_ten: full_name}");

  EXPECT_THAT(Ids(read.dossiers), ElementsAre("A1"));
  ASSERT_EQ(read.quarantined.size(), 1u);
  EXPECT_EQ(read.quarantined[0].reason, "row 2: unterminated quote in field 2 (ho_ten)");
  EXPECT_EQ(read.quarantined[0].original, "A2,\"Tạ Quang");
}

TEST(CsvSourceTest, QuarantinesTextAfterClosingQuote) {
  const fs::path dir = TestDir();
  const fs::path file =
      WriteFile(dir / "after.csv", "ma,ho_ten\nA1,\"Cao Thị\" Phương Thảo\nA2,Lý Văn Sơn\n");

  Read read =
      ReadWith(dir, "path: " + Quoted(file) + "\nid_column: ma\ncolumns: {ho_ten: full_name}");

  EXPECT_THAT(Ids(read.dossiers), ElementsAre("A2"));
  EXPECT_THAT(Reasons(read.quarantined),
              ElementsAre("row 1: text after the closing quote of field 2 (ho_ten)"));
}

TEST(CsvSourceTest, QuarantinesDuplicateAndEmptyIds) {
  const fs::path dir = TestDir();
  const fs::path file = WriteFile(dir / "ids.csv",
                                  "ma,ho_ten\nA1,Nguyễn Văn Hùng\n  ,Trần Quốc Bảo\n"
                                  "A2,Vũ Thị Hạnh\nA1,Nguyễn Văn Hùng\n");

  Read read =
      ReadWith(dir, "path: " + Quoted(file) + "\nid_column: ma\ncolumns: {ho_ten: full_name}");

  EXPECT_THAT(Ids(read.dossiers), ElementsAre("A1", "A2"));
  EXPECT_THAT(Reasons(read.quarantined),
              ElementsAre("row 2: empty id column 'ma'",
                          "row 4: duplicate id in column 'ma', first seen at row 1"));
  ASSERT_EQ(read.quarantined.size(), 2u);
  EXPECT_EQ(read.quarantined[1].original, "A1,Nguyễn Văn Hùng");
}

TEST(CsvSourceTest, ReadsTabDelimitedFiles) {
  const fs::path dir = TestDir();
  const fs::path file =
      WriteFile(dir / "tab.tsv", "ma\tho_ten\tque_quan\nT1\tHà Văn Bình\tTam Nông, Phú Thọ\n");

  for (const std::string delimiter : {"\"\\t\"", "'\\t'"}) {
    Read read =
        ReadWith(dir, "path: " + Quoted(file) + "\ndelimiter: " + delimiter +
                          "\nid_column: ma\ncolumns: {ho_ten: full_name, que_quan: hometown}");
    ASSERT_EQ(read.dossiers.size(), 1u) << delimiter;
    EXPECT_EQ(read.dossiers[0].records[0].hometown.value, "Tam Nông, Phú Thọ");
  }
}

TEST(CsvSourceTest, ReadsSemicolonDelimitedFiles) {
  const fs::path dir = TestDir();
  const fs::path file = WriteFile(dir / "semi.csv", "ma;ho_ten\nS1;Nguyen Thi Xuan\n");

  Read read = ReadWith(dir, "path: " + Quoted(file) +
                                "\ndelimiter: \";\"\nid_column: ma\ncolumns: {ho_ten: full_name}");

  ASSERT_EQ(read.dossiers.size(), 1u);
  EXPECT_EQ(read.dossiers[0].records[0].full_name.value, "Nguyen Thi Xuan");
}

TEST(CsvSourceTest, RefusesDelimiterThatIsNotOneCharacter) {
  const fs::path dir = TestDir();
  const fs::path file = WriteFile(dir / "m.csv", "ho_ten\nA\n");

  EXPECT_THAT(
      ErrorOf(dir, "path: " + Quoted(file) + "\ndelimiter: ';;'\ncolumns: {ho_ten: full_name}"),
      HasSubstr("delimiter"));
  EXPECT_THAT(
      ErrorOf(dir, "path: " + Quoted(file) + "\ndelimiter: '\"'\ncolumns: {ho_ten: full_name}"),
      HasSubstr("delimiter"));
}

TEST(CsvSourceTest, RefusesUnknownTargetField) {
  const fs::path dir = TestDir();
  const fs::path file = WriteFile(dir / "m.csv", "ho_ten\nA\n");

  EXPECT_THAT(ErrorOf(dir, "path: " + Quoted(file) + "\ncolumns: {ho_ten: fullname}"),
              HasSubstr("unknown field 'fullname'"));
  EXPECT_THAT(ErrorOf(dir, "path: " + Quoted(file) + "\ncolumns: {ho_ten: 'extra.'}"),
              HasSubstr("extra."));
  EXPECT_THAT(
      ErrorOf(dir, "path: " + Quoted(file) + "\ncolumns: {ho_ten: full_name, ten: full_name}"),
      HasSubstr("more than one column"));
}

TEST(CsvSourceTest, MissingMappedColumnNamesFileAndColumn) {
  const fs::path dir = TestDir();
  const fs::path file = WriteFile(dir / "members.csv", kMembers);

  const std::string error = ErrorOf(
      dir, "path: " + Quoted(file) + "\ncolumns: {ho_ten: full_name, so_cccd: national_id}");
  EXPECT_THAT(error, HasSubstr("members.csv"));
  EXPECT_THAT(error, HasSubstr("'so_cccd'"));

  const std::string id_error =
      ErrorOf(dir, "path: " + Quoted(file) + "\ncolumns: {ho_ten: full_name}\nid_column: ma");
  EXPECT_THAT(id_error, HasSubstr("members.csv"));
  EXPECT_THAT(id_error, HasSubstr("'ma'"));
}

TEST(CsvSourceTest, UnreadableFileNamesTheFile) {
  const fs::path dir = TestDir();

  EXPECT_THAT(
      ErrorOf(dir, "path: " + Quoted(dir / "missing.csv") + "\ncolumns: {ho_ten: full_name}"),
      HasSubstr("missing.csv"));
}

// Found by the hostile-input corpus (tests/data/hostile): one empty export, or
// one whose header is binary, in a glob of many failed the whole run at
// start-up. Such a file is one bad input: quarantined whole, naming the file,
// and the other files are read.
TEST(CsvSourceTest, QuarantinesAFileWhoseHeaderCannotBeRead) {
  const fs::path dir = TestDir();
  WriteFile(dir / "in" / "a_good.csv", "ho_ten\nA one\n");
  WriteFile(dir / "in" / "b_empty.csv", "");
  WriteFile(dir / "in" / "c_latin.csv", "h\xF4_ten\nC one\n");
  WriteFile(dir / "in" / "d_nul.csv", std::string("ho_ten\0\nD one\n", 14));
  WriteFile(dir / "in" / "e_quote.csv", "\"ho_ten\nE one\n");
  WriteFile(dir / "in" / "f_good.csv", "ho_ten\nF one\n");

  Read read =
      ReadWith(dir, "path: " + Quoted(dir / "in" / "*.csv") + "\ncolumns: {ho_ten: full_name}");

  EXPECT_THAT(Ids(read.dossiers), ElementsAre("a_good:1", "f_good:1"));
  EXPECT_THAT(Reasons(read.quarantined),
              ElementsAre("in/b_empty.csv: no header row (the file is empty)",
                          "in/c_latin.csv: header row is not UTF-8 (invalid byte at 2); convert "
                          "the export to UTF-8 first",
                          "in/d_nul.csv: header row holds a NUL byte at byte 7 (binary data, not "
                          "text)",
                          "in/e_quote.csv: header row is malformed: unterminated quote"));
  ASSERT_EQ(read.quarantined.size(), 4u);
  EXPECT_EQ(read.quarantined[0].unit.file, "in/b_empty.csv");
  EXPECT_EQ(read.quarantined[0].unit.row, -1);
  EXPECT_EQ(read.quarantined[1].original, "h\xF4_ten");
}

// A header that reads fine but lacks a mapped column is still the pipeline's
// mistake, and still stops the run, even when other files are unreadable.
TEST(CsvSourceTest, AnUnreadableFileDoesNotHideAWrongMapping) {
  const fs::path dir = TestDir();
  WriteFile(dir / "in" / "a_empty.csv", "");
  WriteFile(dir / "in" / "b_other.csv", "ten\nB one\n");

  EXPECT_THAT(
      ErrorOf(dir, "path: " + Quoted(dir / "in" / "*.csv") + "\ncolumns: {ho_ten: full_name}"),
      HasSubstr("b_other.csv: column 'ho_ten' is not in the header"));
}

// Found by the hostile-input corpus: NUL bytes are valid UTF-8, so a row
// holding them went through into the member record ("Ngo\0\0 Thi Ha").
TEST(CsvSourceTest, QuarantinesRowsWithNulBytes) {
  const fs::path dir = TestDir();
  const fs::path file = WriteFile(
      dir / "members.csv", std::string("ma,ho_ten\nA1,Ha\nA2,Ng\0o\nA3,Vu\n", 30));

  for (const std::string legacy : {"", "\ninvalid_utf8: windows-1252"}) {
    Read read = ReadWith(dir, "path: " + Quoted(file) + "\nid_column: ma\ncolumns: {ho_ten: "
                                                        "full_name}" + legacy);
    EXPECT_THAT(Ids(read.dossiers), ElementsAre("A1", "A3")) << legacy;
    EXPECT_THAT(Reasons(read.quarantined),
                ElementsAre("row 2: NUL byte at byte 6 (binary data, not text)"))
        << legacy;
  }
}

TEST(CsvSourceTest, GlobReadsMatchingFilesInSortedOrder) {
  const fs::path dir = TestDir();
  WriteFile(dir / "exports" / "b_2020.csv", "ho_ten\nB one\nB two\n");
  WriteFile(dir / "exports" / "a_2019.csv", "ho_ten\nA one\n");
  WriteFile(dir / "exports" / "c_2021.txt", "ho_ten\nC one\n");
  WriteFile(dir / "exports" / ".a_2018.csv", "ho_ten\nhidden\n");

  Read read = ReadWith(
      dir, "path: " + Quoted(dir / "exports" / "*.csv") + "\ncolumns: {ho_ten: full_name}");

  EXPECT_THAT(Ids(read.dossiers), ElementsAre("a_2019:1", "b_2020:1", "b_2020:2"));
  ASSERT_EQ(read.dossiers.size(), 3u);
  EXPECT_EQ(read.dossiers[0].records[0].source, "a_2019");
  EXPECT_EQ(read.dossiers[2].records[0].source, "b_2020");
  EXPECT_EQ(read.dossiers[2].units[0].file, "exports/b_2020.csv");
  EXPECT_EQ(read.dossiers[2].units[0].row, 2);
}

TEST(CsvSourceTest, NamesFilesRelativeToThePipelineDirectory) {
  const fs::path dir = TestDir();
  const fs::path file = WriteFile(dir / "exports" / "members.csv", kMembers);
  fs::create_directories(dir / "pipelines");

  Read read = ReadWith(dir / "pipelines", "path: " + Quoted(file) + "\n" + kMembersColumns);

  ASSERT_EQ(read.dossiers.size(), 2u);
  EXPECT_EQ(read.dossiers[0].units[0].file, "../exports/members.csv");
  EXPECT_EQ(read.dossiers[0].records[0].full_name.provenance.file, "../exports/members.csv");
}

TEST(CsvSourceTest, GlobMatchingNothingIsAnError) {
  const fs::path dir = TestDir();

  EXPECT_THAT(
      ErrorOf(dir, "path: " + Quoted(dir / "nowhere" / "*.csv") + "\ncolumns: {ho_ten: full_name}"),
      HasSubstr("matches no file"));
}

TEST(CsvSourceTest, ReadsFixtureExports) {
  const fs::path fixtures = fs::path(HOSO_SOURCE_DIR) / "fixtures" / "csv";

  Read modern = ReadWith(
      fixtures, "path: " + Quoted(fixtures / "members_2019.csv") +
                    "\nid_column: ma_ho_so\n"
                    "columns: {ho_ten: full_name, ngay_sinh: birth_date, so_cccd: national_id,"
                    " que_quan: hometown, chi_bo: party_unit}");
  ASSERT_EQ(modern.dossiers.size(), 25u);
  EXPECT_TRUE(modern.quarantined.empty());
  EXPECT_EQ(modern.dossiers[0].id, "HS-2019-0001");
  EXPECT_EQ(modern.dossiers[0].records[0].full_name.value, "Nguyễn Văn Hùng");
  EXPECT_EQ(modern.dossiers[0].records[0].hometown.value,
            "Xã Hải Vân, Huyện Hải Hậu, Tỉnh Nam Định");
  EXPECT_EQ(modern.dossiers[0].records[0].national_id.value, "036075012345");
  EXPECT_TRUE(modern.dossiers[13].records[0].birth_date.empty());

  Read legacy = ReadWith(
      fixtures, "path: " + Quoted(fixtures / "legacy_ascii.csv") +
                    "\ndelimiter: \";\"\nid_column: ma_hs\n"
                    "columns: {ho_ten: full_name, ngay_sinh: birth_date, so_cmnd: national_id}");
  EXPECT_EQ(legacy.dossiers.size(), 13u);
  EXPECT_THAT(Reasons(legacy.quarantined),
              ElementsAre("row 12: 8 fields, header has 9", "row 14: invalid UTF-8 at byte 9"));
  ASSERT_EQ(legacy.quarantined.size(), 2u);
  EXPECT_EQ(legacy.quarantined[0].unit.file, "legacy_ascii.csv");
  EXPECT_EQ(legacy.quarantined[1].original.find('\r'), std::string::npos);
}

// The host's side of the contract, just enough to pull from a source
// directly and watch memory while it streams.
class StreamContext : public hoso::Context {
 public:
  explicit StreamContext(fs::path base_dir) : base_dir_(std::move(base_dir)) {}
  void Quarantine(const hoso::Provenance&, std::string_view, std::string_view) override {
    ++quarantined;
  }
  void Log(hoso::LogLevel, std::string_view) override {}
  const fs::path& BaseDir() const override { return base_dir_; }
  int Worker() const override { return 0; }
  uint64_t Seed() const override { return 0; }

  int64_t quarantined = 0;

 private:
  fs::path base_dir_;
};

int64_t PeakResidentKilobytes() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

TEST(CsvSourceTest, StreamsLargeExportInBoundedMemory) {
  const fs::path dir = TestDir();
  const fs::path file = dir / "large.csv";
  constexpr int64_t kRows = 300000;
  {
    std::ofstream out(file, std::ios::binary);
    out << "ma,ho_ten,ngay_sinh,que_quan,ghi_chu\n";
    for (int64_t i = 1; i <= kRows; ++i) {
      out << "HS" << i << ",Nguyễn Thị Hồng Nhung " << i
          << ",23/09/1984,\"Xã Đại Đồng, Huyện Thạch Thất, Thành phố Hà Nội\","
             "\"ghi chú dài để tệp đủ lớn: đảng viên sinh hoạt tại chi bộ khu dân cư\"\n";
    }
  }
  ASSERT_GT(fs::file_size(file), 40u << 20);

  hoso::Harness harness(
      kPlugin, "path: " + Quoted(file) + "\ncolumns: {ho_ten: full_name, que_quan: hometown}", dir);
  hoso::Options options;
  options.Set("path", file.string());
  options.Set("delimiter", std::string(","));
  options.Set("columns", hoso::StringMap{{"ho_ten", "full_name"}, {"que_quan", "hometown"}});
  ASSERT_EQ(harness.descriptor().kind, hoso::PluginKind::kSource);
  std::unique_ptr<hoso::Plugin> plugin(harness.descriptor().create(options));
  auto* source = static_cast<hoso::Source*>(plugin.get());

  StreamContext ctx(dir);
  hoso::Dossier dossier;
  int64_t rows = 0;
  const int64_t before = PeakResidentKilobytes();
  while (source->Next(dossier, ctx)) {
    ++rows;
    if (rows == kRows) {
      EXPECT_EQ(dossier.id, "large:" + std::to_string(kRows));
    }
  }
  const int64_t growth = PeakResidentKilobytes() - before;

  plugin.reset();
  fs::remove(file);  // 40 MB is not worth keeping in the build tree
  EXPECT_EQ(rows, kRows);
  EXPECT_EQ(ctx.quarantined, 0);
#if !defined(__SANITIZE_ADDRESS__)
  // The file is over 40 MB; reading it whole would show here.
  EXPECT_LT(growth, 16 * 1024) << "peak RSS grew by " << growth << " KB";
#else
  (void)growth;
#endif
}

}  // namespace
