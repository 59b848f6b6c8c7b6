#!/usr/bin/python3
"""Renders lines of text as a gray PNG page for the plugin tests.

usage: render_text.py OUT.png DPI WIDTH_IN HEIGHT_IN POINT_SIZE LINE...

Lines are drawn with Noto Serif from the top-left margin, one per text line;
the PNG records DPI so decoding sees the resolution.
"""
import sys

from PIL import Image, ImageDraw, ImageFont

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
    page.save(out, dpi=(dpi, dpi))


if __name__ == "__main__":
    main(sys.argv)
