"""Markdown of one scripts/bench-ocr run, and its place in docs/benchmarks.md."""
import pathlib

BEGIN = "<!-- bench-ocr: begin (written by scripts/bench-ocr; edit the text outside) -->"
END = "<!-- bench-ocr: end -->"

# The goals, on the degraded pages. (key, text, target, direction)
GOALS = [
    ("cer_vs_ocrmypdf", "CER ≤ 0.75 × OCRmyPDF's (hoso, 2 workers)", 0.75, "≤"),
    ("cer_vs_stock", "CER ≤ 0.35 × the stock `tesseract` command's (hoso, 2 workers)", 0.35, "≤"),
    ("speed_vs_ocrmypdf", "pages/s ≥ 6 × OCRmyPDF's (hoso, 2 workers)", 6.0, "≥"),
    ("scaling", "pages/s with 2 workers ≥ 1.9 × with 1 worker", 1.9, "≥"),
    ("rest_1", "the rest (all but preprocessing and Tesseract) ≤ 5 % of worker time, 1 worker", 0.05, "≤"),
    ("rest_2", "the rest ≤ 5 % of worker time, 2 workers", 0.05, "≤"),
]


def pct(x, digits=1):
    return "—" if x is None else f"{100 * x:.{digits}f} %"


def num(x, fmt="{:.2f}"):
    return "—" if x is None else fmt.format(x)


def ratio(a, b):
    return None if a is None or b is None or b == 0 else a / b


def find(rows, level, key):
    return next((r for r in rows if r["set"] == level and r["key"] == key), None)


def goal_values(rows, splits):
    d = {k: find(rows, "degraded", k) for k in ("stock", "ocrmypdf", "hoso1", "hoso2")}
    get = lambda k, f: d[k][f] if d[k] else None  # noqa: E731
    rest = lambda w: splits.get(f"degraded/hoso{w}", {}).get("groups", {}).get("rest", {}).get("share")  # noqa: E731
    return {
        "cer_vs_ocrmypdf": ratio(get("hoso2", "cer"), get("ocrmypdf", "cer")),
        "cer_vs_stock": ratio(get("hoso2", "cer"), get("stock", "cer")),
        "speed_vs_ocrmypdf": ratio(get("hoso2", "pages_per_s"), get("ocrmypdf", "pages_per_s")),
        "scaling": ratio(get("hoso2", "pages_per_s"), get("hoso1", "pages_per_s")),
        "rest_1": rest(1),
        "rest_2": rest(2),
        # the same CER goals with the reading-order-free segment CER
        "cer_vs_ocrmypdf/segment": ratio(get("hoso2", "cer_segment"), get("ocrmypdf", "cer_segment")),
        "cer_vs_stock/segment": ratio(get("hoso2", "cer_segment"), get("stock", "cer_segment")),
    }


def goals(rows, splits):
    values = goal_values(rows, splits)
    out = []
    for key, text, target, op in GOALS:
        v = values[key]
        met = None if v is None else (v <= target if op == "≤" else v >= target)
        g = {"goal": key, "text": text, "target": target, "op": op, "value": v, "met": met}
        if key + "/segment" in values:
            vs = values[key + "/segment"]
            g["value_segment"] = vs
            g["met_segment"] = None if vs is None else vs <= target
        out.append(g)
    return out


def _met(m):
    return "not measured" if m is None else ("**yes**" if m else "**no**")


