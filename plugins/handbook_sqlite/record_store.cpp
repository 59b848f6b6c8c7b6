#include "record_store.h"

#include <cctype>
#include <charconv>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "schema.h"

namespace hoso_handbook {
namespace {

// Appends `text` as a JSON string. Invalid UTF-8 becomes U+FFFD rather than
// failing the record: the handbook keeps the exact bytes in its other tables,
// and this copy only feeds matching and merging.
void AppendString(std::string& out, std::string_view text) {
  out.push_back('"');
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  const auto* end = p + text.size();
  // Bytes that need no change are appended a run at a time: per byte, the
  // contents of a million records were a tenth of the sink's time.
  const auto* run = p;
  auto flush = [&] {
    out.append(reinterpret_cast<const char*>(run), static_cast<size_t>(p - run));
  };
  while (p < end) {
    const unsigned char c = *p;
    if (c < 0x80) {
      if (c >= 0x20 && c != '"' && c != '\\') {
        ++p;
        continue;
      }
      flush();
      if (c == '"' || c == '\\') {
        out.push_back('\\');
        out.push_back(static_cast<char>(c));
      } else {
        constexpr char kHex[] = "0123456789abcdef";
        out += "\\u00";
        out.push_back(kHex[c >> 4]);
        out.push_back(kHex[c & 15]);
      }
      run = ++p;
      continue;
    }
    // Length of a well-formed sequence starting here, 0 if none (RFC 3629:
    // no overlongs, no surrogates, nothing above U+10FFFF).
    size_t n = 0;
    if (c >= 0xC2 && c <= 0xDF) {
      n = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
      n = 3;
    } else if (c >= 0xF0 && c <= 0xF4) {
      n = 4;
    }
    bool ok = n != 0 && static_cast<size_t>(end - p) >= n;
    for (size_t i = 1; ok && i < n; ++i) ok = (p[i] & 0xC0) == 0x80;
    if (ok && n == 3) {
      ok = !(c == 0xE0 && p[1] < 0xA0) && !(c == 0xED && p[1] >= 0xA0);
    } else if (ok && n == 4) {
      ok = !(c == 0xF0 && p[1] < 0x90) && !(c == 0xF4 && p[1] >= 0x90);
    }
    if (ok) {
      p += n;
    } else {
      flush();
      out += "\xEF\xBF\xBD";
      run = ++p;
    }
  }
  flush();
  out.push_back('"');
}

void AppendKey(std::string& out, std::string_view key, bool& first) {
  if (!first) out.push_back(',');
  first = false;
  AppendString(out, key);
  out.push_back(':');
}

void AppendNumber(std::string& out, double value) {
  char buffer[32];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
  out.append(buffer, result.ptr);
}

void AppendNumber(std::string& out, int64_t value) {
  char buffer[24];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
  out.append(buffer, result.ptr);
}

// Short keys, and what most values share left out: no raw text of their own,
// full confidence, no box, and the record's file, page and row (given once
// at the top). The contents are written for every record; a run of 100 k
// records must not pay for a general JSON library here.
void AppendField(std::string& out, const hoso::Field& field, const hoso::Provenance& common) {
  bool first = true;
  out.push_back('{');
  AppendKey(out, "v", first);
  AppendString(out, field.value);
  if (field.raw != field.value) {
    AppendKey(out, "r", first);
    AppendString(out, field.raw);
  }
  if (field.confidence != 1.0) {
    AppendKey(out, "c", first);
    AppendNumber(out, field.confidence);
  }
  const hoso::Provenance& p = field.provenance;
  if (p.file != common.file) {
    AppendKey(out, "f", first);
    AppendString(out, p.file);
  }
  if (p.page != common.page) {
    AppendKey(out, "p", first);
    AppendNumber(out, static_cast<int64_t>(p.page));
  }
  if (p.row != common.row) {
    AppendKey(out, "n", first);
    AppendNumber(out, p.row);
  }
  if (!p.column.empty()) {
    AppendKey(out, "k", first);
    AppendString(out, p.column);
  }
  if (p.box.w > 0 || p.box.h > 0) {
    AppendKey(out, "b", first);
    out.push_back('[');
    AppendNumber(out, static_cast<int64_t>(p.box.x));
    out.push_back(',');
    AppendNumber(out, static_cast<int64_t>(p.box.y));
    out.push_back(',');
    AppendNumber(out, static_cast<int64_t>(p.box.w));
    out.push_back(',');
    AppendNumber(out, static_cast<int64_t>(p.box.h));
    out.push_back(']');
  }
  out.push_back('}');
}

// The provenance most of the record's values share: its first value's.
// A reference, not a copy: the contents are built for every record.
const hoso::Provenance& CommonProvenance(const hoso::MemberRecord& record) {
  static const hoso::Provenance kNone;
  for (const hoso::CoreField& core : hoso::kCoreFields) {
    const hoso::Field& field = record.*(core.member);
    if (!field.empty()) return field.provenance;
  }
  for (const auto& [name, field] : record.extra) {
    if (!field.empty()) return field.provenance;
  }
  return kNone;
}

// Reads what EncodeRecord writes, and any JSON of the same shape (keys in
// any order, unknown keys skipped). Hand-written for the same reason as the
// writer: link mode reads every record of the handbook.
class ContentsParser {
 public:
  explicit ContentsParser(std::string_view text) : text_(text) {}

