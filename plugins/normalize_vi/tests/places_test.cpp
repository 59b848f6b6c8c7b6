// Resolution of hometowns against the real reference data in models/admin.
#include "places.h"

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace hoso::normalize_vi {
namespace {

class PlacesTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    gazetteer_ = Gazetteer::Load(std::filesystem::path(HOSO_MODELS_DIR) / "admin");
  }
  static void TearDownTestSuite() { gazetteer_.reset(); }

  static PlaceResolution Resolve(std::string_view text) { return gazetteer_->Resolve(text); }

  static std::shared_ptr<const Gazetteer> gazetteer_;
};

std::shared_ptr<const Gazetteer> PlacesTest::gazetteer_;

// The codes that must not depend on how the place was written.
void ExpectSameUnit(const PlaceResolution& a, const PlaceResolution& b) {
  EXPECT_EQ(a.province_code, b.province_code);
  EXPECT_EQ(a.province_2025_code, b.province_2025_code);
  EXPECT_EQ(a.commune_2025_code, b.commune_2025_code);
}

TEST_F(PlacesTest, ProvinceAlone) {
  const PlaceResolution r = Resolve("Hà Nội");
  EXPECT_TRUE(r.resolved);
  EXPECT_EQ(r.province_code, "01");
  EXPECT_EQ(r.province_2025_code, "01");
  EXPECT_EQ(r.district_code, "");
  EXPECT_EQ(r.canonical, "thành phố Hà Nội");
  EXPECT_EQ(r.rule_id, "");
}

TEST_F(PlacesTest, ProvinceMergedIn2025) {
  const PlaceResolution r = Resolve("tỉnh Hà Giang");
  EXPECT_EQ(r.province_code, "02");
  EXPECT_EQ(r.province_2025_code, "08");  // Tuyên Quang since 2025
  // A name kept in 2025 but with another code: Tây Ninh absorbed Long An (80).
  const PlaceResolution tay_ninh = Resolve("Tây Ninh");
  EXPECT_EQ(tay_ninh.province_code, "72");
  EXPECT_EQ(tay_ninh.province_2025_code, "80");
}

TEST_F(PlacesTest, FullOldAddress) {
  const PlaceResolution r = Resolve("Xã Yên Sở, Huyện Hoài Đức, Thành phố Hà Nội");
  EXPECT_EQ(r.province_code, "01");
  EXPECT_EQ(r.district_code, "274");
  EXPECT_EQ(r.commune_code, "09856");
  EXPECT_EQ(r.province_2025_code, "01");
  EXPECT_EQ(r.commune_2025_code, "09856");  // xã Dương Hòa since 2025
  EXPECT_EQ(r.canonical, "xã Yên Sở, huyện Hoài Đức, thành phố Hà Nội");
  EXPECT_EQ(r.rule_id, "");
}

TEST_F(PlacesTest, EachAbbreviationExpands) {
  EXPECT_EQ(Resolve("X. Yên Sở, H. Hoài Đức, TP. Hà Nội").commune_code, "09856");
  EXPECT_EQ(Resolve("X.Yên Sở, H.Hoài Đức, Tp Hà Nội").commune_code, "09856");
  const PlaceResolution ward = Resolve("P. 12, Q. Tân Bình, TP.HCM");
  EXPECT_EQ(ward.commune_code, "26971");
  EXPECT_EQ(ward.district_code, "766");
  EXPECT_EQ(ward.canonical, "phường 12, quận Tân Bình, thành phố Hồ Chí Minh");
  EXPECT_EQ(Resolve("P12, Q.Tân Bình, TP HCM").commune_code, "26971");
  EXPECT_EQ(Resolve("Q.3, TP. Hồ Chí Minh").district_code, "770");
  const PlaceResolution town = Resolve("TX. Sơn Tây, Hà Tây");
  EXPECT_EQ(town.district_code, "269");
  EXPECT_EQ(town.canonical, "thị xã Sơn Tây, tỉnh Hà Tây");
  const PlaceResolution townlet = Resolve("TT. Phùng, H. Đan Phượng, Hà Tây");
  EXPECT_EQ(townlet.commune_code, "09784");
  EXPECT_EQ(townlet.canonical, "thị trấn Phùng, huyện Đan Phượng, tỉnh Hà Tây");
  // "T." may be tỉnh, thành phố or thị trấn: a boundary, not a type.
  EXPECT_EQ(Resolve("H. Hoài Đức, T. Hà Tây").district_code, "274");
}

