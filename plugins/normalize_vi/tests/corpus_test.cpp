// Checks RepairEncoding against the corpus of real bytes in tests/data/normalize/
// (made by scripts/make-normalize-corpus with glibc iconv and independent
// encoders; see the README there):
//   letters.tsv          every letter in each legacy encoding, with the hint
//   fields.tsv           names, hometowns, dates in each encoding, with the hint
//   mixed_encodings.csv  raw bytes, encodings mixed row by row, NO hint
//   valid_unicode.tsv    valid Unicode that must come back exactly unchanged
// Every row must be exact. A per-encoding tally is printed and recorded as
// test properties.
#include "encoding_repair.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#ifndef NORMALIZE_TEST_DATA
#error "NORMALIZE_TEST_DATA must name tests/data/normalize"
#endif

namespace hoso::normalize_vi {
namespace {

constexpr int kMaxReportedFailures = 150;  // per test; the rest are counted

std::string ReadFile(const std::string& name) {
  const std::string path = std::string(NORMALIZE_TEST_DATA) + "/" + name;
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    ADD_FAILURE() << "cannot open " << path;
    return {};
  }
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

std::vector<std::string> Split(std::string_view text, char sep) {
  std::vector<std::string> out;
  size_t start = 0;
  while (true) {
    size_t pos = text.find(sep, start);
    if (pos == std::string_view::npos) {
      out.emplace_back(text.substr(start));
      return out;
    }
    out.emplace_back(text.substr(start, pos - start));
    start = pos + 1;
  }
}

std::vector<std::string> Lines(std::string_view text) {
  std::vector<std::string> lines = Split(text, '\n');
  if (!lines.empty() && lines.back().empty()) lines.pop_back();
  return lines;
}

void AppendUtf8(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// The corpus writes U+0000-001F, U+005C, U+007F-00A0 as \uXXXX (4 hex digits).
std::string Unescape(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\' && i + 6 <= s.size() && s[i + 1] == 'u') {
      AppendUtf8(out, static_cast<uint32_t>(std::stoul(std::string(s.substr(i + 2, 4)), nullptr, 16)));
      i += 5;
    } else {
      out += s[i];
    }
  }
  return out;
}

// For failure messages: control characters and non-ASCII bytes stay visible.
std::string Show(std::string_view s) {
  std::string out = "\"";
  for (size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x20 || c == 0x7F) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02X", c);
      out += buf;
    } else if (c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) <= 0xA0) {
      char buf[12];  // C1 control or NBSP
      std::snprintf(buf, sizeof buf, "\\u%04X", static_cast<unsigned char>(s[i + 1]));
      out += buf;
      ++i;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out + "\"";
}

std::string HexBytesToString(std::string_view hex) {
  std::string out;
  for (const std::string& h : Split(hex, ' ')) {
    if (!h.empty()) out += static_cast<char>(std::stoul(h, nullptr, 16));
  }
  return out;
}

bool IsValidUtf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    int len = 0;
    uint32_t cp = 0;
    if (c < 0x80) {
      ++i;
      continue;
    } else if (c >= 0xC2 && c <= 0xDF) {
      len = 2;
      cp = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
      len = 3;
      cp = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4;
      cp = c & 0x07;
    } else {
      return false;
    }
    if (i + len > s.size()) return false;
    for (int k = 1; k < len; ++k) {
      const auto d = static_cast<unsigned char>(s[i + k]);
      if ((d & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (d & 0x3F);
    }
    if ((len == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
        (len == 4 && (cp < 0x10000 || cp > 0x10FFFF))) {
      return false;
    }
    i += len;
  }
  return true;
}

// Bytes read one by one as Windows-1252, as legacy sources are read; the five
// undefined bytes become U+0081, U+008D, U+008F, U+0090, U+009D (as Windows).
std::string Windows1252Reading(std::string_view bytes) {
  static constexpr uint16_t k80[32] = {
      0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
      0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
      0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
      0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178};
  std::string out;
  for (char ch : bytes) {
    const auto b = static_cast<unsigned char>(ch);
    AppendUtf8(out, b >= 0x80 && b < 0xA0 ? k80[b - 0x80] : b);
  }
  return out;
}

// RFC 4180 over raw bytes: "," separates, "..." quotes, "" is a quote.
std::vector<std::string> SplitCsvLine(std::string_view line) {
  std::vector<std::string> cells(1);
  bool quoted = false;
  for (size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        cells.back() += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        cells.back() += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      cells.emplace_back();
    } else {
      cells.back() += c;
    }
  }
  return cells;
}

