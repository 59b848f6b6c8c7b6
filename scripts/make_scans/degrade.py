"""Seeded scan degradations, applied to copies of clean pages.

A recipe is a list of steps ({"op": ..., parameters}) chosen by make_recipe()
and applied in order by apply(). Geometry-changing steps (rotate, archive_dpi)
also build the affine map from clean-page pixel coordinates to degraded-page
pixel coordinates, so field boxes can be carried over.

Every recipe ends with a "jpeg" step: the scanner's JPEG encoding. PNG output
stores the decoded pixels; TIFF and PDF output store the JPEG data itself.

The steps are written for speed with Pillow's C operations (a 300 dpi page has
8.7 million pixels): nearest-neighbour rotation followed by the optical blur
(before the paper tone, so that blank bands between text lines can be skipped),
a separable illumination field, and Gaussian noise tiled from a 1024 x 1024
seeded block (each tile one of four flipped or turned versions of it).
"""

import io
import math
import statistics

import numpy as np
from PIL import Image, ImageChops, ImageDraw, ImageFilter

LEVELS = ("mild", "heavy")
NOISE_TILE = 1024


def dossier_choices(level, rng, dpi):
    """Scanner settings shared by both pages of a dossier. rng: random.Random."""
    if level == "mild":
        return {"jpeg_quality": rng.randint(60, 75), "archive_dpi": None, "rescan_dpi": None}
    archive = 150 if dpi > 150 and rng.random() < 0.25 else None
    return {"jpeg_quality": rng.randint(40, 55), "archive_dpi": archive,
            "rescan_dpi": 150 if dpi > 150 else None}


def make_recipe(level, rng, choices):
    """Choose the steps of one page's degradation. rng: numpy Generator."""
    def r(lo, hi, nd=2):
        return round(float(rng.uniform(lo, hi)), nd)

    def seed():
        return int(rng.integers(0, 2**31))

    sign = 1 if rng.random() < 0.5 else -1
    steps = []
    if level == "mild":
        steps.append({"op": "rotate", "degrees": sign * r(0.2, 1.0)})
        steps.append({"op": "blur", "sigma": r(0.45, 0.7)})
        steps.append({"op": "background", "paper": int(rng.integers(240, 253)),
                      "amplitude": r(2, 6, 1), "gradient": r(0, 6, 1),
                      "ink": int(rng.integers(0, 25)), "seed": seed()})
        steps.append({"op": "speckles", "count": int(rng.integers(30, 150)), "max_diameter": 2,
                      "seed": seed()})
        steps.append({"op": "noise", "sigma": r(1.0, 2.0, 1), "seed": seed()})
    elif level == "heavy":
        steps.append({"op": "rotate", "degrees": sign * r(1.0, 3.0)})
        steps.append({"op": "blur", "sigma": r(0.7, 1.1)})
        steps.append({"op": "background", "paper": int(rng.integers(212, 238)),
                      "amplitude": r(10, 25, 1), "gradient": r(8, 25, 1),
                      "ink": int(rng.integers(25, 70)), "seed": seed()})
        steps.append({"op": "speckles", "count": int(rng.integers(400, 1500)), "max_diameter": 3,
                      "seed": seed()})
        if choices.get("archive_dpi"):
            steps.append({"op": "archive_dpi", "dpi": choices["archive_dpi"]})
        elif choices.get("rescan_dpi") and rng.random() < 0.4:
            steps.append({"op": "rescan_lowres", "dpi": choices["rescan_dpi"]})
        steps.append({"op": "noise", "sigma": r(4.0, 6.5, 1), "seed": seed()})
    else:
        raise ValueError(level)
    steps.append({"op": "jpeg", "quality": choices["jpeg_quality"]})
    return steps


def _mat_rotate(deg, cx, cy):
    t = math.radians(deg)
    c, s = math.cos(t), math.sin(t)
    # Counter-clockwise on screen (y down) about (cx, cy).
    return np.array([[c, s, cx - c * cx - s * cy],
                     [-s, c, cy + s * cx - c * cy],
                     [0.0, 0.0, 1.0]])


