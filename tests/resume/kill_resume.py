#!/usr/bin/python3
"""Kills a real hoso run with SIGKILL many times and checks that resuming ends
in the handbook an uninterrupted run writes.

One batch: scanned pages (scan_source -> preprocess -> ocr_tesseract ->
dossier_fields, isolated in worker processes) and a make-people member set
(csv_source x 5 -> normalize_vi), then dedup and merge (barriers) and the
handbook_sqlite and jsonl_sink sinks. An uninterrupted run gives the reference
and the timing of its phases. Then the same batch is started again and again
and killed with SIGKILL: at random points of the first phase, inside the dedup
barrier (after its "dossiers in" line) and while the sinks write (after the
merge barrier's "done" line). Every start after the first resumes from what
the killed runs left. The last start runs to the end, and its handbook must
equal the reference in every table and row, timestamps aside, its JSON Lines
output byte for byte, and its summary must account for every input. After
every kill no hoso-worker process may be left.

Usage: kill_resume.py --hoso BIN --source DIR --work DIR [--kills N] [--people N] [--seed S]
"""
import argparse
import os
import random
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time


def make_batch(source, work, people):
    data = os.path.join(work, "batch")
    if not os.path.exists(os.path.join(data, "export_2019.csv")):
        subprocess.run([os.path.join(source, "scripts/make-people"), "--people", str(people),
                        "--seed", "7", "--out", data], check=True, stdout=subprocess.DEVNULL)
    generated = open(os.path.join(data, "pipeline.yaml"), encoding="utf-8").read()
    stages = generated.split("\nstages:\n", 1)[1]
    csv_sources = stages.split("  - plugin: normalize_vi", 1)[0]
    normalize = re.search(r"  - plugin: normalize_vi\n(    .*\n)+", stages).group(0)
    scans = os.path.join(source, "fixtures/scans")
    pipeline = f"""name: kill-resume
workers: 2
seed: 1
quarantine: out/quarantine.jsonl
summary: out/summary.json
stages:
  - plugin: scan_source
    with:
      path: [{scans}/clean, {scans}/degraded-mild, {scans}/degraded-heavy]
{csv_sources}  - plugin: preprocess
  - plugin: ocr_tesseract
  - plugin: dossier_fields
{normalize}  - plugin: dedup
  - plugin: merge
  - plugin: handbook_sqlite
    with:
      path: out/handbook.sqlite
  - plugin: jsonl_sink
    with:
      path: out/members.jsonl
"""
    with open(os.path.join(data, "kill-resume.yaml"), "w", encoding="utf-8") as f:
        f.write(pipeline)
    return data


class Run:
    """One `hoso run`, its stderr lines timed as they come."""

    def __init__(self, hoso, data, fresh=False):
        args = [hoso, "run", "kill-resume.yaml", "--progress", "none"] + (["--fresh"] if fresh else [])
        self.start = time.monotonic()
        self.proc = subprocess.Popen(args, cwd=data, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL,
                                     text=True, errors="replace")
        self.lines = []  # (seconds since start, line)
        self.seen = threading.Condition()
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self):
        for line in self.proc.stderr:
            with self.seen:
                self.lines.append((time.monotonic() - self.start, line.rstrip("\n")))
                self.seen.notify_all()
        with self.seen:
            self.seen.notify_all()

    def wait_for(self, pattern):
        """Seconds since start when a line matched; None if the run ended first."""
        with self.seen:
            while True:
                for t, line in self.lines:
                    if re.search(pattern, line):
                        return t
                if self.proc.poll() is not None and not self.reader.is_alive():
                    return None
                self.seen.wait(0.05)

    def has(self, pattern):
        with self.seen:
            return any(re.search(pattern, line) for _, line in self.lines)

    def finish(self):
        self.proc.wait()
        self.reader.join()
        return self.proc.returncode


DEDUP_IN = r": \d+:dedup: \d+ dossiers in"
DEDUP_DONE = r": \d+:dedup: done in"
MERGE_DONE = r": \d+:merge: done in"
HANDBOOK_WRITTEN = r"handbook_sqlite: .* written to"


def workers_left():
    out = subprocess.run(["pgrep", "-f", "hoso-worker stages"], capture_output=True, text=True).stdout
    return [p for p in out.split()]


