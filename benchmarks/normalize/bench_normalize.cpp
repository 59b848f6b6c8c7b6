// Normalization benchmark (scripts/bench-normalize): fields per second on one
// core, hoso's normalize_vi against what a user would otherwise run, in one
// process over the same generated fields.
//
//   bench_normalize --fields=FILE [--extra_out=FILE.json] [Google Benchmark flags]
//   bench_normalize --fields=FILE --dump_out=FILE.tsv
//
// FILE is written by `scripts/make-normalize-corpus --bench N --out FILE`:
// one field a line, `kind TAB encoding TAB value TAB raw TAB expected` (value
// escaped as \uXXXX; raw = legacy bytes in hex or "-"; expected "=" when it
// equals value). Every benchmark walks all fields once per iteration and
// reports items (fields) per CPU second.
//
// Contenders:
//   hoso/field            what normalize_vi's Repair() does to a field, plus
//                         MakeMatchKeys for names (NormalizeName)
//   hoso/repair_encoding  RepairEncoding alone
//   baseline/iconv+nfc    glibc iconv(3) from the known encoding where glibc
//                         has one (TCVN5712-1, VISCII, CP1258 from the raw
//                         bytes; UTF-8 -> WINDOWS-1252 for UTF-8 decoded
//                         twice), then ICU NFC on every field; no detection
//   baseline/nfc          ICU NFC alone on every field
// Stages of hoso/field (each over the whole mix, inputs prepared untimed):
//   stage/decode+tidy, stage/title_case (names), stage/tone_style+encode,
//   stage/match_keys (names, decode included); and repair/<encoding>: RepairEncoding
//   over the fields of one encoding (items = those fields).
//
// After the benchmarks, untimed: how many fields each contender repairs to
// the expected text, and peak RSS; written to --extra_out as JSON.
//
// --dump_out runs no benchmark: it writes what hoso makes of every field (the
// auto reading, every hinted reading, the display value with and without the
// memo, a name's keys and split), one line a field, so a change meant only to
// be faster can be checked to give byte-identical output (`cmp` two dumps).
#include <benchmark/benchmark.h>
#include <gnu/libc-version.h>
#include <iconv.h>
#include <sys/resource.h>
#include <unicode/bytestream.h>
#include <unicode/normalizer2.h>
#include <unicode/uversion.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <map>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "encoding_repair.h"
#include "field_normalizer.h"
#include "member_name.h"
#include "tone_style.h"
#include "vietnamese_text.h"

namespace {

namespace nv = hoso::normalize_vi;

enum class Kind { kName, kHometown, kDate };

// The baseline's conversion, chosen from the field's known encoding.
enum class Convert { kNone, kTcvn, kViscii, kCp1258, kUtf8Twice, kCount };

struct BenchField {
  Kind kind = Kind::kName;
  std::string encoding;  // as in the file: unicode-nfc, tcvn3, ...
  std::string value;     // what RepairEncoding receives (UTF-8)
  std::string raw;       // legacy bytes for iconv, empty when none
  std::string expected;  // repaired NFC text
  Convert convert = Convert::kNone;
};

std::vector<BenchField> g_fields;
size_t g_rss_after_load_kb = 0;

std::string Unescape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\' && i + 6 <= s.size() && s[i + 1] == 'u') {
      nv::AppendUtf8(out, static_cast<char32_t>(std::stoul(std::string(s.substr(i + 2, 4)), nullptr, 16)));
      i += 5;
    } else {
      out += s[i];
    }
  }
  return out;
}

std::string FromHex(std::string_view hex) {
  std::string out;
  out.reserve(hex.size() / 2);
  for (size_t i = 0; i + 1 < hex.size(); i += 2) {
    out.push_back(static_cast<char>(std::stoul(std::string(hex.substr(i, 2)), nullptr, 16)));
  }
  return out;
}