// Own mapping (not ParseEncoding) so that these tests only exercise repair.
Encoding HintFor(const std::string& name) {
  static const std::map<std::string, Encoding> kNames = {
      {"tcvn3", Encoding::kTcvn3},   {"vni", Encoding::kVni},   {"viscii", Encoding::kViscii},
      {"cp1258", Encoding::kCp1258}, {"viqr", Encoding::kViqr}, {"utf8-twice", Encoding::kUtf8Twice}};
  auto it = kNames.find(name);
  if (it == kNames.end()) {
    ADD_FAILURE() << "unknown encoding in corpus: " << name;
    return Encoding::kAuto;
  }
  return it->second;
}

const char* OutcomeName(RepairOutcome o) {
  switch (o) {
    case RepairOutcome::kUnchanged: return "kUnchanged";
    case RepairOutcome::kRepaired: return "kRepaired";
    case RepairOutcome::kAmbiguous: return "kAmbiguous";
    case RepairOutcome::kUnreadable: return "kUnreadable";
  }
  return "?";
}

// Per-encoding pass/total, printed and recorded as test properties.
class Tally {
 public:
  explicit Tally(std::string what) : what_(std::move(what)) {}
  // Returns true when the failure should be reported in full.
  bool Add(const std::string& encoding, bool ok) {
    auto& [pass, total] = counts_[encoding];
    ++total;
    if (ok) {
      ++pass;
      return false;
    }
    return ++failures_ <= kMaxReportedFailures;
  }
  void Finish() {
    std::ostringstream line;
    line << "[ corpus ] " << what_ << ":";
    for (const auto& [enc, c] : counts_) {
      line << " " << enc << " " << c.first << "/" << c.second;
      ::testing::Test::RecordProperty(what_ + "." + enc, std::to_string(c.first) + "/" + std::to_string(c.second));
    }
    std::cout << line.str() << std::endl;
    if (failures_ > kMaxReportedFailures) {
      ADD_FAILURE() << (failures_ - kMaxReportedFailures) << " more " << what_ << " failures not shown";
    }
  }

 private:
  std::string what_;
  std::map<std::string, std::pair<int, int>> counts_;
  int failures_ = 0;
};

// Reads a TSV with a header; rows are maps column -> raw (still escaped) cell.
std::vector<std::map<std::string, std::string>> ReadTsv(const std::string& name,
                                                        const std::vector<std::string>& required) {
  std::vector<std::map<std::string, std::string>> rows;
  const std::vector<std::string> lines = Lines(ReadFile(name));
  if (lines.empty()) {
    ADD_FAILURE() << name << " is empty";
    return rows;
  }
  const std::vector<std::string> header = Split(lines[0], '\t');
  for (const std::string& col : required) {
    bool found = false;
    for (const std::string& h : header) found = found || h == col;
    EXPECT_TRUE(found) << name << " lacks column " << col;
  }
  for (size_t i = 1; i < lines.size(); ++i) {
    const std::vector<std::string> cells = Split(lines[i], '\t');
    if (cells.size() != header.size()) {
      ADD_FAILURE() << name << " line " << i + 1 << ": " << cells.size() << " cells, header has " << header.size();
      continue;
    }
    std::map<std::string, std::string> row;
    for (size_t k = 0; k < header.size(); ++k) row[header[k]] = cells[k];
    rows.push_back(std::move(row));
  }
  return rows;
}

// The reading a source hands over: VIQR is ASCII text, the rest is the
// Windows-1252 reading of the legacy bytes.
std::string ReadingOfBytes(const std::string& encoding, const std::string& hex) {
  const std::string bytes = HexBytesToString(hex);
  return encoding == "viqr" ? bytes : Windows1252Reading(bytes);
}

// ---------------------------------------------------------------------------