def apply(img, steps, dpi, decode_jpeg=True):
    """Apply steps to a grayscale PIL image.

    Returns (image, out_dpi, forward 3x3 matrix clean px -> degraded px, jpeg bytes or None).
    With decode_jpeg=False the final jpeg step is left to the writer: the image returned
    is the one before JPEG encoding.
    """
    M = np.eye(3)
    out_dpi = dpi
    jpeg = None
    for st in steps:
        op = st["op"]
        if op == "rotate":
            w, h = img.size
            F = _mat_rotate(st["degrees"], w / 2.0, h / 2.0)
            inv = np.linalg.inv(F)
            img = img.transform((w, h), Image.AFFINE, data=tuple(inv[:2].ravel()),
                                resample=Image.NEAREST, fillcolor=255)
            M = F @ M
        elif op == "background":
            img = _background(img, st)
        elif op == "speckles":
            img = _speckles(img, st)
        elif op == "blur":
            img = _blur(img, st["sigma"])
        elif op == "rescan_lowres":
            w, h = img.size
            k = st["dpi"] / dpi
            small = img.resize((max(1, round(w * k)), max(1, round(h * k))), Image.BOX)
            img = small.resize((w, h), Image.BILINEAR)
        elif op == "archive_dpi":
            w, h = img.size
            nw, nh = max(1, round(w * st["dpi"] / dpi)), max(1, round(h * st["dpi"] / dpi))
            img = img.resize((nw, nh), Image.BOX)
            M = np.array([[nw / w, 0, 0], [0, nh / h, 0], [0, 0, 1.0]]) @ M
            out_dpi = st["dpi"]
        elif op == "noise":
            img = _noise(img, st)
        elif op == "jpeg":
            if decode_jpeg:
                buf = io.BytesIO()
                img.save(buf, format="JPEG", quality=st["quality"])
                jpeg = buf.getvalue()
                img = Image.open(io.BytesIO(jpeg))
                img.load()
                img = img.convert("L")
        else:
            raise ValueError(op)
    return img, out_dpi, M, jpeg


def _kernel(sigma):
    k = [math.exp(-(x * x + y * y) / (2.0 * sigma * sigma)) for y in (-1, 0, 1) for x in (-1, 0, 1)]
    return ImageFilter.Kernel((3, 3), k, sum(k))


def _blur(img, sigma):
    """3 x 3 Gaussian blur, computed only on bands of rows that hold ink or tone.

    Blurring a uniform area changes nothing, so the white bands between text lines are
    skipped (about half of a form page), which halves the cost of the step.
    """
    k = _kernel(sigma)
    a = np.asarray(img)
    w, h = img.size
    busy = a.min(axis=1) < a.max(axis=1)
    if busy.all():
        return img.filter(k)
    out = img.copy()
    y = 0
    while y < h:
        if not busy[y]:
            y += 1
            continue
        y0 = y
        while y < h and busy[y]:
            y += 1
        a, b = max(0, y0 - 1), min(h, y + 1)  # rows whose blurred value can change
        top, bottom = max(0, a - 1), min(h, b + 1)  # rows needed to compute them
        band = img.crop((0, top, w, bottom)).filter(k)
        out.paste(band.crop((0, a - top, w, b - top)), (0, a))
    return out


def _profile(g, n, knots):
    """A smooth random 1-D profile in [-1, 1] of length n (cosine-interpolated knots)."""
    v = g.uniform(-1, 1, knots + 1)
    t = np.linspace(0, knots, n, dtype=np.float64)
    i = np.minimum(t.astype(int), knots - 1)
    f = t - i
    f = (1 - np.cos(f * math.pi)) / 2
    return v[i] * (1 - f) + v[i + 1] * f


