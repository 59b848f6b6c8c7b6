"""Synthetic party members: names, dates, places and numbers with their truth.

Every choice comes from the random.Random passed in; nothing here touches the
global random state, so a member depends only on the seed it was made with.
"""

import datetime as dt
import unicodedata
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
NAMES_DIR = ROOT / "models" / "names"
ADMIN_FILE = HERE / "data" / "admin_pre2025.tsv"

CORE_FIELDS = (
    "full_name", "family_name", "middle_name", "given_name", "gender",
    "birth_date", "birth_place", "hometown", "ethnicity", "religion",
    "national_id", "party_card_number", "admission_date", "official_date",
    "party_unit", "education", "political_theory", "occupation",
)


def nfc(s):
    return unicodedata.normalize("NFC", s)


def _read_lines(path):
    out = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = nfc(line.strip())
            if line and not line.startswith("#"):
                out.append(line)
    return out


class Weighted:
    """A fixed list of (value, weight) with a cumulative table."""

    def __init__(self, pairs):
        self.values = [v for v, _ in pairs]
        total = 0.0
        self.cum = []
        for _, w in pairs:
            total += w
            self.cum.append(total)
        self.total = total

    def pick(self, rng):
        r = rng.random() * self.total
        lo, hi = 0, len(self.cum) - 1
        while lo < hi:
            mid = (lo + hi) // 2
            if self.cum[mid] > r:
                hi = mid
            else:
                lo = mid + 1
        return self.values[lo]


# Family names outside the frequency table share what the table leaves over.
OTHER_FAMILY = (
    "Trương Đinh Lâm Mai Trịnh Đoàn Lương Cao Hà Tạ Chu Quách Lưu La Thái Kiều "
    "Tô Phùng Vương Triệu Lại Đào Văn Tăng Thân Khúc Nghiêm Lục Mạc Giáp Hứa Âu "
    "Đàm Châu Tống Hầu Kim Ninh Quan Diệp Phí Phó Tôn Ông"
).split()

MIDDLE_MALE = Weighted([("Văn", 40), ("Hữu", 8), ("Đức", 10), ("Công", 6), ("Quang", 7),
                        ("Minh", 9), ("Đình", 8), ("Xuân", 5), ("Thanh", 5), ("Quốc", 5)])
MIDDLE_FEMALE = Weighted([("Thị", 55), ("Ngọc", 9), ("Thu", 8), ("Thanh", 7), ("Hồng", 6),
                          ("Kim", 6), ("Minh", 5), ("Phương", 4)])
# Very common given names, drawn half of the time so that names collide as they do in life.
COMMON_MALE = ("Hùng Dũng Tuấn Minh Hải Nam Long Sơn Thắng Cường Hưng Bình Hoàng Quang Thành "
               "Trung Đức Phong Hiếu Tùng Khánh Toàn Lâm Huy Vinh Thịnh Tâm Tiến Chiến Hòa").split()
COMMON_FEMALE = ("Hương Lan Hoa Hằng Hà Linh Mai Nga Thảo Trang Huyền Yến Loan Thủy Phương "
                 "Dung Hạnh Liên Thu Nhung Oanh Hiền Vân Ngọc Tuyết Xuân Hồng Thúy Hải Anh").split()

ETHNIC_NORTH_MOUNTAIN = Weighted([("Tày", 35), ("Nùng", 20), ("Thái", 15), ("Mường", 10),
                                  ("H'Mông", 10), ("Dao", 10)])
ETHNIC_NORTH_WEST = Weighted([("Thái", 50), ("Mường", 25), ("H'Mông", 15), ("Dao", 10)])
ETHNIC_CENTRAL = Weighted([("Thái", 45), ("Mường", 45), ("Dao", 10)])
ETHNIC_HIGHLANDS = Weighted([("Ê Đê", 35), ("Gia Rai", 35), ("Ba Na", 20), ("Tày", 10)])
ETHNIC_MEKONG = Weighted([("Khmer", 85), ("Hoa", 15)])
# Province code -> (probability of a minority ethnicity, their distribution).
ETHNIC_BY_PROVINCE = {}
for _c in ("02", "04", "06", "08", "10", "19", "20", "24"):
    ETHNIC_BY_PROVINCE[_c] = (0.45, ETHNIC_NORTH_MOUNTAIN)
for _c in ("11", "12", "14", "15"):
    ETHNIC_BY_PROVINCE[_c] = (0.5, ETHNIC_NORTH_WEST)
ETHNIC_BY_PROVINCE["17"] = (0.5, Weighted([("Mường", 85), ("Thái", 10), ("Dao", 5)]))
for _c in ("25", "38", "40"):
    ETHNIC_BY_PROVINCE[_c] = (0.12, ETHNIC_CENTRAL)
