#include "eval_fields.h"

#include <unicode/unistr.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "folded_text.h"
#include "tone_placement.h"

namespace hoso::dossier_fields {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

struct Arguments {
  std::map<std::string, std::string> flags;
  std::string Get(const std::string& name, const std::string& fallback = "") const {
    auto it = flags.find(name);
    return it == flags.end() ? fallback : it->second;
  }
};

Arguments Parse(int argc, char** argv) {
  Arguments args;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (i == 1 && a == "fields") continue;  // `hoso eval fields ...`
    if (a.rfind("--", 0) != 0) throw std::invalid_argument("unexpected argument '" + a + "'");
    if (i + 1 >= argc) throw std::invalid_argument(a + " needs a value");
    args.flags[a.substr(2)] = argv[++i];
  }
  for (const char* required : {"truth", "records"}) {
    if (args.Get(required).empty())
      throw std::invalid_argument(std::string("missing --") + required);
  }
  return args;
}

// "…/degraded-heavy/scan-3-00001.tif" -> "degraded-heavy/scan-3-00001.tif":
// the generator's layout names a page by its folder and file.
std::string FileKey(const std::string& path) {
  const fs::path p(path);
  return (p.parent_path().filename() / p.filename()).string();
}

struct TruthDossier {
  std::string id;
  json member;
  json extra;
  json unit_codes;
  std::vector<std::string> fields;  // printed on its pages, first seen first
  std::string layout;
  std::vector<std::pair<std::string, std::string>> files;  // file key, level
  // Fields written by hand on every page that prints them (make-scans
  // --handwritten): the record should send them to manual entry or read
  // them right, never emit a wrong value.
  std::set<std::string> handwritten;
};

struct Target {
  const TruthDossier* dossier = nullptr;
  std::string level;
};

// Ð (U+00D0) and Ɖ (U+0189) print exactly like Đ (U+0110); name lists
// (the generator's among them) carry them by mistake, and no scan can tell
// them apart, so the truth is read with Đ.
std::string LookAlikesAsD(std::string text) {
  for (std::string_view look_alike : {"\xC3\x90", "\xC6\x89"}) {
    for (size_t at = text.find(look_alike); at != std::string::npos;
         at = text.find(look_alike, at)) {
      text.replace(at, look_alike.size(), "\xC4\x90");
    }
  }
  return text;
}

std::string Expected(const TruthDossier& d, const std::string& field) {
  if (d.member.contains(field) && d.member[field].is_string())
    return LookAlikesAsD(d.member[field]);
  if (d.extra.contains(field) && d.extra[field].is_string()) return LookAlikesAsD(d.extra[field]);
  return "";
}

std::string Digits(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c >= '0' && c <= '9') out.push_back(c);
  }
  return out;
}

bool IsPlace(const std::string& field) { return field == "hometown" || field == "birth_place"; }

// Why a value differs, in the words a clerk uses.
std::string ErrorKind(const std::string& field, const std::string& expected, const std::string& got,
                      bool manual) {
  if (got.empty()) return manual ? "sent to manual entry" : "missing";
  if (FoldWords(expected) == FoldWords(got)) {
    if (PlacementFreeKey(expected) == PlacementFreeKey(got)) return "tone placement";
    icu::UnicodeString a = icu::UnicodeString::fromUTF8(expected),
                       b = icu::UnicodeString::fromUTF8(got);
    if (a.foldCase() == b.foldCase()) return "letter case";
    return "diacritics";
  }
  if (field.find("date") != std::string::npos || field == "national_id" ||
      field == "party_card_number") {
    return "digits";
  }
  if (FoldWords(got).find(FoldWords(expected)) != std::string::npos) return "extra text";
  if (FoldWords(expected).find(FoldWords(got)) != std::string::npos) return "cut short";
  return "other letters";
}

struct Tally {
  int n = 0;
  int exact = 0;
  int tone_free = 0;    // exact once tone placement (hòa/hoà) is set aside
  int place_codes = 0;  // places whose commune code is right
};

}  // namespace

