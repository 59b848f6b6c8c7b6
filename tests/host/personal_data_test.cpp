// Personal data at the host's edges, on real runs of the hoso binary with
// its default log level: every output file holding member data is created
// owner-only (0600), and no name, ID number or birth date of an input
// reaches the console.
#include <sys/stat.h>

#include <set>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <unicode/unistr.h>

#include "test_support.h"

namespace hoso::testing {
namespace {

namespace fs = std::filesystem;

const fs::path kSource = HOSO_SOURCE_DIR;

// One row per line, `delimiter`-separated, double quotes as in RFC 4180;
// bytes are kept as they are (the TCVN3 export is not UTF-8).
std::vector<std::vector<std::string>> ReadCsv(const fs::path& file, char delimiter) {
  std::string text = ReadFile(file);
  if (text.rfind("\xEF\xBB\xBF", 0) == 0) text.erase(0, 3);
  std::vector<std::vector<std::string>> rows(1, std::vector<std::string>(1));
  bool quoted = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        rows.back().back() += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        rows.back().back() += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == delimiter) {
      rows.back().emplace_back();
    } else if (c == '\n') {
      rows.emplace_back(1);
    } else if (c != '\r') {
      rows.back().back() += c;
    }
  }
  if (rows.back().size() == 1 && rows.back()[0].empty()) rows.pop_back();
  return rows;
}

// The values of `columns` in every data row of a CSV export.
void AddCsvValues(const fs::path& file, char delimiter, const std::set<std::string>& columns,
                  std::set<std::string>* out) {
  const auto rows = ReadCsv(file, delimiter);
  ASSERT_FALSE(rows.empty()) << file;
  for (size_t r = 1; r < rows.size(); ++r) {
    for (size_t c = 0; c < rows[r].size() && c < rows[0].size(); ++c) {
      if (columns.count(rows[0][c]) > 0 && !rows[r][c].empty()) out->insert(rows[r][c]);
    }
  }
}

const std::set<std::string> kSecretFields = {"full_name", "birth_date", "national_id",
                                             "party_card_number"};

// The same fields as the pipeline cleaned them (ISO dates, repaired
// encodings), from a JSON Lines file of records: value and raw text.
void AddRecordValues(const fs::path& file, std::set<std::string>* out) {
  std::istringstream lines(ReadFile(file));
  std::string line;
  while (std::getline(lines, line)) {
    const auto record = nlohmann::json::parse(line);
    if (!record.contains("fields")) continue;
    for (const auto& [name, field] : record["fields"].items()) {
      if (kSecretFields.count(name) == 0) continue;
      for (const char* key : {"value", "raw"}) {
        if (field.contains(key) && !field[key].get<std::string>().empty()) {
          out->insert(field[key].get<std::string>());
        }
      }
    }
  }
}

// Every secret found in `output`, with the line it is on. Values under six
// bytes (a birth year alone, "1965") would match counts and timings and say
// nothing about a person; they are left out and counted.
std::vector<std::string> Leaks(const std::string& output, const std::set<std::string>& secrets,
                               int* searched) {
  std::vector<std::string> leaks;
  *searched = 0;
  for (const std::string& secret : secrets) {
    if (secret.size() < 6) continue;
    ++*searched;
    const size_t at = output.find(secret);
    if (at == std::string::npos) continue;
    const size_t begin = output.rfind('\n', at) + 1;  // npos + 1 == 0
    leaks.push_back("'" + secret + "' in: " + output.substr(begin, output.find('\n', at) - begin));
  }
  return leaks;
}

// Mode bits of every regular file under `dir`, by path relative to it.
std::map<std::string, unsigned> Modes(const fs::path& dir) {
  std::map<std::string, unsigned> modes;
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    if (!entry.is_regular_file()) continue;
    struct stat st {};
    if (::stat(entry.path().c_str(), &st) == 0) {
      modes[fs::relative(entry.path(), dir).string()] = st.st_mode & 07777;
    }
  }
  return modes;
}

