#!/usr/bin/python3
"""Checks the fast edit distances of cer.py against ocr_check's dynamic programs.

    /usr/bin/python3 scripts/bench_ocr/test_cer.py
"""
import pathlib
import random
import sys
import unittest

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent))
from bench_ocr import cer  # noqa: E402
from bench_ocr.cer import ocr_check  # noqa: E402


class EditDistances(unittest.TestCase):
    def pairs(self):
        rng = random.Random(7)
        alphabet = "aăâbcdđeêơư ạảấầẫậ\n"
        yield "", ""
        yield "", "abc"
        yield "abc", ""
        yield "Mẫu 2-HSĐV", "Mau 2-HSDV"
        for _ in range(400):
            a = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 90)))
            b = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 90)))
            if rng.random() < 0.5:  # similar strings, the common case
                b = "".join(c for c in a if rng.random() > 0.1) + b[: rng.randint(0, 5)]
            yield a, b

    def test_levenshtein(self):
        for a, b in self.pairs():
            self.assertEqual(cer.levenshtein(a, b), ocr_check.levenshtein(a, b), (a, b))

    def test_substring_distance(self):
        for a, b in self.pairs():
            self.assertEqual(cer.substring_distance(a, b), ocr_check.substring_distance(a, b),
                             (a, b))

    def test_long_pattern(self):
        rng = random.Random(3)
        a = "".join(rng.choice("abcdeđ \n") for _ in range(700))
        b = a[100:400] + "xyz" + a[450:]
        self.assertEqual(cer.levenshtein(a, b), ocr_check.levenshtein(a, b))
        self.assertEqual(cer.substring_distance(b[:200], a), ocr_check.substring_distance(b[:200], a))

    def test_page_scores(self):
        page = {"text": "Mẫu 2-HSĐV\nĐẢNG BỘ  TỈNH    ĐẢNG CỘNG SẢN",
                "lines": [{"text": "Mẫu 2-HSĐV"},
                          {"text": "ĐẢNG BỘ TỈNH ĐẢNG CỘNG SẢN",
                           "segments": [{"text": "ĐẢNG BỘ TỈNH"}, {"text": "ĐẢNG CỘNG SẢN"}]}]}
        got = "ĐẢNG BỘ TỈNH\n\nĐẢNG CỘNG SẢN\nMẫu 2-HSĐV\n\f"
        s = cer.page_scores(got, page)
        self.assertEqual(s["segment_errors"], 0)
        self.assertEqual(s["chars"], len("Mẫu 2-HSĐV\nĐẢNG BỘ TỈNH ĐẢNG CỘNG SẢN"))
        self.assertGreater(s["errors"], 0)
        self.assertGreaterEqual(s["strict_errors"], s["errors"])
        # NFD input reads the same as NFC
        import unicodedata
        nfd = unicodedata.normalize("NFD", page["text"])
        self.assertEqual(cer.page_scores(nfd, page)["errors"], 0)


if __name__ == "__main__":
    unittest.main()
