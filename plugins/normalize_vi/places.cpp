// Gazetteer over models/admin: the 63-province list (before 1 July 2025), the
// 34-province list (since), the commune mapping between them and the older
// provincial units dossiers still name.
//
// Text is folded into keys in which tone placement does not matter (the tone
// moves to the end of its syllable), split into parts at commas, unit-type
// words and, failing a match, dashes or known names, and read from the largest
// unit to the smallest. Every reading that fits the hierarchy is scored; the
// best ones are merged, and codes they disagree on are dropped with an
// ambiguity finding instead of a guess.
//
// Findings (rule ids), most serious first; the messages never quote the text:
//   vn.place.unknown           nothing matched; no codes.
//   vn.place.ambiguous         several units fit equally well ("xã Tân Lập",
//                              "Nghệ Tĩnh" alone); codes they share are kept.
//   vn.place.partial           a part was not found: between or after the units
//                              read, or before them when no commune was reached
//                              (left of a commune is a hamlet or street).
//   vn.place.historical_split  an older unit over several of the 63 provinces
//                              (Hà Nam Ninh); only the 2025 province is known.
//   vn.place.commune_split     the old commune was divided in 2025; the 2025
//                              commune is left empty rather than picked.
// A commune written with a province but no district reads as the 2025 form
// when the province name still exists, since old addresses name the district;
// its old codes then come from the old communes it was made of.
#include "places.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <fstream>
#include <functional>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>
#include <string>
#include <tuple>
#include <unordered_map>
#include <utility>
#include <vector>

namespace hoso::normalize_vi {
namespace {

constexpr char kUnknown[] = "vn.place.unknown";
constexpr char kAmbiguous[] = "vn.place.ambiguous";
constexpr char kPartial[] = "vn.place.partial";
constexpr char kHistoricalSplit[] = "vn.place.historical_split";
constexpr char kCommuneSplit[] = "vn.place.commune_split";

// ---------------------------------------------------------------------------
// Folding

// Per code point: the lowercase letter without its tone mark (vowel quality
// marks such as the circumflex stay, they tell names apart), its tone, and the
// bare ASCII letter for the accent-insensitive key.
struct FoldedChar {
  std::array<char, 4> exact{};
  uint8_t exact_len = 0;
  uint8_t tone = 0;  // 0 none; 1..5 acute, grave, hook above, tilde, dot below
  char loose = 0;    // 0: not a letter
};

class FoldTable {
 public:
  static const FoldTable& Get() {
    static const FoldTable table;  // built once; static init is thread-safe
    return table;
  }
  const FoldedChar* Find(char32_t cp) const {
    if (cp >= table_.size() || table_[cp].loose == 0) return nullptr;
    return &table_[cp];
  }

 private:
  FoldTable() : table_(0x1F00) {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* nfd = icu::Normalizer2::getNFDInstance(status);
    const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
    if (U_FAILURE(status)) throw std::runtime_error("ICU normalizer unavailable");
    for (char32_t cp = 0x41; cp < table_.size(); ++cp) {
      if (cp > 0x24F && cp < 0x1E00) continue;
      const auto lower = static_cast<char32_t>(u_tolower(static_cast<UChar32>(cp)));
      FoldedChar folded;
      icu::UnicodeString base;
      if (lower == 0x111) {  // đ has no decomposition
        base = icu::UnicodeString(static_cast<UChar32>(lower));
        folded.loose = 'd';
      } else {
        icu::UnicodeString decomposed;
        if (!nfd->getDecomposition(static_cast<UChar32>(lower), decomposed)) {
          decomposed = icu::UnicodeString(static_cast<UChar32>(lower));
        }
        const UChar32 first = decomposed.char32At(0);
        if (first > 0x7F || !u_isalpha(first)) continue;
        folded.loose = static_cast<char>(first);
        base = icu::UnicodeString(first);
        for (int32_t i = U16_LENGTH(first); i < decomposed.length();) {
          const UChar32 mark = decomposed.char32At(i);
          i += U16_LENGTH(mark);
          switch (mark) {
            case 0x301: folded.tone = 1; break;
            case 0x300: folded.tone = 2; break;
            case 0x309: folded.tone = 3; break;
            case 0x303: folded.tone = 4; break;
            case 0x323: folded.tone = 5; break;
            default: base.append(mark);  // circumflex, breve, horn
          }
        }
        UErrorCode compose_status = U_ZERO_ERROR;
        base = nfc->normalize(base, compose_status);
      }
      std::string utf8;
      base.toUTF8String(utf8);
      if (utf8.size() > folded.exact.size()) continue;
      std::copy(utf8.begin(), utf8.end(), folded.exact.begin());
      folded.exact_len = static_cast<uint8_t>(utf8.size());
      table_[cp] = folded;
    }
  }