def results_table(rows):
    lines = [
        "| set | contender | pages | wall s | s/page | pages/s | CPU s/page | CER | CER strict "
        "| segment CER | pages/s × OCRmyPDF | CER × OCRmyPDF | CER × stock |",
        "|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for r in rows:
        ocr = find(rows, r["set"], "ocrmypdf")
        stock = find(rows, r["set"], "stock")
        lines.append(
            f"| {r['set']} | {r['name']} | {r['pages']} | {r['seconds']:.1f} | {r['s_per_page']:.2f} "
            f"| {r['pages_per_s']:.2f} | {r['cpu_s_per_page']:.2f} | {pct(r['cer'])} "
            f"| {pct(r['cer_strict'])} | {pct(r['cer_segment'])} "
            f"| {num(ratio(r['pages_per_s'], ocr and ocr['pages_per_s']))} "
            f"| {num(ratio(r['cer'], ocr and ocr['cer']))} "
            f"| {num(ratio(r['cer'], stock and stock['cer']))} |")
    return lines


def goals_table(goal_rows):
    lines = ["| goal (degraded pages) | measured | met | with segment CER | met |",
             "|---|--:|---|--:|---|"]
    for g in goal_rows:
        v = g["value"]
        shown = "—" if v is None else (pct(v) if g["goal"].startswith("rest") else f"{v:.2f}")
        seg = ""
        if "value_segment" in g:
            seg = f"{num(g['value_segment'])} | {_met(g['met_segment'])}"
        else:
            seg = " | "
        lines.append(f"| {g['text']} | {shown} | {_met(g['met'])} | {seg} |")
    return lines


def split_table(splits, level="degraded"):
    one, two = splits.get(f"{level}/hoso1"), splits.get(f"{level}/hoso2")
    base = one or two
    if not base:
        return []
    cols = [s for s in (one, two) if s]
    head = " | ".join(f"{s['workers']} worker{'s' if s['workers'] > 1 else ''}: ms/page | share"
                      for s in cols)
    lines = [f"| part | {head} |", "|---" + "|--:|--:" * len(cols) + "|"]

    def cells(s, name):
        part = next((p for p in s["parts"] if p["part"] == name), None)
        return f"{part['ms_per_page']:.0f} | {pct(part['share'])}" if part else "— | —"

    for part in base["parts"]:
        lines.append(f"| {part['part']} | " + " | ".join(cells(s, part["part"]) for s in cols) + " |")
    for group, label in (("preprocess", "**preprocessing, decode included**"),
                         ("tesseract", "**Tesseract (the recognizer's clock)**"),
                         ("rest", "**the rest**")):
        lines.append(f"| {label} | " + " | ".join(
            f"{s['groups'][group]['ms'] / max(1, s['pages']):.0f} | **{pct(s['groups'][group]['share'])}**"
            for s in cols) + " |")
    lines.append("| **outside Tesseract** (1 − Tesseract's share) | " + " | ".join(
        f" | **{pct(s['outside_tesseract_share'])}**" for s in cols) + " |")
    lines.append("| worker time (wall × workers) | " + " | ".join(
        f"{s['worker_ms'] / max(1, s['pages']):.0f} | 100 %" for s in cols) + " |")
    return lines


def section(meta, rows, splits, goal_rows, warnings):
    m = meta
    out = [BEGIN, "", f"Run of {m['date']} on {m['machine']}.", ""]
    if warnings:
        out += ["> **Not the reference run.** " + " ".join(warnings), ""]
    out += [f"Command: `{m['command']}`", "",
            f"Pages: {m['pages']} generated pages ({m['dossiers']} dossier{'s' if m['dossiers'] > 1 else ''} × 2, "
            f"`{m['make_scans']}`), each OCR'd clean and heavily degraded. "
            f"Load average (1 min) before each contender: {m['load_range']}.", "",
            f"Versions: {m['versions']}.", ""]
    out += results_table(rows) + [""]
    missing = [f"{r['set']}/{r['key']}: {', '.join(r['pages_missing'])}" for r in rows if r["pages_missing"]]
    if missing:
        out += ["Pages without text (quarantined or lost; counted as all errors): "
                + "; ".join(missing) + ".", ""]
    out += goals_table(goal_rows) + [""]
    split = split_table(splits, "degraded")
    if split:
        n2 = splits.get("degraded/hoso2", splits.get("degraded/hoso1"))
        out += ["Where a degraded page's time goes in hoso (sums over pages / worker time = wall "
                f"× workers; {n2['pages_read_twice']} of {n2['pages']} pages were read twice "
                "by ocr_tesseract's retry_psm):", ""] + split + [""]
    clean = [s for k, s in sorted(splits.items()) if k.startswith("clean/")]
    if clean:
        out += ["Clean pages: the rest is " + ", ".join(
            f"{pct(s['groups']['rest']['share'])} with {s['workers']} worker"
            f"{'s' if s['workers'] > 1 else ''}" for s in clean)
            + "; outside Tesseract " + ", ".join(pct(s["outside_tesseract_share"]) for s in clean) + ".", ""]
    out += [f"Raw numbers, per page: `{m['json']}` (build output, not in git).", "", END]
    return "\n".join(out)


def update_docs(path, text, skeleton):
    """Replaces the generated block of docs/benchmarks.md, or writes the skeleton with it."""
    path = pathlib.Path(path)
    doc = path.read_text(encoding="utf-8") if path.exists() else skeleton
    if BEGIN not in doc or END not in doc:
        doc = doc.rstrip("\n") + "\n\n" + BEGIN + "\n" + END + "\n"
    head, rest = doc.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    path.write_text(head + text + tail, encoding="utf-8")
