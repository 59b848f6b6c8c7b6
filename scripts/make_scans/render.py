"""Drawing typed form pages with Pillow, remembering where every piece of text went.

Coordinates in templates are "design pixels" at 300 dpi; Page scales them to the
requested dpi. Every text run is recorded with its ink box, so the page text and
the field boxes of the truth come from what was actually drawn.
"""

import os
import unicodedata

from PIL import Image, ImageDraw, ImageFont

NOTO = "/usr/share/fonts/truetype/noto/"
DEJAVU = "/usr/share/fonts/truetype/dejavu/"

# family -> (regular, bold, italic); bold/italic fall back to regular when absent.
FONT_FAMILIES = {
    "noto-serif": (NOTO + "NotoSerif-Regular.ttf", NOTO + "NotoSerif-Bold.ttf",
                   NOTO + "NotoSerif-Italic.ttf"),
    "dejavu-serif": (DEJAVU + "DejaVuSerif.ttf", DEJAVU + "DejaVuSerif-Bold.ttf",
                     DEJAVU + "DejaVuSerif-Italic.ttf"),
    "noto-sans": (NOTO + "NotoSans-Regular.ttf", NOTO + "NotoSans-Bold.ttf",
                  NOTO + "NotoSans-Italic.ttf"),
    "dejavu-sans": (DEJAVU + "DejaVuSans.ttf", DEJAVU + "DejaVuSans-Bold.ttf",
                    DEJAVU + "DejaVuSans-Oblique.ttf"),
}
# Values "filled in by hand" (--handwritten): a connected cursive. It has no
# glyphs for most Vietnamese letters, so only values it can write are
# handwritten (digits, dates in figures, unaccented words).
HAND_FONT = "/usr/share/fonts/opentype/dancingscript/DancingScript-Regular.otf"
FORM_FAMILIES = ("noto-serif", "dejavu-serif")  # pre-printed labels
TYPED_FAMILIES = ("noto-serif", "dejavu-serif", "noto-sans", "dejavu-sans")  # typed values

A4_MM = (210.0, 297.0)
SEGMENT_GAP = 90  # design pixels: a wider gap between runs on a line starts a new segment


def check_fonts():
    """Raise SystemExit naming the missing regular fonts (the ones the brief relies on)."""
    missing = [f[0] for f in FONT_FAMILIES.values() if not os.path.exists(f[0])]
    if missing:
        raise SystemExit("make-scans: missing fonts (install fonts-noto-core fonts-dejavu-core): "
                         + ", ".join(missing))


_FONTS = {}


def font(family, size, weight="regular"):
    paths = FONT_FAMILIES[family]
    path = {"regular": paths[0], "bold": paths[1], "italic": paths[2]}[weight]
    if not os.path.exists(path):
        path = paths[0]
    key = (path, size)
    f = _FONTS.get(key)
    if f is None:
        f = ImageFont.truetype(path, size)
        _FONTS[key] = f
    return f


def page_size(dpi):
    return (int(round(A4_MM[0] / 25.4 * dpi)), int(round(A4_MM[1] / 25.4 * dpi)))


class Style:
    """Fonts and sizes of one dossier (design pixels at 300 dpi)."""

    def __init__(self, form_family, typed_family, label_px, value_px, leaders, leader_tone=160,
                 hand_fields=()):
        self.hand_fields = set(hand_fields)  # fields whose value is written by hand
        self.form_family = form_family
        self.typed_family = typed_family
        self.label_px = label_px
        self.value_px = value_px
        self.leaders = leaders
        self.leader_tone = leader_tone



def L(text):
    return ("label", text, None)


def V(text, field):
    return ("value", text, field)


class Cell:
    def __init__(self, x0, x1, parts, leader=False, wrap_x=None):
        self.x0, self.x1, self.parts, self.leader, self.wrap_x = x0, x1, parts, leader, wrap_x


def _union(boxes):
    return (min(b[0] for b in boxes), min(b[1] for b in boxes),
            max(b[2] for b in boxes), max(b[3] for b in boxes))


def xywh(b):
    return [int(b[0]), int(b[1]), int(b[2] - b[0]), int(b[3] - b[1])]


