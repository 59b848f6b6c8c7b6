"""Writing page images: PNG (one file per page), multi-page TIFF, PDF.

Nothing written depends on the clock or the machine: PNG carries no time chunk, and
the TIFF and PDF writers below write no dates and no file ID. (Pillow's own multi-page
TIFF writer leaves an uninitialised padding byte before each appended IFD, so the
bytes of its files differ from run to run; hence the small writer here.)
"""

import io
import struct
import zlib

TIFF_STRIP_ROWS = 128

EXT = {"png": "png", "tiff": "tif", "pdf": "pdf"}


def save(pages, base, fmt, dpi, jpeg_quality=None, title=""):
    """pages: [PIL L image]; base: path without extension.

    jpeg_quality None: lossless (PNG, TIFF Deflate, PDF Flate). Otherwise TIFF and PDF store
    the pages JPEG-compressed at that quality (PNG pages are already JPEG-decoded pixels).
    Returns [(path, page index within the file)].
    """
    if fmt == "png":
        out = []
        for k, im in enumerate(pages):
            p = f"{base}-p{k + 1}.png"
            # Noisy degraded pages barely gain from more zlib effort; clean ones do.
            im.save(p, format="PNG", dpi=(dpi, dpi), compress_level=6 if jpeg_quality is None else 1)
            out.append((p, 0))
        return out
    if fmt == "tiff":
        p = base + ".tif"
        with open(p, "wb") as fh:
            fh.write(tiff_bytes(pages, dpi, jpeg_quality))
        return [(p, k) for k in range(len(pages))]
    if fmt == "pdf":
        p = base + ".pdf"
        with open(p, "wb") as fh:
            fh.write(pdf_bytes(pages, dpi, jpeg_quality, title))
        return [(p, k) for k in range(len(pages))]
    raise ValueError(fmt)


def _pdf_str(s):
    b = s.encode("utf-16-be")
    return b"<FEFF" + b.hex().upper().encode("ascii") + b">"


def pdf_bytes(pages, dpi, jpeg_quality, title):
    """A minimal PDF: one grey image per page, filling a page of the image's size at dpi."""
    objs = []  # object bodies, object number = index + 1

    def add(body):
        objs.append(body)
        return len(objs)

    n = len(pages)
    catalog = add(None)
    pages_obj = add(None)
    info = add(b"<< /Producer (hoso make-scans) /Title " + _pdf_str(title) + b" >>")
    kids = []
    for im in pages:
        w, h = im.size
        if jpeg_quality is None:
            data = zlib.compress(im.tobytes(), 6)
            filt = b"/FlateDecode"
        else:
            buf = io.BytesIO()
            im.save(buf, format="JPEG", quality=jpeg_quality)
            data = buf.getvalue()
            filt = b"/DCTDecode"
        img = add(b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray "
                  b"/BitsPerComponent 8 /Filter %s /Length %d >>\nstream\n" % (w, h, filt, len(data))
                  + data + b"\nendstream")
        pw, ph = w * 72.0 / dpi, h * 72.0 / dpi
        content = b"q %.4f 0 0 %.4f 0 0 cm /Im0 Do Q" % (pw, ph)
        cobj = add(b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream")
        page = add(b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 %.4f %.4f] "
                   b"/Resources << /XObject << /Im0 %d 0 R >> /ProcSet [/PDF /ImageB] >> "
                   b"/Contents %d 0 R >>" % (pages_obj, pw, ph, img, cobj))
        kids.append(page)
    objs[catalog - 1] = b"<< /Type /Catalog /Pages %d 0 R >>" % pages_obj
    objs[pages_obj - 1] = (b"<< /Type /Pages /Count %d /Kids [" % n
                           + b" ".join(b"%d 0 R" % k for k in kids) + b"] >>")
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objs):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % (i + 1) + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += (b"trailer\n<< /Size %d /Root %d 0 R /Info %d 0 R >>\nstartxref\n%d\n%%%%EOF\n"
            % (len(objs) + 1, catalog, info, xref))
    return bytes(out)


def tiff_bytes(pages, dpi, jpeg_quality):
    """A little-endian multi-page grey TIFF: Adobe Deflate strips, or one JPEG strip per page
    (compression 7, each strip a complete JPEG stream) when jpeg_quality is given."""
    out = bytearray(b"II*\x00\x00\x00\x00\x00")
    prev_link = 4  # where the offset of the next IFD goes
    for im in pages:
        w, h = im.size
        strips = []
        if jpeg_quality is None:
            raw = im.tobytes()
            rows = TIFF_STRIP_ROWS
            for y in range(0, h, rows):
                strips.append(zlib.compress(raw[y * w:min(h, y + rows) * w], 6))
            compression = 8
        else:
            buf = io.BytesIO()
            im.save(buf, format="JPEG", quality=jpeg_quality)
            strips.append(buf.getvalue())
            rows = h
            compression = 7
        offsets = []
        for data in strips:
            if len(out) % 2:
                out += b"\x00"
            offsets.append(len(out))
            out += data
        if len(out) % 2:
            out += b"\x00"
        # Out-of-line values: strip offsets and counts (when more than one), resolutions.
        extra = bytearray()
        n_entries = 12
        ifd_at = len(out)
        extra_at = ifd_at + 2 + 12 * n_entries + 4

        def place(data):
            pos = extra_at + len(extra)
            extra.extend(data)
            if len(extra) % 2:
                extra.append(0)
            return pos

        res = struct.pack("<II", int(dpi), 1)
        xres, yres = place(res), place(res)
        if len(strips) == 1:
            off_val, cnt_val = offsets[0], len(strips[0])
        else:
            off_val = place(struct.pack("<%dI" % len(offsets), *offsets))
            cnt_val = place(struct.pack("<%dI" % len(strips), *[len(d) for d in strips]))
        entries = [
            (256, 4, 1, w), (257, 4, 1, h), (258, 3, 1, 8), (259, 3, 1, compression),
            (262, 3, 1, 1), (273, 4, len(strips), off_val), (277, 3, 1, 1),
            (278, 4, 1, rows), (279, 4, len(strips), cnt_val), (282, 5, 1, xres),
            (283, 5, 1, yres), (296, 3, 1, 2),
        ]
        assert len(entries) == n_entries
        struct.pack_into("<I", out, prev_link, ifd_at)
        out += struct.pack("<H", n_entries)
        for tag, typ, count, value in entries:
            if typ == 3 and count == 1:
                out += struct.pack("<HHIHH", tag, typ, count, value, 0)
            else:
                out += struct.pack("<HHII", tag, typ, count, value)
        prev_link = len(out)
        out += b"\x00\x00\x00\x00"
        out += extra
    return bytes(out)
