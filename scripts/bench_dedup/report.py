"""The generated block of the Deduplication section of docs/benchmarks.md."""
BEGIN = "<!-- bench-dedup: begin (written by scripts/bench-dedup; edit the text outside) -->"
END = "<!-- bench-dedup: end -->"

RLTK = {"febrl3": (0.9985, 4.8), "febrl4": (0.9996, 7.0)}  # /work/shared/README.md, 2 cores
GOAL_F1 = {"febrl3": 0.998, "febrl4": 0.999}
GOAL_1M_WALL = 30.0
GOAL_RSS_GB = 3.0
GOAL_PAIRS = 3_000_000  # compared pairs per second per core
GOAL_VI_F1 = 0.97


def met(ok):
    return "**met**" if ok else "**not met**"


def stage_seconds(r, prefix):
    s = r.get("summary") or {}
    return sum(st["seconds"] for st in s.get("stages", []) if st["stage"].split(":", 1)[1] == prefix)


def pairs_rate(r, cores):
    d = r.get("dedup")
    sec = stage_seconds(r, "dedup")
    if not d or not sec:
        return None
    return d["pairs_compared"] / sec / cores


def fmt_rate(x):
    if x is None:
        return "–"
    return f"{x / 1e6:.2f} M" if x >= 1e6 else f"{x / 1e3:.0f} k"


def f1_cell(r):
    e = r.get("eval")
    if not e:
        return "–"
    return f"{e['f1']:.4f} (P {e['precision']:.4f}, R {e['recall']:.4f})"


