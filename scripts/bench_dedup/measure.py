"""One timed `hoso run` under /usr/bin/time -v, with a timeout and the load sampled while it runs."""
import json
import os
import re
import signal
import subprocess
import time

TIME = "/usr/bin/time"
DEDUP_LINE = re.compile(r"dedup: (\d+) records -> (\d+) members; (\d+) pairs compared, (\d+) matches, "
                        r"(\d+) to review, (\d+) joins refused")


def wait_for_quiet(max_load, wait, log):
    deadline = time.monotonic() + wait
    while True:
        load = os.getloadavg()[0]
        if load < max_load or time.monotonic() >= deadline:
            return load
        log(f"1-min load {load:.2f} ≥ {max_load}; waiting")
        time.sleep(min(30, max(1, deadline - time.monotonic())))


def parse_time_v(text):
    out = {}
    for line in text.splitlines():
        line = line.strip()
        if line.startswith("Elapsed (wall clock) time"):
            v = line.rsplit(": ", 1)[1].split(":")
            out["wall_s"] = sum(float(x) * 60 ** i for i, x in enumerate(reversed(v)))
        elif line.startswith("Maximum resident set size (kbytes)"):
            out["peak_rss_kb"] = int(line.rsplit(": ", 1)[1])
        elif line.startswith("User time (seconds)"):
            out["user_s"] = float(line.rsplit(": ", 1)[1])
        elif line.startswith("System time (seconds)"):
            out["sys_s"] = float(line.rsplit(": ", 1)[1])
        elif line.startswith("Exit status"):
            out["exit_status"] = int(line.rsplit(": ", 1)[1])
    return out


def run_hoso(hoso, pipeline, log_path, timeout):
    """Runs `hoso run -v` on `pipeline`; returns the measurements (timed_out set when killed)."""
    cmd = [TIME, "-v", str(hoso), "run", "-v", "--progress", "none", str(pipeline)]
    loads = [os.getloadavg()[0]]
    start = time.monotonic()
    with open(log_path, "w", encoding="utf-8") as log_file:
        proc = subprocess.Popen(cmd, stdout=log_file, stderr=subprocess.STDOUT, start_new_session=True)
        timed_out = False
        while True:
            try:
                proc.wait(timeout=5)
                break
            except subprocess.TimeoutExpired:
                loads.append(os.getloadavg()[0])
                if time.monotonic() - start > timeout:
                    timed_out = True
                    os.killpg(proc.pid, signal.SIGKILL)  # the session of this run only
                    proc.wait()
                    break
    text = open(log_path, encoding="utf-8", errors="replace").read()
    r = parse_time_v(text)
    r.update(returncode=proc.returncode, timed_out=timed_out, elapsed_s=time.monotonic() - start,
             load_during=[min(loads), max(loads)], load_after=os.getloadavg()[0])
    m = DEDUP_LINE.search(text)
    if m:
        keys = ["records", "members", "pairs_compared", "matches", "review", "refused_joins"]
        r["dedup"] = dict(zip(keys, map(int, m.groups())))
        em = re.search(r"model fitted \((\d+) EM iterations\)", text)
        if em:
            r["dedup"]["em_iterations"] = int(em.group(1))
    r["warnings"] = [l.strip() for l in text.splitlines() if "warning" in l.lower() and "dedup" in l][:5]
    return r


def read_summary(path):
    try:
        s = json.loads(open(path, encoding="utf-8").read())
    except (OSError, ValueError):
        return None
    return {"seconds": s.get("seconds"), "workers": s.get("workers"), "records_out": s.get("records_out"),
            "stages": [{"stage": st["stage"], "items": st["items"], "seconds": st["seconds"]}
                       for st in s.get("stages", [])]}


def evaluate(hoso, truth, members, json_out, cross_source=False):
    """`hoso eval dedup` of `members`: a handbook database (.sqlite) or a members.jsonl."""
    given = "--handbook" if str(members).endswith(".sqlite") else "--members"
    cmd = [str(hoso), "eval", "dedup", "--truth", str(truth), given, str(members), "--json", str(json_out)]
    if cross_source:
        cmd.append("--cross-source")
    subprocess.run(cmd, check=True, capture_output=True, text=True)
    return json.loads(open(json_out, encoding="utf-8").read())


def cpu_probe():
    """Seconds of CPU one core takes to hash 512 MiB with sha256sum: the same work every time, so
    runs of this benchmark at different hours can be told apart from the machine itself being
    slower (on a shared virtual machine it varies by half from hour to hour)."""
    start = time.monotonic()
    head = subprocess.Popen(["head", "-c", str(512 << 20), "/dev/zero"], stdout=subprocess.PIPE)
    subprocess.run(["sha256sum"], stdin=head.stdout, stdout=subprocess.DEVNULL, check=True)
    head.wait()
    return time.monotonic() - start