  void Parse(hoso::MemberRecord& record) {
    struct Read {
      hoso::Field* field;
      bool file = false;
      bool page = false;
      bool row = false;
    };
    std::vector<Read> read;
    hoso::Provenance common;
    Object([&](const std::string& key) {
      if (key == "f") {
        common.file = String();
      } else if (key == "p") {
        common.page = static_cast<int>(Integer());
      } else if (key == "n") {
        common.row = Integer();
      } else if (key == "fields") {
        Object([&](const std::string& name) {
          hoso::Field& field =
              name.starts_with("extra.") ? record.extra[name.substr(6)] : record.Set(name);
          Read& r = read.emplace_back(Read{&field});
          bool has_raw = false;
          Object([&](const std::string& part) {
            hoso::Provenance& p = field.provenance;
            if (part == "v") {
              field.value = String();
            } else if (part == "r") {
              field.raw = String();
              has_raw = true;
            } else if (part == "c") {
              field.confidence = Number();
            } else if (part == "f") {
              p.file = String();
              r.file = true;
            } else if (part == "p") {
              p.page = static_cast<int>(Integer());
              r.page = true;
            } else if (part == "n") {
              p.row = Integer();
              r.row = true;
            } else if (part == "k") {
              p.column = String();
            } else if (part == "b") {
              Expect('[');
              p.box.x = static_cast<int>(Integer());
              Expect(',');
              p.box.y = static_cast<int>(Integer());
              Expect(',');
              p.box.w = static_cast<int>(Integer());
              Expect(',');
              p.box.h = static_cast<int>(Integer());
              Expect(']');
            } else {
              Skip();
            }
          });
          if (!has_raw) field.raw = field.value;
        });
      } else if (key == "name_keys") {
        hoso::MatchKeys& keys = record.name_keys;
        Object([&](const std::string& name) {
          if (name == "exact") {
            keys.exact = String();
          } else if (name == "placement_free") {
            keys.placement_free = String();
          } else if (name == "ascii_folded") {
            keys.ascii_folded = String();
          } else if (name == "ocr_tolerant") {
            keys.ocr_tolerant = String();
          } else {
            Skip();
          }
        });
      } else if (key == "unit_codes") {
        Object([&](const std::string& name) { record.unit_codes[name] = String(); });
      } else {
        Skip();
      }
    });
    Space();
    if (at_ != text_.size()) Fail("text after the end");
    for (const Read& r : read) {
      hoso::Provenance& p = r.field->provenance;
      if (!r.file) p.file = common.file;
      if (!r.page) p.page = common.page;
      if (!r.row) p.row = common.row;
    }
  }

 private:
  [[noreturn]] void Fail(const char* what) const {
    // The position, never the text: it is personal data.
    throw std::runtime_error(std::string("record contents are not valid: ") + what + " at byte " +
                             std::to_string(at_));
  }

  void Space() {
    while (at_ < text_.size() &&
           (text_[at_] == ' ' || text_[at_] == '\n' || text_[at_] == '\r' || text_[at_] == '\t')) {
      ++at_;
    }
  }

  bool Next(char c) {
    Space();
    if (at_ < text_.size() && text_[at_] == c) {
      ++at_;
      return true;
    }
    return false;
  }

  void Expect(char c) {
    if (!Next(c)) Fail("unexpected character");
  }

