#!/usr/bin/python3
# Real `hoso run` batches over the hostile-input corpus: the committed cases of
# tests/data/hostile/ and what scripts/make-hostile writes, mixed with good
# inputs. Checks, for every batch: the documented exit status, exactly one
# quarantine entry and one console line per bad unit (file, page or row), each
# naming its file and giving a reason; the good inputs in the output;
# summary.json accounting for every unit; and the batch's peak resident memory
# (the child's own ru_maxrss from wait4, what GNU time -v reports) under
# --rss-ceiling-mb (0: not checked, for AddressSanitizer builds). Pipeline files
# that are attacks (alias bomb, deep nesting) must fail at once with one line.
# Plugins that throw in their factory fail the run with one line; one that
# throws on a record costs that record only; absurd descriptor strings are
# refused at load with one line each.
#
# Plugins that crash natively (SIGSEGV) are not here: surviving them needs the
# crash isolation in child processes that hoso does not have yet.
import argparse
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time

failures = []


def check(ok, what):
    if not ok:
        failures.append(what)
        print("FAIL: " + what, flush=True)
    return ok


class Result:
    def __init__(self, status, output, rss_mb, seconds):
        self.status, self.output, self.rss_mb, self.seconds = status, output, rss_mb, seconds

    def lines(self):
        return [l for l in self.output.split("\n") if l.strip()]


def run(argv, log, timeout):
    """Runs argv with stdout+stderr to `log`; returns status, output, peak RSS."""
    start = time.monotonic()
    with open(log, "wb") as out:
        child = subprocess.Popen(argv, stdout=out, stderr=subprocess.STDOUT)
        while True:
            pid, status, usage = os.wait4(child.pid, os.WNOHANG)
            if pid == child.pid:
                break
            if time.monotonic() - start > timeout:
                os.kill(child.pid, signal.SIGKILL)
                pid, status, usage = os.wait4(child.pid, 0)
                check(False, "%s: still running after %d s, killed" % (" ".join(argv), timeout))
                break
            time.sleep(0.02)
    child.returncode = os.waitstatus_to_exitcode(status)  # so Popen does not wait again
    with open(log, "rb") as f:
        output = f.read().decode("utf-8", "replace")
    return Result(child.returncode, output, usage.ru_maxrss / 1024.0, time.monotonic() - start)


def read_jsonl(path):
    with open(path, "rb") as f:
        return [json.loads(line) for line in f if line.strip()]


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)


def check_quarantine(batch, result, entries, expected, console_marker):
    """expected: {file basename: [(row or page or None, reason substring), ...]}"""
    by_file = {}
    for e in entries:
        by_file.setdefault(os.path.basename(e["unit"]["file"]), []).append(e)
    for name, units in sorted(expected.items()):
        got = by_file.pop(name, [])
        check(len(got) == len(units),
              "%s: %s: %d quarantine entries, expected %d: %s" %
              (batch, name, len(got), len(units), [g["reason"] for g in got]))
        for (where, reason), entry in zip(units, got):
            unit = entry["unit"]
            place = unit.get("row", unit.get("page"))
            check(place == where, "%s: %s: quarantined at %s, expected %s" % (batch, name, place, where))
            check(reason in entry["reason"],
                  "%s: %s: reason %r lacks %r" % (batch, name, entry["reason"], reason))
        # One console line per unit, naming the file, the reason on that line.
        named = re.compile(r"(^|[ /])" + re.escape(name) + r"([ :]|$)")
        lines = [l for l in result.lines() if console_marker in l and named.search(l)]
        check(len(lines) == len(units),
              "%s: %s: %d console lines, expected %d: %s" % (batch, name, len(lines), len(units), lines))
        for (where, reason), line in zip(units, lines):
            check(reason in line, "%s: %s: console line %r lacks %r" % (batch, name, line, reason))
    check(not by_file, "%s: unexpected quarantine entries: %s" %
          (batch, {k: [e["reason"] for e in v] for k, v in by_file.items()}))


def check_summary(batch, path):
    summary = json.load(open(path))
    check(summary["accounted"] is True, "%s: summary.json says accounted=%s" % (batch, summary["accounted"]))
    check(summary["units_in"] == summary["units_out"] + summary["units_quarantined"],
          "%s: units do not add up: %s" % (batch, summary))
    return summary


