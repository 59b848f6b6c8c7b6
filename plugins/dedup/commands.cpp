#include "commands.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include "engine.h"
#include "evaluation.h"
#include "member_table.h"
#include "model.h"
#include "record_store.h"
#include "scorer.h"
#include "sqlite_statement.h"

namespace hoso::dedup {
namespace {

// --name value flags and positional arguments, after argv[0].
struct Arguments {
  std::map<std::string, std::string> flags;
  std::vector<std::string> positional;
  bool Has(const std::string& name) const { return flags.count(name) != 0; }
  std::string Get(const std::string& name, const std::string& fallback = "") const {
    auto it = flags.find(name);
    return it == flags.end() ? fallback : it->second;
  }
  std::string Required(const std::string& name) const {
    auto it = flags.find(name);
    if (it == flags.end() || it->second.empty()) throw std::invalid_argument("missing --" + name);
    return it->second;
  }
};

Arguments Parse(int argc, char** argv, const std::vector<std::string>& switches) {
  Arguments args;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a.rfind("--", 0) == 0) {
      const std::string name = a.substr(2);
      if (std::find(switches.begin(), switches.end(), name) != switches.end()) {
        args.flags[name] = "1";
      } else if (i + 1 < argc) {
        args.flags[name] = argv[++i];
      } else {
        throw std::invalid_argument("--" + name + " needs a value");
      }
    } else {
      args.positional.push_back(std::move(a));
    }
  }
  return args;
}

// Records as jsonl_sink writes them: fields, name keys and unit codes, which
// is all deduplication reads.
std::vector<MemberRecord> ReadMembers(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error(path + ": cannot read");
  std::vector<MemberRecord> records;
  std::string line;
  int64_t number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (line.empty()) continue;
    nlohmann::json j;
    try {
      j = nlohmann::json::parse(line);
    } catch (const nlohmann::json::exception& e) {
      throw std::runtime_error(path + ":" + std::to_string(number) + ": not JSON (" + e.what() + ")");
    }
    // A golden record is the member, not one of its records.
    if (j.value("golden", false)) continue;
    MemberRecord r;
    r.id = j.value("id", "");
    r.member_id = j.value("member_id", "");
    r.source = j.value("source", "");
    if (j.contains("fields")) {
      for (const auto& [name, field] : j["fields"].items()) {
        const std::string field_name = name.rfind("extra.", 0) == 0 ? name.substr(6) : name;
        r.Set(field_name).value = field.value("value", "");
      }
    }
    if (j.contains("name_keys")) {
      const auto& k = j["name_keys"];
      r.name_keys = {k.value("exact", ""), k.value("placement_free", ""),
                     k.value("ascii_folded", ""), k.value("ocr_tolerant", "")};
    }
    if (j.contains("unit_codes")) {
      for (const auto& [key, code] : j["unit_codes"].items()) r.unit_codes[key] = code.get<std::string>();
    }
    records.push_back(std::move(r));
  }
  return records;
}

Assignment ReadTruth(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error(path + ": cannot read");
  Assignment truth;
  std::string line;
  int64_t number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || (number == 1 && line.rfind("record_id", 0) == 0)) continue;
    const size_t comma = line.find(',');
    if (comma == std::string::npos) {
      throw std::runtime_error(path + ":" + std::to_string(number) + ": expected record_id,entity");
    }
    truth.member_of[line.substr(0, comma)] = line.substr(comma + 1);
  }
  return truth;
}

int Usage(const char* text) {
  std::fprintf(stderr, "usage: hoso %s\n", text);
  return 2;
}

}  // namespace

