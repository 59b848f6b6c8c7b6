"""The form templates: two pages per dossier, in a standard and a variant layout.

Each template draws onto a render.Page and registers the fields it prints.
Dossier-level choices (date style, capitalisation, leaders) are made once in
choose_options() from the dossier's random.Random and recorded in the truth.
"""

from . import render
from .render import Cell, L, V
from .members import strip_unit_type

LEFT, RIGHT = 236, 2303  # 20 mm and 15 mm margins at 300 dpi
CENTER = 1240


def fmt_date(d, style):
    if style == "dd/mm/yyyy":
        return f"{d.day:02d}/{d.month:02d}/{d.year}"
    if style == "d/m/yyyy":
        return f"{d.day}/{d.month}/{d.year}"
    if style == "d-m-yyyy":
        return f"{d.day}-{d.month}-{d.year}"
    if style == "words":
        return f"ngày {d.day} tháng {d.month} năm {d.year}"
    raise ValueError(style)


def date_parts(label, d, style, field, zero_pad=True):
    """A date as printed after a label; "blanks" fills a 'ngày … tháng … năm …' form line."""
    if style == "blanks":
        day = f"{d.day:02d}" if zero_pad else str(d.day)
        month = f"{d.month:02d}" if zero_pad else str(d.month)
        return [L(label), V(day, field), L("tháng"), V(month, field), L("năm"),
                V(str(d.year), field)]
    return [L(label), V(fmt_date(d, style), field)]


def card_text(card, dotted):
    return f"{card[:2]}.{card[2:]}" if dotted else card


def choose_options(rng, layout):
    o = {
        "layout": layout,
        "form_font": rng.choice(render.FORM_FAMILIES),
        "typed_font": rng.choice(render.TYPED_FAMILIES),
        "label_px": rng.choice((46, 50)),  # 11 or 12 pt at 300 dpi
        "value_px": rng.choice((46, 50)),
        "leaders": rng.random() < 0.5,
        "leader_tone": rng.randint(140, 190),
        "name_upper": rng.random() < 0.6,
        "card_dotted": rng.random() < 0.5,
        "birth_style": rng.choice(("blanks", "dd/mm/yyyy", "words")),
        "date_style": rng.choice(("dd/mm/yyyy", "dd/mm/yyyy", "d/m/yyyy", "d-m-yyyy")),
        "p2_date_style": rng.choice(("dd/mm/yyyy", "d/m/yyyy", "words")),
        "short_places": layout == "variant" and rng.random() < 0.3,
    }
    return o


def _style(o):
    return render.Style(o["form_font"], o["typed_font"], o["label_px"], o["value_px"],
                        o["leaders"], o["leader_tone"], o.get("hand_fields", ()))


def _name(m, upper):
    return m["full_name"].upper() if upper else m["full_name"]


def _place(m, key, o):
    pl = m["_" + key]
    return pl.short() if o["short_places"] else pl.full()


def _sign_block(p, m, o, rng, cx, y, title, left_title=None):
    place = strip_unit_type(m["_residence"].province[1])
    d = o["sign_date"]
    p.centered(cx, y, f"{place}, ngày {d.day} tháng {d.month} năm {d.year}", p.f_label(0.95))
    p.centered(cx, y + 75, title, p.f_bold(o["label_px"]))
    p.centered(cx, y + 140, "(Ký, ghi rõ họ tên)", p.f_label(0.85, "italic"))
    p.centered(cx, y + 400, m["full_name"], p.f_value())
    if left_title:
        p.centered(640, y + 75, left_title, p.f_bold(o["label_px"]))


# ---------------------------------------------------------------- standard layout

