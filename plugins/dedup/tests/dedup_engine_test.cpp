#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "blocking.h"
#include "clustering.h"
#include "engine.h"
#include "member_table.h"
#include "model.h"
#include "similarity.h"
#include "string_pool.h"
#include "training.h"

namespace hoso::dedup {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

TEST(Similarity, JaroWinklerMatchesKnownValues) {
  EXPECT_NEAR(JaroWinkler("martha", "marhta"), 0.961, 0.001);
  EXPECT_NEAR(JaroWinkler("dwayne", "duane"), 0.84, 0.001);
  EXPECT_NEAR(JaroWinkler("dixon", "dicksonx"), 0.813, 0.001);
  EXPECT_EQ(JaroWinkler("abc", "abc"), 1.0);
  EXPECT_EQ(JaroWinkler("", "abc"), 0.0);
  EXPECT_EQ(JaroWinkler("abc", "xyz"), 0.0);
}

TEST(Similarity, EditDistanceAndDigits) {
  EXPECT_EQ(BoundedLevenshtein("kitten", "sitting", 5), 3);
  EXPECT_EQ(BoundedLevenshtein("kitten", "sitting", 2), 3);  // gave up: limit + 1
  EXPECT_TRUE(OneDigitOff("001175012345", "001175012346"));
  EXPECT_TRUE(OneDigitOff("001175012345", "001175012354"));  // adjacent swap
  EXPECT_FALSE(OneDigitOff("001175012345", "001175012399"));
  EXPECT_FALSE(OneDigitOff("001175012345", "001175012345"));
  EXPECT_FALSE(OneDigitOff("12345", "123456"));
}

TEST(Similarity, PackedCodesDecideOneDigitOffAsTheTextDoes) {
  EXPECT_EQ(PackCode(""), 0u);
  EXPECT_EQ(PackCode("0123456789.-/ 0"), PackCode("0123456789.-/ 0"));
  EXPECT_NE(PackCode("0123456789.-/ 0"), 0u);  // 15 characters: the most that pack
  EXPECT_EQ(PackCode("0123456789012345"), 0u);
  EXPECT_EQ(PackCode("20.13a129"), 0u);
  EXPECT_EQ(PackedSize(PackCode("001175012345")), 12u);
  EXPECT_EQ(PackedSize(PackCode("0")), 1u);
  // Leading zeros and lengths are kept: "0123" is not "123" nor "1230".
  EXPECT_NE(PackCode("0123"), PackCode("123"));
  EXPECT_FALSE(PackedOneDigitOff(PackCode("123"), PackCode("1230")));
  // Every pair of short codes over a small alphabet, and random edits of
  // long ones: the packed test says what the text test says.
  const std::string alphabet = "09.-";
  std::vector<std::string> codes = {""};
  for (size_t length = 1; length <= 3; ++length) {
    std::vector<std::string> longer;
    for (const std::string& c : codes) {
      if (c.size() != length - 1) continue;
      for (char x : alphabet) longer.push_back(c + x);
    }
    codes.insert(codes.end(), longer.begin(), longer.end());
  }
  codes.erase(codes.begin());
  size_t checked = 0;
  for (const std::string& a : codes) {
    for (const std::string& b : codes) {
      ASSERT_EQ(PackedOneDigitOff(PackCode(a), PackCode(b)), OneDigitOff(a, b)) << a << " " << b;
      ++checked;
    }
  }
  std::mt19937 random(7);
  for (int i = 0; i < 20000; ++i) {
    std::string a(12, '0');
    for (char& c : a) c = static_cast<char>('0' + random() % 10);
    std::string b = a;
    for (int edits = static_cast<int>(random() % 4); edits > 0; --edits) {
      const size_t at = random() % 12;
      if (random() % 2 == 0 && at + 1 < 12) {
        std::swap(b[at], b[at + 1]);
      } else {
        b[at] = static_cast<char>('0' + random() % 10);
      }
    }
    ASSERT_EQ(PackedOneDigitOff(PackCode(a), PackCode(b)), OneDigitOff(a, b)) << a << " " << b;
    ++checked;
  }
  EXPECT_EQ(checked, 84u * 84u + 20000u);
}

TEST(MemberTable, ParsesDatesAndIdKinds) {
  EXPECT_EQ(ParseDateValue("1975-09-14"), 19750914u);
  EXPECT_EQ(ParseDateValue("1975-09"), 19750900u);
  EXPECT_EQ(ParseDateValue("1975"), 19750000u);
  EXPECT_EQ(ParseDateValue("19750914"), 19750914u);
  EXPECT_EQ(ParseDateValue("14/09/1975"), 0u);
  MemberTable table({"cccd:national_id", "cmnd:national_id", "year:birth_date", "key:ascii_folded.last"});
  MemberRecord r;
  r.id = "a";
  r.national_id.value = "001 175 012 345";
  r.birth_date.value = "1975-09";
  r.name_keys.ascii_folded = "nguyen van hung";
  table.Add(r);
  EXPECT_EQ(table.Text(table.Column("cccd:national_id"), 0), "001175012345");
  EXPECT_EQ(table.Text(table.Column("cmnd:national_id"), 0), "");
  EXPECT_EQ(table.Value(table.Column("year:birth_date"), 0), 1975u);
  EXPECT_EQ(table.Text(table.Column("key:ascii_folded.last"), 0), "hung");
  EXPECT_THROW(MemberTable({"nonsense"}), std::invalid_argument);
  EXPECT_THROW(MemberTable({"key:given"}), std::invalid_argument);
}

TEST(Clustering, RefusesJoinsThatWouldChainApartRecords) {
  // 0-1 and 1-2 match, but 0 and 2 must stay apart: 1 joins the stronger.
  const Clusters c = Cluster(3, {{0, 1, 12}, {1, 2, 10}}, {{0, 2, -20}});
  EXPECT_EQ(c.root[0], c.root[1]);
  EXPECT_NE(c.root[1], c.root[2]);
  EXPECT_EQ(c.refused_joins, 1u);
  const Clusters free = Cluster(3, {{0, 1, 12}, {1, 2, 10}}, {});
  EXPECT_EQ(free.root[0], free.root[2]);
}

TEST(Clustering, KeepsHandbookMembersWholeAndApart) {
  // Rows 0-1 are member 0 of a handbook, row 2 member 1; rows 3 and 4 are
  // new. 3 matches 0 and 2: it joins the stronger, member 0, and the join
  // with member 1 is refused, not made.
  const std::vector<uint32_t> fixed = {0, 0, 1};
  const Clusters c = Cluster(5, {{3, 0, 15}, {3, 2, 12}, {4, 2, 11}}, {}, &fixed);
  EXPECT_EQ(c.root[0], c.root[1]);
  EXPECT_EQ(c.root[3], c.root[0]);
  EXPECT_NE(c.root[2], c.root[0]);
  EXPECT_EQ(c.root[4], c.root[2]);
  ASSERT_EQ(c.member_conflicts.size(), 1u);
  EXPECT_EQ(c.member_conflicts[0].a, 3u);
  EXPECT_EQ(c.member_conflicts[0].b, 2u);
  // Two new records each in one member: their match would merge the two.
  const Clusters d = Cluster(5, {{3, 0, 15}, {4, 2, 14}, {3, 4, 12}}, {}, &fixed);
  EXPECT_NE(d.root[3], d.root[4]);
  EXPECT_EQ(d.member_conflicts.size(), 1u);
  // Keep-apart pairs still hold against a member's other records.
  const Clusters e = Cluster(5, {{3, 0, 15}}, {{3, 1, -20}}, &fixed);
  EXPECT_NE(e.root[3], e.root[0]);
  EXPECT_EQ(e.refused_joins, 1u);
}

MemberRecord Person(std::string id, std::string ascii_name, std::string birth, std::string cccd = "",
                    std::string gender = "Nam") {
  MemberRecord r;
  r.id = std::move(id);
  r.name_keys.exact = ascii_name;
  r.name_keys.placement_free = ascii_name;
  r.name_keys.ascii_folded = ascii_name;
  r.name_keys.ocr_tolerant = ascii_name;
  r.birth_date.value = std::move(birth);
  r.national_id.value = std::move(cccd);
  r.gender.value = std::move(gender);
  return r;
}

TEST(Blocking, ProducesEachPairOnceAcrossRules) {
  MemberTable table({"key:ascii_folded", "year:birth_date", "id:national_id"});
  table.Add(Person("a", "nguyen van hung", "1975-09-14", "001075012345"));
  table.Add(Person("b", "nguyen van hung", "1975-01-02", "001075012345"));
  table.Add(Person("c", "tran thi mai", "1975-01-02", "001075012345"));
  const Blocker blocker(table, {{{"key:ascii_folded", "year:birth_date"}}, {{"id:national_id"}}}, 100);
  std::vector<std::pair<uint32_t, uint32_t>> pairs;
  for (const Block& b : blocker.blocks()) {
    blocker.ForEachPair(b, [&](uint32_t x, uint32_t y) { pairs.emplace_back(x, y); });
  }
  std::sort(pairs.begin(), pairs.end());
  EXPECT_EQ(pairs, (std::vector<std::pair<uint32_t, uint32_t>>{{0, 1}, {0, 2}, {1, 2}}));
}

// The layout for the scoring pass moves rows, never pairs: the same pairs
// come out of the blocks (as rows of the first order), each block of the
// rule making the most pairs is one run of rows, handbook rows stay first,
// and the table is as it was once restored.
TEST(BlockLayout, GroupsTheLargestRuleBlocksAndChangesNoPair) {
  Model model = LoadModel(fs::path(HOSO_MODELS_DIR) / "dedup" / "members.yaml");
  for (Comparison& c : model.comparisons) {
    c.m.assign(c.level_count(), 0.5);
    c.u.assign(c.level_count(), 0.25);
  }
  MemberTable table(model.Features());
  std::mt19937 random(7);
  const char* names[] = {"nguyen van hung", "tran thi mai", "le van nam", "pham thi lan"};
  for (int i = 0; i < 400; ++i) {
    MemberRecord r =
        Person("r" + std::to_string(1000 + i), names[random() % 4],
               std::to_string(1970 + random() % 3) + "-0" + std::to_string(1 + random() % 3) +
                   "-1" + std::to_string(random() % 3),
               random() % 5 == 0 ? "00107501234" + std::to_string(random() % 4) : "");
    r.family_name.value = r.name_keys.ascii_folded.substr(0, r.name_keys.ascii_folded.find(' '));
    r.given_name.value = r.name_keys.ascii_folded.substr(r.name_keys.ascii_folded.rfind(' ') + 1);
    r.unit_codes["hometown.province_2025"] = std::to_string(random() % 3 + 1);
    table.Add(r);
  }
  constexpr uint32_t kExisting = 50;
  Blocker blocker(table, model.blocking, model.max_block_size, kExisting);
  using Pair = std::pair<uint32_t, uint32_t>;
  auto pairs_of = [&](auto original) {
    std::vector<Pair> pairs;
    for (const Block& b : blocker.blocks()) {
      blocker.ForEachPair(b, [&](uint32_t x, uint32_t y) {
        const uint32_t a = original(x), c = original(y);
        pairs.emplace_back(std::min(a, c), std::max(a, c));
      });
    }
    std::sort(pairs.begin(), pairs.end());
    return pairs;
  };
  const std::vector<Pair> before = pairs_of([](uint32_t row) { return row; });
  ASSERT_GT(before.size(), 1000u);
  std::vector<std::vector<uint32_t>> rows;
  std::vector<std::string> ids;
  for (uint32_t row = 0; row < table.size(); ++row) {
    rows.emplace_back(table.Row(row), table.Row(row) + model.Features().size());
    ids.push_back(table.id(row));
  }
  Scorer scorer(model, table);
  uint8_t levels_before[16], levels_after[16];
  scorer.Levels(before[0].first, before[0].second, levels_before);
  {
    BlockLayout layout(table, blocker, scorer, kExisting);
    EXPECT_EQ(pairs_of([&](uint32_t row) { return layout.Original(row); }), before);
    for (uint32_t row = 0; row < table.size(); ++row) {
      EXPECT_EQ(row < kExisting, layout.Original(row) < kExisting);
      EXPECT_EQ(table.id(row), ids[row]);  // ids do not move
      EXPECT_EQ(table.Value(0, row), rows[layout.Original(row)][0]);
    }
    // The rule with the most pairs: each of its blocks of new records is
    // one run of rows.
    std::vector<uint64_t> pairs_by_rule(model.blocking.size(), 0);
    for (const Block& b : blocker.blocks()) {
      pairs_by_rule[b.rule] += uint64_t{b.end - b.begin} * (b.end - b.begin - 1) / 2;
    }
    const auto largest = static_cast<uint32_t>(
        std::max_element(pairs_by_rule.begin(), pairs_by_rule.end()) - pairs_by_rule.begin());
    int checked = 0;
    for (const Block& b : blocker.blocks()) {
      if (b.rule != largest || b.first_new != b.begin) continue;
      std::vector<uint32_t> members;
      blocker.ForEachPair(b, [&](uint32_t x, uint32_t y) {
        members.push_back(x);
        members.push_back(y);
      });
      if (members.empty()) continue;
      const auto [low, high] = std::minmax_element(members.begin(), members.end());
      EXPECT_EQ(*high - *low + 1, b.end - b.begin);
      ++checked;
    }
    EXPECT_GT(checked, 0);
    // The scorer's per-row data moved with the rows.
    uint32_t a = 0, b = 0;
    for (uint32_t row = 0; row < table.size(); ++row) {
      if (layout.Original(row) == before[0].first) a = row;
      if (layout.Original(row) == before[0].second) b = row;
    }
    scorer.Levels(a, b, levels_after);
    EXPECT_TRUE(std::equal(levels_before, levels_before + scorer.comparison_count(), levels_after));
  }
  for (uint32_t row = 0; row < table.size(); ++row) {
    EXPECT_TRUE(std::equal(rows[row].begin(), rows[row].end(), table.Row(row)));
    EXPECT_EQ(table.id(row), ids[row]);
  }
}

TEST(Model, LoadErrorsNameTheFileAndLine) {
  const fs::path dir = fs::path(HOSO_TEST_TMP);
  fs::create_directories(dir);
  const fs::path file = dir / "bad.yaml";
  std::ofstream(file) << "name: x\nblocking:\n  - [\"key:exact\"]\ncomparisons:\n  - name: n\n"
                         "    levels:\n      - {feature: \"key:exact\", test: soundex}\n";
  try {
    LoadModel(file);
    FAIL() << "no error";
  } catch (const std::runtime_error& e) {
    EXPECT_THAT(e.what(), HasSubstr("bad.yaml:7"));
    EXPECT_THAT(e.what(), HasSubstr("soundex"));
  }
  EXPECT_THROW(LoadModel(dir / "missing.yaml"), std::runtime_error);
}

TEST(Model, BundledModelLoadsAndRoundTrips) {
  Model model = LoadModel(fs::path(HOSO_MODELS_DIR) / "dedup" / "members.yaml");
  EXPECT_FALSE(model.fitted);
  EXPECT_GE(model.comparisons.size(), 5u);
  for (Comparison& c : model.comparisons) {
    c.m.assign(c.level_count(), 0.5);
    c.u.assign(c.level_count(), 0.25);
  }
  model.fitted = true;
  const fs::path file = fs::path(HOSO_TEST_TMP) / "fitted.yaml";
  fs::create_directories(file.parent_path());
  SaveModel(model, file);
  const Model again = LoadModel(file);
  EXPECT_TRUE(again.fitted);
  ASSERT_EQ(again.comparisons.size(), model.comparisons.size());
  EXPECT_EQ(again.comparisons[0].levels.size(), model.comparisons[0].levels.size());
  EXPECT_EQ(again.comparisons[1].m, model.comparisons[1].m);
  EXPECT_EQ(again.blocking.size(), model.blocking.size());
}

}  // namespace
}  // namespace hoso::dedup

