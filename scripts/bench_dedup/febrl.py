"""FEBRL datasets (reference/febrl): truth files and pipeline files for hoso.

rec_id is `rec-N-org` (an original) or `rec-N-dup-K` (its K-th duplicate): N names the person.
"""
import csv
import pathlib

DATASETS = {
    # name: (files, cross-source evaluation)
    "febrl3": (["dataset3.csv"], False),
    "febrl4": (["dataset4a.csv", "dataset4b.csv"], True),
}


def entity(rec_id):
    parts = rec_id.split("-")
    if len(parts) < 3 or parts[0] != "rec" or not parts[1].isdigit():
        raise ValueError(f"unexpected FEBRL rec_id {rec_id!r}")
    return parts[1]


def read_ids(path):
    with open(path, newline="", encoding="utf-8") as f:
        reader = csv.reader(f, skipinitialspace=True)
        header = [h.strip() for h in next(reader)]
        col = header.index("rec_id")
        return [row[col].strip() for row in reader if row]


def write_truth(febrl_dir, name, out):
    """Writes record_id,entity for every record of the dataset; returns (records, true pairs)."""
    files, cross = DATASETS[name]
    seen = {}
    by_entity = {}
    rows = []
    for file in files:
        for rec_id in read_ids(pathlib.Path(febrl_dir) / file):
            if rec_id in seen:
                raise ValueError(f"{file}: rec_id {rec_id} also in {seen[rec_id]}")
            seen[rec_id] = file
            e = entity(rec_id)
            by_entity.setdefault(e, []).append(file)
            rows.append((rec_id, e))
    with open(out, "w", encoding="utf-8", newline="") as f:
        f.write("record_id,entity\n")
        for rec_id, e in rows:
            f.write(f"{rec_id},{e}\n")
    pairs = 0
    for members in by_entity.values():
        n = len(members)
        pairs += n * (n - 1) // 2
        if cross:
            for file in set(members):
                k = members.count(file)
                pairs -= k * (k - 1) // 2
    return len(rows), pairs
