"""Character error rates of OCR text against make-scans' truth pages.

Three readings of one page, all over NFC text:

- strict:     Levenshtein(OCR, truth) / len(truth), only leading and trailing whitespace
              (and tesseract's form feed) stripped;
- CER:        the same after ocr_check's normalize(): runs of spaces collapsed, blank lines
              dropped, line breaks kept (so reading order still counts);
- segment:    ocr_check's segment CER: every printed segment (a line, or a column of a line)
              is matched against its best substring of the whole OCR text, so reading order
              is forgiven; OCR text that matches nothing is not counted.

normalize() and segment_errors() are scripts/make_scans/ocr_check.py's own; only the edit
distances are computed here with bit-parallel algorithms (Hyyrö 2003 for Levenshtein,
Myers 1999 for the best-substring distance), which give the same numbers as ocr_check's
dynamic programs (scripts/bench_ocr/test_cer.py checks that) a few hundred times faster.
"""
import pathlib
import sys
import unicodedata

_MAKE_SCANS = pathlib.Path(__file__).resolve().parent.parent / "make_scans"
sys.path.insert(0, str(_MAKE_SCANS))
import ocr_check  # noqa: E402  (scripts/make_scans/ocr_check.py)

normalize = ocr_check.normalize


def _peq(pattern):
    peq = {}
    bit = 1
    for ch in pattern:
        peq[ch] = peq.get(ch, 0) | bit
        bit <<= 1
    return peq


def _scan(pattern, text, free_start):
    """Last row of the edit-distance table of pattern (rows) against text (columns).

    free_start=False: global distance (top row 0, 1, 2, ...), returns the final score.
    free_start=True: top row all 0 (a match may start anywhere in text), returns the
    minimum of the last row, i.e. the distance to the best-matching substring."""
    m = len(pattern)
    if m == 0:
        return 0 if free_start else len(text)
    peq = _peq(pattern)
    mask = (1 << m) - 1
    high = 1 << (m - 1)
    pv, mv, score = mask, 0, m
    best = score
    carry = 0 if free_start else 1
    for ch in text:
        eq = peq.get(ch, 0)
        xv = eq | mv
        xh = (((eq & pv) + pv) ^ pv) | eq
        ph = (mv | ~(xh | pv)) & mask
        mh = pv & xh
        if ph & high:
            score += 1
        elif mh & high:
            score -= 1
        ph = ((ph << 1) | carry) & mask
        mh = (mh << 1) & mask
        pv = (mh | ~(xv | ph)) & mask
        mv = ph & xv
        if score < best:
            best = score
    return best if free_start else score


def levenshtein(a, b):
    """Levenshtein distance (unit costs), same as ocr_check.levenshtein."""
    if len(a) > len(b):
        a, b = b, a
    return _scan(a, b, free_start=False)


def substring_distance(pattern, text):
    """Edit distance from pattern to its best-matching substring of text (Sellers),
    same as ocr_check.substring_distance."""
    return _scan(pattern, text, free_start=True)


def segment_errors(got, page):
    """ocr_check.segment_errors with the fast substring distance."""
    errors = chars = 0
    for line in page["lines"]:
        for seg in line.get("segments", [line]):
            t = normalize(seg["text"])
            errors += substring_distance(t, got)
            chars += len(t)
    return errors, chars


def strict_text(text):
    return unicodedata.normalize("NFC", text).strip()


def page_scores(ocr_text, truth_page):
    """Edit counts and truth lengths of one page, for summing over a set."""
    strict_got, strict_want = strict_text(ocr_text), strict_text(truth_page["text"])
    got, want = normalize(ocr_text), normalize(truth_page["text"])
    seg_e, seg_n = segment_errors(got, truth_page)
    return {
        "strict_errors": levenshtein(strict_got, strict_want), "strict_chars": len(strict_want),
        "errors": levenshtein(got, want), "chars": len(want),
        "segment_errors": seg_e, "segment_chars": seg_n,
    }


def set_rates(scores):
    """Micro-averaged rates (total edits / total truth characters) over pages."""
    def rate(e, n):
        return sum(s[e] for s in scores) / max(1, sum(s[n] for s in scores))
    return {
        "cer_strict": rate("strict_errors", "strict_chars"),
        "cer": rate("errors", "chars"),
        "cer_segment": rate("segment_errors", "segment_chars"),
    }