std::vector<std::string_view> SplitTabs(std::string_view line) {
  std::vector<std::string_view> cols;
  size_t start = 0;
  while (true) {
    const size_t tab = line.find('\t', start);
    cols.push_back(line.substr(start, tab == std::string_view::npos ? std::string_view::npos : tab - start));
    if (tab == std::string_view::npos) break;
    start = tab + 1;
  }
  return cols;
}

void LoadFields(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    const auto cols = SplitTabs(line);
    if (cols.size() != 5) throw std::runtime_error("bad line in " + path + ": " + line);
    BenchField f;
    f.kind = cols[0] == "name" ? Kind::kName : cols[0] == "hometown" ? Kind::kHometown : Kind::kDate;
    f.encoding = std::string(cols[1]);
    f.value = Unescape(cols[2]);
    if (cols[3] != "-") f.raw = FromHex(cols[3]);
    f.expected = cols[4] == "=" ? f.value : std::string(cols[4]);
    if (f.encoding == "tcvn3") f.convert = Convert::kTcvn;
    else if (f.encoding == "viscii") f.convert = Convert::kViscii;
    else if (f.encoding == "cp1258") f.convert = Convert::kCp1258;
    else if (f.encoding == "utf8-twice") f.convert = Convert::kUtf8Twice;
    if (f.convert != Convert::kNone && f.convert != Convert::kUtf8Twice && f.raw.empty()) {
      throw std::runtime_error("no raw bytes for a " + f.encoding + " field");
    }
    g_fields.push_back(std::move(f));
  }
  if (g_fields.empty()) throw std::runtime_error("no fields in " + path);
}

size_t StatusKb(const char* key) {
  std::ifstream in("/proc/self/status");
  std::string line;
  const size_t n = std::strlen(key);
  while (std::getline(in, line)) {
    if (line.compare(0, n, key) == 0) return std::stoul(line.substr(n + 1));
  }
  return 0;
}

// Peak RSS of the process so far, as a counter: benchmarks run in the order
// they are registered, so the contenders' figures do not include the stages'.
void PeakRss(benchmark::State& state) {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  state.counters["peak_rss_mb"] = static_cast<double>(usage.ru_maxrss) / 1024.0;
}

// --- hoso ------------------------------------------------------------------

// What normalize_vi's Repair() does to a text field (tone style new, names
// title cased: the plugin's defaults), then for a name NormalizeName()'s keys
// and split: FieldNormalizer, the class the plugin runs. Returns the display
// value; `keys` filled for names.
std::string HosoField(nv::FieldNormalizer& normalizer, const BenchField& f,
                      hoso::MatchKeys& keys) {
  const nv::FieldKind kind = f.kind == Kind::kName       ? nv::FieldKind::kName
                             : f.kind == Kind::kHometown ? nv::FieldKind::kPlace
                                                         : nv::FieldKind::kDate;
  std::string value = normalizer.Normalize(f.value, kind, nv::Encoding::kAuto).value;
  if (f.kind == Kind::kName) keys = normalizer.Name(value).keys;
  return value;
}

const nv::FamilyNames& Families() {
  static const nv::FamilyNames names =
      nv::FamilyNames::Load(std::string(HOSO_MODELS_DIR) + "/names/family_names.txt");
  return names;
}

// `memo_entries` as the plugin's option: 262144 is its default, 0 turns the
// memo off so every field is worked out from scratch.
void BM_HosoField(benchmark::State& state, size_t memo_entries) {
  double hit_rate = 0;
  for (auto _ : state) {
    // A fresh normalizer per pass: each pass is one batch seen for the first time.
    nv::FieldNormalizer normalizer(nv::ToneStyle::kNew, true, &Families(), memo_entries);
    for (const BenchField& f : g_fields) {
      hoso::MatchKeys keys;
      std::string value = HosoField(normalizer, f, keys);
      benchmark::DoNotOptimize(value);
      benchmark::DoNotOptimize(keys);
    }
    if (normalizer.lookups() > 0) {
      hit_rate = static_cast<double>(normalizer.hits()) / static_cast<double>(normalizer.lookups());
    }
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * g_fields.size()));
  state.counters["memo_hit_rate"] = hit_rate;
  PeakRss(state);
}

