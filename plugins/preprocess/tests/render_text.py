#!/usr/bin/python3
"""Renders lines of text as a gray PNG page for the plugin tests.

usage: render_text.py OUT.png DPI WIDTH_IN HEIGHT_IN POINT_SIZE LINE...

Lines are drawn with Noto Serif from the top-left margin, one per text line;
the PNG records DPI so decoding sees the resolution. With LEADER_TONE in the
environment (a gray level), every line also gets a dotted leader of that
tone along its baseline, across the page and under the text, as on a
pre-printed form filled in by typewriter.
"""
import os
import sys

from PIL import Image, ImageChops, ImageDraw, ImageFont

FONT = "/usr/share/fonts/truetype/noto/NotoSerif-Regular.ttf"


def main(argv):
    out, dpi, width_in, height_in, points = argv[1:6]
    lines = argv[6:]
    dpi = int(dpi)
    size = (round(float(width_in) * dpi), round(float(height_in) * dpi))
    page = Image.new("L", size, 255)
    draw = ImageDraw.Draw(page)
    font = ImageFont.truetype(FONT, round(float(points) * dpi / 72))
    margin = round(0.4 * dpi)
    pitch = round(float(points) * 1.6 * dpi / 72)
    for i, text in enumerate(lines):
        draw.text((margin, margin + i * pitch), text, font=font, fill=0)
    tone = os.environ.get("LEADER_TONE")
    if tone:
        # make-scans' leaders: 2.2/300-inch dots every 13/300 inch, just under
        # the baseline; darkest wins where they meet the typed text.
        dots = Image.new("L", size, 255)
        dot_draw = ImageDraw.Draw(dots)
        r = max(1.0, dpi * 2.2 / 300) / 2
        step = dpi * 13 / 300
        ascent = font.getmetrics()[0]
        for i in range(len(lines)):
            y = margin + i * pitch + ascent + dpi * 7 / 300
            x = margin
            while x < size[0] - margin:
                dot_draw.ellipse([x - r, y - r, x + r, y + r], fill=int(tone))
                x += step
        page = ImageChops.darker(page, dots)
    page.save(out, dpi=(dpi, dpi))


if __name__ == "__main__":
    main(sys.argv)