int EvalCommand(int argc, char** argv) {
  try {
    const Arguments args = Parse(argc, argv, {"cross-source"});
    if (args.positional.size() != 1 || args.positional[0] != "dedup" ||
        args.Has("members") == args.Has("handbook")) {
      return Usage(
          "eval dedup --truth FILE (--members FILE.jsonl | --handbook FILE.sqlite) "
          "[--cross-source] [--json FILE]");
    }
    Assignment predicted;
    auto take = [&predicted](const MemberRecord& r) {
      predicted.source_of[r.id] = r.source;
      predicted.member_of[r.id] = std::string(r.MemberId());
    };
    if (args.Has("members")) {
      for (MemberRecord& r : ReadMembers(args.Required("members"))) take(r);
    } else {
      // The handbook's source records carry the member each was filed under,
      // so a pipeline without a JSON Lines sink can be scored too.
      hoso_handbook::HandbookRecords(args.Required("handbook")).ForEach(take);
    }
    const Assignment truth = ReadTruth(args.Required("truth"));
    const Evaluation e = Evaluate(predicted, truth, args.Has("cross-source"));
    std::printf("records: %llu evaluated, %llu in the truth but not in the output\n",
                static_cast<unsigned long long>(e.records), static_cast<unsigned long long>(e.missing));
    std::printf("pairs: %llu true, %llu predicted, %llu both%s\n",
                static_cast<unsigned long long>(e.true_pairs),
                static_cast<unsigned long long>(e.predicted_pairs),
                static_cast<unsigned long long>(e.true_positive_pairs),
                args.Has("cross-source") ? " (across sources only)" : "");
    std::printf("pairwise: precision %.4f, recall %.4f, F1 %.4f\n", e.precision, e.recall, e.f1);
    std::printf("members: %llu true, %llu predicted, %llu true members found exactly whole (%.2f%%)\n",
                static_cast<unsigned long long>(e.true_members),
                static_cast<unsigned long long>(e.predicted_members),
                static_cast<unsigned long long>(e.exact_members),
                e.true_members == 0 ? 100.0 : 100.0 * static_cast<double>(e.exact_members) /
                                                  static_cast<double>(e.true_members));
    if (args.Has("json")) {
      nlohmann::json j = {{"records", e.records},       {"missing", e.missing},
                          {"true_pairs", e.true_pairs}, {"predicted_pairs", e.predicted_pairs},
                          {"true_positive_pairs", e.true_positive_pairs},
                          {"precision", e.precision},   {"recall", e.recall},
                          {"f1", e.f1},                 {"true_members", e.true_members},
                          {"predicted_members", e.predicted_members},
                          {"exact_members", e.exact_members}};
      std::ofstream(args.Get("json")) << j.dump(2) << "\n";
    }
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "hoso eval: %s\n", e.what());
    return 1;
  }
}

// The model the handbook's latest dedup run decided with (side table
// dedup_model).
Model HandbookModel(const std::string& path) {
  hoso_handbook::Connection db(path, /*read_only=*/true);
  hoso_handbook::Statement exists(
      db.get(), "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'dedup_model'");
  if (!exists.Step()) {
    throw std::runtime_error(path +
                             ": no dedup_model table (written by dedup since 2026-11-28); "
                             "give the fitted model with --model");
  }
  hoso_handbook::Statement last(db.get(),
                                "SELECT yaml FROM dedup_model ORDER BY rowid DESC LIMIT 1");
  if (!last.Step()) throw std::runtime_error(path + ": dedup_model is empty; give --model");
  return ParseModel(last.ColumnText(0), path + ": dedup_model");
}

