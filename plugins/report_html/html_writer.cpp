#include "html_writer.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <tuple>
#include <vector>

#include "html_text.h"
#include "svg_chart.h"

namespace hoso::report {
namespace {

constexpr char kStyle[] = R"css(
:root { color-scheme: light; }
body { font-family: "Noto Sans", "DejaVu Sans", "Segoe UI", Arial, sans-serif; margin: 0;
       color: #1d2330; background: #f5f7fa; line-height: 1.45; }
header { background: #7f1d1d; color: #fff; padding: 18px 32px; }
header h1 { margin: 0 0 4px; font-size: 24px; }
header p { margin: 2px 0; font-size: 13px; opacity: .92; }
nav { padding: 8px 32px; background: #fff; border-bottom: 1px solid #dde2ea; font-size: 14px; }
nav a { margin-right: 18px; color: #7f1d1d; text-decoration: none; }
main { padding: 8px 32px 32px; max-width: 1280px; }
section { background: #fff; border: 1px solid #dde2ea; border-radius: 6px; margin: 16px 0;
          padding: 12px 20px 16px; }
h2 { font-size: 19px; margin: 6px 0 10px; color: #7f1d1d; }
h3 { font-size: 15px; margin: 14px 0 6px; }
p.missing { color: #6b7280; font-style: italic; }
p.note { font-size: 13px; color: #4b5563; }
.warning-note { background: #fff7e6; border-left: 4px solid #ef8f00; padding: 6px 10px; font-size: 13px; }
table { border-collapse: collapse; font-size: 13px; margin: 6px 0 12px; }
th, td { border: 1px solid #dde2ea; padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: #f0f2f6; font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
dl.figures { display: grid; grid-template-columns: max-content max-content; gap: 2px 18px;
             font-size: 14px; margin: 6px 0 12px; }
dl.figures dt { color: #4b5563; }
dl.figures dd { margin: 0; font-weight: 600; text-align: right; font-variant-numeric: tabular-nums; }
td.rec { white-space: nowrap; }
code { font-family: "DejaVu Sans Mono", monospace; font-size: 12px; }
.who { display: block; color: #4b5563; font-size: 12px; }
.pos { color: #1b5e20; } .neg { color: #b71c1c; }
.level { display: block; font-size: 11px; color: #6b7280; }
.table-wrap { overflow-x: auto; }
svg.chart { max-width: 100%; height: auto; display: block; margin: 6px 0 12px; }
svg.chart text { font-family: inherit; }
footer { padding: 0 32px 24px; font-size: 12px; color: #6b7280; }
)css";

std::string Missing(const char* text) { return "<p class=\"missing\">" + Escape(text) + "</p>"; }

std::string Figures(const std::vector<std::pair<std::string, std::string>>& rows) {
  std::string out = "<dl class=\"figures\">";
  for (const auto& [name, value] : rows) {
    out += "<dt>" + Escape(name) + "</dt><dd>" + Escape(value) + "</dd>";
  }
  return out + "</dl>";
}

std::string Open(const char* id, bool has_data, const std::string& title) {
  return std::string("<section id=\"") + id + "\" data-has-data=\"" +
         (has_data ? "true" : "false") + "\"><h2>" + Escape(title) + "</h2>";
}

class Page {
 public:
  Page(const ReportInputs& in, const PageInfo& info)
      : in_(in), info_(info), s_(StringsFor(info.lang)), lang_(info.lang) {}

  std::string Render() const {
    std::string out = "<!DOCTYPE html>\n<html lang=\"" + std::string(LangCode(lang_)) +
                      "\">\n<head>\n<meta charset=\"utf-8\">\n"
                      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                      // Nothing on this page may come from the network.
                      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
                      "style-src 'unsafe-inline'; img-src data:\">\n<title>" +
                      Escape(s_.title) + "</title>\n<style>" + kStyle +
                      "</style>\n</head>\n<body>\n";
    out += Header();
    out += "<main>\n" + RunSection() + "\n" + QuarantineSection() + "\n" + FindingsSection() +
           "\n" + DedupSection() + "\n" + ReviewSection() + "\n</main>\n";
    out += "<footer>" + Escape(Fill(s_.made_by, {{"version", info_.hoso_version}})) + "</footer>\n";
    return out + "</body>\n</html>\n";
  }

 private:
  std::string Count(int64_t n) const { return FormatCount(n, lang_); }
  std::string Decimal(double x, int digits) const { return FormatDecimal(x, digits, lang_); }
  std::function<std::string(double)> CountFormat() const {
    return [lang = lang_](double v) {
      return FormatCount(static_cast<int64_t>(std::llround(v)), lang);
    };
  }

  std::string Header() const {
    auto input = [&](const char* name, const std::string& path, bool loaded) {
      return "<p>" + Escape(name) + ": " +
             (loaded ? "<code>" + Escape(path) + "</code>" : Escape(s_.not_given)) + "</p>";
    };
    std::string out = "<header><h1>" + Escape(s_.title) + "</h1><p>" + Escape(s_.generated_at) +
                      ": " + Escape(info_.generated_at) + "</p>";
    out += input(s_.summary_file, in_.summary_path, in_.summary.has_value());
    out += input(s_.quarantine_file, in_.quarantine_path, in_.quarantine.has_value());
    out += input(s_.handbook_file, in_.handbook_path, in_.handbook.has_value());
    out += "</header>\n<nav>";
    const std::pair<const char*, std::string> links[] = {
        {"run", s_.sec_run},
        {"quarantine", s_.sec_quarantine},
        {"findings", s_.sec_findings},
        {"dedup", s_.sec_dedup},
        {"review", Fill(s_.sec_review, {{"n", std::to_string(info_.review_limit)}})}};
    for (const auto& [id, title] : links)
      out += "<a href=\"#" + std::string(id) + "\">" + Escape(title) + "</a>";
    return out + "</nav>\n";
  }

  std::string RunSection() const {
    if (!in_.summary) return Open("run", false, s_.sec_run) + Missing(s_.no_summary) + "</section>";
    const RunSummary& r = *in_.summary;
    std::string out = Open("run", true, s_.sec_run);
    std::vector<std::pair<std::string, std::string>> figures = {
        {s_.units_in, Count(r.units_in)},
        {s_.units_out, Count(r.units_out)},
        {s_.units_quarantined, Count(r.units_quarantined)},
        {s_.accounted, r.accounted ? s_.yes : s_.no},
        {s_.dossiers_out, Count(r.dossiers_out)},
        {s_.records_out, Count(r.records_out)}};
    if (r.golden_records_out)
      figures.push_back({s_.golden_records_out, Count(*r.golden_records_out)});
    figures.insert(figures.end(), {{s_.records_with_errors, Count(r.records_with_errors)},
                                   {s_.workers, Count(r.workers)},
                                   {s_.run_time, Decimal(r.seconds, 2) + " " + s_.seconds_unit}});
    out += Figures(figures);
    if (r.stages.empty()) return out + "</section>";
    out += "<table class=\"stages\"><thead><tr><th>" + Escape(s_.stage) + "</th><th>" +
           Escape(s_.kind) + "</th><th class=\"num\">" + Escape(s_.items) +
           "</th><th class=\"num\">" + Escape(s_.stage_seconds) + "</th><th class=\"num\">" +
           Escape(s_.items_per_second) + "</th></tr></thead><tbody>";
    Chart chart;
    chart.id = "stage-time";
    chart.title = s_.chart_stage_time;
    chart.format_value = [lang = lang_](double v) { return FormatDecimal(v, 3, lang); };
    for (const StageRun& st : r.stages) {
      const std::string rate =
          st.seconds > 0 ? Count(static_cast<int64_t>(std::llround(st.items / st.seconds))) : "–";
      out += "<tr><td><code>" + Escape(st.stage) + "</code></td><td>" +
             Escape(KindName(st.kind, lang_)) + "</td><td class=\"num\">" + Count(st.items) +
             "</td><td class=\"num\">" + Decimal(st.seconds, 3) + "</td><td class=\"num\">" + rate +
             "</td></tr>";
      chart.bars.push_back({st.stage, st.seconds, "", ""});
    }
    out +=
        "</tbody></table><h3>" + Escape(s_.chart_stage_time) + "</h3>" + HorizontalBarChart(chart);
    return out + "</section>";
  }

  std::string QuarantineSection() const {
    // Per-stage counts come from the quarantine itself when there is one,
    // else from the summary.
    std::map<std::string, int64_t> by_stage;
    if (in_.quarantine) {
      for (const QuarantineGroup& g : in_.quarantine->groups) by_stage[g.stage] += g.units;
    } else if (in_.summary) {
      by_stage = in_.summary->quarantined_by_stage;
    }
    if (!in_.quarantine && by_stage.empty()) {
      return Open("quarantine", false, s_.sec_quarantine) + Missing(s_.no_quarantine) +
             "</section>";
    }
    std::string out = Open("quarantine", true, s_.sec_quarantine);
    if (!in_.quarantine) {
      out += Missing(s_.no_quarantine);
    } else if (in_.quarantine->units == 0) {
      out += "<p>" + Escape(s_.quarantine_empty) + "</p>";
    } else {
      const Quarantine& q = *in_.quarantine;
      out += "<p>" +
             Escape(Fill(s_.quarantine_total,
                         {{"units", Count(q.units)},
                          {"groups", Count(static_cast<int64_t>(q.groups.size()))}})) +
             "</p>";
      out += "<table class=\"quarantine\"><thead><tr><th>" + Escape(s_.stage) + "</th><th>" +
             Escape(s_.plugin) + "</th><th>" + Escape(s_.reason_pattern) + "</th><th>" +
             Escape(s_.reason_example) + "</th><th class=\"num\">" + Escape(s_.units) +
             "</th></tr></thead><tbody>";
      for (const QuarantineGroup& g : q.groups) {
        out += "<tr><td><code>" + Escape(g.stage) + "</code></td><td>" + Escape(g.plugin) +
               "</td><td>" + Escape(g.pattern) + "</td><td>" + Escape(g.example) +
               "</td><td class=\"num\">" + Count(g.units) + "</td></tr>";
      }
      out += "</tbody></table>";
    }
    if (!by_stage.empty()) {
      Chart chart;
      chart.id = "quarantine-stage";
      chart.title = s_.chart_quarantine_stage;
      chart.format_value = CountFormat();
      for (const auto& [stage, units] : by_stage)
        chart.bars.push_back({stage, static_cast<double>(units), "", ""});
      out += "<h3>" + Escape(s_.chart_quarantine_stage) + "</h3>" + HorizontalBarChart(chart);
    }
    return out + "</section>";
  }

  std::string FindingsSection() const {
    const std::map<std::string, std::map<std::string, int64_t>>* by_rule = nullptr;
    const char* origin = nullptr;
    // Summaries from before findings_by_rule existed have none; the
    // handbook's findings table then tells the same story.
    if (in_.summary && (!in_.summary->findings_by_rule.empty() || !in_.handbook ||
                        in_.handbook->findings_by_rule.empty())) {
      by_rule = &in_.summary->findings_by_rule;
      origin = s_.findings_from_summary;
    } else if (in_.handbook) {
      by_rule = &in_.handbook->findings_by_rule;
      origin = s_.findings_from_handbook;
    }
    if (by_rule == nullptr) {
      return Open("findings", false, s_.sec_findings) + Missing(s_.no_findings_data) + "</section>";
    }
    std::string out =
        Open("findings", true, s_.sec_findings) + "<p class=\"note\">" + Escape(origin) + "</p>";
    if (by_rule->empty()) return out + "<p>" + Escape(s_.findings_empty) + "</p></section>";

    static constexpr const char* kSeverities[] = {"error", "warning", "info"};
    struct Row {
      std::string rule;
      int64_t counts[3] = {0, 0, 0};
      int64_t total = 0;
    };
    std::vector<Row> rows;
    int64_t totals[3] = {0, 0, 0};
    for (const auto& [rule, by_severity] : *by_rule) {
      Row row;
      row.rule = rule;
      for (const auto& [severity, n] : by_severity) {
        for (int k = 0; k < 3; ++k) {
          if (severity == kSeverities[k]) {
            row.counts[k] += n;
            totals[k] += n;
          }
        }
        row.total += n;
      }
      rows.push_back(row);
    }
    // Errors block publication, so the rules raising most of them lead.
    std::sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) {
      return std::make_tuple(-a.counts[0], -a.counts[1], -a.total, a.rule) <
             std::make_tuple(-b.counts[0], -b.counts[1], -b.total, b.rule);
    });
    out += "<table class=\"findings\"><thead><tr><th>" + Escape(s_.rule) + "</th>";
    for (const char* sev : kSeverities)
      out += "<th class=\"num\">" + Escape(SeverityName(sev, lang_)) + "</th>";
    out += "<th class=\"num\">" + Escape(s_.total) + "</th></tr></thead><tbody>";
    for (const Row& row : rows) {
      out += "<tr><td><code>" + Escape(row.rule) + "</code></td>";
      for (int64_t n : row.counts)
        out += "<td class=\"num\">" + (n == 0 ? std::string() : Count(n)) + "</td>";
      out += "<td class=\"num\">" + Count(row.total) + "</td></tr>";
    }
    out += "</tbody></table>";
    Chart chart;
    chart.id = "findings-severity";
    chart.title = s_.chart_severity;
    chart.format_value = CountFormat();
    for (int k = 0; k < 3; ++k) {
      chart.bars.push_back({SeverityName(kSeverities[k], lang_), static_cast<double>(totals[k]), "",
                            kSeverities[k]});
    }
    out += "<h3>" + Escape(s_.chart_severity) + "</h3>" + HorizontalBarChart(chart);
    return out + "</section>";
  }

  std::string ThresholdLine() const {
    const Handbook& h = *in_.handbook;
    if (!h.thresholds) return "";
    const std::string review = h.thresholds->review ? Decimal(*h.thresholds->review, 2) : "?";
    const char* text = h.thresholds->inferred ? s_.thresholds_inferred : s_.thresholds;
    return "<p class=\"note\">" +
           Escape(Fill(text, {{"match", Decimal(h.thresholds->match, 2)}, {"review", review}})) +
           "</p>";
  }

  std::string HistogramChart() const {
    const Handbook& h = *in_.handbook;
    const std::vector<HistogramBin>& bins = h.histogram;
    if (bins.empty()) return Missing(s_.histogram_empty);
    // Bins have one width (1 bit from dedup); empty bins are not stored, so
    // slots are laid out by weight and the gaps stay visible.
    const int64_t width = std::max<int64_t>(1, bins.front().weight_to - bins.front().weight_from);
    const int64_t low = bins.front().weight_from;
    const int64_t high = bins.back().weight_to;
    Chart chart;
    chart.id = "match-weight";
    chart.title = s_.chart_histogram;
    chart.x_label = s_.histogram_x;
    chart.y_label = s_.histogram_y;
    chart.log_scale = true;
    chart.format_value = CountFormat();
    for (int64_t from = low; from < high; from += width) {
      chart.bars.push_back({std::to_string(from), 0, "", ""});
    }
    for (const HistogramBin& bin : bins) {
      const size_t slot = static_cast<size_t>((bin.weight_from - low) / width);
      if (slot >= chart.bars.size()) continue;
      Bar& bar = chart.bars[slot];
      bar.value += static_cast<double>(bin.pairs);
      bar.tooltip = Fill(s_.bin_tooltip, {{"from", std::to_string(bin.weight_from)},
                                          {"to", std::to_string(bin.weight_to)},
                                          {"pairs", Count(bin.pairs)}});
      if (h.thresholds) {
        const double review = h.thresholds->review.value_or(h.thresholds->match);
        bar.tone = bin.weight_from >= h.thresholds->match ? "match"
                   : bin.weight_from >= review            ? "review"
                                                          : "nonmatch";
      }
    }
    if (h.thresholds) {
      const double w = static_cast<double>(width);
      if (h.thresholds->review) {
        chart.markers.push_back(
            {(*h.thresholds->review - static_cast<double>(low)) / w, s_.review_marker, true});
      }
      chart.markers.push_back(
          {(h.thresholds->match - static_cast<double>(low)) / w, s_.match_marker, false});
    }
    return VerticalBarChart(chart);
  }

  std::string ClusterChart() const {
    const std::map<int64_t, int64_t>& sizes = in_.handbook->cluster_sizes;
    Chart chart;
    chart.id = "cluster-sizes";
    chart.title = s_.chart_clusters;
    chart.x_label = s_.clusters_x;
    chart.y_label = s_.clusters_y;
    chart.format_value = CountFormat();
    const int64_t largest = sizes.empty() ? 1 : sizes.rbegin()->first;
    for (int64_t records = 1; records <= largest; ++records) {
      auto it = sizes.find(records);
      const int64_t members = it == sizes.end() ? 0 : it->second;
      chart.bars.push_back(
          {std::to_string(records), static_cast<double>(members),
           Fill(s_.cluster_tooltip, {{"records", Count(records)}, {"members", Count(members)}}),
           ""});
    }
    return VerticalBarChart(chart);
  }

  std::string DedupSection() const {
    if (!in_.handbook)
      return Open("dedup", false, s_.sec_dedup) + Missing(s_.no_handbook) + "</section>";
    const Handbook& h = *in_.handbook;
    if (!h.deduplicated)
      return Open("dedup", false, s_.sec_dedup) + Missing(s_.not_deduplicated) + "</section>";
    int64_t compared = 0;
    for (const HistogramBin& b : h.histogram) compared += b.pairs;
    int64_t multi = 0;
    for (const auto& [records, members] : h.cluster_sizes) {
      if (records > 1) multi += members;
    }
    std::string out = Open("dedup", true, s_.sec_dedup);
    out += Figures({{s_.source_records, Count(h.source_records)},
                    {s_.members, Count(h.members)},
                    {s_.multi_record_members, Count(multi)},
                    {s_.pairs_compared, Count(compared)},
                    {s_.pairs_scored, Count(h.scored_pairs)}});
    out += ThresholdLine();
    out += "<h3>" + Escape(s_.chart_histogram) + "</h3>" + HistogramChart();
    out += "<h3>" + Escape(s_.chart_clusters) + "</h3>" + ClusterChart();
    return out + "</section>";
  }

  std::string Side(const PairSide& side) const {
    std::string out = "<code>" + Escape(side.record_id) + "</code>";
    if (side.member_id.empty())
      return out + "<span class=\"who\">" + Escape(s_.not_in_handbook) + "</span>";
    out +=
        "<span class=\"who\">" + Escape(s_.member) + " <code>" + Escape(side.member_id) + "</code>";
    if (!side.full_name.empty()) out += " · " + Escape(side.full_name);
    return out + "</span>";
  }

  std::string Weight(double w) const {
    return "<span class=\"" +
           std::string(w > 0   ? "pos"
                       : w < 0 ? "neg"
                               : "") +
           "\">" + Decimal(w, 2) + "</span>";
  }

  std::string ReviewSection() const {
    const std::string title = Fill(s_.sec_review, {{"n", std::to_string(info_.review_limit)}});
    if (!in_.handbook) return Open("review", false, title) + Missing(s_.no_handbook) + "</section>";
    const Handbook& h = *in_.handbook;
    if (!h.deduplicated)
      return Open("review", false, title) + Missing(s_.not_deduplicated) + "</section>";
    if (!h.has_pair_scores)
      return Open("review", false, title) + Missing(s_.no_pair_table) + "</section>";
    if (h.review.empty())
      return Open("review", false, title) + Missing(s_.review_empty) + "</section>";
    std::string out = Open("review", true, title);
    out += "<p class=\"note\">" + Escape(s_.review_intro) + "</p>" + ThresholdLine();
    out += "<p class=\"note\">" +
           Escape(Fill(s_.review_shown, {{"shown", Count(static_cast<int64_t>(h.review.size()))},
                                         {"total", Count(h.scored_pairs)}})) +
           "</p>";
    out += "<div class=\"table-wrap\"><table class=\"review\" data-pairs=\"" +
           std::to_string(h.review.size()) + "\"><thead><tr><th class=\"num\">#</th><th>" +
           Escape(s_.record_a) + "</th><th>" + Escape(s_.record_b) + "</th><th class=\"num\">" +
           Escape(s_.weight) + "</th><th class=\"num\">" + Escape(s_.probability) + "</th><th>" +
           Escape(s_.decision) + "</th><th>" + Escape(s_.pair_rule) + "</th><th class=\"num\">" +
           Escape(s_.distance) + "</th>";
    for (const std::string& c : h.comparisons)
      out += "<th class=\"num\"><code>" + Escape(c) + "</code></th>";
    out += "</tr></thead><tbody>";
    for (size_t i = 0; i < h.review.size(); ++i) {
      const ReviewPair& p = h.review[i];
      out += "<tr data-decision=\"" + Escape(p.decision) + "\"><td class=\"num\">" +
             std::to_string(i + 1) + "</td><td class=\"rec\">" + Side(p.left) +
             "</td><td class=\"rec\">" + Side(p.right) + "</td><td class=\"num\">" +
             Weight(p.match_weight) + "</td><td class=\"num\">" + Decimal(p.match_probability, 3) +
             "</td><td>" + Escape(DecisionName(p.decision, lang_)) + "</td><td>" +
             (p.rule.empty() ? "" : "<code>" + Escape(p.rule) + "</code>") +
             "</td><td class=\"num\">" + Decimal(p.distance, 2) + "</td>";
      for (const ComparisonCell& c : p.comparisons) {
        out += "<td class=\"num\">" + (c.weight ? Weight(*c.weight) : std::string("–")) +
               "<span class=\"level\">" + Escape(c.level) + "</span></td>";
      }
      out += "</tr>";
    }
    out += "</tbody></table></div>";
    out += "<p class=\"warning-note\">" + Escape(s_.personal_data) + "</p>";
    return out + "</section>";
  }

  const ReportInputs& in_;
  const PageInfo& info_;
  const Strings& s_;
  Lang lang_;
};

}  // namespace

std::string RenderReport(const ReportInputs& inputs, const PageInfo& page) {
  return Page(inputs, page).Render();
}

}  // namespace hoso::report
