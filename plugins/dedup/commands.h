// `hoso eval`, `hoso explain` and `hoso dedup`: what a data steward runs
// around a deduplication.
#pragma once

#include "hoso/plugin.h"

namespace hoso::dedup {

int EvalCommand(int argc, char** argv);     // hoso eval dedup --truth FILE --members FILE
int ExplainCommand(int argc, char** argv);  // hoso explain A B (--handbook | --members --model)
int DedupCommand(int argc, char** argv);    // hoso dedup train --members FILE --out FILE

inline constexpr Command kCommands[] = {
    {"eval", "eval dedup --truth FILE --members FILE.jsonl [--cross-source]: pairwise precision, "
             "recall, F1 and whole-member counts against a known answer",
     &EvalCommand},
    {"explain", "explain RECORD_A RECORD_B (--handbook FILE.sqlite | --members FILE.jsonl --model "
                "FITTED.yaml): the waterfall of match weights for two records",
     &ExplainCommand},
    {"dedup", "dedup train --members FILE.jsonl [--model FILE] --out FITTED.yaml [--seed N]: fit "
              "u, m and the prior on a batch and write the model",
     &DedupCommand},
};

}  // namespace hoso::dedup
