// One real run for the report tests: the synthetic people of
// fixtures/people plus the legacy export with two malformed rows, through
// the built hoso and plugins (normalize_vi, party_rules, dedup,
// required_fields, handbook_sqlite), so the report is made from a summary,
// a quarantine and a handbook with dedup's side tables, as in production.
#pragma once

#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace hoso::report::test_run {

namespace fs = std::filesystem;

struct CommandResult {
  int status = -1;
  std::string output;  // stdout and stderr together
};

inline CommandResult Shell(const std::string& command) {
  CommandResult result;
  std::FILE* pipe = popen((command + " 2>&1").c_str(), "r");
  if (pipe == nullptr) return result;
  std::array<char, 4096> buffer{};
  size_t n;
  while ((n = std::fread(buffer.data(), 1, buffer.size(), pipe)) > 0)
    result.output.append(buffer.data(), n);
  const int status = pclose(pipe);
  result.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

// `hoso <args>` with the build's plugins and only those.
inline CommandResult RunHoso(const std::string& args) {
  return Shell("HOSO_PLUGIN_PATH= " + std::string(HOSO_BIN) + " " + args);
}

inline std::string ReadFile(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

inline fs::path Scratch(const std::string& name) {
  const fs::path dir = fs::path(HOSO_TEST_TMP) / name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

struct RunFiles {
  fs::path dir;
  fs::path pipeline;
  fs::path summary;
  fs::path quarantine;
  fs::path handbook;
  fs::path report;  // written by `hoso run --report`
  CommandResult run;
};

inline std::string CsvStage(const std::string& file, const std::string& source, bool legacy_header,
                            const std::string& extra = "") {
  const std::string people = std::string(HOSO_SOURCE_DIR) + "/fixtures/people/";
  std::string out = "  - plugin: csv_source\n    with:\n      path: " + people + file +
                    "\n      source_name: " + source + "\n" + extra;
  if (legacy_header) {
    out +=
        "      id_column: ma_hs\n      columns: {ho_ten: full_name, ngay_sinh: birth_date, "
        "gioi_tinh: gender, que_quan: hometown, so_cmnd: national_id, so_the: party_card_number, "
        "ngay_vao_dang: admission_date, chi_bo: party_unit}\n";
  } else {
    out +=
        "      id_column: ma_ho_so\n      columns: {ho_ten: full_name, ngay_sinh: birth_date, "
        "gioi_tinh: gender, que_quan: hometown, so_cccd: national_id, so_the_dang: "
        "party_card_number, ngay_vao_dang: admission_date, ngay_chinh_thuc: official_date, "
        "chi_bo: party_unit}\n";
  }
  return out;
}

// The bundled members model with one loose blocking rule more (birth year
// and province): its own rules are strict enough that the small fixture
// batch has no non-matching pairs at all, and the report must draw some.
inline std::filesystem::path LooseModel(const std::filesystem::path& dir) {
  std::ifstream in(std::string(HOSO_SOURCE_DIR) + "/models/dedup/members.yaml");
  std::stringstream text;
  text << in.rdbuf();
  std::string model = text.str();
  const size_t at = model.find("\ncomparisons:");
  if (at != std::string::npos) {
    model.insert(at + 1, "  - [\"year:birth_date\", \"unit:hometown.province_2025\"]\n");
  }
  const std::filesystem::path path = dir / "loose-members.yaml";
  std::ofstream(path) << model;
  return path;
}

// Runs the pipeline once into `name` under the test's scratch directory.
inline RunFiles MakeRun(const std::string& name, const std::string& run_flags = "") {
  RunFiles f;
  f.dir = Scratch(name);
  f.pipeline = f.dir / "pipeline.yaml";
  f.summary = f.dir / "out/summary.json";
  f.quarantine = f.dir / "out/quarantine.jsonl";
  f.handbook = f.dir / "out/handbook.sqlite";
  f.report = f.dir / "out/report.html";
  std::string yaml =
      "name: report-test\nworkers: 2\nseed: 1\nquarantine: out/quarantine.jsonl\n"
      "summary: out/summary.json\nstages:\n";
  yaml += CsvStage("export_2019.csv", "export_2019", false);
  yaml += CsvStage("legacy_tcvn3.csv", "legacy_tcvn3", true, "      invalid_utf8: windows-1252\n");
  yaml += CsvStage("legacy_vni.csv", "legacy_vni", true);
  yaml += CsvStage("ocr_dossiers.csv", "ocr_dossiers", false);
  yaml += CsvStage("ascii_export.csv", "ascii_export", true, "      delimiter: \";\"\n");
  // Two malformed rows (a short row, invalid UTF-8) for the quarantine.
  yaml +=
      "  - plugin: csv_source\n    with:\n      path: " + std::string(HOSO_SOURCE_DIR) +
      "/fixtures/csv/legacy_ascii.csv\n      delimiter: \";\"\n      id_column: ma_hs\n"
      "      source_name: legacy_ascii\n      columns: {ho_ten: full_name, ngay_sinh: birth_date, "
      "so_cmnd: national_id, so_the: party_card_number}\n";
  yaml +=
      "  - plugin: normalize_vi\n    with: {encoding_by_source: {legacy_tcvn3: tcvn3, legacy_vni: "
      "vni}}\n"
      "  - plugin: party_rules\n    with: {today: '2026-01-01'}\n"
      "  - plugin: dedup\n    with: {model: " +
      LooseModel(f.dir).string() +
      "}\n"
      "  - plugin: required_fields\n    with: {fields: [full_name, birth_date, party_card_number], "
      "severity: error}\n"
      "  - plugin: handbook_sqlite\n    with: {path: out/handbook.sqlite}\n";
  std::ofstream(f.pipeline) << yaml;
  f.run = RunHoso("run " + f.pipeline.string() + " --progress none --workers 2 " + run_flags);
  return f;
}

}  // namespace hoso::report::test_run