  template <typename Member>
  void Object(Member&& member) {
    Expect('{');
    if (Next('}')) return;
    do {
      const std::string key = String();
      Expect(':');
      member(key);
    } while (Next(','));
    Expect('}');
  }

  void AppendUtf8(std::string& out, uint32_t cp) {
    if (cp < 0x80) {
      out.push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
      out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
      out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
      out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
      out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
      out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
  }

  uint32_t Hex4() {
    if (text_.size() - at_ < 4) Fail("short \\u escape");
    uint32_t value = 0;
    for (int i = 0; i < 4; ++i) {
      const char c = text_[at_++];
      value <<= 4;
      if (c >= '0' && c <= '9') {
        value |= static_cast<uint32_t>(c - '0');
      } else if (c >= 'a' && c <= 'f') {
        value |= static_cast<uint32_t>(c - 'a' + 10);
      } else if (c >= 'A' && c <= 'F') {
        value |= static_cast<uint32_t>(c - 'A' + 10);
      } else {
        Fail("bad \\u escape");
      }
    }
    return value;
  }

  std::string String() {
    Expect('"');
    std::string out;
    for (;;) {
      const size_t plain = text_.find_first_of("\"\\", at_);
      if (plain == std::string_view::npos) Fail("unterminated string");
      out.append(text_.substr(at_, plain - at_));
      at_ = plain + 1;
      if (text_[plain] == '"') return out;
      if (at_ >= text_.size()) Fail("unterminated string");
      const char e = text_[at_++];
      switch (e) {
        case '"':
        case '\\':
        case '/':
          out.push_back(e);
          break;
        case 'b':
          out.push_back('\b');
          break;
        case 'f':
          out.push_back('\f');
          break;
        case 'n':
          out.push_back('\n');
          break;
        case 'r':
          out.push_back('\r');
          break;
        case 't':
          out.push_back('\t');
          break;
        case 'u': {
          uint32_t cp = Hex4();
          if (cp >= 0xD800 && cp < 0xDC00 && text_.substr(at_, 2) == "\\u") {
            at_ += 2;
            const uint32_t low = Hex4();
            cp = low >= 0xDC00 && low < 0xE000 ? 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00)
                                               : 0xFFFD;
          } else if (cp >= 0xD800 && cp < 0xE000) {
            cp = 0xFFFD;
          }
          AppendUtf8(out, cp);
          break;
        }
        default:
          Fail("bad escape");
      }
    }
  }

  std::string_view NumberText() {
    Space();
    const size_t start = at_;
    while (at_ < text_.size() &&
           (std::isdigit(static_cast<unsigned char>(text_[at_])) || text_[at_] == '-' ||
            text_[at_] == '+' || text_[at_] == '.' || text_[at_] == 'e' || text_[at_] == 'E')) {
      ++at_;
    }
    if (at_ == start) Fail("number expected");
    return text_.substr(start, at_ - start);
  }

  int64_t Integer() {
    const std::string_view digits = NumberText();
    int64_t value = 0;
    const auto result = std::from_chars(digits.data(), digits.data() + digits.size(), value);
    if (result.ec != std::errc() || result.ptr != digits.data() + digits.size()) {
      Fail("integer expected");
    }
    return value;
  }

  double Number() {
    const std::string_view digits = NumberText();
    double value = 0;
    const auto result = std::from_chars(digits.data(), digits.data() + digits.size(), value);
    if (result.ec != std::errc() || result.ptr != digits.data() + digits.size()) {
      Fail("number expected");
    }
    return value;
  }

  // Any value, for keys a later version may add.
  void Skip() {
    Space();
    if (at_ >= text_.size()) Fail("value expected");
    const char c = text_[at_];
    if (c == '"') {
      String();
    } else if (c == '{') {
      Object([&](const std::string&) { Skip(); });
    } else if (c == '[') {
      ++at_;
      if (Next(']')) return;
      do {
        Skip();
      } while (Next(','));
      Expect(']');
    } else if (text_.substr(at_, 4) == "true" || text_.substr(at_, 4) == "null") {
      at_ += 4;
    } else if (text_.substr(at_, 5) == "false") {
      at_ += 5;
    } else {
      Number();
    }
  }

