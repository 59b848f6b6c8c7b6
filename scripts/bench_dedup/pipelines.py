"""Pipeline files of the benchmark runs, written into the run directories (not in git)."""
import pathlib
import re

PEOPLE_PLACEHOLDER = re.compile(r"\n  # Deduplication is not written yet;[^\n]*\n  # - plugin: dedup\n")
# The jsonl_sink stage with its options (indented lines after it).
SINK_STAGE = re.compile(r"\n  - plugin: jsonl_sink\n(?:    [^\n]*\n)*")


def people_pipeline(set_dir):
    """The make-people pipeline.yaml of `set_dir` (csv_source per file -> normalize_vi -> dedup ->
    jsonl_sink; older make-people versions left dedup as a placeholder, which is filled in) with
    its jsonl_sink replaced by handbook_sqlite: the issue's pipeline (csv_source -> normalize_vi ->
    dedup -> handbook_sqlite), scored from the handbook (`hoso eval dedup --handbook`). The dedup
    stage keeps make-people's options: the bundled members model, fitted on the batch. Writes
    set_dir/bench.yaml and returns its path; outputs land in set_dir/run/."""
    set_dir = pathlib.Path(set_dir)
    text = (set_dir / "pipeline.yaml").read_text(encoding="utf-8")
    if "\n  - plugin: dedup\n" not in text:
        if not PEOPLE_PLACEHOLDER.search(text):
            raise SystemExit(f"{set_dir}/pipeline.yaml: neither a dedup stage nor its placeholder")
        text = PEOPLE_PLACEHOLDER.sub("\n  - plugin: dedup\n    with:\n      save_model: run/dedup-model.yaml\n",
                                      text, count=1)
    sink = SINK_STAGE.search(text)
    if sink is None or len(SINK_STAGE.findall(text)) != 1:
        raise SystemExit(f"{set_dir}/pipeline.yaml: expected one jsonl_sink stage")
    text = (text[:sink.start()] +
            "\n  # Replaced by scripts/bench-dedup: the handbook database instead of JSON Lines.\n"
            "  - plugin: handbook_sqlite\n    with:\n      path: run/handbook.sqlite\n" + text[sink.end():])
    text = text.replace('name: "people-', 'name: "bench-dedup-people-', 1)
    out = set_dir / "bench.yaml"
    out.write_text(text, encoding="utf-8")
    return out


def febrl_pipeline(example, run_dir, febrl_dir, model, u_samples=None):
    """examples/febrl/<name>.yaml with its data/, model and output paths pointed at `febrl_dir`,
    `model` and `run_dir`. Returns the written file."""
    example = pathlib.Path(example)
    text = example.read_text(encoding="utf-8")
    subs = [
        ("path: data/", f"path: {pathlib.Path(febrl_dir).resolve()}/"),
        ("model: ../../models/dedup/febrl.yaml", f"model: {pathlib.Path(model).resolve()}"),
        ("../../out/febrl/", ""),
    ]
    for old, new in subs:
        if old not in text:
            raise SystemExit(f"{example}: expected {old!r} in it")
        text = text.replace(old, new)
    if u_samples:
        text = re.sub(r"(\n      save_model: [^\n]*\n)", rf"\1      u_samples: {u_samples}\n", text, count=1)
    out = pathlib.Path(run_dir) / example.name
    out.write_text(text, encoding="utf-8")
    return out
