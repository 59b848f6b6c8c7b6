"""make-scans: synthetic scanned party-member dossiers with ground truth.

Output layout (DIR = --out):
  DIR/clean/<id>-p1.png, <id>-p2.png     png: one file per page
  DIR/clean/<id>.tif | <id>.pdf          tiff/pdf: both pages in one file
  DIR/degraded-<level>/...               the same names, degraded copies
  DIR/truth/<id>.json                    member values, page text, field boxes, recipes
  DIR/truth/entities.csv                 record_id,entity (one line per dossier)
  DIR/manifest.json                      arguments, counts, recipe list
"""

import argparse
import csv
import datetime as dt
import json
import os
import random
import shutil
import sys
import time
from concurrent.futures import ProcessPoolExecutor

import numpy as np

from . import degrade, members, render, templates, writers
from .writers import EXT

VERSION = 1


def parse_args(argv):
    ap = argparse.ArgumentParser(
        prog="make-scans",
        description="Generate synthetic scanned party-member dossiers (two A4 pages each) "
                    "with ground truth. Same arguments give byte-identical outputs.")
    ap.add_argument("--out", required=True, help="output directory")
    ap.add_argument("--members", type=int, required=True, help="number of members (>= 1)")
    ap.add_argument("--seed", type=int, required=True, help="seed (>= 0)")
    ap.add_argument("--degrade", choices=("none", "mild", "heavy", "all"), default="none",
                    help="degraded copies to write besides the clean pages (all = mild + heavy)")
    ap.add_argument("--format", choices=("png", "tiff", "pdf"), default="png")
    ap.add_argument("--layout", choices=("standard", "variant", "mixed"), default="standard",
                    help="form templates; mixed alternates standard and variant")
    ap.add_argument("--dpi", type=int, default=300)
    ap.add_argument("--duplicates", type=float, default=0.0,
                    help="fraction of members that get a second, differently printed dossier "
                         "(for deduplication tests; default 0)")
    ap.add_argument("--handwritten", type=float, default=0.0,
                    help="fraction of dossiers with one to three values filled in by hand "
                         "(a cursive font; fields whose truth says handwritten: true; default 0)")
    ap.add_argument("--workers", type=int, default=0,
                    help="processes (default: number of cores); does not change the output")
    a = ap.parse_args(argv)
    if a.members < 1:
        ap.error("--members must be at least 1")
    if a.seed < 0:
        ap.error("--seed must be non-negative")
    if not 72 <= a.dpi <= 1200:
        ap.error("--dpi must be between 72 and 1200")
    if not 0.0 <= a.duplicates <= 1.0:
        ap.error("--duplicates must be between 0 and 1")
    if not 0.0 <= a.handwritten <= 1.0:
        ap.error("--handwritten must be between 0 and 1")
    return a


def levels_of(degrade_arg):
    return {"none": [], "mild": ["mild"], "heavy": ["heavy"], "all": ["mild", "heavy"]}[degrade_arg]


def plan(args):
    """[(dossier index, member index, copy number)] in output order."""
    items = [(j, 0) for j in range(args.members)]
    if args.duplicates > 0:
        r = random.Random(f"hoso-make-scans:{args.seed}:duplicates")
        dup = [j for j in range(args.members) if r.random() < args.duplicates]
        for j in dup:
            items.insert(r.randint(j + 1, len(items)), (j, 1))
    return [(i, j, c) for i, (j, c) in enumerate(items)]


def dossier_id(seed, i):
    return f"scan-{seed}-{i + 1:05d}"


# Fields a clerk often filled in by hand on a printed form, and that the hand
# font can write (figures).
HAND_FIELDS = ["birth_date", "admission_date", "official_date", "national_id", "party_card_number"]