// Runs hoso with umask 0, so whatever is owner-only was made so on purpose
// and not by a cautious umask.
CommandResult RunWithOpenUmask(const std::string& args) {
  const mode_t old = ::umask(0);
  CommandResult result = RunHoso(args);
  ::umask(old);
  return result;
}

TEST(PersonalData, CsvBatchWritesOwnerOnlyFilesAndLogsNoNameIdOrBirthDate) {
  const fs::path dir = Scratch("personal_data_csv");
  const fs::path csv = kSource / "fixtures/csv";
  // examples/members.yaml, with every output in the scratch directory.
  WriteFile(
      dir / "p.yaml",
      "name: personal-data\n"
      "workers: 2\n"
      "seed: 1\n"
      "quarantine: out/quarantine.jsonl\n"
      "summary: out/summary.json\n"
      "stages:\n"
      "  - plugin: csv_source\n"
      "    with:\n"
      "      path: " +
          (csv / "members_2019.csv").string() +
          "\n"
          "      id_column: ma_ho_so\n"
          "      source_name: export_2019\n"
          "      columns: {ho_ten: full_name, ngay_sinh: birth_date, gioi_tinh: gender,\n"
          "                que_quan: hometown, so_cccd: national_id,\n"
          "                so_the_dang: party_card_number, ngay_vao_dang: admission_date,\n"
          "                ngay_chinh_thuc: official_date, chi_bo: party_unit}\n"
          "  - plugin: csv_source\n"
          "    with:\n"
          "      path: " +
          (csv / "legacy_ascii.csv").string() +
          "\n"
          "      delimiter: \";\"\n"
          "      id_column: ma_hs\n"
          "      source_name: legacy_ascii\n"
          "      columns: &legacy {ho_ten: full_name, ngay_sinh: birth_date, gioi_tinh: gender,\n"
          "                que_quan: hometown, so_cmnd: national_id, so_the: party_card_number,\n"
          "                ngay_vao_dang: admission_date, chi_bo: party_unit}\n"
          "  - plugin: csv_source\n"
          "    with:\n"
          "      path: " +
          (csv / "legacy_tcvn3.csv").string() +
          "\n"
          "      id_column: ma_hs\n"
          "      source_name: legacy_tcvn3\n"
          "      invalid_utf8: windows-1252\n"
          "      columns: *legacy\n"
          "  - plugin: normalize_vi\n"
          "    with: {encoding_by_source: {legacy_tcvn3: tcvn3}}\n"
          "  - plugin: party_rules\n"
          "  - plugin: dedup\n"
          "    with: {save_model: out/dedup-model.yaml}\n"
          "  - plugin: merge\n"
          "    with:\n"
          "      source_priority: [export_2019, legacy_tcvn3, legacy_ascii]\n"
          "  - plugin: member_conflicts\n"
          "  - plugin: required_fields\n"
          "    with: {fields: [full_name, birth_date, party_card_number], severity: error}\n"
          "  - plugin: handbook_sqlite\n"
          "    with: {path: out/handbook.sqlite}\n"
          "  - plugin: jsonl_sink\n"
          "    with: {path: out/members.jsonl}\n"
          "  - plugin: csv_sink\n"
          "    with: {path: out/members.csv, bom: true}\n");
  const CommandResult r = RunWithOpenUmask("run " + (dir / "p.yaml").string() + " --report " +
                                           (dir / "out/report.html").string());
  ASSERT_EQ(r.status, 0) << r.output;
  // The run did meet the inputs that must not be shown: the malformed rows
  // were quarantined and said so.
  EXPECT_THAT(r.output, ::testing::HasSubstr("quarantined"));

  const std::map<std::string, unsigned> modes = Modes(dir / "out");
  for (const char* file :
       {"handbook.sqlite", "members.jsonl", "members.csv", "quarantine.jsonl", "report.html"}) {
    EXPECT_EQ(modes.count(file), 1u) << file << " was not written";
  }
  // Counts, timings and fitted weights: nothing about a person.
  const std::set<std::string> not_personal = {"summary.json", "dedup-model.yaml"};
  for (const auto& [file, mode] : modes) {
    EXPECT_NE(fs::path(file).filename().string()[0], '.') << "temporary file left: " << file;
    if (not_personal.count(file) > 0) continue;
    EXPECT_EQ(mode, 0600u) << file << " has mode " << std::oct << mode;
  }

  std::set<std::string> secrets;
  AddCsvValues(csv / "members_2019.csv", ',', {"ho_ten", "ngay_sinh", "so_cccd", "so_the_dang"},
               &secrets);
  AddCsvValues(csv / "legacy_ascii.csv", ';', {"ho_ten", "ngay_sinh", "so_cmnd", "so_the"},
               &secrets);
  AddCsvValues(csv / "legacy_tcvn3.csv", ',', {"ho_ten", "ngay_sinh", "so_cmnd", "so_the"},
               &secrets);
  AddRecordValues(dir / "out/members.jsonl", &secrets);
  int searched = 0;
  EXPECT_THAT(Leaks(r.output, secrets, &searched), ::testing::ElementsAre());
  // 46 input rows with four fields each, and their cleaned forms: 197 when
  // this was written.
  EXPECT_GE(searched, 150) << "too few values searched; did the fixtures change?";
}

