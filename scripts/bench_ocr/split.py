"""Where hoso's time goes, from one run's page attributes and summary.

The whole is the worker time the run had: wall-clock seconds (measured outside, from
process start to exit) x workers. Parts, summed over pages:

- decode and every preprocessing step: preprocess's t_<step>_ms attributes;
- preprocess, untimed: t_preprocess_ms minus its steps;
- Tesseract layout, Tesseract recognition: ocr_tesseract's t_layout_ms, t_recognize_ms (one
  Recognize call: layout until the first word, recognition after it);
- Tesseract, other: t_ocr_ms minus those two (SetImage, reading words and lines back, and the
  first reading of pages read twice because layout dropped text);
- the rest, everything but preprocessing and Tesseract: plugin time outside those clocks
  (ocr_tesseract turning the page into a Pix, confidence checks), source and sink, and what
  no stage clock sees (process start, plugin loading, Tesseract Init per worker, queues,
  workers idle at the end of the run).
"""

STEP_ORDER = ["decode", "gray", "upscale", "orientation", "deskew", "background", "binarize",
              "despeckle", "leaders", "border", "coverage", "ink_gray", "output"]
NOT_STEPS = {"preprocess", "ocr", "layout", "recognize"}


def _ms(page, key):
    try:
        return float(page["attributes"].get(f"t_{key}_ms", 0) or 0)
    except ValueError:
        return 0.0


def _stage_seconds(summary, plugin):
    return sum(s["seconds"] for s in summary.get("stages", [])
               if s["stage"].split(":", 1)[-1] == plugin)


def time_split(pages, summary, wall_seconds, workers):
    total = wall_seconds * 1000.0 * workers
    steps = set()
    for p in pages:
        for k in p["attributes"]:
            if k.startswith("t_") and k.endswith("_ms") and k[2:-3] not in NOT_STEPS:
                steps.add(k[2:-3])
    ordered = [s for s in STEP_ORDER if s in steps] + sorted(steps - set(STEP_ORDER))

    def total_of(key):
        return sum(_ms(p, key) for p in pages)

    preprocess = total_of("preprocess")
    ocr = total_of("ocr")
    layout, recognize = total_of("layout"), total_of("recognize")
    parts = []
    for s in ordered:
        parts.append(("decode" if s == "decode" else f"preprocess: {s}", "preprocess", total_of(s)))
    parts.append(("preprocess: untimed between steps", "preprocess",
                  preprocess - sum(total_of(s) for s in ordered)))
    parts.append(("Tesseract: layout", "tesseract", layout))
    parts.append(("Tesseract: recognition", "tesseract", recognize))
    parts.append(("Tesseract: other (SetImage, results, first reading of re-read pages)",
                  "tesseract", ocr - layout - recognize))
    plugins_outside = ((_stage_seconds(summary, "preprocess") + _stage_seconds(summary, "ocr_tesseract"))
                       * 1000.0 - preprocess - ocr)
    source_sink = (_stage_seconds(summary, "scan_source") + _stage_seconds(summary, "pages_jsonl")) * 1000.0
    stages = sum(s["seconds"] for s in summary.get("stages", [])) * 1000.0
    parts.append(("rest: plugins outside the step clocks", "rest", plugins_outside))
    parts.append(("rest: source and sink", "rest", source_sink))
    parts.append(("rest: host (start, plugin load, Tesseract init, queues, idle workers)", "rest",
                  total - stages))
    rest = total - preprocess - ocr
    n = max(1, len(pages))
    return {
        "workers": workers,
        "pages": len(pages),
        "wall_seconds": wall_seconds,
        "worker_ms": total,
        "pages_read_twice": sum(1 for p in pages if "layout_retry_psm" in p["attributes"]),
        "parts": [{"part": name, "group": group, "ms": ms, "ms_per_page": ms / n,
                   "share": ms / total if total else 0.0} for name, group, ms in parts],
        "groups": {
            "preprocess": {"ms": preprocess, "share": preprocess / total if total else 0.0},
            "tesseract": {"ms": ocr, "share": ocr / total if total else 0.0},
            "rest": {"ms": rest, "share": rest / total if total else 0.0},
        },
        "outside_tesseract_share": 1 - ocr / total if total else 0.0,
    }