int EvalFieldsCommand(int argc, char** argv) {
  const Arguments args = Parse(argc, argv);
  const std::string only_level = args.Get("level");
  const int show_errors = std::stoi(args.Get("show-errors", "0"));

  // Truth: every dossier, and which page file belongs to which level.
  std::vector<TruthDossier> truth;
  const fs::path truth_dir = fs::path(args.Get("truth")) / "truth";
  if (!fs::is_directory(truth_dir)) {
    throw std::invalid_argument(args.Get("truth") +
                                " has no truth/ folder (a make-scans output directory)");
  }
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(truth_dir)) {
    if (e.path().extension() == ".json") files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  truth.reserve(files.size());
  std::map<std::string, Target> by_file;
  for (const fs::path& path : files) {
    std::ifstream in(path);
    json j = json::parse(in);
    TruthDossier d;
    d.id = j.value("dossier_id", path.stem().string());
    d.member = j["member"];
    d.extra = j.value("extra", json::object());
    d.unit_codes = j.value("unit_codes", json::object());
    d.layout = j.value("layout", "");
    std::map<std::string, std::pair<int, int>> hand;  // field -> (pages printing it, by hand)
    for (const json& page : j["pages"]) {
      for (const json& f : page["fields"]) {
        const std::string name = f["name"];
        if (std::find(d.fields.begin(), d.fields.end(), name) == d.fields.end()) {
          d.fields.push_back(name);
        }
        ++hand[name].first;
        if (f.value("handwritten", false)) ++hand[name].second;
      }
    }
    for (const auto& [name, counts] : hand) {
      if (counts.second > 0 && counts.second == counts.first) d.handwritten.insert(name);
    }
    for (const json& page : j["pages"]) {
      for (const auto& [level, where] : page["files"].items()) {
        d.files.push_back({FileKey(where["file"]), level});
      }
    }
    truth.push_back(std::move(d));
  }
  for (const TruthDossier& d : truth) {
    for (const auto& [key, level] : d.files) by_file[key] = Target{&d, level};
  }

  // Records: the first field's page names the dossier and level.
  std::ifstream records(args.Get("records"));
  if (!records) throw std::invalid_argument("cannot read " + args.Get("records"));
  std::map<std::pair<const TruthDossier*, std::string>, json> found;
  int unmatched = 0, line_number = 0;
  std::string line;
  while (std::getline(records, line)) {
    ++line_number;
    if (line.empty()) continue;
    json r;
    try {
      r = json::parse(line);
    } catch (const json::exception&) {
      throw std::invalid_argument(args.Get("records") + " line " + std::to_string(line_number) +
                                  ": not JSON");
    }
    if (r.value("golden", false)) continue;
    std::string file;
    for (const auto& [name, field] : r["fields"].items()) {
      if (field.contains("provenance") && field["provenance"].value("page", -1) >= 0) {
        file = field["provenance"].value("file", "");
        break;
      }
    }
    auto it = by_file.find(FileKey(file));
    if (file.empty() || it == by_file.end()) {
      ++unmatched;
      continue;
    }
    found[{it->second.dossier, it->second.level}] = std::move(r);
  }

  std::set<std::string> levels;
  for (const auto& [key, r] : found) levels.insert(key.second);
  if (!only_level.empty()) levels = {only_level};

  json report = json::object();
  std::printf("field extraction against %s (%zu dossiers; %d records matched no truth page)\n",
              args.Get("truth").c_str(), truth.size(), unmatched);
  for (const std::string& level : levels) {
    std::map<std::string, Tally> tallies;
    std::vector<std::string> order;
    std::map<std::string, int> kinds;
    std::vector<std::string> examples;
    int dossiers = 0, missing_records = 0;
    Tally total;
    int hand_n = 0, hand_manual = 0, hand_right = 0, hand_wrong = 0;
    for (const TruthDossier& d : truth) {
      auto it = found.find({&d, level});
      const json empty = json::object();
      const json& r = it == found.end() ? empty : it->second;
      ++dossiers;
      if (it == found.end()) ++missing_records;
      std::set<std::string> manual;
      if (r.contains("findings")) {
        for (const json& f : r["findings"]) {
          if (f.value("rule_id", "") == "fields.manual_entry") manual.insert(f.value("field", ""));
        }
      }
      for (const std::string& field : d.fields) {
        if (std::find(order.begin(), order.end(), field) == order.end()) order.push_back(field);
        const std::string expected = Expected(d, field);
        const std::string key = field == "residence" ? "extra.residence" : field;
        std::string got;
        if (r.contains("fields") && r["fields"].contains(key))
          got = r["fields"][key].value("value", "");
        bool right = got == expected;
        if (field == "party_card_number") right = !got.empty() && Digits(got) == Digits(expected);
        if (d.handwritten.count(field)) {
          ++hand_n;
          if (right) {
            ++hand_right;
          } else if (got.empty() && manual.count(field)) {
            ++hand_manual;
          } else if (!got.empty()) {
            ++hand_wrong;
          }
        }
        Tally& t = tallies[field];
        ++t.n;
        ++total.n;
        const bool tone_free =
            right || (!got.empty() && PlacementFreeKey(got) == PlacementFreeKey(expected));
        t.tone_free += tone_free ? 1 : 0;
        total.tone_free += tone_free ? 1 : 0;
        if (right) {
          ++t.exact;
          ++total.exact;
        } else {
          const std::string kind = ErrorKind(field, expected, got, manual.count(field) > 0);
          ++kinds[field + ": " + kind];
          if (static_cast<int>(examples.size()) < show_errors) {
            examples.push_back(d.id + " " + field + " [" + kind + "]: expected '" + expected +
                               "', got '" + got + "'");
          }
        }
        if (IsPlace(field)) {
          const std::string code_key = field + ".commune";
          const std::string want = d.unit_codes.value(code_key, "");
          const std::string have = r.contains("unit_codes")
                                       ? r["unit_codes"].value(code_key, std::string())
                                       : std::string();
          if (!want.empty() && want == have) ++t.place_codes;
        }
      }
    }
    std::printf("\nlevel %s: %d dossiers, %d without a record\n", level.c_str(), dossiers,
                missing_records);
    std::printf("  %-20s %6s %6s %8s\n", "field", "n", "exact", "accuracy");
    json level_json = {
        {"dossiers", dossiers}, {"missing_records", missing_records}, {"fields", json::object()}};
    for (const std::string& field : order) {
      const Tally& t = tallies[field];
      const double acc = t.n == 0 ? 0 : 100.0 * t.exact / t.n;
      std::printf("  %-20s %6d %6d %7.2f%%", field.c_str(), t.n, t.exact, acc);
      if (IsPlace(field))
        std::printf("   (commune code right: %.2f%%)", 100.0 * t.place_codes / std::max(1, t.n));
      std::printf("\n");
      level_json["fields"][field] = {
          {"n", t.n}, {"exact", t.exact}, {"exact_up_to_tone_placement", t.tone_free}};
      if (IsPlace(field)) level_json["fields"][field]["commune_code_right"] = t.place_codes;
    }
    const double all = total.n == 0 ? 0 : 100.0 * total.exact / total.n;
    std::printf("  %-20s %6d %6d %7.2f%%   (up to tone placement: %.2f%%)\n", "all fields", total.n,
                total.exact, all, total.n == 0 ? 0 : 100.0 * total.tone_free / total.n);
    level_json["all"] = {
        {"n", total.n}, {"exact", total.exact}, {"exact_up_to_tone_placement", total.tone_free}};
    if (hand_n > 0) {
      std::printf(
          "  handwritten fields: %d; sent to manual entry %d, read right %d, emitted wrong %d\n",
          hand_n, hand_manual, hand_right, hand_wrong);
      level_json["handwritten"] = {{"n", hand_n},
                                   {"manual_entry", hand_manual},
                                   {"right", hand_right},
                                   {"emitted_wrong", hand_wrong}};
    }
    std::vector<std::pair<int, std::string>> ranked;
    for (const auto& [kind, count] : kinds) ranked.push_back({count, kind});
    std::sort(ranked.rbegin(), ranked.rend());
    if (!ranked.empty()) std::printf("  commonest errors:\n");
    json errors = json::array();
    for (size_t k = 0; k < ranked.size(); ++k) {
      if (k < 8) std::printf("    %4d  %s\n", ranked[k].first, ranked[k].second.c_str());
      errors.push_back({{"kind", ranked[k].second}, {"count", ranked[k].first}});
    }
    level_json["errors"] = std::move(errors);
    for (const std::string& e : examples) std::printf("    e.g. %s\n", e.c_str());
    report[level] = std::move(level_json);
  }
  if (const std::string out = args.Get("json"); !out.empty()) {
    std::ofstream o(out);
    o << report.dump(1) << "\n";
    if (!o) throw std::runtime_error("cannot write " + out);
  }
  return 0;
}

}  // namespace hoso::dossier_fields