int ExplainCommand(int argc, char** argv) {
  try {
    const Arguments args = Parse(argc, argv, {});
    if (args.positional.size() != 2 || args.Has("members") == args.Has("handbook") ||
        (args.Has("members") && !args.Has("model"))) {
      return Usage(
          "explain RECORD_A RECORD_B (--members FILE.jsonl --model FITTED.yaml | --handbook "
          "FILE.sqlite [--model FITTED.yaml])");
    }
    const bool handbook = args.Has("handbook");
    const std::string input = handbook ? args.Get("handbook") : args.Get("members");
    Model model = args.Has("model") ? LoadModel(args.Get("model")) : HandbookModel(input);
    if (!model.fitted) {
      throw std::runtime_error((args.Has("model") ? args.Get("model") : input + ": dedup_model") +
                               ": model is not fitted");
    }
    // Every record goes into the table, as in the run: term frequencies
    // are shares of the whole batch.
    MemberTable table(model.Features());
    int64_t a = -1, b = -1;
    auto add = [&](const MemberRecord& r) {
      const uint32_t row = table.Add(r);
      if (r.id == args.positional[0]) a = row;
      if (r.id == args.positional[1]) b = row;
    };
    if (handbook) {
      hoso_handbook::HandbookRecords(input).ForEach(add);
    } else {
      for (const MemberRecord& r : ReadMembers(input)) add(r);
    }
    if (a < 0 || b < 0) {
      throw std::runtime_error("record " + args.positional[a < 0 ? 0 : 1] + " is not in " + input);
    }
    const Scorer scorer(model, table);
    const auto ra = static_cast<uint32_t>(a), rb = static_cast<uint32_t>(b);
    uint8_t levels[16];
    double parts[16];
    scorer.Levels(ra, rb, levels);
    double total = scorer.Weight(ra, rb, levels, parts);
    std::printf("%-20s %-22s %9s %9s\n", "comparison", "level", "weight", "running");
    double running = scorer.PriorWeight();
    std::printf("%-20s %-22s %+9.2f %+9.2f\n", "prior", "", running, running);
    for (size_t c = 0; c < model.comparisons.size(); ++c) {
      const Comparison& comparison = model.comparisons[c];
      const std::string level = levels[c] == kMissing ? "missing (neutral)"
                                : levels[c] < comparison.levels.size()
                                    ? comparison.levels[levels[c]].label
                                    : "else";
      running += parts[c];
      std::printf("%-20s %-22s %+9.2f %+9.2f\n", comparison.name.c_str(), level.c_str(), parts[c],
                  running);
    }
    const PairRule rule = scorer.Rule(ra, rb);
    if (rule == PairRule::kSameIdAndBirthDate) {
      total = std::max(total, model.thresholds.match);
      std::printf("rule: same national ID and birth date -> at least the match threshold\n");
    } else if (rule == PairRule::kDifferentCccd) {
      total += Scorer::kDifferentCccdWeight;
      std::printf("rule: two different citizen IDs %+0.2f\n", Scorer::kDifferentCccdWeight);
    }
    const std::string decision = total >= model.thresholds.match    ? "match"
                                 : total >= model.thresholds.review ? "review"
                                                                    : "non-match";
    std::printf("total %+.2f bits, match probability %.6f: %s\n", total,
                1.0 / (1.0 + std::exp2(-total)), decision.c_str());
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "hoso explain: %s\n", e.what());
    return 1;
  }
}

int DedupCommand(int argc, char** argv) {
  try {
    const Arguments args = Parse(argc, argv, {});
    if (args.positional.size() != 1 || args.positional[0] != "train") {
      return Usage("dedup train --members FILE.jsonl [--model FILE] --out FITTED.yaml [--seed N]");
    }
    Model model = LoadModel(args.Get("model", std::string(HOSO_MODELS_DIR) + "/dedup/members.yaml"));
    MemberTable table(model.Features());
    for (const MemberRecord& r : ReadMembers(args.Required("members"))) table.Add(r);
    EngineOptions options;
    options.fit = true;
    options.seed = std::stoull(args.Get("seed", "1"));
    const DedupResult result = Deduplicate(table, model, options);
    SaveModel(model, args.Required("out"));
    std::printf("fitted on %zu records, %llu blocked pairs, %d EM iterations; prior %.3g; wrote %s\n",
                table.size(), static_cast<unsigned long long>(result.stats.blocked_pairs),
                result.stats.em_iterations, model.prior, args.Get("out").c_str());
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "hoso dedup: %s\n", e.what());
    return 1;
  }
}

}  // namespace hoso::dedup