def check_memory(batch, result, ceiling_mb):
    print("%s: %.1f s, exit %d, peak RSS %.0f MB" % (batch, result.seconds, result.status, result.rss_mb),
          flush=True)
    if ceiling_mb > 0:
        check(result.rss_mb < ceiling_mb,
              "%s: peak RSS %.0f MB, ceiling %d MB" % (batch, result.rss_mb, ceiling_mb))


def scans_batch(args, corpus, work):
    d = os.path.join(work, "scans")
    good = os.path.join(args.source, "fixtures", "scans", "clean", "scan-3-00001.tif")
    write(os.path.join(d, "pipeline.yaml"), """\
name: hostile-scans
workers: 2
quarantine: out/quarantine.jsonl
summary: out/summary.json
stages:
  - plugin: scan_source
    with: {path: [%s, %s]}
  - plugin: preprocess
  - plugin: ocr_tesseract
  - plugin: pages_jsonl
    with: {path: out/pages.jsonl}
""" % (json.dumps(good), json.dumps(os.path.join(corpus, "scans"))))
    r = run([args.hoso, "run", "--progress", "none", os.path.join(d, "pipeline.yaml")],
            os.path.join(d, "output.txt"), 300)
    check_memory("scans", r, args.rss_ceiling_mb)
    if not check(r.status == 0, "scans: exit %d, expected 0:\n%s" % (r.status, r.output)):
        return
    whole = [(None, "empty file (0 bytes)")]
    expected = {
        "zero-bytes.tif": whole, "zero-bytes.png": whole, "zero-bytes.jpg": whole,
        "zero-bytes.pdf": whole,
        "truncated.tif": [(None, "truncated: TIFF directory at byte")],
        "truncated.png": [(None, "truncated: PNG chunk at byte")],
        "truncated.jpg": [(None, "truncated: JPEG has no end-of-image marker")],
        "truncated.pdf": [(None, "truncated: PDF has no %%EOF marker")],
        "damaged.png": [(1, "cannot decode (not a readable PNG)")],
        "damaged.jpg": [(1, "cannot decode (not a readable JPEG)")],
        "huge-40000x40000.png": [(1, "40000 x 40000 pixels exceeds max_pixels 200000000")],
        "huge-40000x40000.tif": [(1, "40000 x 40000 pixels exceeds max_pixels 200000000")],
        "huge-40000x40000.jpg": [(1, "40000 x 40000 pixels exceeds max_pixels 200000000")],
        "pages-5000.pdf": [(None, "PDF has 5000 pages, more than max_pages 2000")],
        # poppler does not believe a /Count its page tree does not hold.
        "pages-claimed-100000.pdf": [(None, "PDF has no pages")],
    }
    check_quarantine("scans", r, read_jsonl(os.path.join(d, "out", "quarantine.jsonl")), expected,
                     "quarantined ")
    pages = read_jsonl(os.path.join(d, "out", "pages.jsonl"))
    got = sorted((os.path.basename(p["file"]), p["page"]) for p in pages)
    check(got == [("scan-3-00001.tif", 1), ("scan-3-00001.tif", 2)],
          "scans: pages written %s, expected the good file's two pages" % got)
    check(all(len(p["text"]) > 200 for p in pages), "scans: a good page was read as (almost) no text")
    check_summary("scans", os.path.join(d, "out", "summary.json"))


