// Bar charts as inline SVG, so the report needs no script and no network to
// show them. Each drawn bar is a <rect class="bar"> carrying its value in
// data-value; a bar whose value is 0 keeps its slot on the axis but draws
// nothing, so the number of rects is the number of non-empty bars.
#pragma once

#include <functional>
#include <string>
#include <vector>

namespace hoso::report {

struct Bar {
  std::string label;  // under the slot (vertical) or before the bar (horizontal)
  double value = 0;
  std::string tooltip;  // shown on hover; plain text
  std::string tone;     // a class: "bar tone-<tone>", coloured by the chart
};

// A vertical line across a vertical chart, e.g. a threshold.
struct Marker {
  double position = 0;  // in slots from the left edge of the first slot
  std::string label;
  bool label_left = false;  // two markers close together label outwards
};

struct Chart {
  std::string id;  // data-chart attribute, for tests and styling
  std::string title;
  std::string x_label;
  std::string y_label;
  std::vector<Bar> bars;
  std::vector<Marker> markers;
  // Counts spanning orders of magnitude (non-matches against matches) are
  // unreadable on a linear axis.
  bool log_scale = false;
  std::function<std::string(double)> format_value;
};

std::string VerticalBarChart(const Chart& chart);
// Long labels (stage names) read better beside their bars.
std::string HorizontalBarChart(const Chart& chart);

}  // namespace hoso::report
