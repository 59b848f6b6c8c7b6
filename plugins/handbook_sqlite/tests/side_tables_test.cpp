// Side tables: names become SQL identifiers, so anything outside
// [a-z][a-z0-9_]* is refused before it reaches SQL.
#include "side_tables.h"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <vector>

#include "handbook_query.h"
#include "handbook_writer.h"
#include "scratch_dir.h"

namespace hoso_handbook_test {
namespace {

using hoso_handbook::CheckSideTable;
using hoso_handbook::HandbookWriter;
using Rows = std::vector<HandbookQuery::Row>;

hoso::SideTable Table(std::string name, std::vector<std::string> columns) {
  return {.name = std::move(name), .description = "", .columns = std::move(columns), .rows = {}};
}

// The exception's message, or "" when there is none.
std::string Refusal(const hoso::SideTable& table) {
  try {
    CheckSideTable(table);
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "";
}

TEST(HandbookSqliteSideTables, AcceptsPlainNames) {
  EXPECT_EQ(Refusal(Table("pair_scores", {"left_id", "right_id", "score2"})), "");
  // Keywords are fine as names: they are always quoted.
  EXPECT_EQ(Refusal(Table("order", {"group", "select"})), "");
}

TEST(HandbookSqliteSideTables, RefusesBadTableNamesNamingTheTable) {
  for (const std::string name :
       {"", "Clusters", "1st", "_x", "pair-scores", "a b", "x\"; DROP TABLE members; --", "members",
        "side_tables", "schema_version", "sqlite_stat1"}) {
    const std::string message = Refusal(Table(name, {"a"}));
    EXPECT_NE(message, "") << name;
    EXPECT_NE(message.find("side table '" + name + "'"), std::string::npos) << message;
  }
}

TEST(HandbookSqliteSideTables, RefusesBadColumnsNamingTheTable) {
  hoso::SideTable wide_row = Table("clusters", {"a", "b"});
  wide_row.rows = {{int64_t{1}, int64_t{2}, int64_t{3}}};
  for (const hoso::SideTable& table :
       {Table("clusters", {}), Table("clusters", {"ok", "Bad"}), Table("clusters", {"a", "a"}),
        Table("clusters", {"a", "b c"}), wide_row}) {
    EXPECT_NE(Refusal(table).find("side table 'clusters'"), std::string::npos) << Refusal(table);
  }
}

TEST(HandbookSqliteSideTables, TypesColumnsByTheirCells) {
  const auto path = FreshHandbookPath();
  HandbookWriter writer({.path = path});
  hoso::SideTable histogram{
      .name = "order",
      .description = "",
      .columns = {"ints", "mixed_numbers", "texts", "nulls", "anything"},
      .rows = {{int64_t{1}, int64_t{2}, std::string("a"), std::monostate{}, int64_t{5}},
               {int64_t{3}, 2.5, std::string("b"), std::monostate{}, std::string("five")}},
  };
  writer.WriteTable(histogram);
  // A refused table leaves nothing behind and the run goes on.
  EXPECT_THROW(writer.WriteTable(Table("Bad", {"a"})), std::invalid_argument);
  EXPECT_THROW(writer.WriteTable(histogram), std::invalid_argument);
  writer.Commit();

  HandbookQuery db(path);
  EXPECT_EQ(db.Rows("SELECT name, type FROM pragma_table_info('order') ORDER BY cid"),
            (Rows{{"ints", "INTEGER"},
                  {"mixed_numbers", "REAL"},
                  {"texts", "TEXT"},
                  {"nulls", ""},
                  {"anything", ""}}));
  EXPECT_EQ(db.Rows("SELECT typeof(ints), typeof(mixed_numbers), typeof(anything) FROM \"order\""),
            (Rows{{"integer", "real", "integer"}, {"integer", "real", "text"}}));
  EXPECT_EQ(db.Value("SELECT columns FROM side_tables WHERE name = 'order'"),
            "[{\"name\":\"ints\",\"type\":\"INTEGER\"},"
            "{\"name\":\"mixed_numbers\",\"type\":\"REAL\"},"
            "{\"name\":\"texts\",\"type\":\"TEXT\"},"
            "{\"name\":\"nulls\",\"type\":null},"
            "{\"name\":\"anything\",\"type\":null}]");
  EXPECT_EQ(db.Value("SELECT description FROM side_tables"), kNull);
  EXPECT_EQ(db.Count("side_tables"), 1);
}

}  // namespace
}  // namespace hoso_handbook_test