def make_dossier(task):
    """Render, degrade and write one dossier; returns its manifest entry."""
    args, i, j, copy = task
    out = args["out"]
    seed = args["seed"]
    dpi = args["dpi"]
    fmt = args["format"]
    did = dossier_id(seed, i)
    m = members.make_member(random.Random(f"hoso-make-scans:{seed}:member:{j}"))
    drng = random.Random(f"hoso-make-scans:{seed}:dossier:{i}")
    layout = args["layout"]
    if layout == "mixed":  # alternate, so that even tiny sets hold both layouts
        layout = ("standard", "variant")[i % 2]
    o = templates.choose_options(drng, layout)
    lo = m["_official"] + dt.timedelta(days=30)
    hi = max(lo, dt.date(2024, 12, 31))
    o["sign_date"] = members.random_date(drng, lo, hi)
    if args.get("handwritten", 0) > 0:
        # Its own generator, so every other choice is the same with or without it.
        hrng = random.Random(f"hoso-make-scans:{seed}:hand:{i}")
        if hrng.random() < args["handwritten"]:
            o["hand_fields"] = sorted(hrng.sample(HAND_FIELDS, hrng.randint(1, 3)))
    choices = {lv: degrade.dossier_choices(lv, drng, dpi) for lv in degrade.LEVELS}

    pages = templates.render_dossier(m, o, drng, dpi)
    imgs = [p[0] for p in pages]
    ext_files = writers.save(imgs, os.path.join(out, "clean", did), fmt, dpi, None, did)
    ptruth = []
    for k, (_, pt) in enumerate(pages):
        f, idx = ext_files[k]
        ptruth.append({"index": k, **pt,
                       "files": {"clean": {"file": os.path.relpath(f, out), "page": idx}},
                       "degraded": {}})

    recipes = {}
    for li, level in enumerate(args["levels"]):
        dimgs = []
        per_page = []
        for k, (img, pt) in enumerate(zip(imgs, ptruth)):
            nrng = np.random.default_rng([seed, i, k, li + 1])
            steps = degrade.make_recipe(level, nrng, choices[level])
            dimg, ddpi, M, _ = degrade.apply(img, steps, dpi, decode_jpeg=(fmt == "png"))
            dimgs.append(dimg)
            fields = []
            for fe in pt["fields"]:
                box, quad = degrade.map_box(M, fe["box"])
                fields.append({"name": fe["name"], "box": box, "quad": quad})
            per_page.append({"width": dimg.size[0], "height": dimg.size[1], "dpi": ddpi,
                             "recipe": steps,
                             "transform": [[round(float(v), 8) for v in M[0]],
                                           [round(float(v), 8) for v in M[1]]],
                             "fields": fields})
        ddpi = per_page[0]["dpi"]
        files = writers.save(dimgs, os.path.join(out, f"degraded-{level}", did), fmt, ddpi,
                             choices[level]["jpeg_quality"], did)
        for k, pt in enumerate(ptruth):
            f, idx = files[k]
            pt["files"][level] = {"file": os.path.relpath(f, out), "page": idx}
            pt["degraded"][level] = per_page[k]
        recipes[level] = [pp["recipe"] for pp in per_page]

    truth = {
        "dossier_id": did,
        "entity": j + 1,
        "copy": copy,
        "seed": seed,
        "layout": layout,
        "options": {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in o.items()},
        "member": members.truth_values(m),
        "extra": m["extra"],
        "unit_codes": m["unit_codes"],
        "pages": ptruth,
    }
    with open(os.path.join(out, "truth", did + ".json"), "w", encoding="utf-8") as fh:
        json.dump(truth, fh, ensure_ascii=False, indent=1)
        fh.write("\n")
    return {
        "id": did,
        "entity": j + 1,
        "copy": copy,
        "layout": layout,
        "files": {lv: sorted({p["files"][lv]["file"] for p in ptruth})
                  for lv in ["clean"] + args["levels"]},
        "recipes": recipes,
    }


