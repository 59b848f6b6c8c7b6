// `hoso report`: the batch report from a run's summary, quarantine and
// handbook, any of which may be missing.
#pragma once

#include "hoso/plugin.h"

namespace hoso::report {

// hoso report [--summary FILE] [--quarantine FILE] [--handbook FILE] --out FILE [--lang vi|en]
//             [--match-threshold BITS --review-threshold BITS]
int ReportCommand(int argc, char** argv);

inline constexpr Command kCommands[] = {
    {"report",
     "report [--summary FILE] [--quarantine FILE.jsonl] [--handbook FILE.sqlite] --out FILE.html "
     "[--lang vi|en]: the batch report as one self-contained HTML file",
     &ReportCommand},
};

}  // namespace hoso::report