TEST(PersonalData, ScanBatchWritesOwnerOnlyFilesAndLogsNoNameIdOrBirthDate) {
  const fs::path dir = Scratch("personal_data_scans");
  WriteFile(dir / "p.yaml",
            "workers: 1\n"
            "quarantine: out/quarantine.jsonl\n"
            "stages:\n"
            "  - plugin: scan_source\n"
            "    with: {path: " +
                (kSource / "fixtures/scans/clean/scan-3-00001.tif").string() +
                "}\n"
                "  - plugin: ocr_tesseract\n"
                "    with: {hocr_dir: out/hocr, pdf_dir: out/pdf}\n"
                "  - plugin: pages_jsonl\n"
                "    with: {path: out/pages.jsonl, words: true}\n"
                "  - plugin: jsonl_sink\n"
                "    with: {path: out/dossiers.jsonl}\n");
  const CommandResult r = RunWithOpenUmask("run " + (dir / "p.yaml").string());
  ASSERT_EQ(r.status, 0) << r.output;

  const std::map<std::string, unsigned> modes = Modes(dir / "out");
  for (const char* file : {"pages.jsonl", "dossiers.jsonl", "quarantine.jsonl",
                           "hocr/scan-3-00001.tif.hocr", "pdf/scan-3-00001.tif.pdf"}) {
    EXPECT_EQ(modes.count(file), 1u) << file << " was not written";
  }
  for (const auto& [file, mode] : modes) {
    EXPECT_NE(fs::path(file).filename().string()[0], '.') << "temporary file left: " << file;
    EXPECT_EQ(mode, 0600u) << file << " has mode " << std::oct << mode;
  }

  // What the generator printed on the form, and that OCR read it: the
  // search would prove nothing if the text never came through.
  const auto truth =
      nlohmann::json::parse(ReadFile(kSource / "fixtures/scans/truth/scan-3-00001.json"))["member"];
  std::set<std::string> secrets;
  for (const std::string& field : kSecretFields) secrets.insert(truth[field].get<std::string>());
  // As the form prints them: the name in capitals, dates day first.
  std::string upper;
  icu::UnicodeString::fromUTF8(truth["full_name"].get<std::string>()).toUpper().toUTF8String(upper);
  secrets.insert(upper);
  const std::string birth = truth["birth_date"];  // yyyy-mm-dd
  const std::string day = birth.substr(8, 2), month = birth.substr(5, 2), year = birth.substr(0, 4);
  secrets.insert(day + "/" + month + "/" + year);
  secrets.insert(std::to_string(std::stoi(day)) + "/" + std::to_string(std::stoi(month)) + "/" +
                 year);
  EXPECT_THAT(ReadFile(dir / "out/pages.jsonl"), ::testing::HasSubstr(truth["national_id"]));
  int searched = 0;
  EXPECT_THAT(Leaks(r.output, secrets, &searched), ::testing::ElementsAre());
  EXPECT_EQ(searched, 7);
}

}  // namespace
}  // namespace hoso::testing