def phieu_standard(p, m, o, rng):
    lh = int(o["label_px"] * 1.9)
    p.put(RIGHT - p.tw("Mẫu 2-HSĐV", p.f_label(0.8)), 170, "Mẫu 2-HSĐV", p.f_label(0.8))
    p.centered(640, 300, f"ĐẢNG BỘ {m['_residence'].province[1].upper()}", p.f_bold(46))
    p.centered(640, 365, "*", p.f_bold(46))
    p.centered(1720, 300, "ĐẢNG CỘNG SẢN VIỆT NAM", p.f_bold(50), underline=0.7)
    p.centered(CENTER, 560, "PHIẾU ĐẢNG VIÊN", p.f_bold(72))
    p.photo_box(1950, 660, RIGHT, 1132)
    lead = o["leaders"]
    x1 = 1900
    y = 760
    name = _name(m, o["name_upper"])
    y = p.row(y, [Cell(LEFT, x1, [L("Họ và tên khai sinh:"), V(name, "full_name")], lead)], lh)
    y = p.row(y, [Cell(LEFT, 1100, [L("Giới tính:"), V(m["gender"], "gender")], lead),
                  Cell(1140, x1, [L("Tên gọi khác:"), L("Không")], lead)], lh)
    bstyle = o["birth_style"]
    if bstyle == "blanks":
        parts = date_parts("Sinh ngày", m["_birth"], "blanks", "birth_date")
    else:
        parts = date_parts("Ngày sinh:", m["_birth"], bstyle, "birth_date")
    y = p.row(y, [Cell(LEFT, x1, parts, lead)], lh)
    y = p.row(y, [Cell(LEFT, x1, [L("Nơi sinh:"), V(_place(m, "bplace", o), "birth_place")], lead)], lh)
    y = p.row(y, [Cell(LEFT, x1, [L("Quê quán:"), V(_place(m, "home", o), "hometown")], lead)], lh)
    y = max(y, 1132 + lh)
    y = p.row(y, [Cell(LEFT, 1200, [L("Dân tộc:"), V(m["ethnicity"], "ethnicity")], lead),
                  Cell(1250, RIGHT, [L("Tôn giáo:"), V(m["religion"], "religion")], lead)], lh)
    y = p.row(y, [Cell(LEFT, RIGHT, [L("Số CCCD:"), V(m["national_id"], "national_id")], lead)], lh)
    y = p.row(y, [Cell(LEFT, RIGHT, [L("Nghề nghiệp:"), V(m["occupation"], "occupation")], lead)], lh)
    y = p.row(y, [Cell(LEFT, 1200, [L("Trình độ học vấn:"), V(m["education"], "education")], lead),
                  Cell(1250, RIGHT, [L("Lý luận chính trị:"),
                                     V(m["political_theory"], "political_theory")], lead)], lh)
    ds = o["date_style"]
    y = p.row(y, [Cell(LEFT, RIGHT, date_parts("Ngày vào Đảng:", m["_admission"], ds,
                                               "admission_date"), lead)], lh)
    y = p.row(y, [Cell(LEFT, RIGHT, date_parts("Ngày chính thức:", m["_official"], ds,
                                               "official_date"), lead)], lh)
    y = p.row(y, [Cell(LEFT, RIGHT, [L("Số thẻ đảng viên:"),
                                     V(card_text(m["party_card_number"], o["card_dotted"]),
                                       "party_card_number")], lead)], lh)
    y = p.row(y, [Cell(LEFT, RIGHT, [L("Chi bộ:"), V(m["party_unit"], "party_unit")], lead)], lh)
    _sign_block(p, m, o, rng, 1720, y + 160, "NGƯỜI KHAI", left_title="XÁC NHẬN CỦA CHI ỦY")