def _background(img, st):
    """Paper tone with low-frequency illumination (separable field), and faded ink."""
    g = np.random.default_rng(st["seed"])
    w, h = img.size
    amp, grad = st["amplitude"], st["gradient"]
    ang = g.uniform(0, 2 * math.pi)
    ys = np.linspace(-0.5, 0.5, h)
    xs = np.linspace(-0.5, 0.5, w)
    row = st["paper"] + amp * 0.6 * _profile(g, h, 4) - grad * (math.sin(ang) * ys + 0.5)
    col = amp * 0.4 * _profile(g, w, 3) - grad * math.cos(ang) * xs
    # Shift the column profile to be non-negative and clip the row profile so that every
    # sum stays in 0..255: the outer sum can then be computed in uint8 directly.
    col = np.round(col - col.min())
    cmax = float(col.max())
    row = np.clip(np.round(row - cmax / 2.0), 0, 255 - cmax)
    paper = np.add.outer(row.astype(np.uint8), col.astype(np.uint8))
    paper = Image.fromarray(paper, "L")
    ink = st["ink"]
    lut = [int(ink + v * (255 - ink) / 255.0 + 0.5) for v in range(256)]
    return ImageChops.multiply(img.point(lut), paper)


def _speckles(img, st):
    """Small dark dots, 1 to max_diameter pixels wide."""
    g = np.random.default_rng(st["seed"])
    img = img.copy()
    d = ImageDraw.Draw(img)
    w, h = img.size
    n = st["count"]
    xs = g.integers(0, w, n)
    ys = g.integers(0, h, n)
    ds = g.integers(1, st["max_diameter"] + 1, n)
    vs = g.integers(20, 150, n)
    for x, y, dd, v in zip(xs.tolist(), ys.tolist(), ds.tolist(), vs.tolist()):
        if dd == 1:
            d.point((x, y), fill=v)
        else:
            d.ellipse([x, y, x + dd - 1, y + dd - 1], fill=v)
    return img


_NORMAL_Q = [statistics.NormalDist().inv_cdf((i + 0.5) / 256.0) for i in range(256)]
_TURNS = (None, Image.FLIP_LEFT_RIGHT, Image.FLIP_TOP_BOTTOM, Image.ROTATE_180,
          Image.TRANSPOSE, Image.TRANSVERSE, Image.ROTATE_90, Image.ROTATE_270)


def _noise(img, st):
    """Additive Gaussian noise of standard deviation sigma (grey levels)."""
    g = np.random.default_rng(st["seed"])
    s = st["sigma"]
    lut = [max(0, min(255, int(round(128 + s * q)))) for q in _NORMAL_Q]
    block = Image.frombytes("L", (NOISE_TILE, NOISE_TILE), g.bytes(NOISE_TILE * NOISE_TILE))
    block = block.point(lut)
    turns = [int(t) for t in g.choice(len(_TURNS), 3, replace=False)]
    variants = [block] + [block if _TURNS[t] is None else block.transpose(_TURNS[t]) for t in turns]
    w, h = img.size
    field = Image.new("L", (w, h), 128)
    ox, oy = int(g.integers(0, NOISE_TILE)), int(g.integers(0, NOISE_TILE))
    for y in range(-oy, h, NOISE_TILE):
        for x in range(-ox, w, NOISE_TILE):
            field.paste(variants[int(g.integers(0, len(variants)))], (x, y))
    return ImageChops.add(img, field, 1.0, -128)


def map_box(M, box):
    """[x, y, w, h] on the clean page -> (axis-aligned [x, y, w, h], quad of 4 points)."""
    x, y, w, h = box
    pts = np.array([[x, y, 1], [x + w, y, 1], [x + w, y + h, 1], [x, y + h, 1]], dtype=float)
    q = (M @ pts.T).T[:, :2]
    x0, y0 = np.floor(q.min(axis=0))
    x1, y1 = np.ceil(q.max(axis=0))
    return ([int(x0), int(y0), int(x1 - x0), int(y1 - y0)],
            [[round(float(a), 1), round(float(b), 1)] for a, b in q])
