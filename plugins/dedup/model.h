// The deduplication model: what is compared, how pairs are found, the fitted
// probabilities and the thresholds. Lives in models/dedup/*.yaml; `hoso dedup
// train` writes the fitted version.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace hoso::dedup {

// How one level decides that two values agree enough.
enum class LevelTest {
  kEqual,          // same value
  kJaroWinkler,    // similarity >= threshold
  kLevenshtein,    // edit distance <= threshold
  kOneDigitOff,    // same length, one position differs, or two adjacent swapped
  kDateSwapped,    // day and month swapped
  kDateYearMonth,  // same year and month
  kYearWithin,     // |year difference| <= threshold
};

struct Level {
  std::string label;
  std::string feature;  // see Feature in member_table.h
  LevelTest test = LevelTest::kEqual;
  double threshold = 0;
};

struct Comparison {
  std::string name;
  std::vector<Level> levels;  // best first; "else" (none agree) is implicit
  // Feature whose value frequency replaces u on the first level: a match on
  // "Nguyễn Văn Hùng" says less than one on "Khuất Duy Tiến".
  std::string term_frequency;
  // Fitted: one per level plus one for "else".
  std::vector<double> m;
  std::vector<double> u;

  size_t level_count() const { return levels.size() + 1; }
};

// Pairs are compared when every feature of at least one rule is equal.
struct BlockingRule {
  std::vector<std::string> features;
};

struct Thresholds {
  double match = 10;      // total weight (log2 Bayes factor) at or above: same member
  double review = 2;      // [review, match): a person should look
  double non_match = -6;  // below: different members; never joined in one cluster
};

struct Model {
  std::string name;
  double prior = 1e-4;  // probability that two random records are one member
  std::vector<Comparison> comparisons;
  std::vector<BlockingRule> blocking;
  Thresholds thresholds;
  // Deterministic rules, before scoring.
  std::string id_feature;    // e.g. "field:national_id"
  std::string date_feature;  // e.g. "date:birth_date"
  int max_block_size = 20000;
  bool fitted = false;

  std::vector<std::string> Features() const;  // every feature used, no repeats
};

// Throws std::runtime_error naming the file (and line when yaml-cpp knows it).
Model LoadModel(const std::filesystem::path& file);
void SaveModel(const Model& model, const std::filesystem::path& file);
// The model as SaveModel writes it, and back; `origin` names the text's
// source in messages.
std::string ModelYaml(const Model& model);
Model ParseModel(const std::string& text, const std::string& origin);

}  // namespace hoso::dedup
