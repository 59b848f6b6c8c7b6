// Dossiers shaped like the ones the real sources produce: CSV rows with a
// cell per field, and scanned pages with boxes.
#pragma once

#include <hoso/dossier.h>
#include <hoso/record.h>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace hoso_handbook_test {

// Vietnamese text as precomposed (NFC) code points, spelled as escapes so no
// editor can renormalize them; the compiler encodes them as UTF-8.
inline const std::string kNguyenThiHoa = "Nguy\u1EC5n Th\u1ECB Ho\u00E0";   // Nguyễn Thị Hoà
inline const std::string kNguyen = "Nguy\u1EC5n";                           // Nguyễn
inline const std::string kThi = "Th\u1ECB";                                 // Thị
inline const std::string kHoa = "Ho\u00E0";                                 // Hoà
inline const std::string kTranVanDuc = "Tr\u1EA7n V\u0103n \u0110\u1EE9c";  // Trần Văn Đức
inline const std::string kDongPhuongThuy =
    "X\u00E3 \u0110\u00F4ng Ph\u01B0\u01A1ng, Huy\u1EC7n Th\u1EE7y";  // Xã Đông Phương, Huyện Thủy
inline const std::string kChiBo3 = "Chi b\u1ED9 3";                   // Chi bộ 3
inline const std::string kChiBo5 = "Chi b\u1ED9 5";                   // Chi bộ 5

// GCC 12 warns (-Wmissing-field-initializers) about designated initializers
// that skip SDK members without default initializers, so these build the
// SDK structs member by member.

inline hoso::Provenance CsvCell(int64_t row, const std::string& column) {
  hoso::Provenance cell;
  cell.file = "members.csv";
  cell.row = row;
  cell.column = column;
  return cell;
}

inline hoso::Provenance PageRegion(const std::string& file, int page, hoso::Box box = {}) {
  hoso::Provenance region;
  region.file = file;
  region.page = page;
  region.box = box;
  return region;
}

inline hoso::Field ScannedField(const std::string& value, const std::string& raw, double confidence,
                                hoso::Provenance provenance) {
  hoso::Field field;
  field.value = value;
  field.raw = raw;
  field.confidence = confidence;
  field.provenance = std::move(provenance);
  return field;
}

inline hoso::Finding MakeFinding(const std::string& rule_id, hoso::Severity severity,
                                 const std::string& field, const std::string& message,
                                 const std::string& suggested_fix = "") {
  hoso::Finding finding;
  finding.rule_id = rule_id;
  finding.severity = severity;
  finding.field = field;
  finding.message = message;
  finding.suggested_fix = suggested_fix;
  return finding;
}

using FieldValues = std::vector<std::pair<std::string, std::string>>;

// One CSV row of members.csv as a one-record dossier; every value's raw text
// is the value itself and its column is the field name.
inline hoso::Dossier CsvDossier(const std::string& record_id, int64_t row,
                                const FieldValues& values) {
  hoso::Dossier dossier;
  dossier.id = "members.csv:" + std::to_string(row);
  hoso::Provenance unit;
  unit.file = "members.csv";
  unit.row = row;
  dossier.units.push_back(unit);
  hoso::MemberRecord record;
  record.id = record_id;
  record.source = "csv_source";
  for (const auto& [name, value] : values) {
    hoso::Field& field = record.Set(name);
    field.value = value;
    field.raw = value;
    field.provenance = CsvCell(row, name);
  }
  dossier.records.push_back(std::move(record));
  return dossier;
}

}  // namespace hoso_handbook_test
