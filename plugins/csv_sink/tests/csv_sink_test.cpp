// Through the built plugin: bytes on disk as a spreadsheet would read them.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "hoso/harness.h"
#include "hoso/plugin.h"

namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

const std::string kPlugin = std::string(HOSO_PLUGIN_DIR) + "/csv_sink.so";

fs::path TestDir() {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  fs::path dir = fs::path(HOSO_TEST_TMP) / (std::string("csv_sink_") + info->name());
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

std::string ReadBytes(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

hoso::Dossier Member(const std::string& id, const std::string& member, const std::string& name,
                     const std::string& birth) {
  hoso::Dossier d;
  d.id = id;
  hoso::MemberRecord& r = d.records.emplace_back();
  r.id = id;
  r.source = "members_2019";
  r.member_id = member;
  r.full_name.value = name;
  r.birth_date.value = birth;
  return d;
}

// Member HS-1 merged from HS-1 and HS-3 (golden first), HS-2 alone.
std::vector<hoso::Dossier> Batch() {
  hoso::Dossier first = Member("HS-1", "HS-1", "Nguyễn Văn Hùng", "1975");
  hoso::MemberRecord golden = first.records[0];
  golden.golden = true;
  golden.source = "merge";
  golden.birth_date.value = "1975-09-14";
  first.records.insert(first.records.begin(), golden);
  return {first, Member("HS-2", "", "Trần Thị \"Thu\" Hương, Hà Nội", "1982-11-02"),
          Member("HS-3", "HS-1", "Nguyễn Văn Hưng", "1975-09-14")};
}

TEST(CsvSink, OneRowPerMemberGoldenFirstWithBom) {
  const fs::path dir = TestDir();
  hoso::Harness sink(kPlugin, "path: members.csv\nbom: true\ncolumns: [full_name, birth_date]", dir);
  sink.Write(Batch());
  EXPECT_EQ(ReadBytes(dir / "members.csv"),
            "\xEF\xBB\xBFmember_id,full_name,birth_date\r\n"
            "HS-1,Nguyễn Văn Hùng,1975-09-14\r\n"
            "HS-2,\"Trần Thị \"\"Thu\"\" Hương, Hà Nội\",1982-11-02\r\n");
}

TEST(CsvSink, EveryRecordOnRequestWithoutBom) {
  const fs::path dir = TestDir();
  hoso::Harness sink(kPlugin, "path: all.csv\nrecords: all\ndelimiter: ';'\ncolumns: [birth_date]", dir);
  sink.Write(Batch());
  EXPECT_EQ(ReadBytes(dir / "all.csv"),
            "member_id;record_id;source;golden;birth_date\r\n"
            "HS-1;;merge;1;1975-09-14\r\n"
            "HS-1;HS-1;members_2019;0;1975\r\n"
            "HS-2;HS-2;members_2019;0;1982-11-02\r\n"
            "HS-1;HS-3;members_2019;0;1975-09-14\r\n");
}

TEST(CsvSink, DefaultColumnsAreTheCoreFields) {
  const fs::path dir = TestDir();
  hoso::Harness sink(kPlugin, "path: m.csv", dir);
  sink.Write({Member("HS-9", "", "A", "")});
  const std::string csv = ReadBytes(dir / "m.csv");
  EXPECT_EQ(csv.substr(0, 3), "mem");  // no BOM by default
  EXPECT_THAT(csv, HasSubstr("member_id,full_name,family_name,middle_name,given_name,gender,"));
}

TEST(CsvSink, FormulasAreDefused) {
  const fs::path dir = TestDir();
  hoso::Harness sink(kPlugin, "path: m.csv\ncolumns: [full_name, party_card_number]", dir);
  hoso::Dossier d = Member("HS-5", "", "=HYPERLINK(\"http://x\")", "");
  d.records[0].party_card_number.value = "-12.5";
  sink.Write({d});
  EXPECT_THAT(ReadBytes(dir / "m.csv"), HasSubstr("HS-5,\"'=HYPERLINK(\"\"http://x\"\")\",-12.5\r\n"));
}

TEST(CsvSink, RefusesBadOptions) {
  auto error = [](const std::string& options) -> std::string {
    try {
      hoso::Harness sink(kPlugin, options);
    } catch (const std::exception& e) {
      return e.what();
    }
    return "";
  };
  EXPECT_THAT(error("path: m.csv\ncolumns: [birthdate]"), HasSubstr("'birthdate'"));
  EXPECT_THAT(error("path: m.csv\ndelimiter: ';;'"), HasSubstr("delimiter"));
}

}  // namespace