for _c in ("62", "64", "66", "67", "68"):
    ETHNIC_BY_PROVINCE[_c] = (0.25, ETHNIC_HIGHLANDS)
for _c in ("84", "89", "91", "94", "95"):
    ETHNIC_BY_PROVINCE[_c] = (0.2, ETHNIC_MEKONG)
ETHNIC_ELSEWHERE = (0.02, Weighted([("Hoa", 40), ("Tày", 20), ("Mường", 20), ("Thái", 20)]))

RELIGION = Weighted([("Không", 86), ("Phật giáo", 7), ("Công giáo", 4), ("Cao Đài", 1),
                     ("Phật giáo Hòa Hảo", 1), ("Tin Lành", 1)])
THEORY = Weighted([("Sơ cấp", 58), ("Trung cấp", 32), ("Cao cấp", 10)])
OCCUPATION = Weighted([
    ("Giáo viên", 12), ("Nông dân", 12), ("Công nhân", 8), ("Cán bộ hưu trí", 12),
    ("Công chức", 10), ("Viên chức", 8), ("Bác sĩ", 3), ("Y sĩ", 2), ("Điều dưỡng", 2),
    ("Kỹ sư xây dựng", 2), ("Kế toán", 4), ("Kinh doanh", 4), ("Bộ đội xuất ngũ", 4),
    ("Công an", 3), ("Quân nhân", 3), ("Cán bộ xã", 6), ("Lao động tự do", 3), ("Sinh viên", 1),
])
FAMOUS = ("Nguyễn Du", "Lê Quý Đôn", "Chu Văn An", "Trần Phú", "Lê Lợi", "Nguyễn Trãi",
          "Lý Tự Trọng", "Quang Trung", "Phan Bội Châu", "Nguyễn Huệ", "Trần Hưng Đạo",
          "Hai Bà Trưng", "Võ Thị Sáu", "Kim Đồng", "Nguyễn Văn Trỗi", "Lê Hồng Phong",
          "Ngô Quyền", "Phan Chu Trinh", "Tô Hiệu", "Nguyễn Khuyến")

LAST_ADMISSION = dt.date(2024, 6, 30)


def strip_unit_type(name):
    """'Xã Hải Vân' -> 'Hải Vân', 'Thành phố Hà Nội' -> 'Hà Nội'."""
    for prefix in ("Thành phố ", "Thị xã ", "Thị trấn ", "Tỉnh ", "Huyện ", "Quận ",
                   "Phường ", "Xã "):
        if name.startswith(prefix):
            return name[len(prefix):]
    return name


class Place:
    __slots__ = ("province", "district", "commune")

    def __init__(self, province, district, commune):
        self.province, self.district, self.commune = province, district, commune

    def full(self):
        return f"{self.commune[1]}, {self.district[1]}, {self.province[1]}"

    def short(self):
        return ", ".join(strip_unit_type(p[1]) for p in (self.commune, self.district, self.province))

    def codes(self, prefix):
        return {f"{prefix}.province": self.province[0], f"{prefix}.district": self.district[0],
                f"{prefix}.commune": self.commune[0]}


class Data:
    """Name lists and administrative units, loaded once per process."""

    def __init__(self):
        fam = []
        for line in _read_lines(NAMES_DIR / "family_names_frequency.tsv"):
            name, share = line.split("\t")
            if name == "family_name":
                continue
            fam.append((name, float(share)))
        left = max(0.0, 100.0 - sum(s for _, s in fam))
        fam += [(n, left / len(OTHER_FAMILY)) for n in OTHER_FAMILY]
        self.family = Weighted(fam)
        self.given = {
            "Nam": _read_lines(NAMES_DIR / "boy_one_word.txt"),
            "Nữ": _read_lines(NAMES_DIR / "girl_one_word.txt"),
        }
        self.given2 = {
            "Nam": [n for n in _read_lines(NAMES_DIR / "boy.txt") if len(n.split()) == 2],
            "Nữ": [n for n in _read_lines(NAMES_DIR / "girl.txt") if len(n.split()) == 2],
        }
        self.provinces = []  # [(code, name, [(code, name, [(code, name)])])]
        self.communes = []  # flat [(province index, district index, commune index)]
        for line in _read_lines(ADMIN_FILE):
            kind, code, name = line.split("\t")
            if kind == "P":
                self.provinces.append((code, name, []))
            elif kind == "D":
                self.provinces[-1][2].append((code, name, []))
            else:
                self.provinces[-1][2][-1][2].append((code, name))
        for pi, p in enumerate(self.provinces):
            for di, d in enumerate(p[2]):
                for ci in range(len(d[2])):
                    self.communes.append((pi, di, ci))
        self.by_province = {}
        for t in self.communes:
            self.by_province.setdefault(t[0], []).append(t)

    def place(self, t):
        p = self.provinces[t[0]]
        d = p[2][t[1]]
        c = d[2][t[2]]
        return Place((p[0], p[1]), (d[0], d[1]), c)

    def random_commune(self, rng, province_index=None, prefer_rural=True):
        """(index triple, Place); rural communes (Xã) are preferred, as in most dossiers."""
        pool = self.communes if province_index is None else self.by_province[province_index]
        for _ in range(4):
            t = rng.choice(pool)
            pl = self.place(t)
            if not prefer_rural or pl.commune[1].startswith("Xã") or rng.random() < 0.35:
                return t, pl
        return t, pl


