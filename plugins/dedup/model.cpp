#include "model.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <fstream>
#include <stdexcept>

namespace hoso::dedup {
namespace {

struct TestName {
  LevelTest test;
  const char* name;
  bool needs_threshold;
};

constexpr TestName kTests[] = {
    {LevelTest::kEqual, "equal", false},
    {LevelTest::kJaroWinkler, "jaro_winkler", true},
    {LevelTest::kLevenshtein, "levenshtein", true},
    {LevelTest::kOneDigitOff, "one_digit_off", false},
    {LevelTest::kDateSwapped, "day_month_swapped", false},
    {LevelTest::kDateYearMonth, "same_year_month", false},
    {LevelTest::kYearWithin, "year_within", true},
};

[[noreturn]] void Fail(const std::filesystem::path& file, const YAML::Node& node,
                       const std::string& message) {
  std::string where = file.string();
  if (node.IsDefined() && node.Mark().line >= 0) where += ":" + std::to_string(node.Mark().line + 1);
  throw std::runtime_error(where + ": " + message);
}

std::vector<double> Numbers(const std::filesystem::path& file, const YAML::Node& node) {
  std::vector<double> out;
  if (!node) return out;
  if (!node.IsSequence()) Fail(file, node, "expected a list of numbers");
  for (const YAML::Node& item : node) {
    const double v = item.as<double>();
    if (!(v > 0 && v <= 1)) Fail(file, item, "probabilities must be in (0, 1]");
    out.push_back(v);
  }
  return out;
}

}  // namespace

std::vector<std::string> Model::Features() const {
  std::vector<std::string> out;
  auto add = [&](const std::string& f) {
    if (!f.empty() && std::find(out.begin(), out.end(), f) == out.end()) out.push_back(f);
  };
  for (const Comparison& c : comparisons) {
    for (const Level& l : c.levels) add(l.feature);
    add(c.term_frequency);
  }
  for (const BlockingRule& r : blocking) {
    for (const std::string& f : r.features) add(f);
  }
  add(id_feature);
  add(date_feature);
  return out;
}

namespace {

// `file` names where the text came from, in messages.
Model ModelFrom(const YAML::Node& root, const std::filesystem::path& file) {
  Model model;
  try {
    model.name = root["name"].as<std::string>("");
    model.prior = root["prior"].as<double>(1e-4);
    if (!(model.prior > 0 && model.prior < 1)) Fail(file, root["prior"], "prior must be in (0, 1)");
    model.fitted = root["fitted"].as<bool>(false);
    model.max_block_size = root["max_block_size"].as<int>(20000);
    if (const YAML::Node t = root["thresholds"]) {
      model.thresholds.match = t["match"].as<double>(model.thresholds.match);
      model.thresholds.review = t["review"].as<double>(model.thresholds.review);
      model.thresholds.non_match = t["non_match"].as<double>(model.thresholds.non_match);
      if (!(model.thresholds.non_match <= model.thresholds.review &&
            model.thresholds.review <= model.thresholds.match)) {
        Fail(file, t, "thresholds must satisfy non_match <= review <= match");
      }
    }
    if (const YAML::Node rule = root["same_member_rule"]) {
      model.id_feature = rule["id"].as<std::string>("");
      model.date_feature = rule["birth_date"].as<std::string>("");
    }
    const YAML::Node blocking = root["blocking"];
    if (!blocking || !blocking.IsSequence() || blocking.size() == 0) {
      Fail(file, root, "blocking: list at least one rule (a list of features)");
    }
    for (const YAML::Node& rule : blocking) {
      if (!rule.IsSequence() || rule.size() == 0) Fail(file, rule, "a blocking rule is a list of features");
      BlockingRule r;
      for (const YAML::Node& f : rule) r.features.push_back(f.as<std::string>());
      model.blocking.push_back(std::move(r));
    }
    const YAML::Node comparisons = root["comparisons"];
    if (!comparisons || !comparisons.IsSequence() || comparisons.size() == 0) {
      Fail(file, root, "comparisons: list at least one");
    }
    if (comparisons.size() > 16) Fail(file, comparisons, "at most 16 comparisons");
    for (const YAML::Node& node : comparisons) {
      Comparison c;
      c.name = node["name"].as<std::string>("");
      if (c.name.empty()) Fail(file, node, "comparison without a name");
      c.term_frequency = node["term_frequency"].as<std::string>("");
      const YAML::Node levels = node["levels"];
      if (!levels || !levels.IsSequence() || levels.size() == 0 || levels.size() > 14) {
        Fail(file, node, "comparison '" + c.name + "': levels must list 1 to 14 levels");
      }
      for (const YAML::Node& ln : levels) {
        Level level;
        level.feature = ln["feature"].as<std::string>("");
        if (level.feature.empty()) Fail(file, ln, "level without a feature");
        const std::string test = ln["test"].as<std::string>("equal");
        const TestName* found = nullptr;
        for (const TestName& t : kTests) {
          if (test == t.name) found = &t;
        }
        if (found == nullptr) {
          Fail(file, ln["test"],
               "unknown test '" + test +
                   "'; use equal, jaro_winkler, levenshtein, one_digit_off, day_month_swapped, "
                   "same_year_month or year_within");
        }
        level.test = found->test;
        if (found->needs_threshold) {
          if (!ln["threshold"]) Fail(file, ln, "test '" + test + "' needs a threshold");
          level.threshold = ln["threshold"].as<double>();
        }
        level.label = ln["label"].as<std::string>(test);
        c.levels.push_back(std::move(level));
      }
      c.m = Numbers(file, node["m"]);
      c.u = Numbers(file, node["u"]);
      if ((!c.m.empty() && c.m.size() != c.level_count()) ||
          (!c.u.empty() && c.u.size() != c.level_count())) {
        Fail(file, node, "comparison '" + c.name + "': m and u need one value per level plus one for 'else'");
      }
      model.comparisons.push_back(std::move(c));
    }
  } catch (const YAML::Exception& e) {
    throw std::runtime_error(file.string() + ":" + std::to_string(e.mark.line + 1) + ": " + e.msg);
  }
  if (model.fitted) {
    for (const Comparison& c : model.comparisons) {
      if (c.m.empty() || c.u.empty()) {
        throw std::runtime_error(file.string() + ": fitted: true but comparison '" + c.name +
                                 "' has no m or u");
      }
    }
  }
  return model;
}

}  // namespace

Model LoadModel(const std::filesystem::path& file) {
  YAML::Node root;
  try {
    root = YAML::LoadFile(file.string());
  } catch (const YAML::BadFile&) {
    throw std::runtime_error(file.string() + ": cannot read the model file");
  } catch (const YAML::Exception& e) {
    throw std::runtime_error(file.string() + ":" + std::to_string(e.mark.line + 1) + ": " + e.msg);
  }
  return ModelFrom(root, file);
}

Model ParseModel(const std::string& text, const std::string& origin) {
  YAML::Node root;
  try {
    root = YAML::Load(text);
  } catch (const YAML::Exception& e) {
    throw std::runtime_error(origin + ":" + std::to_string(e.mark.line + 1) + ": " + e.msg);
  }
  return ModelFrom(root, origin);
}

std::string ModelYaml(const Model& model) {
  YAML::Emitter out;
  out << YAML::BeginMap;
  out << YAML::Key << "name" << YAML::Value << model.name;
  out << YAML::Key << "fitted" << YAML::Value << model.fitted;
  out << YAML::Key << "prior" << YAML::Value << model.prior;
  out << YAML::Key << "thresholds" << YAML::Value << YAML::Flow << YAML::BeginMap
      << YAML::Key << "match" << YAML::Value << model.thresholds.match << YAML::Key << "review"
      << YAML::Value << model.thresholds.review << YAML::Key << "non_match" << YAML::Value
      << model.thresholds.non_match << YAML::EndMap;
  out << YAML::Key << "max_block_size" << YAML::Value << model.max_block_size;
  if (!model.id_feature.empty()) {
    out << YAML::Key << "same_member_rule" << YAML::Value << YAML::Flow << YAML::BeginMap
        << YAML::Key << "id" << YAML::Value << model.id_feature << YAML::Key << "birth_date"
        << YAML::Value << model.date_feature << YAML::EndMap;
  }
  out << YAML::Key << "blocking" << YAML::Value << YAML::BeginSeq;
  for (const BlockingRule& r : model.blocking) out << YAML::Flow << r.features;
  out << YAML::EndSeq;
  out << YAML::Key << "comparisons" << YAML::Value << YAML::BeginSeq;
  for (const Comparison& c : model.comparisons) {
    out << YAML::BeginMap << YAML::Key << "name" << YAML::Value << c.name;
    if (!c.term_frequency.empty()) out << YAML::Key << "term_frequency" << YAML::Value << c.term_frequency;
    out << YAML::Key << "levels" << YAML::Value << YAML::BeginSeq;
    for (const Level& l : c.levels) {
      out << YAML::Flow << YAML::BeginMap << YAML::Key << "label" << YAML::Value << l.label
          << YAML::Key << "feature" << YAML::Value << l.feature;
      for (const TestName& t : kTests) {
        if (t.test != l.test) continue;
        if (t.test != LevelTest::kEqual) out << YAML::Key << "test" << YAML::Value << t.name;
        if (t.needs_threshold) out << YAML::Key << "threshold" << YAML::Value << l.threshold;
      }
      out << YAML::EndMap;
    }
    out << YAML::EndSeq;
    if (!c.m.empty()) out << YAML::Key << "m" << YAML::Value << YAML::Flow << c.m;
    if (!c.u.empty()) out << YAML::Key << "u" << YAML::Value << YAML::Flow << c.u;
    out << YAML::EndMap;
  }
  out << YAML::EndSeq << YAML::EndMap;
  return std::string(out.c_str()) + "\n";
}

void SaveModel(const Model& model, const std::filesystem::path& file) {
  // Written beside the target and renamed, so a reader never sees half a model.
  const std::filesystem::path tmp = file.string() + ".tmp";
  {
    std::ofstream f(tmp, std::ios::trunc);
    f << "# Fitted by hoso dedup; edit thresholds freely, refit for m and u.\n" << ModelYaml(model);
    if (!f) throw std::runtime_error(tmp.string() + ": cannot write the model");
  }
  std::filesystem::rename(tmp, file);
}

}  // namespace hoso::dedup