TEST(NormalizeCorpus, ReadingsMatchTheirBytes) {
  // The corpus's own consistency: the reading column is the Windows-1252
  // reading of the bytes column (checks this test's table, too).
  int rows = 0;
  for (const std::string file : {"letters.tsv", "fields.tsv"}) {
    for (const auto& row : ReadTsv(file, {"encoding", "bytes", "reading"})) {
      ++rows;
      EXPECT_EQ(ReadingOfBytes(row.at("encoding"), row.at("bytes")), Unescape(row.at("reading")))
          << file << " " << row.at("encoding") << " " << row.at("bytes");
    }
  }
  EXPECT_GT(rows, 3000);
}

TEST(NormalizeCorpus, LettersWithHint) {
  Tally alone_tally("letters_alone"), context("letters_in_context");
  const auto rows = ReadTsv("letters.tsv", {"encoding", "letter", "reading", "expected", "alone", "context_reading",
                                            "context_expected"});
  EXPECT_EQ(rows.size(), 146u * 6u);
  for (const auto& row : rows) {
    const std::string& enc = row.at("encoding");
    const Encoding hint = HintFor(enc);
    const std::string reading = Unescape(row.at("reading"));
    const std::string& want = row.at("expected");
    const std::string& alone = row.at("alone");
    // repaired: must decode; unchanged: reading == letter; either: the
    // reading is itself a Vietnamese letter, which the header lets a hinted
    // repair keep (see the corpus README).
    const RepairedText got = RepairEncoding(reading, hint);
    const bool repaired_ok = got.text == want && got.outcome == RepairOutcome::kRepaired;
    const bool unchanged_ok = got.text == reading && got.outcome == RepairOutcome::kUnchanged;
    bool ok = false;
    if (alone == "repaired") {
      ok = repaired_ok;
    } else if (alone == "unchanged") {
      ok = unchanged_ok && reading == want;
    } else if (alone == "either") {
      ok = repaired_ok || unchanged_ok;
    } else {
      ADD_FAILURE() << "letters.tsv: unknown alone value " << alone;
    }
    if (alone_tally.Add(enc, ok)) {
      ADD_FAILURE() << "letter " << row.at("letter") << " [" << enc << "] alone: RepairEncoding(" << Show(reading)
                    << ", hint) gave " << Show(got.text) << " " << OutcomeName(got.outcome) << ", want " << Show(want)
                    << (alone == "unchanged" ? " kUnchanged" : " kRepaired")
                    << (alone == "either" ? " (or the reading kUnchanged)" : "");
    }

    const std::string ctx = Unescape(row.at("context_reading"));
    const std::string ctx_want = Unescape(row.at("context_expected"));
    const RepairedText got_ctx = RepairEncoding(ctx, hint);
    const bool ok_ctx = got_ctx.text == ctx_want && got_ctx.outcome == RepairOutcome::kRepaired;
    if (context.Add(enc, ok_ctx)) {
      ADD_FAILURE() << "letter " << row.at("letter") << " [" << enc << "] in context: RepairEncoding(" << Show(ctx)
                    << ", hint) gave " << Show(got_ctx.text) << " " << OutcomeName(got_ctx.outcome) << ", want "
                    << Show(ctx_want) << " kRepaired";
    }
  }
  alone_tally.Finish();
  context.Finish();
}

TEST(NormalizeCorpus, FieldsWithHint) {
  Tally tally("fields");
  const auto rows = ReadTsv("fields.tsv", {"id", "kind", "encoding", "expected", "reading"});
  EXPECT_GT(rows.size(), 2000u);
  for (const auto& row : rows) {
    const std::string& enc = row.at("encoding");
    const std::string reading = Unescape(row.at("reading"));
    const std::string& want = row.at("expected");
    const RepairedText got = RepairEncoding(reading, HintFor(enc));
    const RepairOutcome want_outcome = reading == want ? RepairOutcome::kUnchanged : RepairOutcome::kRepaired;
    const bool ok = got.text == want && got.outcome == want_outcome;
    if (tally.Add(enc, ok)) {
      ADD_FAILURE() << row.at("id") << " " << row.at("kind") << " [" << enc << "]: RepairEncoding(" << Show(reading)
                    << ", hint) gave " << Show(got.text) << " " << OutcomeName(got.outcome) << ", want " << Show(want)
                    << " " << OutcomeName(want_outcome);
    }
  }
  tally.Finish();
}