void BM_HosoRepair(benchmark::State& state) {
  for (auto _ : state) {
    for (const BenchField& f : g_fields) {
      nv::RepairedText r = nv::RepairEncoding(f.value);
      benchmark::DoNotOptimize(r);
    }
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * g_fields.size()));
  PeakRss(state);
}

// RepairEncoding over the fields of one encoding.
void BM_RepairOf(benchmark::State& state, std::string encoding) {
  std::vector<const BenchField*> subset;
  for (const BenchField& f : g_fields) {
    if (f.encoding == encoding) subset.push_back(&f);
  }
  for (auto _ : state) {
    for (const BenchField* f : subset) {
      nv::RepairedText r = nv::RepairEncoding(f->value);
      benchmark::DoNotOptimize(r);
    }
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * subset.size()));
  state.counters["fields"] = static_cast<double>(subset.size());
  PeakRss(state);
}

enum class Stage { kDecodeTidy, kTitleCase, kToneStyleEncode, kMatchKeys };

// One stage's inputs, what that stage of HosoField sees, prepared untimed
// (only the vector the stage needs, so the stages do not set the peak RSS).
struct StageInputs {
  std::vector<std::string> repaired;    // RepairEncoding's text (or the input): decode+tidy
  std::vector<std::u32string> text;     // title_case: tidy names; tone_style: its input
  std::vector<std::string> display;     // match_keys: the display value of names
};

StageInputs MakeStageInputs(Stage stage) {
  StageInputs in;
  for (const BenchField& f : g_fields) {
    nv::RepairedText r = nv::RepairEncoding(f.value);
    const bool skip = r.outcome == nv::RepairOutcome::kAmbiguous ||
                      r.outcome == nv::RepairOutcome::kUnreadable;
    const bool name = f.kind == Kind::kName;
    std::string repaired = skip ? f.value : std::move(r.text);
    if (stage == Stage::kDecodeTidy) {
      in.repaired.push_back(std::move(repaired));
      continue;
    }
    std::u32string text;
    nv::DecodeUtf8(repaired, text);
    text = nv::TidySpaces(text);
    if (stage == Stage::kTitleCase) {
      in.text.push_back(name ? std::move(text) : std::u32string());
      continue;
    }
    if (name) text = nv::TitleCase(text);
    if (stage == Stage::kToneStyleEncode) {
      in.text.push_back(std::move(text));
    } else {
      in.display.push_back(name ? nv::EncodeUtf8(nv::ApplyToneStyle(text, nv::ToneStyle::kNew))
                                : std::string());
    }
  }
  return in;
}

void BM_Stage(benchmark::State& state, Stage stage) {
  const StageInputs in = MakeStageInputs(stage);
  for (auto _ : state) {
    for (size_t i = 0; i < g_fields.size(); ++i) {
      const bool name = g_fields[i].kind == Kind::kName;
      switch (stage) {
        case Stage::kDecodeTidy: {
          std::u32string text;
          nv::DecodeUtf8(in.repaired[i], text);
          text = nv::TidySpaces(text);
          benchmark::DoNotOptimize(text);
          break;
        }
        case Stage::kTitleCase:
          if (name) {
            std::u32string t = nv::TitleCase(in.text[i]);
            benchmark::DoNotOptimize(t);
          }
          break;
        case Stage::kToneStyleEncode: {
          std::string v = nv::EncodeUtf8(nv::ApplyToneStyle(in.text[i], nv::ToneStyle::kNew));
          benchmark::DoNotOptimize(v);
          break;
        }
        case Stage::kMatchKeys:
          if (name) {
            std::u32string full;
            nv::DecodeUtf8(in.display[i], full);
            hoso::MatchKeys keys = nv::MakeMatchKeys(full);
            benchmark::DoNotOptimize(keys);
          }
          break;
      }
    }
  }
  // Items are all fields of the mix, so stage times add up to hoso/field's.
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * g_fields.size()));
  PeakRss(state);
}

