"""The contenders of scripts/bench-ocr: each OCRs one set of page images and returns
{page file name: OCR text}. Timing is the caller's; everything a contender needs that is
not OCR (PDFs for OCRmyPDF, run directories) is prepared before the clock starts."""
import json
import os
import pathlib
import re
import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor

ROOT = pathlib.Path(__file__).resolve().parent.parent.parent
HOSO = ROOT / "build/release/bin/hoso"
HOSO_PLUGINS = None  # None: the plugins hoso finds beside itself (<build>/lib/hoso/plugins)
HOSO_YAML = ROOT / "benchmarks/ocr/hoso-ocr.yaml"
PAGE_NAME = re.compile(r"^(?P<dossier>.+)-p(?P<page>\d+)\.(png|tif|tiff)$")


class ContenderFailed(RuntimeError):
    pass


def use_build(build_dir):
    """hoso and its plugins from another build directory, taken as they are."""
    global HOSO, HOSO_PLUGINS
    HOSO = build_dir / "bin/hoso"
    HOSO_PLUGINS = build_dir / "lib/hoso/plugins"
    if not HOSO.exists() or not HOSO_PLUGINS.is_dir():
        raise ContenderFailed(f"{build_dir}: no bin/hoso or lib/hoso/plugins")


def run(cmd, env=None, cwd=None):
    r = subprocess.run(cmd, env=env, cwd=cwd, capture_output=True)
    if r.returncode != 0:
        raise ContenderFailed(f"{' '.join(map(str, cmd))} exited {r.returncode}:\n"
                              f"{r.stderr.decode('utf-8', 'replace')[-2000:]}")
    return r.stdout.decode("utf-8", "replace")


def user_env():
    """The environment a user's shell would give: no OpenMP limits of ours."""
    return {k: v for k, v in os.environ.items() if not k.startswith("OMP_")}


# --- tesseract, as a user runs it --------------------------------------------------------

def tesseract_cmd(page):
    return ["tesseract", str(page), "stdout", "-l", "vie"]


class Tesseract:
    """`tesseract PAGE stdout -l vie` per page; `parallel` pages at a time (xargs -P)."""

    def __init__(self, omp_thread_limit=None, parallel=1):
        self.env = user_env()
        if omp_thread_limit is not None:
            self.env["OMP_THREAD_LIMIT"] = str(omp_thread_limit)
        self.parallel = parallel

    def prepare(self, pages, work):
        pass

    def run(self, pages, work):
        def one(page):
            return page.name, run(tesseract_cmd(page), env=self.env)

        with ThreadPoolExecutor(self.parallel) as pool:
            return dict(pool.map(one, pages))


# --- OCRmyPDF ---------------------------------------------------------------------------

OCRMYPDF_ARGS = ["--deskew", "--clean", "-l", "vie", "--jobs", "2"]


def dossiers_of(pages):
    """Pages grouped by dossier (<id>-p<N>.png), page order kept."""
    groups = {}
    for page in pages:
        m = PAGE_NAME.match(page.name)
        if not m:
            raise ContenderFailed(f"page file {page.name} is not named <dossier>-p<N>.png")
        groups.setdefault(m["dossier"], []).append((int(m["page"]), page))
    return {d: [p for _, p in sorted(ps)] for d, ps in sorted(groups.items())}


class OCRmyPDF:
    """One image PDF per dossier (its pages' PNGs, embedded losslessly by img2pdf at their
    own dpi), then `ocrmypdf --deskew --clean -l vie --jobs 2 --sidecar TXT IN.pdf OUT.pdf`
    per dossier, one dossier after another; page texts are the sidecar split at form feeds."""

    def prepare(self, pages, work):
        import img2pdf  # Debian's python3-img2pdf, a dependency of ocrmypdf

        self.jobs = []
        for dossier, files in dossiers_of(pages).items():
            src = work / f"{dossier}.pdf"
            src.write_bytes(img2pdf.convert([str(f) for f in files]))
            self.jobs.append((src, work / f"{dossier}.ocr.pdf", work / f"{dossier}.txt", files))

    def run(self, pages, work):
        out = {}
        for src, dst, sidecar, files in self.jobs:
            run(["ocrmypdf", *OCRMYPDF_ARGS, "--sidecar", str(sidecar), str(src), str(dst)],
                env=user_env())
            texts = sidecar.read_text(encoding="utf-8").split("\f")
            if texts and not texts[-1].strip():
                texts.pop()
            if len(texts) != len(files):
                raise ContenderFailed(f"{sidecar}: {len(texts)} page texts for {len(files)} pages")
            out.update((f.name, t) for f, t in zip(files, texts))
        return out


# --- hoso -------------------------------------------------------------------------------

class Hoso:
    """benchmarks/ocr/hoso-ocr.yaml copied unchanged into a run directory beside `pages`
    (a link to the set), run as `hoso run hoso-ocr.yaml --workers N --progress none`."""

    def __init__(self, workers):
        self.workers = workers

    def prepare(self, pages, work):
        dirs = {p.parent for p in pages}
        if len(dirs) != 1:
            raise ContenderFailed("hoso contender: pages must come from one folder")
        self.dir = work
        shutil.copyfile(HOSO_YAML, work / HOSO_YAML.name)
        link = work / "pages"
        if link.is_symlink() or link.exists():
            link.unlink()
        link.symlink_to(dirs.pop().resolve(), target_is_directory=True)
        shutil.rmtree(work / "out", ignore_errors=True)

    def command(self):
        plugins = ["--plugin-path", str(HOSO_PLUGINS)] if HOSO_PLUGINS else []
        return [str(HOSO), "run", HOSO_YAML.name, "--workers", str(self.workers),
                "--progress", "none", *plugins]

    def run(self, pages, work):
        run(self.command(), env=user_env(), cwd=work)
        self.pages = [json.loads(line) for line in
                      (work / "out/pages.jsonl").read_text(encoding="utf-8").splitlines() if line]
        self.summary = json.loads((work / "out/summary.json").read_text(encoding="utf-8"))
        return {pathlib.Path(p["file"]).name: p["text"] for p in self.pages}
