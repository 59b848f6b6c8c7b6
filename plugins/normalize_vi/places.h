// Administrative units: resolves hometown and birthplace text to the province
// (and commune where given) before 1 July 2025 and the unit it belongs to
// since, including older units dossiers still name (Hà Tây, Nghệ Tĩnh, ...).
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

namespace hoso::normalize_vi {

struct PlaceResolution {
  bool resolved = false;  // at least the province is known
  // Codes; empty when not known. "province_2025" and "commune_2025" are the
  // units since 1 July 2025.
  std::string province_code;       // the 63-province code (before 1 July 2025)
  std::string district_code;
  std::string commune_code;
  std::string province_2025_code;  // one of the 34 provinces
  std::string commune_2025_code;
  std::string historical_unit;     // e.g. "Hà Tây" when the text named one
  std::string canonical;           // a clean display form, e.g. "xã X, huyện Y, tỉnh Z"
  // Empty when resolved cleanly; else a finding rule id ("vn.place.unknown",
  // "vn.place.ambiguous", ...) and a message that does not quote the text.
  std::string rule_id;
  std::string message;
};

class Gazetteer {
 public:
  // Loads the reference data from `dir` (models/admin). Throws
  // std::runtime_error naming the file when something is missing or broken.
  static std::shared_ptr<const Gazetteer> Load(const std::filesystem::path& dir);
  virtual ~Gazetteer() = default;

  // `text` is NFC UTF-8 as written ("Xã Yên Sở, H. Hoài Đức, Hà Tây").
  // Thread-safe.
  virtual PlaceResolution Resolve(std::string_view text) const = 0;
};

}  // namespace hoso::normalize_vi