  std::vector<FoldedChar> table_;
};

char32_t DecodeUtf8(std::string_view text, size_t& pos) {
  const auto byte = static_cast<unsigned char>(text[pos]);
  int extra = byte >= 0xF0 ? 3 : byte >= 0xE0 ? 2 : byte >= 0xC0 ? 1 : 0;
  char32_t cp = extra == 0 ? byte : byte & (0x3F >> extra);
  ++pos;
  for (; extra > 0 && pos < text.size(); --extra, ++pos) {
    const auto next = static_cast<unsigned char>(text[pos]);
    if ((next & 0xC0) != 0x80) return 0xFFFD;
    cp = (cp << 6) | (next & 0x3F);
  }
  return extra == 0 ? cp : 0xFFFD;
}

struct Token {
  std::string exact;  // folded, tone digit at the end of the syllable
  std::string loose;  // ASCII, no tone
  bool dotted = false;      // followed by '.': may be an abbreviation
  bool hard_break = false;  // a comma or the like comes before it
  bool soft_break = false;  // a dash comes before it
};

struct Tokenized {
  std::vector<Token> tokens;
  bool ascii_only = true;  // no diacritics at all: only the loose keys mean anything
};

// Dossier text is NFC, but a decomposed mark would split a syllable in two.
std::string ComposeIfNeeded(std::string_view text) {
  for (size_t pos = 0; pos < text.size();) {
    const char32_t cp = DecodeUtf8(text, pos);
    if (cp >= 0x300 && cp <= 0x36F) {
      UErrorCode status = U_ZERO_ERROR;
      const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
      icu::UnicodeString composed = nfc->normalize(
          icu::UnicodeString::fromUTF8(icu::StringPiece(text.data(), text.size())), status);
      std::string out;
      composed.toUTF8String(out);
      return out;
    }
  }
  return std::string(text);
}

Tokenized Tokenize(std::string_view raw) {
  const std::string text = ComposeIfNeeded(raw);
  const FoldTable& fold = FoldTable::Get();
  Tokenized out;
  Token current;
  uint8_t tone = 0;
  bool joining = false;  // after an apostrophe: "Ea H' Leo" is one syllable
  bool pending_hard = false;
  bool pending_soft = false;
  int bracket_depth = 0;

  auto finish = [&](bool dotted) {
    if (current.exact.empty()) return;
    if (std::all_of(current.exact.begin(), current.exact.end(),
                    [](char c) { return c >= '0' && c <= '9'; })) {
      // "Phường 01" and "Phường 1" are the same ward.
      const size_t first = std::min(current.exact.find_first_not_of('0'), current.exact.size() - 1);
      current.exact.erase(0, first);
      current.loose = current.exact;
    } else if (tone != 0) {
      current.exact.push_back(static_cast<char>('0' + tone));
    }
    current.hard_break = pending_hard;
    current.soft_break = pending_soft;
    pending_hard = pending_soft = false;
    // "Q1", "P12": a glued unit-type letter and number.
    const std::string& loose = current.loose;
    if (loose.size() >= 2 && (loose[0] == 'q' || loose[0] == 'p') &&
        std::all_of(loose.begin() + 1, loose.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      Token letter = current;
      letter.exact = letter.loose = loose.substr(0, 1);
      letter.dotted = true;
      std::string digits = loose.substr(1);
      digits.erase(0, std::min(digits.find_first_not_of('0'), digits.size() - 1));
      Token number;
      number.exact = number.loose = digits;
      number.dotted = dotted;
      out.tokens.push_back(std::move(letter));
      out.tokens.push_back(std::move(number));
    } else {
      current.dotted = dotted;
      out.tokens.push_back(std::move(current));
    }
    current = Token();
    tone = 0;
    joining = false;
  };

  for (size_t pos = 0; pos < text.size();) {
    const char32_t cp = DecodeUtf8(text, pos);
    if (cp == '(' || cp == '[') {
      finish(false);
      ++bracket_depth;  // "(nay là ...)" and other asides are not the place
      continue;
    }
    if (cp == ')' || cp == ']') {
      finish(false);
      bracket_depth = std::max(0, bracket_depth - 1);
      continue;
    }
    if (bracket_depth > 0) continue;
    if (const FoldedChar* folded = fold.Find(cp)) {
      if (cp >= 0x80) out.ascii_only = false;
      current.exact.append(folded->exact.data(), folded->exact_len);
      current.loose.push_back(folded->loose);
      if (folded->tone != 0) tone = folded->tone;
      joining = false;
      continue;
    }
    if (cp >= '0' && cp <= '9') {
      current.exact.push_back(static_cast<char>(cp));
      current.loose.push_back(static_cast<char>(cp));
      continue;
    }
    switch (cp) {
      case '\'': case 0x2019: case 0x2018: case 0x2BC:
        joining = !current.exact.empty();
        break;
      case '.':
        finish(true);
        break;
      case ',': case ';': case ':': case '/': case '\\': case '|': case '\n': case '\r':
        finish(false);
        pending_hard = true;
        break;
      case '-': case 0x2010: case 0x2011: case 0x2012: case 0x2013: case 0x2014: case 0x2212:
        finish(false);
        pending_soft = true;
        break;
      case ' ': case '\t': case 0xA0:
        if (!joining) finish(false);
        break;
      default:
        if (cp >= 0x300 && cp <= 0x36F) break;  // a stray mark left by NFC
        finish(false);
    }
  }
  finish(false);
  return out;
}

std::string JoinKey(const std::vector<Token>& tokens, size_t begin, size_t end, bool loose) {
  std::string key;
  for (size_t i = begin; i < end; ++i) {
    if (i > begin) key.push_back(' ');
    key += loose ? tokens[i].loose : tokens[i].exact;
  }
  return key;
}

// ---------------------------------------------------------------------------
// Unit types and the words that name them

enum class UnitType : uint8_t {
  kNone,     // no type word
  kGeneric,  // "T.": tỉnh, thành phố or thị trấn; only a boundary
  kProvince,
  kCity,
  kUrbanDistrict,
  kRuralDistrict,
  kTown,
  kCommune,
  kWard,
  kTownlet,
  kSpecialZone,
};

struct TypeWord {
  const char* text;
  UnitType type;
};

// Longest first so "thị xã" wins over "xã".
constexpr TypeWord kTypeWords[] = {
    {"thành phố", UnitType::kCity},          {"thị xã", UnitType::kTown},
    {"thị trấn", UnitType::kTownlet},        {"đặc khu", UnitType::kSpecialZone},
    {"tỉnh", UnitType::kProvince},           {"quận", UnitType::kUrbanDistrict},
    {"huyện", UnitType::kRuralDistrict},     {"xã", UnitType::kCommune},
    {"phường", UnitType::kWard},
};

const char* TypeDisplay(UnitType type) {
  switch (type) {
    case UnitType::kProvince: return "tỉnh";
    case UnitType::kCity: return "thành phố";
    case UnitType::kUrbanDistrict: return "quận";
    case UnitType::kRuralDistrict: return "huyện";
    case UnitType::kTown: return "thị xã";
    case UnitType::kCommune: return "xã";
    case UnitType::kWard: return "phường";
    case UnitType::kTownlet: return "thị trấn";
    case UnitType::kSpecialZone: return "đặc khu";
    default: return "";
  }
}

enum Level : uint8_t { kProvinceLevel, kDistrictLevel, kCommuneLevel, kCommune2025Level };

bool LevelAccepts(Level level, UnitType hint) {
  if (hint == UnitType::kNone || hint == UnitType::kGeneric) return true;
  switch (level) {
    case kProvinceLevel: return hint == UnitType::kProvince || hint == UnitType::kCity;
    case kDistrictLevel:
      return hint == UnitType::kCity || hint == UnitType::kUrbanDistrict ||
             hint == UnitType::kRuralDistrict || hint == UnitType::kTown ||
             hint == UnitType::kSpecialZone;
    case kCommuneLevel:
      return hint == UnitType::kCommune || hint == UnitType::kWard || hint == UnitType::kTownlet;
    case kCommune2025Level:
      // No thị trấn since 2025, but a new xã often kept the town's name.
      return hint == UnitType::kCommune || hint == UnitType::kWard ||
             hint == UnitType::kTownlet || hint == UnitType::kSpecialZone;
  }
  return false;
}

// ---------------------------------------------------------------------------
// Model

struct Unit {
  std::string code;
  std::string name;  // without the type word
  UnitType type = UnitType::kNone;
  std::string Display() const {
    const char* word = TypeDisplay(type);
    return *word ? std::string(word) + " " + name : name;
  }
};

struct OldProvince : Unit {
  int province_2025 = -1;
};
struct District : Unit {
  int province = -1;
};
struct Commune : Unit {
  int district = -1;
  int province = -1;
  std::vector<int> communes_2025;  // several when split in 2025
};
struct Commune2025 : Unit {
  int province = -1;
  // What the old system knows of it: -1 when its old communes lie in several.
  int old_province = -1;
  int old_district = -1;
  int old_commune = -1;  // only when it is one old commune, whole
};

// A name that stands for one or more of the 63 provinces: a province itself,
// an older unit covering several, or another spelling.
struct ProvinceGroup {
  Unit unit;               // as displayed when the text named it
  std::string historical;  // set for units older than the 63-province list
  std::vector<int> provinces;       // 63-province indices it stands for
  std::vector<int> lower_only;      // searched for lower units only
  std::string lower_historical;     // the older unit, when a lower unit lies in lower_only
  std::vector<int> provinces_2025;  // where `provinces` went
  std::vector<int> stretch;         // other old provinces in the 2025 province of this name
  bool named_2025 = false;          // the name is one of the 34 provinces
};

constexpr uint32_t kKindShift = 28;
constexpr uint32_t kIndexMask = (1u << kKindShift) - 1;
uint32_t MakeRef(Level level, size_t index) {
  return (static_cast<uint32_t>(level) << kKindShift) | static_cast<uint32_t>(index);
}
Level RefLevel(uint32_t ref) { return static_cast<Level>(ref >> kKindShift); }
int RefIndex(uint32_t ref) { return static_cast<int>(ref & kIndexMask); }

struct KeyHash {
  using is_transparent = void;
  size_t operator()(std::string_view key) const { return std::hash<std::string_view>{}(key); }
};
using NameIndex = std::unordered_map<std::string, std::vector<uint32_t>, KeyHash, std::equal_to<>>;

bool Contains(const std::vector<int>& values, int value) {
  return std::find(values.begin(), values.end(), value) != values.end();
}

// ---------------------------------------------------------------------------
// Reading the files

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  if (!in) throw std::runtime_error("administrative units: cannot read " + path.string());
  std::string content(static_cast<size_t>(in.tellg()), '\0');
  in.seekg(0);
  if (!in.read(content.data(), static_cast<std::streamsize>(content.size()))) {
    throw std::runtime_error("administrative units: cannot read " + path.string());
  }
  return content;
}

nlohmann::json ReadJson(const std::filesystem::path& path) {
  try {
    return nlohmann::json::parse(ReadFile(path));
  } catch (const nlohmann::json::exception& error) {
    throw std::runtime_error("administrative units: " + path.string() + ": " + error.what());
  }
}

// Rows of a tab-separated file, without '#' comments and the header row.
std::vector<std::vector<std::string>> ReadTsv(const std::filesystem::path& path,
                                              size_t min_columns) {
  std::istringstream in(ReadFile(path));
  std::vector<std::vector<std::string>> rows;
  std::string line;
  bool header = true;
  int line_number = 0;
  while (std::getline(in, line)) {
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || line[0] == '#') continue;
    if (header) {
      header = false;
      continue;
    }
    std::vector<std::string> fields;
    for (size_t start = 0;;) {
      const size_t tab = line.find('\t', start);
      fields.push_back(line.substr(start, tab == std::string::npos ? tab : tab - start));
      if (tab == std::string::npos) break;
      start = tab + 1;
    }
    if (fields.size() < min_columns) {
      throw std::runtime_error("administrative units: " + path.string() + ": line " +
                               std::to_string(line_number) + " has too few columns");
    }
    rows.push_back(std::move(fields));
  }
  return rows;
}

std::vector<std::string> SplitList(const std::string& text) {
  std::vector<std::string> items;
  std::istringstream in(text);
  for (std::string item; std::getline(in, item, ',');) {
    if (!item.empty()) items.push_back(item);
  }
  return items;
}

// "Huyện Hoài Đức" -> type and "Hoài Đức". Data names carry stray spaces.
Unit SplitFullName(std::string code, const std::string& full_name) {
  static constexpr std::pair<const char*, UnitType> kPrefixes[] = {
      {"Thành phố ", UnitType::kCity},   {"Thị xã ", UnitType::kTown},
      {"Thị trấn ", UnitType::kTownlet}, {"Đặc khu ", UnitType::kSpecialZone},
      {"Tỉnh ", UnitType::kProvince},    {"Quận ", UnitType::kUrbanDistrict},
      {"Huyện ", UnitType::kRuralDistrict}, {"Xã ", UnitType::kCommune},
      {"Phường ", UnitType::kWard},
  };
  Unit unit;
  unit.code = std::move(code);
  std::string name = full_name;
  for (const auto& [prefix, type] : kPrefixes) {
    if (name.rfind(prefix, 0) == 0) {
      unit.type = type;
      name.erase(0, std::string_view(prefix).size());
      break;
    }
  }
  std::string clean;
  for (char c : name) {
    if (c == ' ' && (clean.empty() || clean.back() == ' ')) continue;
    clean.push_back(c);
  }
  while (!clean.empty() && clean.back() == ' ') clean.pop_back();
  unit.name = std::move(clean);
  return unit;
}

// ---------------------------------------------------------------------------
// Resolution

struct Part {
  UnitType hint = UnitType::kNone;
  int type_begin = -1;  // the type word's first token, when a word gave the hint
  int begin = 0;        // name tokens [begin, end)
  int end = 0;
};

struct Hit {
  uint32_t ref;
  bool loose;
  uint8_t penalty;  // the written type differs from the unit's
};

struct PartHits {
  std::vector<Hit> exact;
  std::vector<Hit> loose;
};

// One way of reading the text: a unit per level, at most.
struct Reading {
  int group = -1;
  int district = -1;
  int commune = -1;
  int commune_2025 = -1;
  // Score, best first: more parts matched, fewer skipped, fewer type
  // mismatches, larger units ("Hà Tĩnh" is the province before the city),
  // fewer accent-insensitive matches.
  int matched = 0;
  int skipped = 0;   // unmatched parts right of the smallest unit read
  int pending = 0;   // unmatched parts since the last unit read
  int leftover = 0;  // unmatched parts left of the smallest unit read
  int penalty = 0;
  int depth = 0;
  int loose = 0;
  auto Score() const { return std::make_tuple(-matched, skipped, penalty, depth, loose); }
};

// Codes as indices; -1 unknown.
struct Outcome {
  int province = -1;
  int district = -1;
  int commune = -1;
  int province_2025 = -1;
  int commune_2025 = -1;
  std::string historical;
  int historical_group = -1;
  bool old_form = false;
  bool new_form = false;
  bool at_commune = false;       // the reading went down to a commune
  bool split = false;            // the old commune went to several 2025 communes
  bool provinces_several = false;  // a province-only reading naming several
  bool provinces_2025_several = false;
};

class GazetteerImpl final : public Gazetteer {
 public:
  explicit GazetteerImpl(const std::filesystem::path& dir);
  PlaceResolution Resolve(std::string_view text) const override;