def section(data):
    meta = data["meta"]
    cores = meta["cores"]
    L = []
    L.append(f"Run of {meta['date']} on {meta['machine']}; hoso git {meta['git']}"
             + ("" if meta.get("build_fresh", True) else " (build/release was not up to date)") + ".")
    L.append("")
    L.append(f"Command: `{meta['command']}`; {meta['compiler']}; binaries of `build/release`. "
             f"Wall time and peak RSS from `/usr/bin/time -v` around `hoso run -v`; stage seconds "
             f"from the run's summary.json; pairs compared from the dedup stage's log; F1 = pairwise "
             f"F1 of `hoso eval dedup` against the truth file.")
    L.append("")
    if meta.get("cpu_probe_s"):
        before, after = meta["cpu_probe_s"]
        L.append(f"Machine speed probe (one core hashing 512 MiB with `sha256sum`, the same work every "
                 f"time; lower is faster): {before:.2f} s before the runs, {after:.2f} s after. This "
                 f"shared virtual machine's speed drifts by up to half from hour to hour: compare runs "
                 f"of different hours through this figure.")
        L.append("")
    runs = data.get("febrl", []) + data.get("people", [])
    busy = [r for r in runs if r.get("load_before", 0) >= meta["max_load"]]
    if busy:
        L.append(f"**Warning:** the machine was busy before {len(busy)} of the runs (1-min load "
                 + ", ".join(f"{r.get('name', r.get('label'))} {r['load_before']:.2f}" for r in busy)
                 + f", goal below {meta['max_load']}); their times are pessimistic.")
        L.append("")
    if data.get("febrl"):
        L.append("**FEBRL** (csv_source → dedup with `models/dedup/febrl.yaml`, fitted on the batch → "
                 "jsonl_sink; `examples/febrl/`):")
        L.append("")
        L.append("| dataset | records | pairs compared | wall s | dedup stage s | peak RSS | pairwise F1 | "
                 "RLTK F1 / s | F1 ratio | time ratio (hoso / RLTK) | goal |")
        L.append("|---|--:|--:|--:|--:|--:|---|---|--:|--:|---|")
        for r in data["febrl"]:
            f1r, tr = RLTK[r["name"]]
            e = r.get("eval")
            f1 = e["f1"] if e else 0
            files = " + ".join(r["files"]) + (" (pairs across the files)" if r["cross_source"] else "")
            L.append(f"| {r['name']}: {files} | {r['records']:,} | {r.get('dedup', {}).get('pairs_compared', 0):,} | "
                     f"{r.get('wall_s', 0):.2f} | {stage_seconds(r, 'dedup'):.2f} | "
                     f"{r.get('peak_rss_kb', 0) / 1024:.0f} MiB | {f1_cell(r)} | {f1r} / {tr} s | "
                     f"{f1 / f1r:.4f} | {r.get('wall_s', 0) / tr:.2f} | F1 ≥ {GOAL_F1[r['name']]}: "
                     f"{met(f1 >= GOAL_F1[r['name']])} |")
        L.append("")
    if data.get("people"):
        L.append("**Generated Vietnamese member sets** (`scripts/make-people --records N --seed "
                 f"{meta['seed']}`: five sources → csv_source ×5 → normalize_vi → dedup with "
                 "`models/dedup/members.yaml`, fitted on the batch → handbook_sqlite, the issue's pipeline, "
                 "scored from the handbook with `hoso eval dedup --handbook`; "
                 f"{cores} workers):")
        L.append("")
        L.append("| records | people | wall s | peak RSS | csv_source / normalize_vi / dedup / handbook_sqlite "
                 "s | pairs compared | pairs/s/core (dedup stage) | pairwise F1 |")
        L.append("|--:|--:|--:|--:|---|--:|--:|---|")
        for r in data["people"]:
            if r.get("timed_out"):
                L.append(f"| {r['records']:,} | {r.get('people') or 0:,} | killed after {r['elapsed_s']:.0f} s | "
                         f"{r.get('peak_rss_kb', 0) / 1024:.0f} MiB so far | – | – | – | – |")
                continue
            split = " / ".join(f"{stage_seconds(r, s):.1f}" for s in
                               ["csv_source", "normalize_vi", "dedup", "handbook_sqlite"])
            d = r.get("dedup", {})
            L.append(f"| {r['records']:,} | {r.get('people') or 0:,} | {r.get('wall_s', 0):.1f} | "
                     f"{r.get('peak_rss_kb', 0) / 1024:.0f} MiB | {split} | {d.get('pairs_compared', 0):,} | "
                     f"{fmt_rate(pairs_rate(r, cores))} | {f1_cell(r)} |")
        L.append("")
    sc = data.get("scoring")
    if sc and sc.get("scoring_pass"):
        base = sc["baseline"]
        def rate(name):
            o = sc.get(name, {})
            return o.get("median", (o.get("runs") or [None])[0])
        L.append(f"**Compared pairs per second per core** (`bench_dedup_scoring`, Google Benchmark, one "
                 f"thread, median of {sc['repetitions']} repetitions of at least {sc['min_time']} s): "
                 f"dedup's scoring pass over all {sc['scoring_pass'].get('pairs', 0):,} blocked pairs of "
                 f"the {sc['label']} set, records and fitted model read back from that run's handbook; "
                 f"next to it the Record Linkage Toolkit's way of comparing, jellyfish "
                 f"{base.get('jellyfish', '?')} Jaro-Winkler on the name and exact equality on the "
                 f"other seven comparisons, column by column from Python (`rltk_compare.py`), on "
                 f"{base['pairs']:,} of the same pairs:")
        L.append("")
        L.append("| contender | per pair | pairs/s/core | ratio to the toolkit's comparison |")
        L.append("|---|---|--:|--:|")
        rows = [("hoso scoring pass", "8 comparisons to their levels (Jaro-Winkler where no key "
                 "agrees), term-frequency weights, the ID rules, decision, histogram", rate("scoring_pass")),
                ("hoso levels only", "the 8 comparisons' levels", rate("levels_only")),
                ("hoso pair enumeration", "blocked pairs produced, nothing compared", rate("pairs_only")),
                ("toolkit-style (jellyfish from Python)", "1 Jaro-Winkler + 7 equalities, no weights",
                 base["pairs_per_second"])]
        for name, what, x in rows:
            L.append(f"| {name} | {what} | {fmt_rate(x)} | {x / base['pairs_per_second']:.1f} |")
        L.append("")
    # goals
    L.append("| goal | measured | |")
    L.append("|---|---|---|")
    people = {r["label"]: r for r in data.get("people", [])}
    m1 = people.get("1M")
    if m1:
        if m1.get("timed_out"):
            L.append(f"| 1 M records ≤ {GOAL_1M_WALL:.0f} s on {cores} cores | killed after "
                     f"{m1['elapsed_s']:.0f} s | {met(False)} |")
        else:
            L.append(f"| 1 M records ≤ {GOAL_1M_WALL:.0f} s on {cores} cores | {m1.get('wall_s', 0):.1f} s | "
                     f"{met(m1.get('wall_s', 1e9) <= GOAL_1M_WALL)} |")
        L.append(f"| 1 M records: peak RSS ≤ {GOAL_RSS_GB:.0f} GB | {m1.get('peak_rss_kb', 0) / 1024 / 1024:.2f} GiB"
                 f"{' (when killed)' if m1.get('timed_out') else ''} | "
                 f"{met(not m1.get('timed_out') and m1.get('peak_rss_kb', 1e12) * 1024 <= GOAL_RSS_GB * 1e9)} |")
    if sc and sc.get("scoring_pass"):
        x = sc["scoring_pass"].get("median", sc["scoring_pass"]["runs"][0])
        L.append(f"| compared pairs ≥ 3 M/s/core (scoring pass, {sc['label']} set) | {fmt_rate(x)} | "
                 f"{met(x >= GOAL_PAIRS)} |")
    for r in data.get("febrl", []):
        f1 = r.get("eval", {}).get("f1", 0)
        L.append(f"| {r['name']} F1 ≥ {GOAL_F1[r['name']]} | {f1:.4f} | {met(f1 >= GOAL_F1[r['name']])} |")
    f1s = [(r["label"], r["eval"]["f1"]) for r in data.get("people", []) if r.get("eval")]
    if f1s:
        L.append(f"| generated Vietnamese set F1 ≥ {GOAL_VI_F1} | " + ", ".join(f"{l}: {f:.4f}" for l, f in f1s)
                 + f" | {met(all(f >= GOAL_VI_F1 for _, f in f1s))} |")
    L.append("")
    L.append("pairs/s/core (dedup stage) in the table of sets = pairs compared ÷ (dedup stage seconds × "
             "cores): the whole stage, i.e. its first pass over every record, blocking, the u sample "
             "(2 M random pairs by default), the EM pass, scoring, clustering and the second pass; it "
             "falls when blocking gets tighter, so the goal is read from the scoring pass above.")
    L.append("")
    L.append(f"Raw numbers: `{meta['json']}` (build output, not in git); logs in each run directory.")
    return "\n".join(L)


def update_docs(docs, text):
    doc = docs.read_text(encoding="utf-8")
    if BEGIN not in doc or END not in doc:
        raise SystemExit(f"{docs}: no {BEGIN} … {END} block; add the deduplication section first")
    head, rest = doc.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    docs.write_text(head + BEGIN + "\n\n" + text + "\n\n" + END + tail, encoding="utf-8")