// --- baseline: glibc iconv(3) + ICU NFC ----------------------------------

class Baseline {
 public:
  Baseline() {
    const char* from[] = {nullptr, "TCVN5712-1", "VISCII", "CP1258", "UTF-8"};
    const char* to[] = {nullptr, "UTF-8", "UTF-8", "UTF-8", "WINDOWS-1252"};
    for (int c = 1; c < static_cast<int>(Convert::kCount); ++c) {
      cd_[c] = iconv_open(to[c], from[c]);
      if (cd_[c] == reinterpret_cast<iconv_t>(-1)) {
        throw std::runtime_error(std::string("iconv_open ") + from[c] + ": " + std::strerror(errno));
      }
    }
    UErrorCode status = U_ZERO_ERROR;
    nfc_ = icu::Normalizer2::getNFCInstance(status);
    if (U_FAILURE(status)) throw std::runtime_error("ICU NFC instance");
  }
  ~Baseline() {
    for (int c = 1; c < static_cast<int>(Convert::kCount); ++c) iconv_close(cd_[c]);
  }
  Baseline(const Baseline&) = delete;
  Baseline& operator=(const Baseline&) = delete;

  // The field's text as the user's tool would give it: `out` NFC. False when
  // iconv rejected the input (then `out` is the NFC of the field's value).
  bool Run(const BenchField& f, std::string& out) {
    out.clear();
    std::string_view text = f.value;
    bool ok = true;
    if (f.convert != Convert::kNone) {
      const std::string& in = f.convert == Convert::kUtf8Twice ? f.value : f.raw;
      if (Iconv(cd_[static_cast<int>(f.convert)], in, converted_)) {
        text = converted_;
      } else {
        ok = false;
      }
    }
    UErrorCode status = U_ZERO_ERROR;
    icu::StringByteSink<std::string> sink(&out, static_cast<int32_t>(text.size()));
    nfc_->normalizeUTF8(0, icu::StringPiece(text.data(), static_cast<int32_t>(text.size())), sink,
                        nullptr, status);
    return ok && U_SUCCESS(status);
  }

 private:
  static bool Iconv(iconv_t cd, const std::string& in, std::string& out) {
    iconv(cd, nullptr, nullptr, nullptr, nullptr);  // initial state
    out.resize(in.size() * 4 + 16);
    char* src = const_cast<char*>(in.data());
    size_t src_left = in.size();
    char* dst = out.data();
    size_t dst_left = out.size();
    if (iconv(cd, &src, &src_left, &dst, &dst_left) == static_cast<size_t>(-1)) return false;
    // Stateful decoders (CP1258, TCVN) hold the last letter back for a
    // combining mark that may follow: flush it.
    if (iconv(cd, nullptr, nullptr, &dst, &dst_left) == static_cast<size_t>(-1)) return false;
    out.resize(out.size() - dst_left);
    return true;
  }

  iconv_t cd_[static_cast<int>(Convert::kCount)] = {};
  const icu::Normalizer2* nfc_ = nullptr;
  std::string converted_;
};

void BM_BaselineIconvNfc(benchmark::State& state) {
  Baseline baseline;
  std::string out;
  for (auto _ : state) {
    for (const BenchField& f : g_fields) {
      bool ok = baseline.Run(f, out);
      benchmark::DoNotOptimize(ok);
      benchmark::DoNotOptimize(out);
    }
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * g_fields.size()));
  PeakRss(state);
}

void BM_BaselineNfc(benchmark::State& state) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
  std::string out;
  for (auto _ : state) {
    for (const BenchField& f : g_fields) {
      out.clear();
      icu::StringByteSink<std::string> sink(&out, static_cast<int32_t>(f.value.size()));
      nfc->normalizeUTF8(0, icu::StringPiece(f.value.data(), static_cast<int32_t>(f.value.size())), sink,
                         nullptr, status);
      benchmark::DoNotOptimize(out);
    }
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * g_fields.size()));
  PeakRss(state);
}