def prepare_out(out, levels):
    os.makedirs(out, exist_ok=True)
    manifest = os.path.join(out, "manifest.json")
    ours = ["clean", "truth"] + [d for d in os.listdir(out) if d.startswith("degraded-")]
    if os.path.exists(manifest):
        try:
            with open(manifest, encoding="utf-8") as fh:
                mine = json.load(fh).get("generator") == "make-scans"
        except (OSError, ValueError):
            mine = False
        if not mine:
            raise SystemExit(f"make-scans: {manifest} was not written by make-scans; refusing to "
                             "overwrite")
        for d in ours:
            shutil.rmtree(os.path.join(out, d), ignore_errors=True)
        os.remove(manifest)
    else:
        for d in ours:
            if os.path.exists(os.path.join(out, d)):
                raise SystemExit(f"make-scans: {os.path.join(out, d)} exists but {out} has no "
                                 "make-scans manifest; refusing to overwrite")
    for d in ["clean", "truth"] + [f"degraded-{lv}" for lv in levels]:
        os.makedirs(os.path.join(out, d))


def main(argv=None):
    a = parse_args(sys.argv[1:] if argv is None else argv)
    render.check_fonts()
    levels = levels_of(a.degrade)
    prepare_out(a.out, levels)
    if a.handwritten > 0 and not os.path.exists(render.HAND_FONT):
        raise SystemExit("make-scans: --handwritten needs " + render.HAND_FONT
                         + " (install fonts-dancingscript)")
    shared = {"out": a.out, "seed": a.seed, "dpi": a.dpi, "format": a.format,
              "layout": a.layout, "levels": levels, "handwritten": a.handwritten}
    tasks = [(shared, i, j, c) for i, j, c in plan(a)]
    workers = a.workers or os.cpu_count() or 1
    workers = max(1, min(workers, len(tasks)))
    t0 = time.monotonic()
    if workers == 1:
        entries = [make_dossier(t) for t in tasks]
    else:
        with ProcessPoolExecutor(max_workers=workers) as ex:
            entries = list(ex.map(make_dossier, tasks, chunksize=1))
    elapsed = time.monotonic() - t0

    with open(os.path.join(a.out, "truth", "entities.csv"), "w", encoding="utf-8",
              newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["record_id", "entity"])
        for e in entries:
            w.writerow([e["id"], e["entity"]])

    pages = 2 * len(entries)
    manifest = {
        "generator": "make-scans",
        "version": VERSION,
        "command": "scripts/make-scans " + " ".join(
            [f"--out {a.out}", f"--members {a.members}", f"--seed {a.seed}",
             f"--degrade {a.degrade}", f"--format {a.format}", f"--layout {a.layout}",
             f"--dpi {a.dpi}"] + ([f"--duplicates {a.duplicates}"] if a.duplicates else [])
            + ([f"--handwritten {a.handwritten}"] if a.handwritten else [])),
        "arguments": {"members": a.members, "seed": a.seed, "degrade": a.degrade,
                      "format": a.format, "layout": a.layout, "dpi": a.dpi,
                      "duplicates": a.duplicates,
                      **({"handwritten": a.handwritten} if a.handwritten else {})},
        "layout_of_files": {
            "clean": "clean/<id>-p1.png, clean/<id>-p2.png" if a.format == "png"
            else f"clean/<id>.{EXT[a.format]} (page 1 and page 2 in one file)",
            "degraded": [f"degraded-{lv}/" for lv in levels],
            "truth": "truth/<id>.json, truth/entities.csv",
        },
        "counts": {"members": a.members, "dossiers": len(entries), "pages": pages,
                   "images": pages * (1 + len(levels)),
                   "layouts": {k: sum(1 for e in entries if e["layout"] == k)
                               for k in ("standard", "variant")}},
        "dossiers": entries,
    }
    with open(os.path.join(a.out, "manifest.json"), "w", encoding="utf-8") as fh:
        json.dump(manifest, fh, ensure_ascii=False, indent=1)
        fh.write("\n")
    print(f"make-scans: {len(entries)} dossiers, {manifest['counts']['images']} page images "
          f"in {a.out} ({elapsed:.1f} s, {workers} workers)", file=sys.stderr)
    return 0
