"""Prints a screenshot's size and how many pixels have each given colour.

usage: screenshot_colors.py FILE.png RRGGBB...   ->   {"width": W, "height": H, "RRGGBB": N, ...}
The report test uses it to see that the bars were painted, not only laid out.
"""
import json
import sys

from PIL import Image


def main():
    image = Image.open(sys.argv[1]).convert("RGB")
    wanted = {tuple(int(c[i:i + 2], 16) for i in (0, 2, 4)): c for c in sys.argv[2:]}
    counts = {c: 0 for c in sys.argv[2:]}
    for count, colour in image.getcolors(maxcolors=1 << 24):
        if colour in wanted:
            counts[wanted[colour]] = count
    print(json.dumps({"width": image.width, "height": image.height, **counts}))


if __name__ == "__main__":
    main()
