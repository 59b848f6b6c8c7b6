// Reads the run's own files: summary.json and the quarantine (JSON Lines).
// Errors name the file and line, never the contents of a line: quarantined
// units carry the input bytes as read.
#pragma once

#include <filesystem>
#include <string>

#include "report_data.h"

namespace hoso::report {

// Throws std::runtime_error when the file cannot be read or is not a summary.
RunSummary LoadSummary(const std::filesystem::path& file);

// Throws std::runtime_error when the file cannot be read or a line is not JSON.
Quarantine LoadQuarantine(const std::filesystem::path& file);

// The reason with each run of digits replaced by "#", so "row 12: 8 fields,
// header has 9" and "row 40: 7 fields, header has 9" fall into one group.
std::string ReasonPattern(const std::string& reason);

}  // namespace hoso::report