// --- after the run: correctness tallies and memory -------------------------

std::string JsonString(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

void WriteExtra(const std::string& path) {
  struct Tally {
    size_t fields = 0, hoso_ok = 0, hoso_changed = 0, baseline_ok = 0, baseline_iconv_failed = 0;
    std::map<std::string, size_t> outcomes;
  };
  std::map<std::string, Tally> by_encoding;
  Baseline baseline;
  std::string out;
  const char* outcome_names[] = {"unchanged", "repaired", "ambiguous", "unreadable"};
  for (const BenchField& f : g_fields) {
    Tally& t = by_encoding[f.encoding];
    ++t.fields;
    const nv::RepairedText r = nv::RepairEncoding(f.value);
    ++t.outcomes[outcome_names[static_cast<int>(r.outcome)]];
    if (r.text == f.expected) ++t.hoso_ok;
    if (r.text != f.value) ++t.hoso_changed;
    if (!baseline.Run(f, out)) ++t.baseline_iconv_failed;
    if (out == f.expected) ++t.baseline_ok;
  }
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  std::ofstream o(path);
  o << "{\n \"fields\": " << g_fields.size() << ",\n \"peak_rss_kb\": " << usage.ru_maxrss
    << ",\n \"rss_after_load_kb\": " << g_rss_after_load_kb
    << ",\n \"icu\": " << JsonString(U_ICU_VERSION) << ",\n \"glibc\": " << JsonString(gnu_get_libc_version())
    << ",\n \"by_encoding\": {";
  bool first = true;
  for (const auto& [enc, t] : by_encoding) {
    o << (first ? "\n  " : ",\n  ") << JsonString(enc) << ": {\"fields\": " << t.fields
      << ", \"hoso_ok\": " << t.hoso_ok << ", \"hoso_changed\": " << t.hoso_changed
      << ", \"baseline_ok\": " << t.baseline_ok << ", \"baseline_iconv_failed\": " << t.baseline_iconv_failed
      << ", \"outcomes\": {";
    bool f2 = true;
    for (const auto& [name, n] : t.outcomes) {
      o << (f2 ? "" : ", ") << JsonString(name) << ": " << n;
      f2 = false;
    }
    o << "}}";
    first = false;
  }
  o << "\n }\n}\n";
}

// Everything hoso's text work returns for a field, escaped so a line is a field.
void WriteDump(const std::string& path) {
  std::ofstream o(path, std::ios::binary);
  if (!o) throw std::runtime_error("cannot write " + path);
  auto put = [&o](std::string_view s) {
    o << '\t';
    for (char c : s) {
      if (c == '\t' || c == '\n' || c == '\\' || static_cast<unsigned char>(c) < 0x20) {
        o << '\\' << static_cast<int>(static_cast<unsigned char>(c)) << ';';
      } else {
        o << c;
      }
    }
  };
  constexpr nv::Encoding kHints[] = {nv::Encoding::kAuto,   nv::Encoding::kUnicode,
                                     nv::Encoding::kTcvn3,  nv::Encoding::kVni,
                                     nv::Encoding::kViscii, nv::Encoding::kCp1258,
                                     nv::Encoding::kViqr,   nv::Encoding::kUtf8Twice};
  nv::FieldNormalizer memo(nv::ToneStyle::kNew, true, &Families(), 262144);
  nv::FieldNormalizer old_style(nv::ToneStyle::kOld, false, &Families(), 0);
  for (const BenchField& f : g_fields) {
    o << f.encoding;
    for (nv::Encoding hint : kHints) {
      const nv::RepairedText r = nv::RepairEncoding(f.value, hint);
      put(std::to_string(static_cast<int>(r.outcome)) + std::string(nv::EncodingName(r.encoding)));
      put(r.text);
    }
    hoso::MatchKeys keys;
    const std::string value = HosoField(memo, f, keys);
    put(value);
    const nv::FieldKind kind = f.kind == Kind::kName       ? nv::FieldKind::kName
                               : f.kind == Kind::kHometown ? nv::FieldKind::kPlace
                                                           : nv::FieldKind::kDate;
    put(old_style.Normalize(f.value, kind, nv::Encoding::kAuto).value);
    if (f.kind == Kind::kName) {
      const nv::NormalizedName& name = memo.Name(value);
      for (const std::string* s :
           {&name.keys.exact, &name.keys.placement_free, &name.keys.ascii_folded,
            &name.keys.ocr_tolerant, &name.parts.family, &name.parts.middle, &name.parts.given}) {
        put(*s);
      }
      put(name.parts.family_known ? "known" : "unknown");
    }
    o << '\n';
  }
}

}  // namespace

