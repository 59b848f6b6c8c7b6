#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "hoso/harness.h"
#include "hoso/plugin.h"

namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

const std::string kPlugin = std::string(HOSO_PLUGIN_DIR) + "/jsonl_sink.so";

fs::path TestDir() {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  fs::path dir = fs::path(HOSO_TEST_TMP) / info->name();
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

std::vector<std::string> Lines(const fs::path& path) {
  std::vector<std::string> lines;
  std::istringstream in(ReadBytes(path));
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

std::vector<std::string> DirectoryEntries(const fs::path& dir) {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(dir)) {
    names.push_back(entry.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

unsigned Mode(const fs::path& path) {
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) return 0;
  return info.st_mode & 0777;
}

std::string Options(const fs::path& path) { return "path: '" + path.string() + "'"; }

hoso::Field MakeField(std::string value, const std::string& column, int64_t row) {
  hoso::Field field;
  field.raw = value;
  field.value = std::move(value);
  field.provenance.file = "members_2019.csv";
  field.provenance.row = row;
  field.provenance.column = column;
  return field;
}

hoso::Dossier MakeDossier(const std::string& id, const std::string& name) {
  hoso::Dossier dossier;
  dossier.id = id;
  hoso::MemberRecord& record = dossier.records.emplace_back();
  record.id = id;
  record.source = "members_2019";
  record.full_name = MakeField(name, "ho_ten", 1);
  return dossier;
}

TEST(JsonlSinkTest, WritesOneLinePerRecordInDossierOrder) {
  const fs::path dir = TestDir();
  const fs::path out = dir / "members.jsonl";
  hoso::Dossier first = MakeDossier("HS-01", "Nguyễn Văn Hùng");
  hoso::MemberRecord second_record = MakeDossier("HS-01b", "Nguyễn Văn Hùng").records[0];
  first.records.push_back(second_record);
  hoso::Dossier empty;
  empty.id = "no-records";

  hoso::Harness sink(kPlugin, Options(out), dir);
  sink.Write({first, empty, MakeDossier("HS-02", "Trần Thị Thu Hương")});

  std::vector<std::string> ids;
  for (const std::string& line : Lines(out)) ids.push_back(json::parse(line).at("id"));
  EXPECT_THAT(ids, ElementsAre("HS-01", "HS-01b", "HS-02"));
}

TEST(JsonlSinkTest, WritesRecordObjectWithStableKeyOrder) {
  const fs::path dir = TestDir();
  const fs::path out = dir / "members.jsonl";
  hoso::Dossier dossier = MakeDossier("HS-07", "Đặng Hữu Phước");
  hoso::MemberRecord& record = dossier.records[0];
  record.member_id = "M-3";
  // Set out of core order on purpose: the output follows kCoreFields.
  record.party_unit = MakeField("Chi bộ Hưu trí", "chi_bo", 7);
  record.birth_date = MakeField("1962-03", "ngay_sinh", 7);
  record.birth_date.raw = "03/1962";
  record.birth_date.confidence = 0.5;
  record.extra["que_cu"] = MakeField("Quảng Nam – Đà Nẵng", "que_cu", 7);
  record.extra["ghi_chu"] = hoso::Field{};  // empty: left out
  record.name_keys.exact = "đặng hữu phước";
  record.name_keys.ascii_folded = "dang huu phuoc";
  record.unit_codes["hometown.province"] = "49";
  record.findings.push_back({.rule_id = "core.required",
                             .severity = hoso::Severity::kWarning,
                             .field = "national_id",
                             .message = "required field 'national_id' is missing",
                             .suggested_fix = "fill it from the dossier"});

  hoso::Harness sink(kPlugin, Options(out), dir);
  sink.Write({dossier});

  const std::string provenance = R"("provenance":{"file":"members_2019.csv","page":-1,"row":7,)";
  const std::string expected =
      R"({"id":"HS-07","member_id":"M-3","source":"members_2019","fields":{)"
      R"("full_name":{"value":"Đặng Hữu Phước","raw":"Đặng Hữu Phước","confidence":1.0,)"
      R"("provenance":{"file":"members_2019.csv","page":-1,"row":1,"column":"ho_ten"}},)"
      R"("birth_date":{"value":"1962-03","raw":"03/1962","confidence":0.5,)" +
      provenance +
      R"("column":"ngay_sinh"}},)"
      R"("party_unit":{"value":"Chi bộ Hưu trí","raw":"Chi bộ Hưu trí","confidence":1.0,)" +
      provenance +
      R"("column":"chi_bo"}},)"
      R"("extra.que_cu":{"value":"Quảng Nam – Đà Nẵng","raw":"Quảng Nam – Đà Nẵng",)"
      R"("confidence":1.0,)" +
      provenance +
      R"("column":"que_cu"}}},)"
      R"("name_keys":{"exact":"đặng hữu phước","placement_free":"",)"
      R"("ascii_folded":"dang huu phuoc","ocr_tolerant":""},)"
      R"("unit_codes":{"hometown.province":"49"},)"
      R"("findings":[{"rule_id":"core.required","severity":"warning","field":"national_id",)"
      R"("message":"required field 'national_id' is missing",)"
      R"("suggested_fix":"fill it from the dossier"}]})"
      "\n";
  EXPECT_EQ(ReadBytes(out), expected);
}

TEST(JsonlSinkTest, OmitsEmptyPartsButKeepsCollections) {
  const fs::path dir = TestDir();
  const fs::path out = dir / "members.jsonl";
  hoso::Dossier dossier;
  hoso::MemberRecord& record = dossier.records.emplace_back();
  record.id = "legacy:3";
  record.source = "legacy";

  hoso::Harness sink(kPlugin, Options(out), dir);
  sink.Write({dossier});

  EXPECT_EQ(ReadBytes(out),
            R"({"id":"legacy:3","member_id":"legacy:3","source":"legacy","fields":{},)"
            R"("unit_codes":{},"findings":[]})"
            "\n");
}

TEST(JsonlSinkTest, WritesBoxForFieldsReadFromPages) {
  const fs::path dir = TestDir();
  const fs::path out = dir / "members.jsonl";
  hoso::Dossier dossier = MakeDossier("scan-1", "Hồ Thị Kim Oanh");
  hoso::Provenance& where = dossier.records[0].full_name.provenance;
  where = hoso::Provenance{};
  where.file = "dossier-7.tif";
  where.page = 2;
  where.box = hoso::Box{.x = 120, .y = 340, .w = 600, .h = 48};

  hoso::Harness sink(kPlugin, Options(out), dir);
  sink.Write({dossier});

  const json object = json::parse(Lines(out).at(0));
  EXPECT_EQ(object["fields"]["full_name"]["provenance"],
            json::parse(R"({"file":"dossier-7.tif","page":2,"row":-1,"column":"",)"
                        R"("box":{"x":120,"y":340,"w":600,"h":48}})"));
}

TEST(JsonlSinkTest, SameInputGivesSameBytes) {
  const fs::path dir = TestDir();
  const std::vector<hoso::Dossier> dossiers = {MakeDossier("A", "Lý Văn Sơn"),
                                               MakeDossier("B", "Mai Thị Khuyên")};

  hoso::Harness first(kPlugin, Options(dir / "one.jsonl"), dir);
  first.Write(dossiers);
  hoso::Harness second(kPlugin, Options(dir / "two.jsonl"), dir);
  second.Write(dossiers);

  EXPECT_EQ(ReadBytes(dir / "one.jsonl"), ReadBytes(dir / "two.jsonl"));
}

TEST(JsonlSinkTest, CreatesParentDirectoriesAndOwnerOnlyFiles) {
  const fs::path dir = TestDir();
  const fs::path out = dir / "handbook" / "2019" / "members.jsonl";

  hoso::Harness sink(kPlugin, Options(out), dir);
  sink.Write({MakeDossier("HS-01", "Nguyễn Văn Hùng")});

  ASSERT_TRUE(fs::exists(out));
  EXPECT_EQ(Mode(out), 0600u);
  EXPECT_THAT(DirectoryEntries(out.parent_path()), ElementsAre("members.jsonl"));
}

TEST(JsonlSinkTest, WritesSideTablesBesideMembers) {
  const fs::path dir = TestDir();
  const fs::path out = dir / "members.jsonl";
  hoso::SideTable clusters{.name = "clusters",
                           .description = "member clusters",
                           .columns = {"member_id", "record_id", "score", "note"},
                           .rows = {{int64_t{1}, std::string("HS-01"), 0.97, std::monostate{}},
                                    {int64_t{1}, std::string("LG0101"), 0.5}}};

  hoso::Harness sink(kPlugin, Options(out), dir);
  sink.Write({MakeDossier("HS-01", "Nguyễn Văn Hùng")}, {clusters});

  const fs::path table = dir / "members.clusters.jsonl";
  EXPECT_THAT(Lines(table),
              ElementsAre(R"({"member_id":1,"record_id":"HS-01","score":0.97,"note":null})",
                          R"({"member_id":1,"record_id":"LG0101","score":0.5,"note":null})"));
  EXPECT_EQ(Mode(table), 0600u);
}

// The host's side of the contract, enough to drive a sink step by step and
// look at the directory between the steps.
class StepContext : public hoso::Context {
 public:
  explicit StepContext(fs::path base_dir) : base_dir_(std::move(base_dir)) {}
  void Quarantine(const hoso::Provenance&, std::string_view, std::string_view) override {}
  void Log(hoso::LogLevel, std::string_view) override {}
  const fs::path& BaseDir() const override { return base_dir_; }
  int Worker() const override { return 0; }
  uint64_t Seed() const override { return 0; }

 private:
  fs::path base_dir_;
};

class SinkSteps {
 public:
  SinkSteps(const fs::path& dir, const fs::path& out)
      : harness_(kPlugin, Options(out), dir), ctx_(dir) {
    hoso::Options options;
    options.Set("path", out.string());
    EXPECT_EQ(harness_.descriptor().kind, hoso::PluginKind::kSink);
    plugin_.reset(harness_.descriptor().create(options));
  }
  hoso::Sink& sink() { return *static_cast<hoso::Sink*>(plugin_.get()); }
  hoso::Context& ctx() { return ctx_; }
  void Destroy() { plugin_.reset(); }

 private:
  hoso::Harness harness_;  // keeps the library loaded while the plugin lives
  StepContext ctx_;
  std::unique_ptr<hoso::Plugin> plugin_;
};

TEST(JsonlSinkTest, OutputAppearsOnlyOnCommit) {
  const fs::path dir = TestDir();
  const fs::path out = dir / "out" / "members.jsonl";
  hoso::SideTable pairs{.name = "pairs", .description = "", .columns = {"a", "b"}, .rows = {}};
  pairs.rows.push_back({std::string("HS-01"), std::string("LG0101")});
  SinkSteps steps(dir, out);

  steps.sink().Open(steps.ctx());
  steps.sink().Write(MakeDossier("HS-01", "Nguyễn Văn Hùng"), steps.ctx());
  steps.sink().WriteTable(pairs, steps.ctx());

  EXPECT_FALSE(fs::exists(out));
  EXPECT_FALSE(fs::exists(dir / "out" / "members.pairs.jsonl"));
  for (const std::string& name : DirectoryEntries(out.parent_path())) {
    EXPECT_EQ(name[0], '.') << name << " is visible before Commit";
    EXPECT_EQ(Mode(out.parent_path() / name), 0600u) << name;
  }

  steps.sink().Commit(steps.ctx());

  EXPECT_THAT(DirectoryEntries(out.parent_path()),
              ElementsAre("members.jsonl", "members.pairs.jsonl"));
  EXPECT_EQ(Lines(out).size(), 1u);
  EXPECT_EQ(Mode(out), 0600u);
}

TEST(JsonlSinkTest, FailedRunLeavesPreviousOutputAndNoTempFiles) {
  const fs::path dir = TestDir();
  const fs::path out = dir / "members.jsonl";
  {
    std::ofstream previous(out);
    previous << "previous run\n";
  }
  SinkSteps steps(dir, out);

  steps.sink().Open(steps.ctx());
  steps.sink().Write(MakeDossier("HS-01", "Nguyễn Văn Hùng"), steps.ctx());
  steps.Destroy();  // the host never calls Commit after a failure

  EXPECT_EQ(ReadBytes(out), "previous run\n");
  EXPECT_THAT(DirectoryEntries(dir), ElementsAre("members.jsonl"));
}

TEST(JsonlSinkTest, RefusesRecordThatIsNotUtf8) {
  const fs::path dir = TestDir();
  const fs::path out = dir / "members.jsonl";
  SinkSteps steps(dir, out);

  steps.sink().Open(steps.ctx());
  steps.sink().Write(MakeDossier("A", "Lương Văn Thắng"), steps.ctx());
  EXPECT_THROW(steps.sink().Write(MakeDossier("B", "L\xEA Th\xFD"), steps.ctx()), hoso::Rejection);
  steps.sink().Write(MakeDossier("C", "Kiều Thị Duyên"), steps.ctx());
  steps.sink().Commit(steps.ctx());

  std::vector<std::string> ids;
  for (const std::string& line : Lines(out)) ids.push_back(json::parse(line).at("id"));
  EXPECT_THAT(ids, ElementsAre("A", "C"));
}

TEST(JsonlSinkTest, RefusesTableNameThatIsNotAnIdentifier) {
  const fs::path dir = TestDir();
  SinkSteps steps(dir, dir / "members.jsonl");
  hoso::SideTable escape{.name = "../escape", .description = "", .columns = {"a"}, .rows = {}};

  steps.sink().Open(steps.ctx());
  try {
    steps.sink().WriteTable(escape, steps.ctx());
    ADD_FAILURE() << "no error";
  } catch (const std::exception& e) {
    EXPECT_THAT(e.what(), HasSubstr("../escape"));
  }
  EXPECT_FALSE(fs::exists(dir / "members.."));
}

}  // namespace

namespace {

TEST(JsonlSinkTest, GoldenRecordsSayWhereEachValueCameFrom) {
  const fs::path dir = TestDir();
  const fs::path out = dir / "members.jsonl";
  hoso::Dossier dossier = MakeDossier("HS-01", "Nguyễn Văn Hùng");
  hoso::MemberRecord golden = dossier.records[0];
  golden.golden = true;
  golden.source = "merge";
  golden.member_id = "HS-01";
  golden.origins["full_name"] = {"members_2019", "HS-01", "highest_confidence", 1,
                                 {{"Nguyễn Văn Hưng", "ocr_dossiers", "OC-3", 1}}};
  dossier.records.insert(dossier.records.begin(), golden);

  hoso::Harness sink(kPlugin, Options(out), dir);
  sink.Write({dossier});
  const std::vector<std::string> lines = Lines(out);
  ASSERT_EQ(lines.size(), 2u);
  const json g = json::parse(lines[0]);
  EXPECT_EQ(g.at("golden"), true);
  EXPECT_EQ(g.at("origins").at("full_name").at("rule"), "highest_confidence");
  EXPECT_EQ(g.at("origins").at("full_name").at("alternatives").at(0).at("record_id"), "OC-3");
  EXPECT_FALSE(json::parse(lines[1]).contains("golden"));
}

}  // namespace