 private:
  void AddKey(const std::string& name, uint32_t ref);
  std::vector<Part> MakeParts(const Tokenized& text) const;
  bool AnyHit(const Tokenized& text, int begin, int end) const;
  void SplitUnmatched(const Tokenized& text, std::vector<Part>& parts) const;
  PartHits Lookup(const Tokenized& text, const Part& part) const;
  void Collect(const std::vector<uint32_t>* refs, UnitType hint, bool numeric, bool loose,
               std::vector<Hit>& out) const;
  bool Fits(const Reading& state, const Hit& hit, int& penalty) const;
  void Search(const std::vector<PartHits>& hits, int j, Reading state,
              std::vector<Reading>& best) const;
  Outcome Interpret(const Reading& reading) const;
  std::string Canonical(const Outcome& outcome) const;
  bool IsTypeWord(const Tokenized& text, size_t i, UnitType& type, size_t& length) const;
  const UnitType* UnitTypeOf(uint32_t ref) const;
  std::string ProvinceDisplay(const Outcome& outcome) const;

  std::vector<OldProvince> provinces_;
  std::vector<District> districts_;
  std::vector<Commune> communes_;
  std::vector<Unit> provinces_2025_;
  std::vector<Commune2025> communes_2025_;
  std::vector<ProvinceGroup> groups_;
  NameIndex exact_;
  NameIndex loose_;
  // Folded type words and phrases, computed with the same folding as the text.
  std::vector<std::pair<std::vector<std::string>, UnitType>> type_words_exact_;
  std::vector<std::pair<std::vector<std::string>, UnitType>> type_words_loose_;
  std::string now_exact_, now_is_exact_, now_in_exact_;
};

std::vector<std::string> FoldedWords(const char* text, bool loose) {
  std::vector<std::string> words;
  for (Token& token : Tokenize(text).tokens) words.push_back(loose ? token.loose : token.exact);
  return words;
}

void GazetteerImpl::AddKey(const std::string& name, uint32_t ref) {
  const Tokenized folded = Tokenize(name);
  const std::string exact = JoinKey(folded.tokens, 0, folded.tokens.size(), false);
  const std::string loose = JoinKey(folded.tokens, 0, folded.tokens.size(), true);
  if (exact.empty()) return;
  for (auto [index, key] : {std::pair{&exact_, exact}, std::pair{&loose_, loose}}) {
    std::vector<uint32_t>& refs = (*index)[key];
    if (std::find(refs.begin(), refs.end(), ref) == refs.end()) refs.push_back(ref);
  }
}

GazetteerImpl::GazetteerImpl(const std::filesystem::path& dir) {
  for (const TypeWord& word : kTypeWords) {
    type_words_exact_.emplace_back(FoldedWords(word.text, false), word.type);
    type_words_loose_.emplace_back(FoldedWords(word.text, true), word.type);
  }
  now_exact_ = FoldedWords("nay", false)[0];
  now_is_exact_ = FoldedWords("là", false)[0];
  now_in_exact_ = FoldedWords("thuộc", false)[0];

  const std::filesystem::path old_path = dir / "units_pre2025_63provinces.json";
  const nlohmann::json old_units = ReadJson(old_path);
  std::unordered_map<std::string, int> commune_by_code;
  try {
    for (const nlohmann::json& province : old_units) {
      OldProvince unit;
      static_cast<Unit&>(unit) = SplitFullName(province.at("Code"), province.at("FullName"));
      provinces_.push_back(std::move(unit));
      const int province_index = static_cast<int>(provinces_.size()) - 1;
      for (const nlohmann::json& district : province.at("District")) {
        District d;
        static_cast<Unit&>(d) = SplitFullName(district.at("Code"), district.at("FullName"));
        d.province = province_index;
        districts_.push_back(std::move(d));
        const auto wards = district.find("Ward");
        if (wards == district.end() || wards->is_null()) continue;
        for (const nlohmann::json& ward : *wards) {
          Commune c;
          static_cast<Unit&>(c) = SplitFullName(ward.at("Code"), ward.at("FullName"));
          c.district = static_cast<int>(districts_.size()) - 1;
          c.province = province_index;
          commune_by_code.emplace(c.code, static_cast<int>(communes_.size()));
          communes_.push_back(std::move(c));
        }
      }
    }
  } catch (const nlohmann::json::exception& error) {
    throw std::runtime_error("administrative units: " + old_path.string() + ": " + error.what());
  }

  const std::filesystem::path new_path = dir / "units_2025-07-01_34provinces.json";
  const nlohmann::json new_units = ReadJson(new_path);
  std::unordered_map<std::string, int> commune_2025_by_code;
  std::unordered_map<std::string, int> province_2025_by_code;
  try {
    for (const nlohmann::json& province : new_units) {
      province_2025_by_code.emplace(province.at("Code"), static_cast<int>(provinces_2025_.size()));
      provinces_2025_.push_back(SplitFullName(province.at("Code"), province.at("FullName")));
      for (const nlohmann::json& ward : province.at("Wards")) {
        Commune2025 c;
        static_cast<Unit&>(c) = SplitFullName(ward.at("Code"), ward.at("FullName"));
        c.province = static_cast<int>(provinces_2025_.size()) - 1;
        commune_2025_by_code.emplace(c.code, static_cast<int>(communes_2025_.size()));
        communes_2025_.push_back(std::move(c));
      }
    }
  } catch (const nlohmann::json::exception& error) {
    throw std::runtime_error("administrative units: " + new_path.string() + ": " + error.what());
  }

  const std::filesystem::path map_path = dir / "province_63_to_34.tsv";
  for (const auto& row : ReadTsv(map_path, 3)) {
    const auto old_it = std::find_if(provinces_.begin(), provinces_.end(),
                                     [&](const OldProvince& p) { return p.code == row[0]; });
    const auto new_it = province_2025_by_code.find(row[2]);
    if (old_it == provinces_.end() || new_it == province_2025_by_code.end()) {
      throw std::runtime_error("administrative units: " + map_path.string() + ": unknown code " +
                               row[0] + " or " + row[2]);
    }
    old_it->province_2025 = new_it->second;
  }
  for (const OldProvince& province : provinces_) {
    if (province.province_2025 < 0) {
      throw std::runtime_error("administrative units: " + map_path.string() +
                               ": no 2025 province for " + province.code);
    }
  }

  const std::filesystem::path commune_map_path = dir / "commune_2025.tsv";
  std::vector<std::vector<int>> old_of_new(communes_2025_.size());
  for (const auto& row : ReadTsv(commune_map_path, 2)) {
    const auto old_it = commune_by_code.find(row[0]);
    if (old_it == commune_by_code.end()) {
      throw std::runtime_error("administrative units: " + commune_map_path.string() +
                               ": unknown old commune " + row[0]);
    }
    for (const std::string& code : SplitList(row[1])) {
      const auto new_it = commune_2025_by_code.find(code);
      if (new_it == commune_2025_by_code.end()) {
        throw std::runtime_error("administrative units: " + commune_map_path.string() +
                                 ": unknown 2025 commune " + code);
      }
      communes_[old_it->second].communes_2025.push_back(new_it->second);
      old_of_new[new_it->second].push_back(old_it->second);
    }
  }
  for (size_t i = 0; i < communes_2025_.size(); ++i) {
    Commune2025& c = communes_2025_[i];
    const std::vector<int>& olds = old_of_new[i];
    if (olds.empty()) continue;
    c.old_province = communes_[olds[0]].province;
    c.old_district = communes_[olds[0]].district;
    for (int old : olds) {
      if (communes_[old].province != c.old_province) c.old_province = -1;
      if (communes_[old].district != c.old_district) c.old_district = -1;
    }
    if (olds.size() == 1 && communes_[olds[0]].communes_2025.size() == 1) c.old_commune = olds[0];
  }

  // Province groups: each of the 63, then the 2025 names, then older units.
  std::unordered_map<std::string, int> group_by_name;
  for (size_t i = 0; i < provinces_.size(); ++i) {
    ProvinceGroup group;
    group.unit = provinces_[i];
    group.provinces = {static_cast<int>(i)};
    group.provinces_2025 = {provinces_[i].province_2025};
    // Since 2025 the name may stand for the merged province: an old district
    // written with it is a stretch, not a mismatch.
    if (provinces_2025_[provinces_[i].province_2025].name == provinces_[i].name) {
      group.named_2025 = true;
      for (size_t j = 0; j < provinces_.size(); ++j) {
        if (j != i && provinces_[j].province_2025 == provinces_[i].province_2025) {
          group.stretch.push_back(static_cast<int>(j));
        }
      }
    }
    group_by_name.emplace(provinces_[i].name, static_cast<int>(groups_.size()));
    groups_.push_back(std::move(group));
  }
  for (size_t n = 0; n < provinces_2025_.size(); ++n) {
    if (group_by_name.count(provinces_2025_[n].name)) continue;
    ProvinceGroup group;
    group.unit = provinces_2025_[n];
    for (size_t i = 0; i < provinces_.size(); ++i) {
      if (provinces_[i].province_2025 == static_cast<int>(n)) {
        group.provinces.push_back(static_cast<int>(i));
      }
    }
    group.provinces_2025 = {static_cast<int>(n)};
    group.named_2025 = true;
    group_by_name.emplace(provinces_2025_[n].name, static_cast<int>(groups_.size()));
    groups_.push_back(std::move(group));
  }
  std::vector<std::pair<std::string, int>> aliases;
  const std::filesystem::path historical_path = dir / "historical_units.tsv";
  for (const auto& row : ReadTsv(historical_path, 4)) {
    std::vector<int> codes[2];
    for (int column : {2, 3}) {
      for (const std::string& code : SplitList(row[column])) {
        const auto it = std::find_if(provinces_.begin(), provinces_.end(),
                                     [&](const OldProvince& p) { return p.code == code; });
        if (it == provinces_.end()) {
          throw std::runtime_error("administrative units: " + historical_path.string() +
                                   ": unknown province code " + code);
        }
        codes[column - 2].push_back(static_cast<int>(it - provinces_.begin()));
      }
    }
    if (codes[0].empty()) {
      throw std::runtime_error("administrative units: " + historical_path.string() +
                               ": no province for a row");
    }
    Unit unit = SplitFullName("", row[0]);
    if (row[1] == "alias") {
      if (codes[0].size() != 1) {
        throw std::runtime_error("administrative units: " + historical_path.string() +
                                 ": an alias names one province");
      }
      aliases.emplace_back(unit.name, codes[0][0]);
      continue;
    }
    const auto existing = group_by_name.find(unit.name);
    if (existing != group_by_name.end()) {
      // A name the 63-province list still uses (Hậu Giang): that province,
      // unless a lower unit shows the older, larger one.
      ProvinceGroup& group = groups_[existing->second];
      for (int code : codes[1]) group.lower_only.push_back(code);
      group.lower_historical = unit.name;
      continue;
    }
    ProvinceGroup group;
    group.historical = unit.name;
    group.unit = std::move(unit);
    group.provinces = codes[0];
    group.lower_only = codes[1];
    for (int province : group.provinces) {
      if (!Contains(group.provinces_2025, provinces_[province].province_2025)) {
        group.provinces_2025.push_back(provinces_[province].province_2025);
      }
    }
    group_by_name.emplace(group.unit.name, static_cast<int>(groups_.size()));
    groups_.push_back(std::move(group));
  }

  exact_.reserve(16384);
  loose_.reserve(16384);
  for (const auto& [name, index] : group_by_name) AddKey(name, MakeRef(kProvinceLevel, index));
  for (const auto& [name, province] : aliases) {
    AddKey(name, MakeRef(kProvinceLevel, group_by_name.at(provinces_[province].name)));
  }
  for (size_t i = 0; i < districts_.size(); ++i) {
    AddKey(districts_[i].name, MakeRef(kDistrictLevel, i));
  }
  for (size_t i = 0; i < communes_.size(); ++i) AddKey(communes_[i].name, MakeRef(kCommuneLevel, i));
  for (size_t i = 0; i < communes_2025_.size(); ++i) {
    AddKey(communes_2025_[i].name, MakeRef(kCommune2025Level, i));
  }
}

bool GazetteerImpl::IsTypeWord(const Tokenized& text, size_t i, UnitType& type,
                               size_t& length) const {
  const Token& token = text.tokens[i];
  // Abbreviations; a lone letter counts only with its dot, since a letter can
  // be an initial in a name.
  static constexpr std::pair<const char*, UnitType> kAbbreviations[] = {
      {"tp", UnitType::kCity},  {"tx", UnitType::kTown},          {"tt", UnitType::kTownlet},
      {"q", UnitType::kUrbanDistrict}, {"h", UnitType::kRuralDistrict},
      {"x", UnitType::kCommune}, {"p", UnitType::kWard},           {"t", UnitType::kGeneric},
  };
  for (const auto& [abbreviation, abbreviation_type] : kAbbreviations) {
    if (token.exact == abbreviation && (token.dotted || token.exact.size() > 1)) {
      type = abbreviation_type;
      length = 1;
      return true;
    }
  }
  const auto& words = text.ascii_only ? type_words_loose_ : type_words_exact_;
  for (const auto& [folded, word_type] : words) {
    if (i + folded.size() > text.tokens.size()) continue;
    bool match = true;
    for (size_t k = 0; k < folded.size() && match; ++k) {
      const Token& t = text.tokens[i + k];
      match = (text.ascii_only ? t.loose : t.exact) == folded[k] &&
              (k == 0 || (!t.hard_break && !t.soft_break));
    }
    if (match) {
      type = word_type;
      length = folded.size();
      return true;
    }
  }
  return false;
}

std::vector<Part> GazetteerImpl::MakeParts(const Tokenized& text) const {
  std::vector<Part> parts;
  const size_t n = text.tokens.size();
  Part current;
  bool after_type_word = false;
  auto close = [&](int end) {
    current.end = end;
    if (current.end > current.begin) parts.push_back(current);
    current = Part();
  };
  for (size_t i = 0; i < n;) {
    const Token& token = text.tokens[i];
    if (token.hard_break && static_cast<int>(i) > current.begin) {
      close(static_cast<int>(i));
      current.begin = static_cast<int>(i);
      after_type_word = false;
    }
    if (token.hard_break) current.begin = static_cast<int>(i);
    UnitType type;
    size_t length;
    if (!after_type_word && IsTypeWord(text, i, type, length)) {
      // A type word ends the segment or comes before another type word after
      // a name: then it is part of that name ("xã Tân Xã", "xã Tứ Quận huyện ...").
      const size_t next = i + length;
      const bool ends_segment = next >= n || text.tokens[next].hard_break;
      UnitType next_type;
      size_t next_length;
      const bool has_name = static_cast<int>(i) > current.begin;
      const bool before_type = next < n && IsTypeWord(text, next, next_type, next_length);
      if (!ends_segment && !(has_name && before_type)) {
        close(static_cast<int>(i));
        current.hint = type;
        current.type_begin = static_cast<int>(i);
        current.begin = static_cast<int>(next);
        after_type_word = true;
        i = next;
        continue;
      }
    }
    after_type_word = false;
    ++i;
  }
  close(static_cast<int>(n));
  return parts;
}

bool GazetteerImpl::AnyHit(const Tokenized& text, int begin, int end) const {
  if (!text.ascii_only && exact_.count(JoinKey(text.tokens, begin, end, false))) return true;
  return loose_.count(JoinKey(text.tokens, begin, end, true)) > 0;
}

// A part no name matches as a whole may be several run together: split at
// known names from the right ("Yên Sở - Hoài Đức - Hà Tây", "Yên Sở Hoài Đức Hà Tây").
void GazetteerImpl::SplitUnmatched(const Tokenized& text, std::vector<Part>& parts) const {
  constexpr int kMaxNameTokens = 6;
  std::vector<Part> out;
  for (const Part& part : parts) {
    if (part.end - part.begin < 2 || AnyHit(text, part.begin, part.end) ||
        (part.type_begin >= 0 && AnyHit(text, part.type_begin, part.end))) {
      out.push_back(part);
      continue;
    }
    // Known names from the right, without gaps; what is left on the left may
    // be a hamlet, but only ahead of two names, or any stray syllable of an
    // unknown place would pass for a commune.
    std::vector<Part> pieces;
    int end = part.end;
    while (end > part.begin) {
      int found = -1;
      for (int begin = std::max(part.begin, end - kMaxNameTokens); begin < end; ++begin) {
        if (AnyHit(text, begin, end)) {
          found = begin;
          break;
        }
      }
      if (found < 0) break;
      pieces.push_back(Part{UnitType::kNone, -1, found, end});
      end = found;
    }
    if (pieces.empty() || (end > part.begin && pieces.size() < 2)) {
      out.push_back(part);
      continue;
    }
    if (end > part.begin) pieces.push_back(Part{UnitType::kNone, -1, part.begin, end});
    std::reverse(pieces.begin(), pieces.end());
    // The written type belongs to the first piece.
    pieces.front().hint = part.hint;
    out.insert(out.end(), pieces.begin(), pieces.end());
  }
  parts = std::move(out);
}

const UnitType* GazetteerImpl::UnitTypeOf(uint32_t ref) const {
  const int index = RefIndex(ref);
  switch (RefLevel(ref)) {
    case kProvinceLevel: return &groups_[index].unit.type;
    case kDistrictLevel: return &districts_[index].type;
    case kCommuneLevel: return &communes_[index].type;
    case kCommune2025Level: return &communes_2025_[index].type;
  }
  return nullptr;
}

void GazetteerImpl::Collect(const std::vector<uint32_t>* refs, UnitType hint, bool numeric,
                            bool loose, std::vector<Hit>& out) const {
  if (refs == nullptr) return;
  // A bare number is a ward or district only when the text says which.
  if (numeric && (hint == UnitType::kNone || hint == UnitType::kGeneric)) return;
  for (uint32_t ref : *refs) {
    const Level level = RefLevel(ref);
    if (!LevelAccepts(level, hint)) continue;
    const UnitType type = *UnitTypeOf(ref);
    const bool mismatch = hint != UnitType::kNone && hint != UnitType::kGeneric && hint != type &&
                          !(level == kProvinceLevel && type == UnitType::kNone);
    out.push_back(Hit{ref, loose, static_cast<uint8_t>(mismatch ? 1 : 0)});
  }
}

PartHits GazetteerImpl::Lookup(const Tokenized& text, const Part& part) const {
  PartHits hits;
  const bool numeric = std::all_of(
      text.tokens.begin() + part.begin, text.tokens.begin() + part.end, [](const Token& t) {
        return std::all_of(t.exact.begin(), t.exact.end(), [](char c) { return c >= '0' && c <= '9'; });
      });
  auto find = [](const NameIndex& index, const std::string& key) -> const std::vector<uint32_t>* {
    const auto it = index.find(key);
    return it == index.end() ? nullptr : &it->second;
  };
  for (bool loose : {false, true}) {
    if (!loose && text.ascii_only) continue;
    // The accent-insensitive key only when the exact one names nothing.
    if (loose && !hits.exact.empty()) break;
    const NameIndex& index = loose ? loose_ : exact_;
    std::vector<Hit>& out = loose ? hits.loose : hits.exact;
    Collect(find(index, JoinKey(text.tokens, part.begin, part.end, loose)), part.hint, numeric,
            loose, out);
    // The type word may be part of the name ("Phường Đúc", untyped "Quan Hóa").
    if (part.type_begin >= 0) {
      Collect(find(index, JoinKey(text.tokens, part.type_begin, part.end, loose)),
              UnitType::kNone, false, loose, out);
    }
  }
  return hits;
}

// Whether `hit` can be the next unit down from what `state` has read, and at
// what cost.
bool GazetteerImpl::Fits(const Reading& state, const Hit& hit, int& penalty) const {
  const Level level = RefLevel(hit.ref);
  const int index = RefIndex(hit.ref);
  if (state.district >= 0) {
    return level == kCommuneLevel && communes_[index].district == state.district;
  }
  if (level == kProvinceLevel) return state.matched == 0;
  if (state.group < 0) return true;
  const ProvinceGroup& group = groups_[state.group];
  if (level == kCommune2025Level) {
    // Names that no longer exist (Hà Tây, Hà Giang) come with old units.
    if (!group.named_2025) ++penalty;
    return Contains(group.provinces_2025, communes_2025_[index].province);
  }
  // A commune straight under a province reads as the 2025 form first: old
  // addresses name the district.
  if (level == kCommuneLevel && group.named_2025) ++penalty;
  const int province =
      level == kDistrictLevel ? districts_[index].province : communes_[index].province;
  if (Contains(group.provinces, province)) return true;
  if (Contains(group.lower_only, province) || Contains(group.stretch, province)) {
    ++penalty;
    return true;
  }
  return false;
}

// Reads the parts from the largest unit (rightmost) down; every unmatched part
// is a skip. Keeps the best-scoring complete readings.
void GazetteerImpl::Search(const std::vector<PartHits>& hits, int j, Reading state,
                           std::vector<Reading>& best) const {
  constexpr int kMaxSkips = 3;
  const bool at_commune = state.commune >= 0 || state.commune_2025 >= 0;
  if (j < 0 || at_commune || state.skipped + state.pending >= kMaxSkips) {
    // Parts left of the smallest unit read are a hamlet or a street, or a
    // unit the reference lacks; they do not count against the reading.
    state.leftover = state.pending + j + 1;
    state.pending = 0;
    if (state.matched == 0) return;
    if (best.empty() || state.Score() < best.front().Score()) {
      best.assign(1, state);
    } else if (state.Score() == best.front().Score()) {
      best.push_back(state);
    }
    return;
  }
  // Even matching every part left could not catch up with the best reading.
  if (!best.empty() && state.matched + j + 1 < best.front().matched) return;
  bool any = false;
  for (const std::vector<Hit>* list : {&hits[j].exact, &hits[j].loose}) {
    // Lookup fills `loose` only when the exact key named nothing.
    if (any) break;
    for (const Hit& hit : *list) {
      int penalty = hit.penalty;
      if (!Fits(state, hit, penalty)) continue;
      Reading next = state;
      const Level level = RefLevel(hit.ref);
      const int index = RefIndex(hit.ref);
      switch (level) {
        case kProvinceLevel: next.group = index; break;
        case kDistrictLevel: next.district = index; break;
        case kCommuneLevel: next.commune = index; break;
        case kCommune2025Level: next.commune_2025 = index; break;
      }
      any = true;
      ++next.matched;
      next.skipped += next.pending;  // skipped parts between units read
      next.pending = 0;
      next.penalty += penalty;
      next.depth += level == kCommune2025Level ? 2 : static_cast<int>(level);
      next.loose += hit.loose ? 1 : 0;
      Search(hits, j - 1, next, best);
    }
  }
  Reading skip = state;
  ++skip.pending;
  Search(hits, j - 1, skip, best);
}

Outcome GazetteerImpl::Interpret(const Reading& reading) const {
  Outcome out;
  const ProvinceGroup* group = reading.group >= 0 ? &groups_[reading.group] : nullptr;
  if (reading.commune >= 0) {
    const Commune& c = communes_[reading.commune];
    out.province = c.province;
    out.district = c.district;
    out.commune = reading.commune;
    if (c.communes_2025.size() == 1) out.commune_2025 = c.communes_2025[0];
    out.split = c.communes_2025.size() > 1;
    out.old_form = true;
    out.at_commune = true;
  } else if (reading.district >= 0) {
    out.province = districts_[reading.district].province;
    out.district = reading.district;
    out.old_form = true;
  } else if (reading.commune_2025 >= 0) {
    const Commune2025& c = communes_2025_[reading.commune_2025];
    out.commune_2025 = reading.commune_2025;
    out.province_2025 = c.province;
    out.province = c.old_province;
    out.district = c.old_district;
    out.commune = c.old_commune;
    out.new_form = true;
    out.at_commune = true;
  } else if (group != nullptr) {
    if (group->provinces.size() == 1) out.province = group->provinces[0];
    out.provinces_several = group->provinces.size() > 1;
    if (group->provinces_2025.size() == 1) out.province_2025 = group->provinces_2025[0];
    out.provinces_2025_several = group->provinces_2025.size() > 1;
  }
  if (out.province >= 0 && out.province_2025 < 0 && !out.new_form) {
    out.province_2025 = provinces_[out.province].province_2025;
  }
  if (group != nullptr) {
    out.historical_group = reading.group;
    out.historical = group->historical;
    if (out.province >= 0 && Contains(group->lower_only, out.province) &&
        !group->lower_historical.empty()) {
      out.historical = group->lower_historical;
    }
    if (out.historical.empty()) out.historical_group = -1;
  }
  return out;
}

std::string GazetteerImpl::ProvinceDisplay(const Outcome& outcome) const {
  if (!outcome.historical.empty()) {
    const ProvinceGroup& group = groups_[outcome.historical_group];
    const char* word = TypeDisplay(group.unit.type);
    return std::string(*word ? word : "tỉnh") + " " + outcome.historical;
  }
  if (outcome.province >= 0) return provinces_[outcome.province].Display();
  if (outcome.province_2025 >= 0) return provinces_2025_[outcome.province_2025].Display();
  return "";
}

std::string GazetteerImpl::Canonical(const Outcome& outcome) const {
  std::vector<std::string> parts;
  if (outcome.new_form && !outcome.old_form) {
    if (outcome.commune_2025 >= 0) parts.push_back(communes_2025_[outcome.commune_2025].Display());
    if (outcome.province_2025 >= 0) parts.push_back(provinces_2025_[outcome.province_2025].Display());
  } else {
    if (outcome.commune >= 0) parts.push_back(communes_[outcome.commune].Display());
    if (outcome.district >= 0) parts.push_back(districts_[outcome.district].Display());
    const std::string province = ProvinceDisplay(outcome);
    if (!province.empty()) parts.push_back(province);
  }
  std::string text;
  for (const std::string& part : parts) {
    if (!text.empty()) text += ", ";
    text += part;
  }
  return text;
}

// Keeps what all readings agree on; a field they differ on is dropped with
// the fields below it, and stays dropped whatever later readings say.
constexpr int kDisputed = -2;

bool Merge(Outcome& into, const Outcome& other) {
  bool conflict = false;
  auto merge = [&](int& mine, int theirs) {
    if (mine == kDisputed) return false;
    if (mine >= 0 && theirs >= 0 && mine != theirs) {
      mine = kDisputed;
      conflict = true;
      return false;
    }
    if (mine < 0) mine = theirs;
    return true;
  };
  if (!merge(into.province, other.province)) {
    into.district = into.commune = kDisputed;
  } else if (!merge(into.district, other.district)) {
    into.commune = kDisputed;
  } else {
    merge(into.commune, other.commune);
  }
  if (!merge(into.province_2025, other.province_2025)) {
    into.commune_2025 = kDisputed;
  } else if (into.at_commune && other.at_commune && into.commune_2025 != other.commune_2025) {
    // Two communes read, one of them split: "not known" is not "agrees".
    if (into.commune_2025 != kDisputed) conflict = true;
    into.commune_2025 = kDisputed;
  }
  if (into.historical != other.historical) {
    if (!into.historical.empty() && !other.historical.empty()) conflict = true;
    into.historical.clear();
    into.historical_group = -1;
  }
  into.old_form = into.old_form || other.old_form;
  into.new_form = into.new_form || other.new_form;
  into.split = into.split || other.split;
  into.provinces_several = into.provinces_several || other.provinces_several;
  into.provinces_2025_several = into.provinces_2025_several || other.provinces_2025_several;
  return !conflict;
}

void Undispute(Outcome& outcome) {
  for (int* field : {&outcome.province, &outcome.district, &outcome.commune,
                     &outcome.province_2025, &outcome.commune_2025}) {
    if (*field == kDisputed) *field = -1;
  }
}

PlaceResolution GazetteerImpl::Resolve(std::string_view raw) const {
  PlaceResolution result;
  Tokenized text = Tokenize(raw);
  std::vector<Token>& tokens = text.tokens;
  // "..., tỉnh Hà Tây nay là Hà Nội": the unit as written is what counts.
  for (size_t i = 0; i + 1 < tokens.size(); ++i) {
    const bool now = text.ascii_only ? tokens[i].loose == "nay" : tokens[i].exact == now_exact_;
    const std::string& next = text.ascii_only ? tokens[i + 1].loose : tokens[i + 1].exact;
    if (now && i > 0 &&
        (next == (text.ascii_only ? "la" : now_is_exact_) ||
         next == (text.ascii_only ? "thuoc" : now_in_exact_))) {
      tokens.resize(i);
      break;
    }
  }
  if (tokens.size() >= 2 && tokens[tokens.size() - 2].loose == "viet" &&
      tokens.back().loose == "nam") {
    tokens.resize(tokens.size() - 2);
  }
  std::vector<Part> parts = MakeParts(text);
  SplitUnmatched(text, parts);
  constexpr size_t kMaxParts = 8;  // the largest units are on the right
  if (parts.size() > kMaxParts) parts.erase(parts.begin(), parts.end() - kMaxParts);

  std::vector<PartHits> hits;
  hits.reserve(parts.size());
  for (const Part& part : parts) hits.push_back(Lookup(text, part));
  std::vector<Reading> best;
  if (!parts.empty()) Search(hits, static_cast<int>(parts.size()) - 1, Reading(), best);

  if (best.empty()) {
    result.rule_id = kUnknown;
    result.message = "place not found among the administrative units";
    return result;
  }
  Outcome outcome = Interpret(best.front());
  bool agreed = true;
  for (size_t i = 1; i < best.size(); ++i) agreed = Merge(outcome, Interpret(best[i])) && agreed;
  Undispute(outcome);

  auto code = [](const auto& units, int index) {
    return index >= 0 ? units[index].code : std::string();
  };
  result.province_code = code(provinces_, outcome.province);
  result.district_code = code(districts_, outcome.district);
  result.commune_code = code(communes_, outcome.commune);
  result.province_2025_code = code(provinces_2025_, outcome.province_2025);
  result.commune_2025_code = code(communes_2025_, outcome.commune_2025);
  result.historical_unit = outcome.historical;
  result.canonical = Canonical(outcome);
  result.resolved = !result.province_code.empty() || !result.province_2025_code.empty();

  const Reading& reading = best.front();
  const bool reached_commune = reading.commune >= 0 || reading.commune_2025 >= 0;
  if (!agreed || outcome.provinces_2025_several) {
    result.rule_id = kAmbiguous;
    result.message = "place matches several administrative units; a district or province "
                     "would tell them apart";
  } else if (reading.skipped > 0 || (reading.leftover > 0 && !reached_commune)) {
    result.rule_id = kPartial;
    result.message = "part of the place was not found among the administrative units; "
                     "codes are given down to the unit found";
  } else if (outcome.provinces_several) {
    result.rule_id = kHistoricalSplit;
    result.message = "former unit covers several provinces of before 2025; only the "
                     "province since 2025 is known";
  } else if (outcome.split && outcome.commune_2025 < 0) {
    result.rule_id = kCommuneSplit;
    result.message = "commune was divided among several communes in 2025; the commune "
                     "since 2025 is left open";
  }
  return result;
}

}  // namespace

std::shared_ptr<const Gazetteer> Gazetteer::Load(const std::filesystem::path& dir) {
  return std::make_shared<const GazetteerImpl>(dir);
}

}  // namespace hoso::normalize_vi
