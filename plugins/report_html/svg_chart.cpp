#include "svg_chart.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "html_text.h"

namespace hoso::report {
namespace {

constexpr double kWidth = 760;
constexpr double kMinBarHeight = 2;  // a non-empty bar must stay visible

std::string Num(double x) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.1f", x);
  return buffer;
}

std::string FormatValue(const Chart& chart, double value) {
  if (chart.format_value) return chart.format_value(value);
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%g", value);
  return buffer;
}

const char* ToneFill(const std::string& tone) {
  if (tone == "match") return "#2e7d32";
  if (tone == "review") return "#ef8f00";
  if (tone == "nonmatch") return "#8a94a6";
  if (tone == "error") return "#c62828";
  if (tone == "warning") return "#ef8f00";
  if (tone == "info") return "#1e88e5";
  return "#2f5f98";
}

// 1, 2 or 5 times a power of ten, at least x.
double NiceCeil(double x) {
  if (x <= 0) return 1;
  const double power = std::pow(10.0, std::floor(std::log10(x)));
  for (double m : {1.0, 2.0, 5.0, 10.0}) {
    if (m * power >= x) return m * power;
  }
  return 10 * power;
}

std::string Open(const Chart& chart, double height) {
  std::string out = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" data-chart=\"" +
                    Escape(chart.id) + "\" viewBox=\"0 0 " + Num(kWidth) + " " + Num(height) +
                    "\" width=\"" + Num(kWidth) + "\" height=\"" + Num(height) +
                    "\" role=\"img\" aria-label=\"" + Escape(chart.title) + "\">";
  out += "<title>" + Escape(chart.title) + "</title>";
  return out;
}

std::string Text(double x, double y, const std::string& text, const char* anchor,
                 const char* extra = "") {
  return "<text x=\"" + Num(x) + "\" y=\"" + Num(y) + "\" text-anchor=\"" + anchor + "\"" + extra +
         ">" + Escape(text) + "</text>";
}

// data-value is the plain number, for whoever reads the page as data;
// people read the formatted one in the tooltip.
std::string Rect(const Bar& bar, double x, double y, double w, double h, const std::string& shown) {
  char raw[32];
  std::snprintf(raw, sizeof raw, "%.17g", bar.value);
  return "<rect class=\"bar tone-" + Escape(bar.tone.empty() ? "default" : bar.tone) + "\" x=\"" +
         Num(x) + "\" y=\"" + Num(y) + "\" width=\"" + Num(w) + "\" height=\"" + Num(h) +
         "\" fill=\"" + ToneFill(bar.tone) + "\" data-label=\"" + Escape(bar.label) +
         "\" data-value=\"" + raw + "\"><title>" +
         Escape(bar.tooltip.empty() ? bar.label + ": " + shown : bar.tooltip) + "</title></rect>";
}

}  // namespace