def lylich_standard(p, m, o, rng):
    lh = int(o["label_px"] * 1.8)
    p.centered(CENTER, 260, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", p.f_bold(50))
    p.centered(CENTER, 330, "Độc lập - Tự do - Hạnh phúc", p.f_bold(50), underline=1.0)
    p.centered(CENTER, 520, "SƠ YẾU LÝ LỊCH", p.f_bold(72))
    p.photo_box(LEFT, 620, 590, 1092)
    x0 = 650
    ds = o["p2_date_style"]
    y = 700
    y = p.row(y, [Cell(x0, 1700, [L("1. Họ và tên:"), V(m["full_name"], "full_name")]),
                  Cell(1740, RIGHT, [L("2. Giới tính:"), V(m["gender"], "gender")])], lh)
    y = p.row(y, [Cell(x0, RIGHT, date_parts("3. Ngày sinh:", m["_birth"], ds, "birth_date"))], lh)
    y = p.row(y, [Cell(x0, RIGHT, [L("4. Nơi sinh:"), V(_place(m, "bplace", o), "birth_place")])], lh)
    y = p.row(y, [Cell(x0, RIGHT, [L("5. Quê quán:"), V(_place(m, "home", o), "hometown")])], lh)
    y = max(y, 1092 + lh)
    y = p.row(y, [Cell(LEFT, 1200, [L("6. Dân tộc:"), V(m["ethnicity"], "ethnicity")]),
                  Cell(1250, RIGHT, [L("7. Tôn giáo:"), V(m["religion"], "religion")])], lh)
    y = p.row(y, [Cell(LEFT, RIGHT, [L("8. Số CCCD:"), V(m["national_id"], "national_id")])], lh)
    y = p.row(y, [Cell(LEFT, RIGHT, [L("9. Nơi ở hiện nay:"),
                                     V(m["extra"]["residence"], "residence")])], lh)
    y = p.row(y, [Cell(LEFT, RIGHT, [L("10. Nghề nghiệp:"), V(m["occupation"], "occupation")])], lh)
    y = p.row(y, [Cell(LEFT, 1200, [L("11. Trình độ học vấn:"), V(m["education"], "education")]),
                  Cell(1250, RIGHT, [L("12. Lý luận chính trị:"),
                                     V(m["political_theory"], "political_theory")])], lh)
    ads = "dd/mm/yyyy" if ds == "words" else ds
    y = p.row(y, [Cell(LEFT, 1200, date_parts("13. Ngày vào Đảng:", m["_admission"], ads,
                                              "admission_date")),
                  Cell(1250, RIGHT, date_parts("Ngày chính thức:", m["_official"], ads,
                                               "official_date"))], lh)
    y += 20
    p.put(LEFT, y, "14. Tóm tắt quá trình công tác:", p.f_bold(o["label_px"]))
    y += lh
    for line in m["_career"]:
        y = p.paragraph(LEFT + 60, RIGHT, y, line, p.f_value(), int(lh * 0.85))
    y += 30
    y = p.paragraph(LEFT, RIGHT, y, "Tôi xin cam đoan những lời khai trên là đúng sự thật, "
                    "nếu sai tôi xin hoàn toàn chịu trách nhiệm.", p.f_label(), lh, indent=80)
    _sign_block(p, m, o, rng, 1720, y + 100, "NGƯỜI KHAI")


# ---------------------------------------------------------------- variant layout

def phieu_variant(p, m, o, rng):
    lh = int(o["label_px"] * 1.55)
    p.centered(CENTER, 250, "ĐẢNG CỘNG SẢN VIỆT NAM", p.f_bold(50), underline=0.5)
    p.centered(CENTER, 430, "PHIẾU ĐẢNG VIÊN", p.f_bold(66))
    p.centered(CENTER, 500, "(Lưu tại chi bộ)", p.f_label(0.9, "italic"))
    lx0, lx1, vx0 = LEFT + 20, 1000, 1040
    ds = "words" if o["date_style"] == "d-m-yyyy" else "d-m-yyyy"
    rows = [
        ("Họ tên khai sinh", [V(_name(m, o["name_upper"]), "full_name")]),
        ("Nam/Nữ", [V(m["gender"], "gender")]),
        ("Sinh ngày", date_parts("", m["_birth"], ds, "birth_date")[1:]),
        ("Dân tộc", [V(m["ethnicity"], "ethnicity")]),
        ("Tôn giáo", [V(m["religion"], "religion")]),
        ("Nguyên quán", [V(_place(m, "home", o), "hometown")]),
        ("Nơi sinh", [V(_place(m, "bplace", o), "birth_place")]),
        ("Số định danh cá nhân", [V(m["national_id"], "national_id")]),
        ("Nghề nghiệp hiện nay", [V(m["occupation"], "occupation")]),
        ("Học vấn phổ thông", [V(m["education"], "education")]),
        ("Trình độ LLCT", [V(m["political_theory"], "political_theory")]),
        ("Ngày kết nạp", date_parts("", m["_admission"], ds, "admission_date")[1:]),
        ("Ngày công nhận chính thức", date_parts("", m["_official"], ds, "official_date")[1:]),
        ("Thẻ Đảng số", [V(card_text(m["party_card_number"], not o["card_dotted"]),
                           "party_card_number")]),
        ("Sinh hoạt tại", [V(m["party_unit"], "party_unit")]),
    ]
    y = 680
    for label, parts in rows:
        # The label cell and the value cell are separate table cells.
        y = p.row(y, [Cell(lx0, lx1, [L(label)]), Cell(vx0, RIGHT - 20, parts, wrap_x=vx0)], lh,
                  borders=(int(lh * 0.68), lh - int(lh * 0.68)))
    d = o["sign_date"]
    y += 120
    p.put(LEFT, y, f"Ngày {d.day:02d}/{d.month:02d}/{d.year}", p.f_label(0.95))
    p.centered(1720, y, "ĐẢNG VIÊN KÝ TÊN", p.f_bold(o["label_px"]))
    p.centered(1720, y + 330, _name(m, True), p.f_value(0.95))


def lylich_variant(p, m, o, rng):
    lh = int(o["label_px"] * 1.75)
    p.centered(CENTER, 250, "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM", p.f_bold(48))
    p.centered(CENTER, 318, "Độc lập - Tự do - Hạnh phúc", p.f_bold(48), underline=0.9)
    p.centered(CENTER, 500, "SƠ YẾU LÝ LỊCH ĐẢNG VIÊN", p.f_bold(66))
    p.photo_box(1950, 580, RIGHT, 1052)
    ds = "words" if o["p2_date_style"] != "words" else "dd/mm/yyyy"
    x1 = 1900
    y = 660
    y = p.row(y, [Cell(LEFT, 1400, [L("Họ tên:"), V(_name(m, True), "full_name")]),
                  Cell(1440, x1, [L("Nam, nữ:"), V(m["gender"], "gender")])], lh)
    y = p.row(y, [Cell(LEFT, x1, date_parts("Sinh ngày", m["_birth"], "blanks", "birth_date",
                                           zero_pad=False))], lh)
    y = p.row(y, [Cell(LEFT, x1, [L("Nơi đăng ký khai sinh:"),
                                  V(_place(m, "bplace", o), "birth_place")])], lh)
    y = p.row(y, [Cell(LEFT, x1, [L("Nguyên quán:"), V(_place(m, "home", o), "hometown")])], lh)
    y = max(y, 1052 + lh)
    y = p.row(y, [Cell(LEFT, RIGHT, [L("Dân tộc:"), V(m["ethnicity"], "ethnicity"),
                                     L("; tôn giáo:"), V(m["religion"], "religion")])], lh)
    y = p.row(y, [Cell(LEFT, 1200, [L("CCCD số:"), V(m["national_id"], "national_id")]),
                  Cell(1250, RIGHT, [L("Thẻ Đảng số:"),
                                     V(card_text(m["party_card_number"], o["card_dotted"]),
                                       "party_card_number")])], lh)
    y = p.row(y, [Cell(LEFT, RIGHT, [L("Chỗ ở hiện nay:"), V(m["extra"]["residence"], "residence")])], lh)
    y = p.row(y, [Cell(LEFT, RIGHT, [L("Nghề nghiệp:"), V(m["occupation"], "occupation")])], lh)
    y = p.row(y, [Cell(LEFT, 1000, [L("Học vấn:"), V(m["education"], "education")]),
                  Cell(1040, RIGHT, [L("Trình độ lý luận chính trị:"),
                                     V(m["political_theory"], "political_theory")])], lh)
    y = p.row(y, [Cell(LEFT, RIGHT, date_parts("Kết nạp vào Đảng", m["_admission"], ds,
                                               "admission_date")
                       + [L("tại")] + [V(m["party_unit"], "party_unit")])], lh)
    y = p.row(y, [Cell(LEFT, RIGHT, date_parts("Chính thức ngày", m["_official"], "dd/mm/yyyy",
                                               "official_date"))], lh)
    y += 20
    p.put(LEFT, y, "QUÁ TRÌNH CÔNG TÁC", p.f_bold(o["label_px"]))
    y += lh
    for line in m["_career"]:
        y = p.paragraph(LEFT + 30, RIGHT, y, line.lstrip("- "), p.f_value(), int(lh * 0.85))
    y += 40
    _sign_block(p, m, o, rng, 1720, y + 60, "NGƯỜI KHAI LÝ LỊCH",
                left_title="CHI ỦY XÁC NHẬN")


TEMPLATES = {
    "standard": (("phieu_dang_vien.standard", phieu_standard),
                 ("so_yeu_ly_lich.standard", lylich_standard)),
    "variant": (("phieu_dang_vien.variant", phieu_variant),
                ("so_yeu_ly_lich.variant", lylich_variant)),
}


def render_dossier(m, o, rng, dpi):
    """Both pages of one dossier: [(PIL image, page truth)]."""
    pages = []
    for name, fn in TEMPLATES[o["layout"]]:
        p = render.Page(dpi, name, _style(o))
        fn(p, m, o, rng)
        pages.append((p.img, p.truth()))
    return pages