namespace hoso::dedup {
namespace {

// Ids are dense and stable through every growth of the table; look-ups find
// exactly what was interned, long strings and near-identical ones included.
TEST(StringPoolTest, InternsFindsAndKeepsEveryString) {
  StringPool pool;
  EXPECT_EQ(pool.Intern(""), 0u);
  std::vector<std::string> texts;
  for (int i = 0; i < 200000; ++i) texts.push_back("nguyen van " + std::to_string(i));
  texts.push_back(std::string(600000, 'x'));  // larger than a quarter of a chunk
  texts.push_back(std::string(600000, 'x') + "y");
  texts.push_back("abcdefgh");
  texts.push_back(std::string("abcdefgh\0", 9));
  std::vector<uint32_t> ids;
  for (const std::string& t : texts) ids.push_back(pool.Intern(t));
  for (size_t i = 0; i < texts.size(); ++i) {
    EXPECT_EQ(ids[i], i + 1) << i;
    ASSERT_EQ(pool.Intern(texts[i]), ids[i]) << i;  // again: the same id
    ASSERT_EQ(pool.Find(texts[i]), ids[i]) << i;
    ASSERT_EQ(pool.Get(ids[i]), texts[i]) << i;
  }
  EXPECT_EQ(pool.size(), texts.size() + 1);
  EXPECT_EQ(pool.Find("nguyen van 200000"), 0u);
  EXPECT_EQ(pool.Find(""), 0u);
  EXPECT_EQ(pool.Get(0), "");
}

}  // namespace
}  // namespace hoso::dedup
