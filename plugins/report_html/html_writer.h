// The report page: one self-contained HTML document (inline CSS, inline SVG,
// no script, nothing fetched), sections in a fixed order, each saying so
// when its input is missing.
#pragma once

#include <string>

#include "i18n.h"
#include "report_data.h"

namespace hoso::report {

struct PageInfo {
  Lang lang = Lang::kVi;
  std::string generated_at;  // UTC, YYYY-MM-DDTHH:MM:SSZ
  std::string hoso_version;
  size_t review_limit = 50;
};

std::string RenderReport(const ReportInputs& inputs, const PageInfo& page);

}  // namespace hoso::report