  std::string_view text_;
  size_t at_ = 0;
};

}  // namespace

std::string EncodeRecord(const hoso::MemberRecord& record) {
  std::string out;
  out.reserve(512);
  AppendRecordContents(out, record);
  return out;
}

void AppendRecordContents(std::string& out, const hoso::MemberRecord& record) {
  const hoso::Provenance& common = CommonProvenance(record);
  bool first = true;
  out.push_back('{');
  if (!common.file.empty()) {
    AppendKey(out, "f", first);
    AppendString(out, common.file);
  }
  if (common.page >= 0) {
    AppendKey(out, "p", first);
    AppendNumber(out, static_cast<int64_t>(common.page));
  }
  if (common.row >= 0) {
    AppendKey(out, "n", first);
    AppendNumber(out, common.row);
  }
  AppendKey(out, "fields", first);
  out.push_back('{');
  bool first_field = true;
  for (const hoso::CoreField& core : hoso::kCoreFields) {
    const hoso::Field& field = record.*(core.member);
    if (field.empty()) continue;
    AppendKey(out, core.name, first_field);
    AppendField(out, field, common);
  }
  for (const auto& [name, field] : record.extra) {
    if (field.empty()) continue;
    AppendKey(out, "extra." + name, first_field);
    AppendField(out, field, common);
  }
  out.push_back('}');
  const hoso::MatchKeys& keys = record.name_keys;
  if (!keys.exact.empty() || !keys.placement_free.empty() || !keys.ascii_folded.empty() ||
      !keys.ocr_tolerant.empty()) {
    AppendKey(out, "name_keys", first);
    out.push_back('{');
    bool first_key = true;
    for (const auto& [name, value] :
         {std::pair<std::string_view, const std::string&>{"exact", keys.exact},
          {"placement_free", keys.placement_free},
          {"ascii_folded", keys.ascii_folded},
          {"ocr_tolerant", keys.ocr_tolerant}}) {
      if (value.empty()) continue;
      AppendKey(out, name, first_key);
      AppendString(out, value);
    }
    out.push_back('}');
  }
  if (!record.unit_codes.empty()) {
    AppendKey(out, "unit_codes", first);
    out.push_back('{');
    bool first_unit = true;
    for (const auto& [name, code] : record.unit_codes) {
      AppendKey(out, name, first_unit);
      AppendString(out, code);
    }
    out.push_back('}');
  }
  out.push_back('}');
}

void DecodeRecord(std::string_view text, hoso::MemberRecord& record) {
  ContentsParser(text).Parse(record);
}

HandbookRecords::HandbookRecords(const std::filesystem::path& path) : path_(path) {
  if (!std::filesystem::is_regular_file(path_)) {
    throw std::runtime_error(path_.string() + ": no handbook there to link against");
  }
  db_ = Connection(path_.string(), /*read_only=*/true);
  const int version = SchemaVersion(db_.get());
  if (version == 0) throw std::runtime_error(path_.string() + " is not a handbook");
  if (version < 4) {
    throw std::runtime_error(path_.string() + " is a version " + std::to_string(version) +
                             " handbook, which keeps no record contents to link against; "
                             "rebuild it with this hoso");
  }
  of_member_ = Statement(db_.get(),
                         "SELECT record_id, source, member_id, contents FROM source_records "
                         "WHERE member_id = ? ORDER BY rowid");
}

hoso::MemberRecord HandbookRecords::Read(Statement& row) const {
  hoso::MemberRecord record;
  record.id = row.ColumnText(0);
  record.source = row.ColumnText(1);
  record.member_id = row.ColumnText(2);
  if (row.ColumnIsNull(3)) {
    // A record written before version 4 in a handbook migrated since.
    throw std::runtime_error(path_.string() + ": source record of '" + record.source +
                             "' has no stored contents (written before version 4); rebuild the "
                             "handbook with this hoso to link against it");
  }
  DecodeRecord(row.ColumnText(3), record);
  return record;
}

void HandbookRecords::ForEach(const std::function<void(const hoso::MemberRecord&)>& visit) {
  Statement all(db_.get(),
                "SELECT record_id, source, member_id, contents FROM source_records ORDER BY rowid");
  while (all.Step()) visit(Read(all));
}

std::vector<hoso::MemberRecord> HandbookRecords::OfMember(std::string_view member_id) {
  std::vector<hoso::MemberRecord> records;
  of_member_.BindText(1, member_id);
  try {
    while (of_member_.Step()) records.push_back(Read(of_member_));
  } catch (...) {
    of_member_.Reset();
    throw;
  }
  of_member_.Reset();
  return records;
}

}  // namespace hoso_handbook