TEST_F(PlacesTest, WrittenTypeChoosesBetweenSameNames) {
  // Thanh Hóa is the province; "TP." makes it the city inside it.
  const PlaceResolution province = Resolve("Thanh Hóa");
  EXPECT_EQ(province.district_code, "");
  const PlaceResolution city = Resolve("TP. Thanh Hóa");
  EXPECT_EQ(city.province_code, "38");
  EXPECT_EQ(city.district_code, "380");
  // Untyped, the larger unit wins: the district, not the 2025 commune.
  EXPECT_EQ(Resolve("Hoài Đức, Hà Nội").district_code, "274");
  EXPECT_EQ(Resolve("Hoài Đức, Hà Nội").commune_2025_code, "");
  EXPECT_EQ(Resolve("xã Hoài Đức, thành phố Hà Nội").commune_2025_code, "09832");
}

TEST_F(PlacesTest, OldAndNewFormsResolveToTheSameCodes) {
  const PlaceResolution old_form = Resolve("Xã Yên Sở, H. Hoài Đức, Hà Tây");
  const PlaceResolution new_form = Resolve("xã Dương Hòa, thành phố Hà Nội");
  ExpectSameUnit(old_form, new_form);
  EXPECT_EQ(new_form.commune_2025_code, "09856");
  EXPECT_EQ(new_form.canonical, "xã Dương Hòa, thành phố Hà Nội");
  EXPECT_EQ(new_form.rule_id, "");

  // Across a 2025 provincial merger: Vĩnh Phúc is now part of Phú Thọ.
  const PlaceResolution merged_old = Resolve("xã Tân Lập, huyện Sông Lô, tỉnh Vĩnh Phúc");
  const PlaceResolution merged_new = Resolve("Xã Tam Sơn, Tỉnh Phú Thọ");
  EXPECT_EQ(merged_old.province_code, "26");
  EXPECT_EQ(merged_old.commune_2025_code, "08824");
  ExpectSameUnit(merged_old, merged_new);

  const PlaceResolution hai_hung = Resolve("xã Cẩm Vũ, huyện Cẩm Giàng, tỉnh Hải Hưng");
  const PlaceResolution hai_phong = Resolve("xã Tuệ Tĩnh, thành phố Hải Phòng");
  EXPECT_EQ(hai_hung.province_code, "30");
  EXPECT_EQ(hai_hung.province_2025_code, "31");
  ExpectSameUnit(hai_hung, hai_phong);
}

TEST_F(PlacesTest, HistoricalUnits) {
  const PlaceResolution ha_tay = Resolve("Hà Tây");
  EXPECT_TRUE(ha_tay.resolved);
  EXPECT_EQ(ha_tay.province_code, "01");
  EXPECT_EQ(ha_tay.province_2025_code, "01");
  EXPECT_EQ(ha_tay.historical_unit, "Hà Tây");
  EXPECT_EQ(ha_tay.canonical, "tỉnh Hà Tây");

  const PlaceResolution commune = Resolve("Xã Yên Sở, H. Hoài Đức, Hà Tây");
  EXPECT_EQ(commune.commune_code, "09856");
  EXPECT_EQ(commune.historical_unit, "Hà Tây");
  EXPECT_EQ(commune.canonical, "xã Yên Sở, huyện Hoài Đức, tỉnh Hà Tây");

  // Covers several of the 63 provinces that all went to one 2025 province.
  const PlaceResolution ha_nam_ninh = Resolve("Hà Nam Ninh");
  EXPECT_TRUE(ha_nam_ninh.resolved);
  EXPECT_EQ(ha_nam_ninh.province_code, "");
  EXPECT_EQ(ha_nam_ninh.province_2025_code, "37");
  EXPECT_EQ(ha_nam_ninh.rule_id, "vn.place.historical_split");

  EXPECT_EQ(Resolve("Thừa Thiên Huế").province_code, "46");
  EXPECT_EQ(Resolve("Sài Gòn").province_code, "79");
  EXPECT_EQ(Resolve("Quảng Nam - Đà Nẵng").province_2025_code, "48");
}

TEST_F(PlacesTest, NgheTinhNeedsALowerUnit) {
  const PlaceResolution alone = Resolve("Nghệ Tĩnh");
  EXPECT_FALSE(alone.resolved);
  EXPECT_EQ(alone.province_code, "");
  EXPECT_EQ(alone.province_2025_code, "");
  EXPECT_EQ(alone.historical_unit, "Nghệ Tĩnh");
  EXPECT_EQ(alone.rule_id, "vn.place.ambiguous");

  const PlaceResolution nghe_an = Resolve("huyện Thanh Chương, tỉnh Nghệ Tĩnh");
  EXPECT_EQ(nghe_an.province_code, "40");
  EXPECT_EQ(nghe_an.historical_unit, "Nghệ Tĩnh");
  EXPECT_EQ(nghe_an.rule_id, "");
  const PlaceResolution ha_tinh = Resolve("H. Can Lộc, Nghệ Tĩnh");
  EXPECT_EQ(ha_tinh.province_code, "42");
  EXPECT_EQ(ha_tinh.province_2025_code, "42");
}