def csv_batch(args, corpus, work, plugins):
    d = os.path.join(work, "csv")
    shutil.rmtree(os.path.join(d, "in"), ignore_errors=True)
    os.makedirs(os.path.join(d, "in"))
    committed = os.path.join(args.source, "tests", "data", "hostile", "csv")
    for folder in (committed, os.path.join(corpus, "csv")):
        for name in os.listdir(folder):
            os.symlink(os.path.join(folder, name), os.path.join(d, "in", name))
    # throwing_record alone: its folder also holds libraries that are refused.
    lib = os.path.join(d, "lib")
    os.makedirs(lib, exist_ok=True)
    shutil.copyfile(os.path.join(plugins, "throwing_record.so"), os.path.join(lib, "throwing_record.so"))
    # The poisoned record's exception has two lines: the console must still
    # give it one.
    write(os.path.join(d, "pipeline.yaml"), """\
name: hostile-csv
workers: 2
quarantine: out/quarantine.jsonl
summary: out/summary.json
stages:
  - plugin: csv_source
    with:
      path: in/*.csv
      id_column: ma_hs
      columns: {ho_ten: full_name, ngay_sinh: birth_date, so_the: party_card_number}
  - plugin: normalize_vi
  - plugin: throwing_record
    with: {fail_id: HX-00003, message: "index out of range\\n  at Validate (throwing_record.cpp:14)"}
  - plugin: jsonl_sink
    with: {path: out/members.jsonl}
""")
    r = run([args.hoso, "run", "--progress", "none", "--plugin-path", lib,
             os.path.join(d, "pipeline.yaml")], os.path.join(d, "output.txt"), 300)
    check_memory("csv", r, args.rss_ceiling_mb)
    if not check(r.status == 0, "csv: exit %d, expected 0:\n%s" % (r.status, r.output[-3000:])):
        return
    expected = {
        "zero-bytes.csv": [(None, "no header row (the file is empty)")],
        "header-invalid-utf8.csv": [(None, "header row is not UTF-8 (invalid byte at 11)")],
        "header-nul.csv": [(None, "header row holds a NUL byte at byte 13")],
        "invalid-utf8.csv": [(2, "row 2: invalid UTF-8 at byte 15")],
        "nul-bytes.csv": [(2, "row 2: NUL byte at byte 13")],
        "unbalanced-quote.csv": [(2, "row 2: unterminated quote in field 2 (ho_ten)")],
        "line-100mb.csv": [(2, "row 2: longer than 1048576 bytes")],
        "columns-5000.csv": [(2, "row 2: 4999 fields, header has 5000")],
        "fields-100000.csv": [(2, "row 2: 100000 fields, header has 4")],
        "good.csv": [(3, "plugin failed: index out of range   at Validate")],
    }
    entries = read_jsonl(os.path.join(d, "out", "quarantine.jsonl"))
    # The file keeps the plugin's own text; only the console flattens it.
    for e in entries:
        e["reason"] = e["reason"].replace("\n", " ")
    check_quarantine("csv", r, entries, expected, "quarantined ")
    check(not any(l.startswith("  at Validate") for l in r.output.split("\n")),
          "csv: a plugin's multi-line exception spilled onto a second console line")
    ids = sorted(m["id"] for m in read_jsonl(os.path.join(d, "out", "members.jsonl")))
    want = sorted(["HX-00001", "HX-00002", "HX-00011", "HX-00013", "HX-00021", "HX-00023",
                   "HX-00031", "HX-00033", "HX-00101", "HX-00103", "HX-00201", "HX-00301",
                   "HX-00303"])
    check(ids == want, "csv: records written %s, expected %s" % (ids, want))
    check_summary("csv", os.path.join(d, "out", "summary.json"))


def yaml_attacks(args, corpus, work):
    d = os.path.join(work, "yaml")
    os.makedirs(d, exist_ok=True)
    committed = os.path.join(args.source, "tests", "data", "hostile", "yaml", "alias-bomb.yaml")
    cases = [
        (committed, "alias-bomb.yaml:10: stage 1 (csv_source): option 'source_name': expected a "
                    "string, got a list"),
        (os.path.join(corpus, "yaml", "deep-flow.yaml"), "deep-flow.yaml:1: invalid YAML: nested too deep"),
        (os.path.join(corpus, "yaml", "deep-block.yaml"), "invalid YAML: nested too deep"),
    ]
    for path, message in cases:
        name = os.path.basename(path)
        r = run([args.hoso, "run", "--progress", "none", path], os.path.join(d, name + ".txt"), 60)
        print("%s: %.2f s, exit %d, peak RSS %.0f MB" % (name, r.seconds, r.status, r.rss_mb), flush=True)
        check(r.status == 1, "%s: exit %d, expected 1" % (name, r.status))
        check(len(r.lines()) == 1 and message in r.output and path in r.output,
              "%s: expected one line naming the file with %r, got:\n%s" % (name, message, r.output[:2000]))
        check(r.seconds < 10, "%s: took %.1f s to refuse" % (name, r.seconds))
        if args.rss_ceiling_mb > 0:
            check(r.rss_mb < 256, "%s: peak RSS %.0f MB to refuse a pipeline file" % (name, r.rss_mb))