_DATA = None


def data():
    global _DATA
    if _DATA is None:
        _DATA = Data()
    return _DATA


def add_years(d, years):
    try:
        return d.replace(year=d.year + years)
    except ValueError:  # 29 February
        return d.replace(year=d.year + years, day=28)


def random_date(rng, lo, hi):
    return lo + dt.timedelta(days=rng.randint(0, (hi - lo).days))


def _party_unit(rng, residence):
    commune = strip_unit_type(residence.commune[1])
    district = strip_unit_type(residence.district[1])
    urban = not residence.commune[1].startswith("Xã")
    r = rng.random()
    if r < 0.30:
        return f"Chi bộ {'Tổ dân phố' if urban else 'Khu dân cư'} số {rng.randint(1, 15)}"
    if r < 0.45:
        return f"Chi bộ {'Khu phố' if urban else rng.choice(['Thôn', 'Xóm'])} {rng.randint(1, 12)}"
    if r < 0.58:
        return f"Chi bộ Trường THCS {rng.choice(FAMOUS)}"
    if r < 0.66:
        return f"Chi bộ Trường Tiểu học {commune}"
    if r < 0.72:
        return f"Chi bộ Trường THPT {rng.choice(FAMOUS)}"
    if r < 0.78:
        return f"Chi bộ Trạm Y tế {'phường' if urban else 'xã'} {commune}"
    if r < 0.83:
        return f"Chi bộ Công an {'phường' if urban else 'xã'} {commune}"
    if r < 0.87:
        return f"Chi bộ Quân sự {'phường' if urban else 'xã'} {commune}"
    if r < 0.92:
        return f"Chi bộ Hợp tác xã Nông nghiệp {commune}"
    if r < 0.96:
        return f"Chi bộ Bệnh viện Đa khoa {district}"
    return f"Chi bộ Văn phòng Ủy ban nhân dân {'phường' if urban else 'xã'}"


def _career(rng, m, residence):
    """A few lines of 'Tóm tắt quá trình công tác' (work history), as printed."""
    birth = m["_birth"]
    adm = m["_admission"]
    lines = []
    school_end = birth.year + rng.choice((17, 18))
    lines.append(f"- Từ {birth.year + 6} đến {school_end}: Học phổ thông tại quê nhà.")
    y = school_end
    occ = m["occupation"]
    district = strip_unit_type(residence.district[1])
    place_words = {
        "Giáo viên": f"Giáo viên trường {rng.choice(['THCS', 'Tiểu học', 'THPT'])} "
                     f"{rng.choice(FAMOUS)}, {residence.district[1]}",
        "Nông dân": f"Lao động sản xuất nông nghiệp tại {residence.commune[1]}",
        "Công nhân": f"Công nhân Công ty {rng.choice(['Dệt may', 'Cơ khí', 'Xây dựng', 'Giày da'])} "
                     f"{district}",
        "Cán bộ hưu trí": f"Công tác tại Ủy ban nhân dân {residence.district[1]}",
    }
    mid = y + rng.randint(2, 6)
    if rng.random() < 0.5 and birth.year < 1980:
        lines.append(f"- Từ {y} đến {mid}: Nhập ngũ, phục vụ trong Quân đội nhân dân Việt Nam.")
    else:
        lines.append(f"- Từ {y} đến {mid}: Học {rng.choice(['trung cấp', 'cao đẳng', 'đại học'])} "
                     f"tại {rng.choice(['Hà Nội', 'Huế', 'Đà Nẵng', 'Thành phố Hồ Chí Minh', 'Vinh', 'Thái Nguyên', 'Cần Thơ'])}.")
    what = place_words.get(occ, f"{occ} tại {residence.commune[1]}, {residence.district[1]}")
    lines.append(f"- Từ {mid} đến nay: {what}.")
    lines.append(f"- Được kết nạp vào Đảng Cộng sản Việt Nam ngày {adm.day:02d}/{adm.month:02d}/{adm.year}.")
    return lines