TEST_F(PlacesTest, TonePlacementDoesNotMatter) {
  for (const char* text : {"Thanh Hoá", "Thanh Hóa", "tỉnh Thanh Hoá", "THANH HOÁ"}) {
    EXPECT_EQ(Resolve(text).province_code, "38") << text;
  }
  EXPECT_EQ(Resolve("Hòa Bình").province_code, "17");
  EXPECT_EQ(Resolve("Hoà Bình").province_code, "17");
  const PlaceResolution new_style = Resolve("Xã Đàm Thủy, Huyện Trùng Khánh, Tỉnh Cao Bằng");
  const PlaceResolution old_style = Resolve("Xã Đàm Thuỷ, Huyện Trùng Khánh, Tỉnh Cao Bằng");
  EXPECT_FALSE(new_style.commune_code.empty());
  EXPECT_EQ(new_style.commune_code, old_style.commune_code);
  // A decomposed (NFD) tone mark is the same letter.
  EXPECT_EQ(Resolve("Thanh Hoa\xCC\x81").province_code, "38");
}

TEST_F(PlacesTest, UnaccentedText) {
  const PlaceResolution ha_noi = Resolve("Ha Noi");
  EXPECT_EQ(ha_noi.province_code, "01");
  EXPECT_EQ(ha_noi.canonical, "thành phố Hà Nội");
  EXPECT_EQ(Resolve("huyen Hoai Duc, tinh Ha Tay").district_code, "274");
  EXPECT_EQ(Resolve("xa Yen So, huyen Hoai Duc, Ha Tay").commune_code, "09856");
  // Without accents Hoằng Quý and Hoằng Quỳ are one key: no guess.
  const PlaceResolution two = Resolve("Xa Hoang Quy, Huyen Hoang Hoa, Tinh Thanh Hoa");
  EXPECT_EQ(two.rule_id, "vn.place.ambiguous");
  EXPECT_EQ(two.district_code, "399");
  EXPECT_EQ(two.commune_code, "");
  // With accents the exact key decides.
  EXPECT_EQ(Resolve("Xã Hoằng Quỳ, Huyện Hoằng Hóa, Tỉnh Thanh Hóa").rule_id, "");
}

TEST_F(PlacesTest, CommuneNamesRepeatAcrossTheCountry) {
  const PlaceResolution alone = Resolve("xã Tân Lập");
  EXPECT_FALSE(alone.resolved);
  EXPECT_EQ(alone.commune_code, "");
  EXPECT_EQ(alone.rule_id, "vn.place.ambiguous");

  const PlaceResolution dan_phuong = Resolve("xã Tân Lập, huyện Đan Phượng, Hà Nội");
  const PlaceResolution song_lo = Resolve("xã Tân Lập, huyện Sông Lô, tỉnh Vĩnh Phúc");
  EXPECT_EQ(dan_phuong.commune_code, "09820");
  EXPECT_EQ(song_lo.commune_code, "08818");
  // The province alone is enough when it has one Tân Lập.
  EXPECT_EQ(Resolve("Tân Lập, Vĩnh Phúc").commune_code, "08818");
}

TEST_F(PlacesTest, SplitCommuneLeavesThe2025CommuneOpen) {
  const PlaceResolution r = Resolve("xã Tân Lập, huyện Đan Phượng, Hà Nội");
  EXPECT_TRUE(r.resolved);
  EXPECT_EQ(r.province_2025_code, "01");
  EXPECT_EQ(r.commune_2025_code, "");
  EXPECT_EQ(r.rule_id, "vn.place.commune_split");
}

TEST_F(PlacesTest, SeparatorsAndExtraDetail) {
  for (const char* text : {"Yên Sở - Hoài Đức - Hà Tây", "Yên Sở Hoài Đức Hà Tây",
                           "xã Yên Sở huyện Hoài Đức tỉnh Hà Tây",
                           "Thôn 3, xã Yên Sở, huyện Hoài Đức, Hà Tây, Việt Nam",
                           "xã Yên Sở, huyện Hoài Đức, tỉnh Hà Tây (nay là Hà Nội)"}) {
    const PlaceResolution r = Resolve(text);
    EXPECT_EQ(r.commune_code, "09856") << text;
    EXPECT_EQ(r.rule_id, "") << text;
  }
  // A dash inside a name is not a separator.
  EXPECT_EQ(Resolve("Bà Rịa - Vũng Tàu").province_code, "77");
  // Type words inside names: "Phường Đúc" is a ward's whole name.
  EXPECT_EQ(Resolve("Phường Đúc, Huế").commune_code, "19780");
}