class Page:
    def __init__(self, dpi, template, style):
        self.dpi = dpi
        self.s = dpi / 300.0
        self.template = template
        self.style = style
        self.width, self.height = page_size(dpi)
        self.img = Image.new("L", (self.width, self.height), 255)
        self.draw = ImageDraw.Draw(self.img)
        self.runs = []  # (baseline, x, text, box)
        self.fields = []
        self.handwritten = set()  # fields whose value was written by hand on this page

    # -- units and fonts
    def px(self, v):
        return int(round(v * self.s))

    def f_label(self, scale=1.0, weight="regular"):
        return font(self.style.form_family, self.px(self.style.label_px * scale), weight)

    def f_value(self, scale=1.0):
        return font(self.style.typed_family, self.px(self.style.value_px * scale))

    def f_hand(self):
        f = _FONTS.get((HAND_FONT, self.px(self.style.value_px * 1.2)))
        if f is None:
            f = ImageFont.truetype(HAND_FONT, self.px(self.style.value_px * 1.2))
            _FONTS[(HAND_FONT, self.px(self.style.value_px * 1.2))] = f
        return f

    def hand_writes(self, fieldname, text):
        """Whether this value is written by hand: its field was chosen and the hand font
        has every letter of it."""
        if fieldname not in self.style.hand_fields:
            return False
        f = self.f_hand()
        missing = f.getmask("\uffff").getbbox()
        return all(c == " " or f.getmask(c).getbbox() != missing for c in text)

    def f_bold(self, px_at_300):
        return font(self.style.form_family, self.px(px_at_300), "bold")

    # -- primitives (arguments in design pixels)
    def put(self, x, y, text, fnt, record=True):
        """Draw text with its baseline-left at design (x, y); returns the ink box in page pixels."""
        text = unicodedata.normalize("NFC", text)
        X, Y = self.px(x), self.px(y)
        self.draw.text((X, Y), text, font=fnt, fill=0, anchor="ls")
        box = self.draw.textbbox((X, Y), text, font=fnt, anchor="ls")
        if record:
            self.runs.append((Y, X, text, box))
        return box

    def tw(self, text, fnt):
        """Advance width in design pixels."""
        return fnt.getlength(text) / self.s

    def centered(self, cx, y, text, fnt, underline=None):
        w = self.tw(text, fnt)
        box = self.put(cx - w / 2, y, text, fnt)
        if underline is not None:
            uw = w * underline
            self.hline(cx - uw / 2, cx + uw / 2, y + 24, 3)
        return box

    def right(self, x1, y, text, fnt):
        return self.put(x1 - self.tw(text, fnt), y, text, fnt)

    def hline(self, x0, x1, y, w=3):
        self.draw.line([(self.px(x0), self.px(y)), (self.px(x1), self.px(y))], fill=0,
                       width=max(1, self.px(w)))

    def vline(self, x, y0, y1, w=3):
        self.draw.line([(self.px(x), self.px(y0)), (self.px(x), self.px(y1))], fill=0,
                       width=max(1, self.px(w)))

    def rect(self, x0, y0, x1, y1, w=3):
        self.draw.rectangle([self.px(x0), self.px(y0), self.px(x1), self.px(y1)], outline=0,
                            width=max(1, self.px(w)))

    def dots(self, x0, x1, y):
        """A dotted leader line (graphics, not text) from x0 to x1 just under baseline y.

        The dots are printed grey, as on pre-printed forms: black dots this dense make
        tesseract's layout analysis take the whole field block for an image.
        """
        step = 13.0
        r = max(1, self.px(2.2)) / 2.0
        Y = self.px(y + 7)
        x = x0
        while x <= x1:
            X = self.px(x)
            self.draw.ellipse([X - r, Y - r, X + r, Y + r], fill=self.style.leader_tone)
            x += step

    def photo_box(self, x0, y0, x1, y1):
        """The empty frame for the member's photo (no text, so it cannot break lines apart)."""
        self.rect(x0, y0, x1, y1, 3)

    # -- rows of labelled values
    def row(self, y, cells, line_h, borders=None):
        """Lay out cells on baseline y; wraps values inside a cell. Returns the next baseline.

        borders: None, or (top_pad, bottom_pad) to draw a table row around the cells.
        """
        sp_cache = {}
        max_lines = 1
        for cell in cells:
            x = cell.x0
            line = 0
            chunks = []  # (part index, field, text, box, line)
            line_starts = {}
            for pi, (kind, text, fieldname) in enumerate(cell.parts):
                hand = kind == "value" and self.hand_writes(fieldname, text)
                fnt = self.f_label() if kind == "label" else (self.f_hand() if hand else self.f_value())
                if hand:
                    self.handwritten.add(fieldname)
                sp = sp_cache.setdefault(id(fnt), self.tw(" ", fnt))
                if x > cell.x0 and not text.startswith((",", ";")):
                    x += sp
                words = text.split(" ")
                pending = []
                for w in words:
                    trial = " ".join(pending + [w])
                    if pending and x + self.tw(trial, fnt) > cell.x1:
                        t = " ".join(pending)
                        box = self.put(x, y + line * line_h, t, fnt)
                        chunks.append((pi, kind, fieldname, t, box, line))
                        line_starts.setdefault(line, x)
                        line += 1
                        x = cell.wrap_x if cell.wrap_x is not None else cell.x0 + 40
                        pending = [w]
                    else:
                        pending.append(w)
                if pending:
                    t = " ".join(pending)
                    box = self.put(x, y + line * line_h, t, fnt)
                    chunks.append((pi, kind, fieldname, t, box, line))
                    if kind == "value":
                        line_starts.setdefault(line, x)
                    x += self.tw(t, fnt)
            if cell.leader:
                self._leaders(cell, chunks, y, line_h)
            max_lines = max(max_lines, line + 1)
            self._register_fields(cell, chunks)
        if borders is not None:
            top = y - borders[0]
            bottom = y + (max_lines - 1) * line_h + borders[1]
            for cell in cells:
                self.rect(cell.x0 - 20, top, cell.x1 + 20, bottom, 3)
        return y + max_lines * line_h

    def _leaders(self, cell, chunks, y, line_h):
        lines = sorted({c[5] for c in chunks})
        for ln in lines:
            on_line = [c for c in chunks if c[5] == ln]
            start = None
            for c in on_line:
                if c[1] == "label":
                    start = c[4][2] / self.s + 8
                    break
            if start is None:
                start = on_line[0][4][0] / self.s - 8
            # Leaders only where there is no label text: split around inner labels.
            segs = []
            cur = start
            for c in on_line:
                if c[1] == "label" and c[4][0] / self.s > cur:
                    segs.append((cur, c[4][0] / self.s - 10))
                if c[1] == "label":
                    cur = max(cur, c[4][2] / self.s + 10)
            segs.append((cur, cell.x1))
            for a, b in segs:
                if b - a > 20:
                    self.dots(a, b, y + ln * line_h)

    def _register_fields(self, cell, chunks):
        names = []
        for c in chunks:
            if c[2] and c[2] not in names:
                names.append(c[2])
        for name in names:
            idx = [i for i, c in enumerate(chunks) if c[2] == name]
            span = chunks[idx[0]:idx[-1] + 1]
            label = [c for c in chunks[:idx[0]] if c[1] == "label"]
            label = label[-1:] if label else []
            by_line = {}
            for c in span:
                by_line.setdefault(c[5], []).append(c[4])
            entry = {
                "name": name,
                "printed": " ".join(c[3] for c in span),
                "box": xywh(_union([c[4] for c in span])),
            }
            if len(by_line) > 1:
                entry["line_boxes"] = [xywh(_union(by_line[k])) for k in sorted(by_line)]
            if label:
                entry["label"] = label[0][3]
                entry["label_box"] = xywh(label[0][4])
            if name in self.handwritten:
                entry["handwritten"] = True
            self.fields.append(entry)

    def paragraph(self, x0, x1, y, text, fnt, line_h, indent=0):
        """Free text wrapped to [x0, x1]; returns the next baseline."""
        words = text.split(" ")
        line = []
        x = x0 + indent
        for w in words:
            trial = " ".join(line + [w])
            if line and x + self.tw(trial, fnt) > x1:
                self.put(x, y, " ".join(line), fnt)
                y += line_h
                x = x0 + indent + 40
                line = [w]
            else:
                line.append(w)
        if line:
            self.put(x, y, " ".join(line), fnt)
            y += line_h
        return y

    # -- truth
    def lines(self):
        """Text lines in reading order: runs grouped by baseline, left to right."""
        groups = {}
        for base, x, text, box in self.runs:
            groups.setdefault(base, []).append((x, text, box))
        out = []
        for base in sorted(groups):
            runs = sorted(groups[base], key=lambda r: r[0])
            text = ""
            segments = []  # runs separated by wide gaps: columns, side-by-side blocks
            for r in runs:
                glue = "" if not text or r[1].startswith((",", ";")) else " "
                text += glue + r[1]
                if segments and r[2][0] - segments[-1][1][2] < self.px(SEGMENT_GAP):
                    seg_text, seg_box = segments[-1]
                    segments[-1] = (seg_text + glue + r[1], _union([seg_box, r[2]]))
                else:
                    segments.append((r[1], r[2]))
            line = {"text": text, "box": xywh(_union([r[2] for r in runs]))}
            if len(segments) > 1:
                line["segments"] = [{"text": t, "box": xywh(b)} for t, b in segments]
            out.append(line)
        return out

    def truth(self):
        lines = self.lines()
        return {
            "template": self.template,
            "width": self.width,
            "height": self.height,
            "dpi": self.dpi,
            "text": "\n".join(l["text"] for l in lines),
            "lines": lines,
            "fields": self.fields,
        }
