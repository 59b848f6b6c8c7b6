#!/usr/bin/python3
"""The per-pair comparison a user of the Python Record Linkage Toolkit would run, timed on the pairs
bench_dedup_scoring --pairs_out wrote: the toolkit's Compare step computes each comparison as a
column over all candidate pairs, string similarities by calling jellyfish's C Jaro-Winkler per pair
(`Compare.string(method="jarowinkler")`), the other features by exact equality. Here: Jaro-Winkler
on the name, exact equality on every other comparison's first feature, each as a column over all
pairs, on one core. It does less per pair than dedup's scoring pass (no levels, term frequencies,
weights or decisions), so the ratio favours the toolkit.

    rltk_compare.py PAIRS.tsv  ->  prints JSON {pairs, seconds, pairs_per_second, jellyfish}
"""
import importlib.metadata
import json
import warnings
import math
import sys
import time

import jellyfish

warnings.simplefilter("ignore", DeprecationWarning)  # jellyfish 0.8 on Python 3.11
JW = getattr(jellyfish, "jaro_winkler_similarity", None) or jellyfish.jaro_winkler


def jellyfish_version():
    try:
        return importlib.metadata.version("jellyfish")
    except importlib.metadata.PackageNotFoundError:
        return getattr(jellyfish, "__version__", "?")


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        header = f.readline().rstrip("\n").split("\t")[1:]
        rows = [line.rstrip("\n").split("\t") for line in f]
    k = len(header)
    # Columns of the left and right values, as the toolkit holds them (two aligned series).
    left = [[r[3 * c] for r in rows] for c in range(k)]
    right = [[r[3 * c + 1] for r in rows] for c in range(k)]
    start = time.process_time()
    features = []
    features.append([JW(a, b) if a and b else math.nan for a, b in zip(left[0], right[0])])
    for c in range(1, k):
        features.append([(1.0 if a == b else 0.0) if a and b else math.nan
                         for a, b in zip(left[c], right[c])])
    seconds = time.process_time() - start
    agree = sum(1 for x in features[0] if x == x and x >= 0.92)
    print(json.dumps({"pairs": len(rows), "seconds": seconds,
                      "pairs_per_second": len(rows) / seconds if seconds else None,
                      "name_jw_at_least_0.92": agree,
                      "jellyfish": jellyfish_version()}))


if __name__ == "__main__":
    main()
