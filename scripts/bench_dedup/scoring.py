"""Compared pairs per second per core: dedup's scoring pass (bench_dedup_scoring, Google Benchmark)
over the blocked pairs of a bench run, next to the Record Linkage Toolkit's way of comparing pairs
(rltk_compare.py: jellyfish from Python) on a sample of the same pairs."""
import json
import pathlib
import subprocess

ROOT = pathlib.Path(__file__).resolve().parent.parent.parent
BUILD = ROOT / "build/bench"
# The release preset's flags (RelWithDebInfo: -O2 -g), so the pass is the one hoso runs.
CONFIGURE = ["-DCMAKE_BUILD_TYPE=RelWithDebInfo", "-DHOSO_BUILD_BENCHMARKS=ON", "-DBUILD_TESTING=OFF"]
SAMPLE_PAIRS = 300_000


def build(log):
    cache = BUILD / "CMakeCache.txt"
    text = cache.read_text(encoding="utf-8") if cache.exists() else ""
    if "HOSO_BUILD_BENCHMARKS:BOOL=ON" not in text or "CMAKE_BUILD_TYPE:STRING=RelWithDebInfo" not in text:
        log(f"configuring {BUILD.relative_to(ROOT)}")
        subprocess.run(["cmake", "-S", str(ROOT), "-B", str(BUILD), "-G", "Ninja", *CONFIGURE],
                       check=True, stdout=subprocess.DEVNULL)
    log("building bench_dedup_scoring (-j2)")
    subprocess.run(["cmake", "--build", str(BUILD), "--target", "bench_dedup_scoring", "-j", "2"],
                   check=True, stdout=subprocess.DEVNULL)
    return BUILD / "bin/bench_dedup_scoring"


def measure(set_dir, log, repetitions=3, min_time=3):
    """Runs the benchmark on set_dir/run's handbook and fitted model, then the baseline."""
    try:
        import jellyfish  # noqa: F401
    except ImportError:
        raise SystemExit("bench-dedup: python3-jellyfish is missing (the scoring baseline): "
                         "scripts/setup --bench")
    binary = build(log)
    run = set_dir / "run"
    args = [str(binary), f"--handbook={run / 'handbook.sqlite'}", f"--model={run / 'dedup-model.yaml'}"]
    log(f"scoring pass over the blocked pairs of {run.relative_to(ROOT)}")
    r = subprocess.run(args + ["--benchmark_format=json", f"--benchmark_repetitions={repetitions}",
                               f"--benchmark_min_time={min_time}"],
                       capture_output=True, text=True, check=True)
    bench = json.loads(r.stdout)
    out = {"blocks": r.stderr.strip().splitlines(), "repetitions": repetitions, "min_time": min_time}
    for b in bench["benchmarks"]:
        name = b.get("run_name", b["name"])
        if b.get("run_type") == "aggregate":
            if b.get("aggregate_name") == "median":
                out.setdefault(name, {})["median"] = b["items_per_second"]
            continue
        o = out.setdefault(name, {})
        o.setdefault("runs", []).append(b["items_per_second"])
        if "pairs" in b:
            o["pairs"] = int(b["pairs"])
    pairs = run / "pairs-sample.tsv"
    subprocess.run(args + [f"--pairs_out={pairs}", f"--pairs_count={SAMPLE_PAIRS}"], check=True,
                   capture_output=True)
    log(f"the toolkit's comparison (jellyfish from Python) on {SAMPLE_PAIRS:,} of those pairs")
    r = subprocess.run(["/usr/bin/python3", str(ROOT / "scripts/bench_dedup/rltk_compare.py"), str(pairs)],
                       capture_output=True, text=True, check=True)
    out["baseline"] = json.loads(r.stdout)
    return out