def table_rows(db):
    con = sqlite3.connect(db)
    tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")]
    dump = {}
    for table in tables:
        cols = [r[1] for r in con.execute(f"PRAGMA table_info('{table}')")]
        keep = [c for c in cols if not c.endswith("_at")]  # timestamps only
        rows = con.execute(f"SELECT {', '.join(chr(34) + c + chr(34) for c in keep)} FROM '{table}'").fetchall()
        dump[table] = (keep, sorted(rows, key=repr))
    con.close()
    return dump


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--hoso", required=True)
    ap.add_argument("--source", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--kills", type=int, default=24)
    ap.add_argument("--people", type=int, default=8000)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    rng = random.Random(a.seed)
    os.makedirs(a.work, exist_ok=True)
    data = make_batch(a.source, a.work, a.people)
    out = os.path.join(data, "out")
    shutil.rmtree(out, ignore_errors=True)

    ref = Run(a.hoso, data, fresh=True)
    dedup_in, dedup_done, merge_done, written = (ref.wait_for(DEDUP_IN), ref.wait_for(DEDUP_DONE),
                                                 ref.wait_for(MERGE_DONE), ref.wait_for(HANDBOOK_WRITTEN))
    if ref.finish() != 0 or None in (dedup_in, dedup_done, merge_done, written):
        print("\n".join(line for _, line in ref.lines))
        sys.exit("FAIL: the uninterrupted run failed")
    total = ref.lines[-1][0]
    print(f"reference run: {total:.1f} s; first phase {dedup_in:.1f} s, dedup {dedup_done - dedup_in:.1f} s, "
          f"handbook written {written - merge_done:.1f} s after merge")
    reference = os.path.join(a.work, "reference")
    shutil.rmtree(reference, ignore_errors=True)
    shutil.copytree(out, reference)
    shutil.rmtree(out)

    # "sinks": after the last barrier, before the handbook's commit said so.
    landed = {"first phase": 0, "dedup": 0, "merge": 0, "sinks": 0, "after": 0}
    journal = os.path.join(out, ".quarantine.jsonl.journal")
    # A third of the kills first, while OCR and normalization still have work
    # (each resumed run has less); then, alternately, in dedup and in writing.
    first = a.kills // 3
    kinds = ["first phase"] * first + ["dedup", "sinks"] * a.kills
    for k in range(a.kills):
        kind = kinds[k]
        run = Run(a.hoso, data, fresh=(k == 0))
        if kind == "first phase":
            time.sleep(rng.uniform(0.3, max(0.4, dedup_in / 3)))
        elif kind == "dedup":
            if run.wait_for(DEDUP_IN) is not None:
                time.sleep(rng.uniform(0, 0.8 * (dedup_done - dedup_in)))
        else:
            if run.wait_for(MERGE_DONE) is not None:
                time.sleep(rng.uniform(0, 0.8 * (written - merge_done)))
        run.proc.send_signal(signal.SIGKILL)
        run.finish()
        where = ("after" if run.has(HANDBOOK_WRITTEN) else "sinks" if run.has(MERGE_DONE) else
                 "merge" if run.has(DEDUP_DONE) else "dedup" if run.has(DEDUP_IN) else "first phase")
        landed[where] += 1
        size = os.path.getsize(journal) if os.path.exists(journal) else 0
        print(f"kill {k + 1:2d}: aimed at {kind:11s} landed in {where:11s} after "
              f"{time.monotonic() - run.start:5.1f} s; journal {size / 1e6:.1f} MB")
        for _ in range(30):  # the workers notice within 200 ms
            if not workers_left():
                break
            time.sleep(0.1)
        if workers_left():
            sys.exit(f"FAIL: hoso-worker processes left after kill {k + 1}: {workers_left()}")

    final = Run(a.hoso, data)
    status = final.finish()
    resumed = [line for _, line in final.lines if "resumed:" in line]
    print(f"final run: exit {status}, {final.lines[-1][0] if final.lines else 0:.1f} s; "
          + (resumed[0] if resumed else "nothing resumed"))
    if status != 0:
        print("\n".join(line for _, line in final.lines))
        sys.exit("FAIL: the resumed run failed")
    if os.path.exists(journal):
        sys.exit("FAIL: the journal is left after a finished run")
    stale = [n for n in os.listdir(out) if ".tmp-" in n]
    if stale:
        sys.exit(f"FAIL: files killed writers left are still there: {stale[:5]}")

    failures = []
    want, got = table_rows(os.path.join(reference, "handbook.sqlite")), table_rows(os.path.join(out, "handbook.sqlite"))
    for table in sorted(set(want) | set(got)):
        if want.get(table) != got.get(table):
            w, g = want.get(table, ([], []))[1], got.get(table, ([], []))[1]
            failures.append(f"table {table}: {len(w)} rows in the reference, {len(g)} after the kills")
    if open(os.path.join(reference, "members.jsonl"), "rb").read() != open(os.path.join(out, "members.jsonl"), "rb").read():
        failures.append("members.jsonl differs")
    import json
    s_ref = json.load(open(os.path.join(reference, "summary.json")))
    s_got = json.load(open(os.path.join(out, "summary.json")))
    for key in ("units_in", "units_out", "units_quarantined", "records_out", "golden_records_out", "accounted"):
        if s_ref[key] != s_got[key]:
            failures.append(f"summary {key}: {s_ref[key]} in the reference, {s_got[key]} after the kills")
    if not s_got["accounted"]:
        failures.append("not every input accounted for")
    rows = sum(len(v[1]) for v in got.values())
    print(f"kills: {a.kills}, landed: " + ", ".join(f"{k} {v}" for k, v in landed.items()))
    print(f"handbook: {len(got)} tables, {rows} rows; units in {s_got['units_in']}, out {s_got['units_out']}, "
          f"quarantined {s_got['units_quarantined']}")
    if landed["dedup"] < a.kills // 6 or landed["sinks"] < a.kills // 6:
        failures.append("too few kills landed inside the barrier or while writing")
    if failures:
        print("\n".join("FAIL: " + f for f in failures))
        sys.exit(1)
    print("OK: the resumed handbook equals the uninterrupted run's")


if __name__ == "__main__":
    main()
