// The report's parts on hand-made inputs: reason groups, escaping, numbers
// in each language, the review order and the charts' bars.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <regex>
#include <string>
#include <vector>

#include "html_text.h"
#include "html_writer.h"
#include "i18n.h"
#include "review_queue.h"
#include "run_files.h"
#include "svg_chart.h"

namespace hoso::report {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

size_t Count(const std::string& text, const std::string& pattern) {
  const std::regex re(pattern);
  return static_cast<size_t>(
      std::distance(std::sregex_iterator(text.begin(), text.end(), re), std::sregex_iterator()));
}

TEST(ReasonPattern, GroupsReasonsThatDifferOnlyInNumbers) {
  EXPECT_EQ(ReasonPattern("row 12: 8 fields, header has 9"), "row #: # fields, header has #");
  EXPECT_EQ(ReasonPattern("row 140: 7 fields, header has 9"),
            ReasonPattern("row 12: 8 fields, header has 9"));
  EXPECT_NE(ReasonPattern("row 14: invalid UTF-8 at byte 9"),
            ReasonPattern("row 12: 8 fields, header has 9"));
}

TEST(Escape, LeavesNothingAPageCouldRunOrMisread) {
  EXPECT_EQ(Escape("<script>alert('x')</script> & \"q\""),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;");
  EXPECT_EQ(Escape("Nguyễn Văn Hùng"), "Nguyễn Văn Hùng");
  // A raw TCVN3 byte and a control character are not text.
  EXPECT_EQ(Escape("Ng\xb5y\x01"), "Ng\xEF\xBF\xBDy\xEF\xBF\xBD");
}

TEST(Strings, NumbersAreWrittenAsEachLanguageWritesThem) {
  EXPECT_EQ(FormatCount(1234567, Lang::kVi), "1.234.567");
  EXPECT_EQ(FormatCount(1234567, Lang::kEn), "1,234,567");
  EXPECT_EQ(FormatDecimal(1234.5, 2, Lang::kVi), "1.234,50");
  EXPECT_EQ(FormatDecimal(-3.25, 1, Lang::kEn), "−3.2");
  EXPECT_EQ(FormatDecimal(-0.001, 2, Lang::kEn), "0.00");
  EXPECT_EQ(Fill(StringsFor(Lang::kVi).sec_review, {{"n", "50"}}), "50 cặp cần xem trước");
  EXPECT_EQ(ParseLang("fr"), std::nullopt);
}

TEST(ReviewQueue, ReadsThresholdsOffTheDecisions) {
  const std::vector<ScoredRow> rows = {
      {1, 9.5, "match", ""},  {2, 0.4, "review", ""}, {6, 0.9, "review", ""},
      {3, 7.9, "review", ""}, {4, 8.1, "match", ""},  {5, 2.0, "match", "same_id_and_birth_date"}};
  const std::optional<Thresholds> t = InferThresholds(rows);
  ASSERT_TRUE(t);
  EXPECT_DOUBLE_EQ(t->match, 8.1);  // the forced match at 2.0 says nothing of the threshold
  EXPECT_EQ(t->review, 0.4);
  EXPECT_TRUE(t->inferred);
  EXPECT_EQ(InferThresholds({}), std::nullopt);
  // Every pair matched: nothing tells where review starts.
  const std::optional<Thresholds> matched = InferThresholds({{1, 9.5, "match", ""}});
  ASSERT_TRUE(matched);
  EXPECT_DOUBLE_EQ(matched->match, 9.5);
  EXPECT_EQ(matched->review, std::nullopt);
}

TEST(ReviewQueue, UndecidedPairsFirstThenNearestTheThreshold) {
  const Thresholds t{8, 0, false};
  const std::vector<ScoredRow> rows = {{1, 20, "match", ""},
                                       {2, 4, "review", ""},
                                       {3, 8.5, "match", ""},
                                       {4, 0.5, "review", ""},
                                       {5, 7.5, "review", ""},
                                       {6, 8, "match", "same_id_and_birth_date"},
                                       {7, 30, "match", "same_id_and_birth_date"}};
  // Ties (0.5 bits from a threshold) go by table order.
  EXPECT_THAT(ReviewOrder(rows, t, 50), ElementsAre(3, 4, 1, 5, 2, 0, 6));
  EXPECT_THAT(ReviewOrder(rows, t, 2), ElementsAre(3, 4));
}

TEST(SvgChart, DrawsOneRectPerNonEmptyBarAndKeepsEmptySlots) {
  Chart chart;
  chart.id = "h";
  chart.title = "<t>";
  chart.log_scale = true;
  chart.bars = {{"-2", 1000, "", ""}, {"-1", 0, "", ""}, {"0", 3, "", ""}, {"1", 1, "", "match"}};
  chart.markers = {{2.0, "review", false}};
  const std::string svg = VerticalBarChart(chart);
  EXPECT_EQ(Count(svg, "<rect class=\"bar"), 3u);
  EXPECT_THAT(svg, HasSubstr("data-chart=\"h\""));
  EXPECT_THAT(svg, HasSubstr("&lt;t&gt;"));
  EXPECT_THAT(svg, HasSubstr("class=\"marker\""));
  // A bar of 1 among 1000 on a log axis is still visible.
  const std::smatch m = [&] {
    std::smatch out;
    std::regex_search(svg, out, std::regex("data-label=\"1\"[^>]*>"));
    return out;
  }();
  EXPECT_FALSE(m.empty());

  chart.bars = {};
  EXPECT_EQ(Count(VerticalBarChart(chart), "<rect"), 0u);
  Chart stages;
  stages.bars = {{"1:csv_source", 0.5, "", ""}, {"2:dedup", 0, "", ""}};
  EXPECT_EQ(Count(HorizontalBarChart(stages), "<rect"), 1u);
}

TEST(HtmlWriter, EverySectionSaysWhenItsInputIsMissing) {
  ReportInputs inputs;
  PageInfo page;
  page.generated_at = "2026-11-27T00:00:00Z";
  page.hoso_version = "0.1.0";
  const std::string vi = RenderReport(inputs, page);
  for (const char* id : {"run", "quarantine", "findings", "dedup", "review"}) {
    EXPECT_THAT(vi, HasSubstr("<section id=\"" + std::string(id) + "\" data-has-data=\"false\""));
  }
  EXPECT_THAT(vi, HasSubstr("<html lang=\"vi\">"));
  EXPECT_THAT(vi, HasSubstr("Không có tóm tắt lần chạy"));
  EXPECT_THAT(vi, Not(HasSubstr("<script")));
  EXPECT_THAT(vi, Not(HasSubstr("http://www.w3.org/2000/svg\" class")));  // no chart without data

  page.lang = Lang::kEn;
  const std::string en = RenderReport(inputs, page);
  EXPECT_THAT(en, HasSubstr("<html lang=\"en\">"));
  EXPECT_THAT(en, HasSubstr("No run summary"));
}

}  // namespace
}  // namespace hoso::report