int main(int argc, char** argv) {
  std::string fields_path, extra_out, dump_out;
  std::vector<char*> args;
  for (int i = 0; i < argc; ++i) {
    const std::string_view a = argv[i];
    if (a.starts_with("--fields=")) fields_path = std::string(a.substr(9));
    else if (a.starts_with("--extra_out=")) extra_out = std::string(a.substr(12));
    else if (a.starts_with("--dump_out=")) dump_out = std::string(a.substr(11));
    else args.push_back(argv[i]);
  }
  int n = static_cast<int>(args.size());
  benchmark::Initialize(&n, args.data());
  if (benchmark::ReportUnrecognizedArguments(n, args.data())) return 1;
  if (fields_path.empty()) {
    std::cerr << "usage: bench_normalize --fields=FILE [--extra_out=FILE] [benchmark flags]\n"
                 "FILE: scripts/make-normalize-corpus --bench N --out FILE\n";
    return 2;
  }
  try {
    LoadFields(fields_path);
  } catch (const std::exception& e) {
    std::cerr << "bench_normalize: " << e.what() << "\n";
    return 1;
  }
  if (!dump_out.empty()) {
    WriteDump(dump_out);
    return 0;
  }
  g_rss_after_load_kb = StatusKb("VmRSS:");
  benchmark::AddCustomContext("fields", std::to_string(g_fields.size()));
  benchmark::AddCustomContext("fields_file", fields_path);
  benchmark::AddCustomContext("icu", U_ICU_VERSION);
  benchmark::AddCustomContext("glibc", gnu_get_libc_version());

  auto unit = [](benchmark::internal::Benchmark* b) { b->Unit(benchmark::kMillisecond); };
  unit(benchmark::RegisterBenchmark("hoso/field", BM_HosoField, size_t{262144}));
  unit(benchmark::RegisterBenchmark("hoso/field_no_memo", BM_HosoField, size_t{0}));
  unit(benchmark::RegisterBenchmark("hoso/repair_encoding", BM_HosoRepair));
  unit(benchmark::RegisterBenchmark("baseline/iconv+nfc", BM_BaselineIconvNfc));
  unit(benchmark::RegisterBenchmark("baseline/nfc", BM_BaselineNfc));
  unit(benchmark::RegisterBenchmark("stage/decode+tidy", BM_Stage, Stage::kDecodeTidy));
  unit(benchmark::RegisterBenchmark("stage/title_case", BM_Stage, Stage::kTitleCase));
  unit(benchmark::RegisterBenchmark("stage/tone_style+encode", BM_Stage, Stage::kToneStyleEncode));
  unit(benchmark::RegisterBenchmark("stage/match_keys", BM_Stage, Stage::kMatchKeys));
  std::map<std::string, int> encodings;
  for (const BenchField& f : g_fields) ++encodings[f.encoding];
  for (const auto& [enc, count] : encodings) {
    unit(benchmark::RegisterBenchmark(("repair/" + enc).c_str(), BM_RepairOf, enc));
  }
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  if (!extra_out.empty()) WriteExtra(extra_out);
  return 0;
}