def make_member(rng):
    """One member: the truth values (core field names) plus private helpers ("_" keys)."""
    d = data()
    gender = "Nam" if rng.random() < 0.64 else "Nữ"
    home_t, home = d.random_commune(rng)
    pcode = int(home.province[0])
    south = pcode >= 46
    fam = d.family.pick(rng)
    if "/" in fam:
        north_form, south_form = fam.split("/")
        fam = south_form if rng.random() < (0.8 if south else 0.1) else north_form
    common = COMMON_MALE if gender == "Nam" else COMMON_FEMALE
    r = rng.random()
    if r < 0.2:
        middle, given = rng.choice(d.given2[gender]).split()
        if gender == "Nữ" and rng.random() < 0.4:
            middle = "Thị " + middle
    else:
        middle = (MIDDLE_MALE if gender == "Nam" else MIDDLE_FEMALE).pick(rng)
        if gender == "Nữ" and middle == "Thị" and rng.random() < 0.2:
            middle = "Thị " + rng.choice(("Thu", "Ngọc", "Thanh", "Hồng", "Kim", "Minh"))
        given = rng.choice(common) if rng.random() < 0.5 else rng.choice(d.given[gender])
    if given == middle.split()[-1]:
        given = rng.choice(common)

    birth = random_date(rng, dt.date(1940, 1, 1), dt.date(2000, 12, 31))
    r = rng.random()
    if r < 0.6:
        bplace = home
    elif r < 0.85:
        bplace = d.random_commune(rng, home_t[0])[1]
    else:
        bplace = d.random_commune(rng)[1]
    r = rng.random()
    if r < 0.75:
        residence = home
    elif r < 0.9:
        residence = d.random_commune(rng, home_t[0])[1]
    else:
        residence = d.random_commune(rng)[1]

    share, dist = ETHNIC_BY_PROVINCE.get(home.province[0], ETHNIC_ELSEWHERE)
    ethnicity = dist.pick(rng) if rng.random() < share else "Kinh"
    religion = RELIGION.pick(rng)
    if ethnicity == "Khmer" and rng.random() < 0.7:
        religion = "Phật giáo"

    century = birth.year >= 2000
    cg = (2 if century else 0) + (0 if gender == "Nam" else 1)
    national_id = f"{int(bplace.province[0]):03d}{cg}{birth.year % 100:02d}{rng.randint(0, 999999):06d}"

    lo = add_years(birth, 18)
    hi = min(add_years(birth, 40), LAST_ADMISSION)
    # Most members join in their twenties.
    age_pick = min(rng.triangular(18, 40, 23), 40)
    start = min(max(lo, add_years(birth, int(age_pick))), hi)
    admission = random_date(rng, start, min(hi, start + dt.timedelta(days=364)))
    official = add_years(admission, 1)
    if rng.random() < 0.15:
        official += dt.timedelta(days=rng.randint(1, 25))

    res_code = int(residence.province[0])
    party_card = f"{res_code:02d}{rng.randint(0, 999999):06d}"

    if birth.year < 1962 and not south:
        education = "10/10" if rng.random() < 0.65 else "7/10"
    elif birth.year < 1962:
        education = "12/12" if rng.random() < 0.7 else "9/12"
    else:
        education = "12/12" if rng.random() < 0.85 else "9/12"

    age_now = 2024 - birth.year
    occupation = OCCUPATION.pick(rng)
    if age_now >= 62 and rng.random() < 0.7:
        occupation = "Cán bộ hưu trí"
    elif occupation == "Cán bộ hưu trí" and age_now < 55:
        occupation = "Công chức"
    if occupation == "Sinh viên" and age_now > 26:
        occupation = "Viên chức"

    m = {
        "full_name": f"{fam} {middle} {given}",
        "family_name": fam,
        "middle_name": middle,
        "given_name": given,
        "gender": gender,
        "birth_date": birth.isoformat(),
        "birth_place": bplace.full(),
        "hometown": home.full(),
        "ethnicity": ethnicity,
        "religion": religion,
        "national_id": national_id,
        "party_card_number": party_card,
        "admission_date": admission.isoformat(),
        "official_date": official.isoformat(),
        "party_unit": _party_unit(rng, residence),
        "education": education,
        "political_theory": THEORY.pick(rng),
        "occupation": occupation,
    }
    for k in list(m):
        m[k] = nfc(m[k])
    m["_birth"] = birth
    m["_admission"] = admission
    m["_official"] = official
    m["_home"] = home
    m["_bplace"] = bplace
    m["_residence"] = residence
    m["extra"] = {"residence": nfc(residence.full())}
    m["_career"] = [nfc(x) for x in _career(rng, m, residence)]
    m["unit_codes"] = {**home.codes("hometown"), **bplace.codes("birth_place")}
    return m


def truth_values(m):
    return {k: m[k] for k in CORE_FIELDS}
