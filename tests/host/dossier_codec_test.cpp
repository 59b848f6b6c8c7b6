// A dossier survives the trip to a worker process and back, and bytes from
// a dying process are refused instead of read past their end.
#include "dossier_codec.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cmath>
#include <cstring>
#include <limits>

#include "dossier_spill.h"
#include "test_support.h"
#include "worker_process.h"

namespace hoso::internal {
namespace {

Dossier FullDossier() {
  Dossier d;
  d.id = "dossier-7.tif";
  Provenance unit;
  unit.file = "/scans/dossier-7.tif";
  unit.page = 1;
  unit.box = {10, 20, 300, 40};
  unit.row = -1;
  unit.column = "c";
  d.units = {unit, unit};
  d.original = std::string("raw\0bytes\xff", 10);
  Page& page = d.pages.emplace_back();
  page.origin = unit;
  page.width = 3;
  page.height = 2;
  page.dpi = 300;
  page.image = {0, 255, 7, 0, 1, 2};
  page.image_format = "gray8";
  page.source_format = "tiff";
  page.text = "Họ và tên: Nguyễn Văn A\nSinh ngày";
  page.words.push_back({"Nguyễn", {1, 2, 3, 4}, 0.5f});
  page.lines.push_back({"Họ và tên", {5, 6, 7, 8}, 0.25f, 0, 1});
  page.mean_confidence = 0.875;
  page.attributes["deskew_degrees"] = "0.4";
  MemberRecord& r = d.records.emplace_back();
  r.id = "row-1";
  r.source = "csv";
  r.member_id = "m-1";
  r.full_name = {"Nguyễn Văn A", "NguyÔn V¨n A", 0.75, unit};
  r.birth_date.value = "1975-09";
  r.extra["nickname"] = {"Tư", "Tu", 1.0, unit};
  r.name_keys = {"a", "b", "c", "d"};
  r.unit_codes["hometown.province"] = "01";
  r.findings.push_back({"vn.date", Severity::kError, "birth_date", "no day", "add it"});
  r.golden = true;
  FieldOrigin origin;
  origin.source = "csv";
  origin.record_id = "row-1";
  origin.rule = "most_common";
  origin.records_agreeing = 2;
  origin.alternatives.push_back({"Nguyễn Văn Á", "ocr", "p-3", 1});
  r.origins["full_name"] = origin;
  return d;
}

std::string Bytes(const Dossier& d) {
  std::string out;
  ByteWriter w(out);
  EncodeDossier(d, w);
  return out;
}

TEST(DossierCodecTest, EveryPartOfADossierComesBack) {
  const Dossier d = FullDossier();
  const std::string bytes = Bytes(d);
  ByteReader r(bytes);
  const Dossier back = DecodeDossier(r);
  EXPECT_TRUE(r.AtEnd());
  EXPECT_EQ(Bytes(back), bytes);
  EXPECT_EQ(back.original, d.original);
  EXPECT_EQ(back.units[0].box.w, 300);
  EXPECT_EQ(back.pages[0].image, d.pages[0].image);
  EXPECT_EQ(back.pages[0].lines[0].word_count, 1);
  EXPECT_FLOAT_EQ(back.pages[0].words[0].confidence, 0.5f);
  EXPECT_EQ(back.records[0].full_name.raw, "NguyÔn V¨n A");
  EXPECT_EQ(back.records[0].extra.at("nickname").value, "Tư");
  EXPECT_EQ(back.records[0].findings[0].severity, Severity::kError);
  EXPECT_EQ(back.records[0].origins.at("full_name").alternatives[0].record_id, "p-3");
  EXPECT_TRUE(back.records[0].golden);
}

void ExpectSameField(const Field& a, const Field& b, std::string_view name) {
  EXPECT_EQ(a.value, b.value) << name;
  EXPECT_EQ(a.raw, b.raw) << name;
  EXPECT_EQ(a.confidence, b.confidence) << name;
  EXPECT_EQ(a.provenance.file, b.provenance.file) << name;
  EXPECT_EQ(a.provenance.page, b.provenance.page) << name;
  EXPECT_EQ(a.provenance.row, b.provenance.row) << name;
  EXPECT_EQ(a.provenance.column, b.provenance.column) << name;
  EXPECT_EQ(a.provenance.box.x, b.provenance.box.x) << name;
  EXPECT_EQ(a.provenance.box.y, b.provenance.box.y) << name;
  EXPECT_EQ(a.provenance.box.w, b.provenance.box.w) << name;
  EXPECT_EQ(a.provenance.box.h, b.provenance.box.h) << name;
}

// The compact form leaves out what a field shares with the default or with
// its dossier (raw text equal to the value, the dossier's file): every
// combination must still come back exactly.
TEST(DossierCodecTest, EveryKindOfFieldComesBackAsItWas) {
  Dossier d;
  d.id = "export.csv#12";
  Provenance row;
  row.file = "export.csv";
  row.row = 12;
  d.units = {row};
  MemberRecord& r = d.records.emplace_back();
  r.full_name = {"Lê Văn Tám", "Lê Văn Tám", 1.0, row};  // raw is the value
  r.full_name.provenance.column = "ho_ten";
  r.family_name = {"Lê", "", 1.0, row};                // no raw text
  r.gender = {"", "???", 0.0, row};                    // raw text, no value
  r.birth_date = {"1990-01-02", "2/1/1990", 0.5, {}};  // no provenance
  r.hometown = {"Hà Nội", "Ha Noi", 1.0, row};
  r.hometown.provenance.file = "other.csv";  // another file
  r.national_id = {"001090000001", "001090000001", 0.25, row};
  r.national_id.provenance.box = {-3, 0, 70000, 1};  // negative, large
  r.national_id.provenance.page = 0;
  r.party_unit.provenance.row = int64_t{1} << 40;
  const std::string bytes = Bytes(d);
  ByteReader reader(bytes);
  const Dossier back = DecodeDossier(reader);
  EXPECT_TRUE(reader.AtEnd());
  ASSERT_EQ(back.records.size(), 1u);
  for (const CoreField& core : kCoreFields) {
    ExpectSameField(back.records[0].*(core.member), r.*(core.member), core.name);
  }
  EXPECT_EQ(back.units[0].file, "export.csv");
  EXPECT_EQ(back.units[0].row, 12);
  // A CSV row of a dozen fields is a few hundred bytes, not the 2.8 KB of
  // fixed-width numbers it was (the spill of a million rows: 2.7 GB).
  EXPECT_LT(bytes.size(), 300u);
}

// Counts of quarantine entries are checked against this bound: an entry
// smaller than it would make a valid frame look corrupt.
TEST(DossierCodecTest, NoQuarantineEntryIsSmallerThanItsBound) {
  std::string bytes;
  ByteWriter w(bytes);
  EncodeQuarantineEntry(QuarantineEntry{}, w);
  EXPECT_GE(bytes.size(), kMinQuarantineEntryBytes);
  std::string many;
  ByteWriter m(many);
  m.U64(100);
  for (int i = 0; i < 100; ++i) EncodeQuarantineEntry(QuarantineEntry{}, m);
  ByteReader r(many);
  ASSERT_EQ(r.Count(kMinQuarantineEntryBytes), 100u);
  for (int i = 0; i < 100; ++i) DecodeQuarantineEntry(r);
  EXPECT_TRUE(r.AtEnd());
}

TEST(DossierCodecTest, EveryTruncationIsRefused) {
  const std::string bytes = Bytes(FullDossier());
  for (size_t n = 0; n < bytes.size(); ++n) {
    ByteReader r(std::string_view(bytes).substr(0, n));
    EXPECT_THROW(DecodeDossier(r), CodecError) << n;
  }
}

TEST(DossierCodecTest, AHugeCountIsRefusedBeforeAllocating) {
  std::string bytes;
  ByteWriter w(bytes);
  w.VStr("id");
  w.Var(uint64_t{1} << 60);  // units
  ByteReader r(bytes);
  EXPECT_THROW(DecodeDossier(r), CodecError);
}

// A float travels as a double; one no float can hold is refused, not
// converted (undefined behaviour).
TEST(DossierCodecTest, AConfidenceBeyondFloatIsRefused) {
  Dossier d;
  d.pages.emplace_back().words.push_back({"x", {}, 0.3125f});
  const std::string bytes = Bytes(d);
  const double was = 0.3125;
  const size_t at = bytes.find(std::string(reinterpret_cast<const char*>(&was), sizeof was));
  ASSERT_NE(at, std::string::npos);
  for (const double value : {1e300, -1e40, std::numeric_limits<double>::infinity()}) {
    std::string changed = bytes;
    std::memcpy(changed.data() + at, &value, sizeof value);
    ByteReader r(changed);
    if (std::isinf(value)) {
      EXPECT_TRUE(std::isinf(DecodeDossier(r).pages[0].words[0].confidence));
    } else {
      EXPECT_THROW(DecodeDossier(r), CodecError) << value;
    }
  }
}

// A worker's answer with a log level that does not exist is malformed.
TEST(DossierCodecTest, AWorkerAnswerWithAnUnknownLogLevelIsRefused) {
  auto answer = [](uint32_t level) {
    std::string bytes;
    ByteWriter w(bytes);
    w.Bool(false);  // not kept
    w.U64(0);       // timings
    w.U64(1);       // one log line
    w.U32(level);
    w.Str("2:ocr_tesseract");
    w.Str("slow page");
    w.U64(0);  // quarantine entries
    return bytes;
  };
  Dossier d;
  EXPECT_EQ(DecodeWorkerResult(answer(2), d).log.at(0).level, LogLevel::kWarning);
  EXPECT_THROW(DecodeWorkerResult(answer(9), d), CodecError);
}

TEST(DossierCodecTest, OptionsOfEveryTypeComeBack) {
  Options o;
  o.Set("b", true);
  o.Set("i", int64_t{-3});
  o.Set("d", 0.25);
  o.Set("s", std::string("vie"));
  o.Set("l", std::vector<std::string>{"a", "b"});
  o.Set("m", StringMap{{"k", "v"}});
  o.Set("none", std::monostate{});
  std::string bytes;
  ByteWriter w(bytes);
  EncodeOptions(o, w);
  ByteReader r(bytes);
  const Options back = DecodeOptions(r);
  EXPECT_TRUE(back.Bool("b"));
  EXPECT_EQ(back.Int("i"), -3);
  EXPECT_EQ(back.Double("d"), 0.25);
  EXPECT_EQ(back.String("s"), "vie");
  EXPECT_EQ(back.List("l")[1], "b");
  EXPECT_EQ(back.Map("m")[0].second, "v");
  EXPECT_FALSE(back.Has("none"));
  EXPECT_EQ(back.All().size(), 7u);
}

// The spill file between a streaming batch's passes: every dossier back in
// order, byte for byte, including ones larger than its write and read
// chunks; and nothing of it visible in the directory.
TEST(DossierSpillTest, DossiersComeBackInOrderAndTheFileIsNeverVisible) {
  const std::filesystem::path dir = hoso::testing::Scratch("DossierSpill");
  std::vector<std::string> written;
  {
    DossierSpill spill(dir);
    for (int i = 0; i < 3000; ++i) {
      Dossier d = FullDossier();
      d.id = "d" + std::to_string(i);
      // Every 1000th dossier holds 6 MiB of pixels: more than a chunk.
      if (i % 1000 == 999) d.pages[0].image.assign(size_t{6} << 20, static_cast<unsigned char>(i));
      written.push_back(Bytes(d));
      spill.Append(d);
    }
    EXPECT_TRUE(std::filesystem::is_empty(dir));
    spill.Rewind();
    EXPECT_EQ(spill.count(), 3000u);
    EXPECT_GT(spill.bytes(), uint64_t{18} << 20);
    Dossier back;
    size_t n = 0;
    while (spill.Next(back)) {
      ASSERT_LT(n, written.size());
      EXPECT_EQ(Bytes(back), written[n]) << "dossier " << n;
      ++n;
    }
    EXPECT_EQ(n, 3000u);
    EXPECT_FALSE(spill.Next(back));
  }
  EXPECT_TRUE(std::filesystem::is_empty(dir));
}

// Disk blocks the open spill file holds, found through /proc (the file has
// no name left); -1 when not found.
int64_t SpillBlocksOnDisk() {
  for (const auto& fd : std::filesystem::directory_iterator("/proc/self/fd")) {
    std::error_code ec;
    const std::string target = std::filesystem::read_symlink(fd.path(), ec).string();
    if (ec || target.find(".hoso-batch-spill-") == std::string::npos) continue;
    struct stat status {};
    if (::stat(fd.path().c_str(), &status) != 0) return -1;
    return static_cast<int64_t>(status.st_blocks) * 512;
  }
  return -1;
}

// What has been read is given back to the file system as the read goes on
// (its disk space and page cache), and what is still to come is intact.
TEST(DossierSpillTest, WhatHasBeenReadIsGivenBack) {
  const std::filesystem::path dir = hoso::testing::Scratch("DossierSpillRelease");
  std::vector<std::string> written;
  DossierSpill spill(dir);
  for (int i = 0; i < 12; ++i) {
    Dossier d = FullDossier();
    d.id = "d" + std::to_string(i);
    d.pages[0].image.assign(size_t{8} << 20, static_cast<unsigned char>(i));
    written.push_back(Bytes(d));
    spill.Append(d);
  }
  spill.Rewind();
  const int64_t full = SpillBlocksOnDisk();
  ASSERT_GT(full, int64_t{90} << 20);
  Dossier back;
  for (size_t n = 0; n < written.size(); ++n) {
    ASSERT_TRUE(spill.Next(back));
    EXPECT_EQ(Bytes(back), written[n]) << "dossier " << n;
    if (n == 7) {
      // 64 MiB read: at least the first 32 MiB are holes now.
      EXPECT_LE(SpillBlocksOnDisk(), full - (int64_t{32} << 20));
    }
  }
  EXPECT_FALSE(spill.Next(back));
}

TEST(DossierSpillTest, AMissingDirectoryIsNamed) {
  try {
    DossierSpill spill("/nonexistent/hoso-out");
    FAIL() << "no error";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("batch spill file in /nonexistent/hoso-out: cannot create"),
              std::string::npos)
        << e.what();
  }
}

}  // namespace
}  // namespace hoso::internal