TEST_F(PlacesTest, UnknownPlaceKeepsNoCodes) {
  const PlaceResolution r = Resolve("Làng Xyzzy Quux");
  EXPECT_FALSE(r.resolved);
  EXPECT_EQ(r.rule_id, "vn.place.unknown");
  EXPECT_EQ(r.canonical, "");
  EXPECT_EQ(r.message.find("Xyzzy"), std::string::npos);
  EXPECT_FALSE(r.message.empty());
  EXPECT_EQ(Resolve("").rule_id, "vn.place.unknown");
}

TEST_F(PlacesTest, UnknownCommuneInAKnownDistrict) {
  const PlaceResolution r = Resolve("xã Xyzzy, huyện Hoài Đức, Hà Tây");
  EXPECT_TRUE(r.resolved);
  EXPECT_EQ(r.district_code, "274");
  EXPECT_EQ(r.commune_code, "");
  EXPECT_EQ(r.rule_id, "vn.place.partial");
  EXPECT_EQ(r.message.find("Xyzzy"), std::string::npos);
  // An unknown district between known units: the commune is still found, but
  // the text is flagged.
  const PlaceResolution gap = Resolve("xã Yên Sở, huyện Xyzzy, Hà Tây");
  EXPECT_EQ(gap.commune_code, "09856");
  EXPECT_EQ(gap.rule_id, "vn.place.partial");
}

TEST_F(PlacesTest, MessagesNeverQuoteTheText) {
  for (const char* text : {"Nghệ Tĩnh", "xã Tân Lập", "Hà Nam Ninh", "Thôn 3, Hà Tây",
                           "xã Tân Lập, huyện Đan Phượng, Hà Nội"}) {
    const PlaceResolution r = Resolve(text);
    ASSERT_FALSE(r.rule_id.empty()) << text;
    for (const char* word : {"Nghệ", "Tân Lập", "Hà Nam", "Hà Tây", "Đan Phượng"}) {
      EXPECT_EQ(r.message.find(word), std::string::npos) << text;
    }
  }
}

TEST_F(PlacesTest, ThreadSafeAndFast) {
  const std::vector<std::string> texts = {
      "Xã Yên Sở, H. Hoài Đức, Hà Tây", "xã Dương Hòa, thành phố Hà Nội", "Nghệ Tĩnh",
      "P. 12, Q. Tân Bình, TP.HCM",     "xã Tân Lập",                     "Ha Noi",
  };
  std::vector<PlaceResolution> expected;
  for (const std::string& text : texts) expected.push_back(Resolve(text));
  std::vector<std::thread> threads;
  std::vector<int> mismatches(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 2000; ++i) {
        const size_t k = (i + t) % texts.size();
        const PlaceResolution r = Resolve(texts[k]);
        if (r.commune_code != expected[k].commune_code ||
            r.province_2025_code != expected[k].province_2025_code ||
            r.rule_id != expected[k].rule_id) {
          ++mismatches[t];
        }
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  for (int count : mismatches) EXPECT_EQ(count, 0);
}

TEST(PlacesLoadTest, MissingDirectoryNamesTheFile) {
  try {
    Gazetteer::Load("/nonexistent/admin");
    FAIL() << "loaded from a missing directory";
  } catch (const std::runtime_error& error) {
    EXPECT_NE(std::string(error.what()).find("units_pre2025_63provinces.json"), std::string::npos)
        << error.what();
  }
}

TEST(PlacesLoadTest, MissingFileIsNamed) {
  // Every file but the commune mapping, to see the loader name that one.
  const std::filesystem::path source = std::filesystem::path(HOSO_MODELS_DIR) / "admin";
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() /
      ("places_test_" + std::to_string(std::chrono::steady_clock::now().time_since_epoch().count()));
  std::filesystem::create_directories(dir);
  for (const char* name : {"units_pre2025_63provinces.json", "units_2025-07-01_34provinces.json",
                           "province_63_to_34.tsv", "historical_units.tsv"}) {
    std::filesystem::copy_file(source / name, dir / name);
  }
  try {
    Gazetteer::Load(dir);
    ADD_FAILURE() << "loaded without commune_2025.tsv";
  } catch (const std::runtime_error& error) {
    EXPECT_NE(std::string(error.what()).find("commune_2025.tsv"), std::string::npos)
        << error.what();
  }
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace hoso::normalize_vi
