#include "run_files.h"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <tuple>

namespace hoso::report {
namespace {

int64_t Int(const nlohmann::json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_number() ? it->get<int64_t>() : 0;
}

double Real(const nlohmann::json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_number() ? it->get<double>() : 0.0;
}

std::map<std::string, int64_t> Counts(const nlohmann::json& j, const char* key) {
  std::map<std::string, int64_t> out;
  auto it = j.find(key);
  if (it == j.end() || !it->is_object()) return out;
  for (const auto& [name, value] : it->items()) {
    if (value.is_number()) out[name] = value.get<int64_t>();
  }
  return out;
}

}  // namespace

RunSummary LoadSummary(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw std::runtime_error(file.string() + ": cannot read the run summary");
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(in);
  } catch (const nlohmann::json::exception&) {
    throw std::runtime_error(file.string() + ": not a run summary (not JSON)");
  }
  if (!j.is_object() || !j.contains("units_in")) {
    throw std::runtime_error(file.string() + ": not a run summary (no units_in)");
  }
  RunSummary s;
  s.units_in = Int(j, "units_in");
  s.units_out = Int(j, "units_out");
  s.units_quarantined = Int(j, "units_quarantined");
  s.accounted = j.value("accounted", s.units_in == s.units_out + s.units_quarantined);
  s.dossiers_out = Int(j, "dossiers_out");
  s.records_out = Int(j, "records_out");
  if (j.contains("golden_records_out")) s.golden_records_out = Int(j, "golden_records_out");
  s.records_with_errors = Int(j, "records_with_errors");
  s.workers = static_cast<int>(Int(j, "workers"));
  s.seconds = Real(j, "seconds");
  s.findings_by_severity = Counts(j, "findings_by_severity");
  s.quarantined_by_stage = Counts(j, "quarantined_by_stage");
  if (auto it = j.find("findings_by_rule"); it != j.end() && it->is_object()) {
    for (const auto& [rule, by_severity] : it->items()) {
      if (!by_severity.is_object()) continue;
      for (const auto& [severity, count] : by_severity.items()) {
        if (count.is_number()) s.findings_by_rule[rule][severity] = count.get<int64_t>();
      }
    }
  }
  if (auto it = j.find("stages"); it != j.end() && it->is_array()) {
    for (const nlohmann::json& st : *it) {
      if (!st.is_object()) continue;
      s.stages.push_back(
          {st.value("stage", ""), st.value("kind", ""), Int(st, "items"), Real(st, "seconds")});
    }
  }
  return s;
}

std::string ReasonPattern(const std::string& reason) {
  std::string out;
  out.reserve(reason.size());
  for (size_t i = 0; i < reason.size();) {
    if (std::isdigit(static_cast<unsigned char>(reason[i]))) {
      out += '#';
      while (i < reason.size() && std::isdigit(static_cast<unsigned char>(reason[i]))) ++i;
    } else {
      out += reason[i++];
    }
  }
  return out;
}

Quarantine LoadQuarantine(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw std::runtime_error(file.string() + ": cannot read the quarantine");
  Quarantine q;
  // Keyed on what makes a group; the value indexes q.groups so the first
  // reason seen stays the group's example.
  std::map<std::tuple<std::string, std::string, std::string>, size_t> index;
  std::string line;
  int64_t number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    nlohmann::json j;
    try {
      j = nlohmann::json::parse(line);
    } catch (const nlohmann::json::exception&) {
      // The line holds input bytes: name it, never quote it.
      throw std::runtime_error(file.string() + ":" + std::to_string(number) +
                               ": not a quarantine entry (not JSON)");
    }
    if (!j.is_object()) {
      throw std::runtime_error(file.string() + ":" + std::to_string(number) +
                               ": not a quarantine entry (not an object)");
    }
    const std::string reason = j.value("reason", "");
    auto key = std::make_tuple(j.value("stage", ""), j.value("plugin", ""), ReasonPattern(reason));
    auto [it, added] = index.try_emplace(key, q.groups.size());
    if (added) {
      q.groups.push_back({std::get<0>(key), std::get<1>(key), std::get<2>(key), reason, 0});
    }
    ++q.groups[it->second].units;
    ++q.units;
  }
  std::stable_sort(
      q.groups.begin(), q.groups.end(),
      [](const QuarantineGroup& a, const QuarantineGroup& b) { return a.units > b.units; });
  return q;
}

}  // namespace hoso::report