TEST(NormalizeCorpus, MixedEncodingsDetectedRowByRowWithoutHint) {
  // expected values by id
  std::map<std::string, std::pair<std::string, std::string>> expected;
  for (const auto& row : ReadTsv("mixed_encodings.expected.tsv", {"id", "full_name", "hometown"})) {
    expected[row.at("id")] = {row.at("full_name"), row.at("hometown")};
  }
  const std::vector<std::string> lines = Lines(ReadFile("mixed_encodings.csv"));
  ASSERT_FALSE(lines.empty());
  ASSERT_EQ(lines[0], "id,encoding,full_name,hometown");
  EXPECT_EQ(lines.size() - 1, expected.size());
  EXPECT_GE(expected.size(), 300u);

  Tally tally("mixed_cells");
  std::map<std::string, std::map<std::string, int>> detected;  // label -> reported encoding -> count
  int legacy_cells = 0;
  for (size_t i = 1; i < lines.size(); ++i) {
    const std::vector<std::string> cells = SplitCsvLine(lines[i]);
    ASSERT_EQ(cells.size(), 4u) << "mixed_encodings.csv line " << i + 1;
    const std::string& id = cells[0];
    const std::string& label = cells[1];  // for the report only; never given to RepairEncoding
    auto it = expected.find(id);
    ASSERT_NE(it, expected.end()) << "no expected row for " << id;
    const std::string* wants[2] = {&it->second.first, &it->second.second};
    const char* columns[2] = {"full_name", "hometown"};
    for (int k = 0; k < 2; ++k) {
      const std::string& raw = cells[2 + k];
      std::string value = raw;
      if (!IsValidUtf8(raw)) {
        value = Windows1252Reading(raw);
        ++legacy_cells;
      }
      const RepairedText got = RepairEncoding(value);
      const std::string& want = *wants[k];
      bool ok = got.text == want;
      if (label == "unicode-nfc") {
        ok = ok && got.outcome == RepairOutcome::kUnchanged;
      } else if (label == "unicode-nfd") {
        // NFC of valid Unicode: kUnchanged ("text is its NFC form") or, as
        // kUnicode covers NFD, kRepaired from kUnicode; never another encoding.
        ok = ok && (got.outcome == RepairOutcome::kUnchanged ||
                    (got.outcome == RepairOutcome::kRepaired && got.encoding == Encoding::kUnicode));
      } else if (value != want) {
        ok = ok && got.outcome == RepairOutcome::kRepaired;
      }
      if (got.outcome == RepairOutcome::kRepaired) ++detected[label][std::string(EncodingName(got.encoding))];
      if (tally.Add(label, ok)) {
        ADD_FAILURE() << id << " " << columns[k] << " [" << label << "]: RepairEncoding(" << Show(value)
                      << ") gave " << Show(got.text) << " " << OutcomeName(got.outcome) << " as "
                      << EncodingName(got.encoding) << ", want " << Show(want);
      }
    }
  }
  EXPECT_GT(legacy_cells, 100);  // the raw-byte rows really are raw bytes
  tally.Finish();
  for (const auto& [label, by] : detected) {
    std::cout << "[ corpus ] mixed " << label << " repaired as:";
    for (const auto& [enc, n] : by) std::cout << " " << enc << "=" << n;
    std::cout << std::endl;
  }
}

TEST(NormalizeCorpus, ValidUnicodeLeftExactlyAlone) {
  Tally tally("valid_unicode");
  const auto rows = ReadTsv("valid_unicode.tsv", {"id", "value"});
  EXPECT_GE(rows.size(), 300u);
  for (const auto& row : rows) {
    const std::string value = Unescape(row.at("value"));
    ASSERT_TRUE(IsValidUtf8(value)) << row.at("id");
    const RepairedText got = RepairEncoding(value);
    const bool ok = got.text == value && got.outcome == RepairOutcome::kUnchanged;
    if (tally.Add("unicode", ok)) {
      ADD_FAILURE() << row.at("id") << ": RepairEncoding(" << Show(value) << ") gave " << Show(got.text) << " "
                    << OutcomeName(got.outcome) << " as " << EncodingName(got.encoding)
                    << "; valid Unicode must come back unchanged";
    }
  }
  tally.Finish();
}

}  // namespace
}  // namespace hoso::normalize_vi
