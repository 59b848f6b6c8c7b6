// `hoso eval fields`: extracted records against the scan generator's ground
// truth (scripts/make-scans), per field and degradation level.
#pragma once

#include "hoso/plugin.h"

namespace hoso::dossier_fields {

int EvalFieldsCommand(int argc, char** argv);

inline constexpr Command kCommands[] = {
    {"eval fields",
     "eval fields --truth DIR --records FILE.jsonl [--level L] [--json OUT] [--show-errors N]: "
     "per-field accuracy of extracted records against make-scans ground truth",
     &EvalFieldsCommand},
};

}  // namespace hoso::dossier_fields