def throwing_plugins(args, work, plugins):
    d = os.path.join(work, "plugins")
    good = os.path.join(args.source, "tests", "data", "hostile", "csv", "good.csv")
    broken = os.path.join(args.test_plugins, "broken")
    cases = [
        # The constructor throws (MakeDescriptor's factory is `new T(options)`).
        ("throwing_factory", broken,
         "stage 2:throwing_factory: throwing_factory: reference data missing"),
        # A hand-written factory throws an int before any object exists.
        ("throwing_create", plugins,
         "stage 2:throwing_create: throwing_create: the plugin's factory failed with an unknown "
         "exception"),
    ]
    for plugin, folder, message in cases:
        # A folder of its own: the others in `broken` are refused with lines of
        # their own, which are not what is checked here.
        own = os.path.join(d, plugin, "lib")
        os.makedirs(own, exist_ok=True)
        shutil.copyfile(os.path.join(folder, plugin + ".so"), os.path.join(own, plugin + ".so"))
        pipeline = os.path.join(d, plugin, "pipeline.yaml")
        write(pipeline, """\
stages:
  - plugin: csv_source
    with: {path: %s, columns: {ho_ten: full_name}}
  - plugin: %s
  - plugin: jsonl_sink
    with: {path: out/members.jsonl}
""" % (json.dumps(good), plugin))
        r = run([args.hoso, "run", "--progress", "none", "--plugin-path", own, pipeline],
                os.path.join(d, plugin, "output.txt"), 60)
        check(r.status == 1, "%s: exit %d, expected 1" % (plugin, r.status))
        want = "hoso: run failed, nothing was written: " + pipeline + ":4: " + message
        check(r.lines() == [want], "%s: expected the one line\n  %s\ngot:\n%s" % (plugin, want, r.output))
        check(not os.path.exists(os.path.join(d, plugin, "out", "members.jsonl")),
              "%s: a run that failed wrote output" % plugin)

    # Absurd descriptor strings: one refusal line per library, none quoting it.
    own = os.path.join(d, "long_strings")
    shutil.rmtree(own, ignore_errors=True)
    os.makedirs(own)
    for n in range(1, 8):
        shutil.copyfile(os.path.join(plugins, "long_strings_%d.so" % n),
                        os.path.join(own, "long_strings_%d.so" % n))
    r = run([args.hoso, "plugins", "--plugin-path", own], os.path.join(d, "long_strings.txt"), 60)
    check(r.status == 1, "long strings: `hoso plugins` exit %d, expected 1" % r.status)
    reasons = {
        1: "plugin name must match [a-z][a-z0-9_]* and have at most 64 characters; fix the plugin",
        2: "plugin version is missing or longer than 32 characters; fix the plugin",
        3: "descriptor has an option with an invalid name; fix the plugin",
        4: "help of option 'mode' is longer than 1000 bytes; fix the plugin",
        5: "choices of option 'mode' are longer than 1000 bytes; fix the plugin",
        6: "default of option 'mode' is too long; fix the plugin",
        7: "descriptor command table is invalid; fix the plugin",
    }
    for n, reason in reasons.items():
        library = os.path.join(own, "long_strings_%d.so" % n)
        lines = [l for l in r.lines() if library in l]
        check(lines == ["hoso: %s: %s" % (library, reason)],
              "long strings: long_strings_%d.so: expected the one line %r, got %s" % (n, reason, lines))
    check("abcdefghijabcdefghij" not in r.output, "long strings: an absurd string was printed")
    print("long strings:\n  " + "\n  ".join(l for l in r.lines() if "long_strings_" in l), flush=True)


def main():
    ap = argparse.ArgumentParser(description="Runs hoso over the hostile-input corpus.")
    ap.add_argument("--hoso", required=True)
    ap.add_argument("--source", required=True, help="repository root")
    ap.add_argument("--test-plugins", required=True, help="<build>/test-plugins")
    ap.add_argument("--work", required=True, help="scratch folder, emptied first")
    ap.add_argument("--rss-ceiling-mb", type=int, required=True, help="0: not checked")
    args = ap.parse_args()
    started = time.monotonic()
    shutil.rmtree(args.work, ignore_errors=True)
    os.makedirs(args.work)
    corpus = os.path.join(args.work, "corpus")
    subprocess.run([os.path.join(args.source, "scripts", "make-hostile"), corpus], check=True)
    plugins = os.path.join(args.test_plugins, "hostile")

    yaml_attacks(args, corpus, args.work)
    throwing_plugins(args, args.work, plugins)
    csv_batch(args, corpus, args.work, plugins)
    scans_batch(args, corpus, args.work)

    print("hostile inputs: %.1f s, %d failures" % (time.monotonic() - started, len(failures)))
    if not failures:
        shutil.rmtree(corpus)  # 100 MB of generated files
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