std::string VerticalBarChart(const Chart& chart) {
  constexpr double kHeight = 300, kLeft = 72, kRight = 16, kTop = 28, kBottom = 56;
  const double plot_w = kWidth - kLeft - kRight;
  const double plot_h = kHeight - kTop - kBottom;
  const double bottom = kTop + plot_h;
  const size_t n = std::max<size_t>(chart.bars.size(), 1);
  const double slot = plot_w / static_cast<double>(n);

  double max_value = 0;
  for (const Bar& b : chart.bars) max_value = std::max(max_value, b.value);
  // The axis top, and where a value lands on it (0 at the axis, 1 at the top).
  double top_value;
  std::function<double(double)> scale;
  std::vector<double> ticks;
  if (chart.log_scale) {
    const int decades =
        std::max(1, static_cast<int>(std::ceil(std::log10(std::max(max_value, 1.0)))));
    top_value = std::pow(10.0, decades);
    scale = [top_value](double v) { return std::log10(1 + v) / std::log10(1 + top_value); };
    for (int d = 0; d <= decades; ++d) ticks.push_back(std::pow(10.0, d));
  } else {
    top_value = NiceCeil(max_value);
    scale = [top_value](double v) { return v / top_value; };
    const double step = NiceCeil(top_value / 5);
    for (double t = 0; t <= top_value + step / 2; t += step) ticks.push_back(t);
  }

  std::string out = Open(chart, kHeight);
  out += "<g class=\"grid\" stroke=\"#d9dee7\" stroke-width=\"1\">";
  for (double t : ticks) {
    const double y = bottom - scale(t) * plot_h;
    out += "<line x1=\"" + Num(kLeft) + "\" x2=\"" + Num(kLeft + plot_w) + "\" y1=\"" + Num(y) +
           "\" y2=\"" + Num(y) + "\"/>";
  }
  out += "</g><g class=\"ticks\" font-size=\"11\" fill=\"#445\">";
  for (double t : ticks) {
    out += Text(kLeft - 6, bottom - scale(t) * plot_h + 4, FormatValue(chart, t), "end");
  }
  out += "</g>";

  out += "<g class=\"bars\">";
  const double bar_w = std::max(1.0, slot * 0.82);
  for (size_t i = 0; i < chart.bars.size(); ++i) {
    const Bar& bar = chart.bars[i];
    if (bar.value <= 0) continue;
    const double h = std::max(kMinBarHeight, scale(bar.value) * plot_h);
    const double x = kLeft + slot * static_cast<double>(i) + (slot - bar_w) / 2;
    out += Rect(bar, x, bottom - h, bar_w, h, FormatValue(chart, bar.value));
  }
  out += "</g>";

  // Label every k-th slot, k a round step, so labels never overlap.
  size_t longest = 1;
  for (const Bar& b : chart.bars) longest = std::max(longest, b.label.size());
  const double label_w = 7.0 * static_cast<double>(longest) + 8;
  size_t every = 1;
  for (size_t step : {1, 2, 5, 10, 20, 50, 100, 200, 500, 1000}) {
    every = step;
    if (slot * static_cast<double>(step) >= label_w) break;
  }
  out += "<g class=\"labels\" font-size=\"11\" fill=\"#445\">";
  for (size_t i = 0; i < chart.bars.size(); i += every) {
    out += Text(kLeft + slot * (static_cast<double>(i) + 0.5), bottom + 16, chart.bars[i].label,
                "middle");
  }
  out += "</g>";

  out += "<g class=\"axes\" stroke=\"#445\" stroke-width=\"1\"><line x1=\"" + Num(kLeft) +
         "\" x2=\"" + Num(kLeft + plot_w) + "\" y1=\"" + Num(bottom) + "\" y2=\"" + Num(bottom) +
         "\"/><line x1=\"" + Num(kLeft) + "\" x2=\"" + Num(kLeft) + "\" y1=\"" + Num(kTop) +
         "\" y2=\"" + Num(bottom) + "\"/></g>";

  for (const Marker& m : chart.markers) {
    const double x = kLeft + slot * m.position;
    if (x < kLeft || x > kLeft + plot_w) continue;
    out += "<g class=\"marker\"><line x1=\"" + Num(x) + "\" x2=\"" + Num(x) + "\" y1=\"" +
           Num(kTop - 8) + "\" y2=\"" + Num(bottom) +
           "\" stroke=\"#c62828\" stroke-width=\"1.5\" stroke-dasharray=\"5 3\"/>";
    out += Text(m.label_left ? x - 4 : x + 4, kTop - 10, m.label, m.label_left ? "end" : "start",
                " font-size=\"11\" fill=\"#c62828\"") +
           "</g>";
  }

  out += Text(kLeft + plot_w / 2, kHeight - 12, chart.x_label, "middle",
              " font-size=\"12\" fill=\"#223\"");
  out += "<text transform=\"translate(16 " + Num(kTop + plot_h / 2) +
         ") rotate(-90)\" text-anchor=\"middle\" font-size=\"12\" fill=\"#223\">" +
         Escape(chart.y_label) + "</text>";
  out += "</svg>";
  return out;
}

std::string HorizontalBarChart(const Chart& chart) {
  constexpr double kRow = 24, kLabelW = 220, kValueW = 90, kTop = 8, kBottom = 8;
  const double plot_w = kWidth - kLabelW - kValueW;
  const double height =
      kTop + kBottom + kRow * static_cast<double>(std::max<size_t>(chart.bars.size(), 1));
  double max_value = 0;
  for (const Bar& b : chart.bars) max_value = std::max(max_value, b.value);
  if (max_value <= 0) max_value = 1;

  std::string out = Open(chart, height);
  out += "<g class=\"bars\">";
  for (size_t i = 0; i < chart.bars.size(); ++i) {
    const Bar& bar = chart.bars[i];
    if (bar.value <= 0) continue;
    const double w = std::max(kMinBarHeight, bar.value / max_value * plot_w);
    out += Rect(bar, kLabelW, kTop + kRow * static_cast<double>(i) + 4, w, kRow - 8,
                FormatValue(chart, bar.value));
  }
  out += "</g><g class=\"labels\" font-size=\"12\" fill=\"#223\">";
  for (size_t i = 0; i < chart.bars.size(); ++i) {
    const double y = kTop + kRow * static_cast<double>(i) + kRow / 2 + 4;
    out += Text(kLabelW - 8, y, chart.bars[i].label, "end");
    const double w = chart.bars[i].value <= 0
                         ? 0
                         : std::max(kMinBarHeight, chart.bars[i].value / max_value * plot_w);
    out += Text(kLabelW + w + 6, y, FormatValue(chart, chart.bars[i].value), "start");
  }
  out += "</g><line x1=\"" + Num(kLabelW) + "\" x2=\"" + Num(kLabelW) + "\" y1=\"" + Num(kTop) +
         "\" y2=\"" + Num(height - kBottom) + "\" stroke=\"#445\" stroke-width=\"1\"/>";
  out += "</svg>";
  return out;
}

}  // namespace hoso::report
