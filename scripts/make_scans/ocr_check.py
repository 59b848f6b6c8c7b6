#!/usr/bin/python3
"""Self-check: OCR generated pages with tesseract and report the character error rate.

    /usr/bin/python3 scripts/make_scans/ocr_check.py DIR [--level clean|mild|heavy]
        [--dossier ID] [--page 1|2] [--all]

CER = Levenshtein distance / length of the truth text, both NFC with runs of spaces
collapsed and blank lines dropped; the segment CER forgives reading order (see
segment_errors). Needs tesseract and tesseract-ocr-vie.
"""

import argparse
import glob
import json
import os
import subprocess
import sys
import tempfile
import unicodedata

from PIL import Image


def normalize(text):
    lines = []
    for line in unicodedata.normalize("NFC", text).splitlines():
        line = " ".join(line.split())
        if line:
            lines.append(line)
    return "\n".join(lines)


def levenshtein(a, b):
    if len(a) < len(b):
        a, b = b, a
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def substring_distance(pattern, text):
    """Edit distance from pattern to the best-matching substring of text (Sellers)."""
    prev = [0] * (len(text) + 1)
    for i, cp in enumerate(pattern, 1):
        cur = [i]
        for j, ct in enumerate(text, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (cp != ct)))
        prev = cur
    return min(prev)


def segment_errors(got, page):
    """Order-free errors: each printed segment (a line, or a column of a line) is looked up
    in the whole OCR text. Tesseract reads side-by-side blocks (header, signature, two-field
    rows) one after the other while the truth text runs baseline by baseline, which plain
    CER counts as errors; this does not. OCR text matching nothing is not counted."""
    errors = chars = 0
    for line in page["lines"]:
        for seg in line.get("segments", [line]):
            t = normalize(seg["text"])
            errors += substring_distance(t, got)
            chars += len(t)
    return errors, chars


def ocr(path, page):
    im = Image.open(path)
    im.seek(page)
    with tempfile.TemporaryDirectory() as tmp:
        png = os.path.join(tmp, "page.png")
        dpi = im.info.get("dpi", (300, 300))
        im.convert("L").save(png, dpi=(round(dpi[0]), round(dpi[1])))
        env = dict(os.environ, OMP_THREAD_LIMIT="1")
        r = subprocess.run(["tesseract", png, "-", "-l", "vie"], capture_output=True, env=env,
                           check=True)
    return r.stdout.decode("utf-8")


def check(out, truth_path, level, page_no):
    with open(truth_path, encoding="utf-8") as fh:
        t = json.load(fh)
    page = t["pages"][page_no - 1]
    f = page["files"][level]
    if f["file"].endswith(".pdf"):
        raise SystemExit("ocr_check: rasterize PDF pages with pdftoppm first")
    got = normalize(ocr(os.path.join(out, f["file"]), f["page"]))
    want = normalize(page["text"])
    seg_e, seg_n = segment_errors(got, page)
    return levenshtein(got, want), len(want), seg_e, seg_n, got


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--level", default="clean")
    ap.add_argument("--dossier")
    ap.add_argument("--page", type=int, default=1)
    ap.add_argument("--all", action="store_true", help="every dossier and page at this level")
    ap.add_argument("--show", action="store_true", help="print the OCR text")
    a = ap.parse_args()
    truths = sorted(glob.glob(os.path.join(a.out, "truth", "*.json")))
    if a.dossier:
        truths = [os.path.join(a.out, "truth", a.dossier + ".json")]
    elif not a.all:
        truths = truths[:1]
    pages = (1, 2) if a.all else (a.page,)
    tot = [0, 0, 0, 0]
    for tp in truths:
        for p in pages:
            e, n, se, sn, got = check(a.out, tp, a.level, p)
            tot = [x + y for x, y in zip(tot, (e, n, se, sn))]
            print(f"{os.path.basename(tp)[:-5]} p{p} {a.level}: CER {e / max(1, n):.4f} "
                  f"({e} edits / {n} chars), segment CER {se / max(1, sn):.4f}")
            if a.show:
                print(got)
    if len(truths) * len(pages) > 1:
        print(f"overall {a.level}: CER {tot[0] / max(1, tot[1]):.4f} ({tot[0]} / {tot[1]}), "
              f"segment CER {tot[2] / max(1, tot[3]):.4f} ({tot[2]} / {tot[3]})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
