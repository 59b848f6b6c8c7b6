// The member record: a stable typed core plus named extras, every value with
// its raw text, confidence and provenance.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace hoso {

// Pixel rectangle on a page image.
struct Box {
  int x = 0;
  int y = 0;
  int w = 0;
  int h = 0;
};

// Where something came from: a region of a page of a scanned file, or a cell
// of a tabular export. Also names an input unit (file, page or row) for
// accounting and quarantine.
struct Provenance {
  std::string file;
  int page = -1;  // 0-based page index; -1 when the source has no pages
  Box box;
  int64_t row = -1;  // 1-based data row (header excluded); -1 for scans
  std::string column;

  // "members.csv row 12", "dossier-7.tif page 3": for error messages; never
  // contains field values.
  std::string Describe() const {
    std::string out = file;
    if (row >= 0) out += " row " + std::to_string(row);
    if (page >= 0) out += " page " + std::to_string(page + 1);
    return out;
  }
};

struct Field {
  std::string value;  // the clean value; empty means absent
  std::string raw;    // the text exactly as read, before any repair
  double confidence = 1.0;  // in [0, 1]
  Provenance provenance;

  bool empty() const { return value.empty(); }
};

enum class Severity : uint32_t { kInfo = 0, kWarning = 1, kError = 2 };

inline std::string_view SeverityName(Severity s) {
  switch (s) {
    case Severity::kInfo:
      return "info";
    case Severity::kWarning:
      return "warning";
    case Severity::kError:
      return "error";
  }
  return "unknown";
}

struct Finding {
  std::string rule_id;  // "core.required", "vn.party.admission_age"
  Severity severity = Severity::kWarning;
  std::string field;
  std::string message;  // must not quote personal data
  std::string suggested_fix;
};

// Dates are stored as ISO 8601 prefixes so their precision travels with them:
// "1975-09-14" (day), "1975-09" (month), "1975" (year).
enum class DatePrecision { kNone, kYear, kMonth, kDay };

inline DatePrecision PrecisionOf(std::string_view iso_date) {
  switch (iso_date.size()) {
    case 4:
      return DatePrecision::kYear;
    case 7:
      return DatePrecision::kMonth;
    case 10:
      return DatePrecision::kDay;
    default:
      return DatePrecision::kNone;
  }
}

// Keys the normalization stage fills and deduplication compares.
struct MatchKeys {
  std::string exact;           // NFC, case-folded
  std::string placement_free;  // tone placement (hòa/hoà) ignored
  std::string ascii_folded;    // diacritics removed, đ -> d
  std::string ocr_tolerant;    // ư/u, ơ/o, ă/â/a, rn/m ... merged
};

// Where a golden record's value came from (see MemberRecord::golden).
struct FieldOrigin {
  std::string source;      // the record the value was taken from
  std::string record_id;
  std::string rule;        // the survivorship rule that chose it: "source_priority", ...
  int records_agreeing = 1;  // the member's records holding this value

  // A different value another of the member's records held.
  struct Alternative {
    std::string value;
    std::string source;  // the first record holding it
    std::string record_id;
    int records = 1;  // how many records held it
  };
  std::vector<Alternative> alternatives;
};

struct MemberRecord {
  std::string id;         // record id: the source's id column, or generated
  std::string source;     // name of the source stage that produced it
  std::string member_id;  // set by deduplication/merging; empty = own member

  Field full_name;
  Field family_name;
  Field middle_name;
  Field given_name;
  Field gender;
  Field birth_date;
  Field birth_place;
  Field hometown;
  Field ethnicity;
  Field religion;
  Field national_id;
  Field party_card_number;
  Field admission_date;
  Field official_date;
  Field party_unit;
  Field education;
  Field political_theory;
  Field occupation;

  std::map<std::string, Field> extra;  // fields outside the core, by name
  MatchKeys name_keys;
  std::map<std::string, std::string> unit_codes;  // "hometown.province" -> code
  std::vector<Finding> findings;

  // A golden record is the one record per member a merging stage builds from
  // all the member's records: `id` and `member_id` are the member id, each
  // field holds the chosen value with the provenance of the record it came
  // from, and `origins` (field name -> origin) says which record that was,
  // by which rule, and what the other records held. Sinks write it as the
  // member and the other records as its sources.
  bool golden = false;
  std::map<std::string, FieldOrigin> origins;

  // Core field by name ("birth_date"), or an extra field; nullptr if absent.
  Field* Find(std::string_view name);
  const Field* Find(std::string_view name) const;
  // Core field by name, else the extra field of that name (created).
  Field& Set(std::string_view name);

  std::string_view MemberId() const { return member_id.empty() ? id : member_id; }
};

using CoreFieldPtr = Field MemberRecord::*;

struct CoreField {
  std::string_view name;
  CoreFieldPtr member;
  bool is_date;
};

inline constexpr std::array<CoreField, 18> kCoreFields = {{
    {"full_name", &MemberRecord::full_name, false},
    {"family_name", &MemberRecord::family_name, false},
    {"middle_name", &MemberRecord::middle_name, false},
    {"given_name", &MemberRecord::given_name, false},
    {"gender", &MemberRecord::gender, false},
    {"birth_date", &MemberRecord::birth_date, true},
    {"birth_place", &MemberRecord::birth_place, false},
    {"hometown", &MemberRecord::hometown, false},
    {"ethnicity", &MemberRecord::ethnicity, false},
    {"religion", &MemberRecord::religion, false},
    {"national_id", &MemberRecord::national_id, false},
    {"party_card_number", &MemberRecord::party_card_number, false},
    {"admission_date", &MemberRecord::admission_date, true},
    {"official_date", &MemberRecord::official_date, true},
    {"party_unit", &MemberRecord::party_unit, false},
    {"education", &MemberRecord::education, false},
    {"political_theory", &MemberRecord::political_theory, false},
    {"occupation", &MemberRecord::occupation, false},
}};

inline const CoreField* FindCoreField(std::string_view name) {
  for (const CoreField& f : kCoreFields) {
    if (f.name == name) return &f;
  }
  return nullptr;
}

inline Field* MemberRecord::Find(std::string_view name) {
  if (const CoreField* core = FindCoreField(name)) return &(this->*(core->member));
  auto it = extra.find(std::string(name));
  return it == extra.end() ? nullptr : &it->second;
}

inline const Field* MemberRecord::Find(std::string_view name) const {
  return const_cast<MemberRecord*>(this)->Find(name);
}

inline Field& MemberRecord::Set(std::string_view name) {
  if (const CoreField* core = FindCoreField(name)) return this->*(core->member);
  return extra[std::string(name)];
}

}  // namespace hoso
