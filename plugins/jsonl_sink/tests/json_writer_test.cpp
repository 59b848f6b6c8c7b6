// The writer's bytes against nlohmann's dump(), which the sink used to call:
// output files must not change when the writer replaced the DOM.
#include "json_writer.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>
#include <random>
#include <string>

namespace hoso::jsonl_sink {
namespace {

std::string Written(const std::string& text) {
  std::string out;
  JsonWriter(out).String(text);
  return out;
}

std::string Written(double number) {
  std::string out;
  JsonWriter(out).Double(number);
  return out;
}

std::string Dumped(const nlohmann::json& value) {
  return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::strict);
}

TEST(JsonWriter, StringsAsNlohmannDumpsThem) {
  for (const std::string& text : std::vector<std::string>{
           "", "Nguyễn Văn Đức", "a\"b\\c/d", "tab\there\nnew\rline\bback\fform",
           std::string("\x01\x1f\x7f", 3), std::string("nul\0byte", 8), "𝄞 emoji 😀", "Ð Ɖ Đ",
           "\xc2\xa0nbsp"}) {
    EXPECT_EQ(Written(text), Dumped(text)) << text;
  }
}

TEST(JsonWriter, RandomValidUtf8AsNlohmannDumpsIt) {
  std::mt19937 random(7);
  std::uniform_int_distribution<uint32_t> code(0, 0x10FFFF);
  for (int n = 0; n < 2000; ++n) {
    std::string text;
    for (int k = 0; k < 12; ++k) {
      uint32_t c = code(random) % (k % 3 == 0 ? 0x80u : 0x110000u);
      if (c >= 0xD800 && c <= 0xDFFF) c = 'x';
      if (c < 0x80) {
        text.push_back(static_cast<char>(c));
      } else if (c < 0x800) {
        text.push_back(static_cast<char>(0xC0 | (c >> 6)));
        text.push_back(static_cast<char>(0x80 | (c & 0x3F)));
      } else if (c < 0x10000) {
        text.push_back(static_cast<char>(0xE0 | (c >> 12)));
        text.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
        text.push_back(static_cast<char>(0x80 | (c & 0x3F)));
      } else {
        text.push_back(static_cast<char>(0xF0 | (c >> 18)));
        text.push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3F)));
        text.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
        text.push_back(static_cast<char>(0x80 | (c & 0x3F)));
      }
    }
    ASSERT_EQ(Written(text), Dumped(text));
  }
}

TEST(JsonWriter, RefusesWhatIsNotUtf8LikeNlohmann) {
  for (const std::string& bad : std::vector<std::string>{
           std::string("\xff"), std::string("Nguy\xc3"), std::string("\xc0\xaf"),  // overlong
           std::string("\xed\xa0\x80"),                                            // surrogate
           std::string("\xf4\x90\x80\x80"),                                        // past U+10FFFF
           std::string("\xe0\x80\xaf"), std::string("ab\x80")}) {
    EXPECT_THROW(Written(bad), InvalidUtf8);
    EXPECT_THROW(Dumped(bad), nlohmann::json::type_error);
  }
}

TEST(JsonWriter, NumbersAsNlohmannDumpsThem) {
  for (const double d : {0.0, -0.0, 1.0, 0.95, 0.1 + 0.2, 1e-7, 123456789.0, 1e21, -3.5,
                         std::numeric_limits<double>::min(), std::numeric_limits<double>::max(),
                         1.0 / 3.0, 0.8999999999999999}) {
    EXPECT_EQ(Written(d), Dumped(d)) << d;
  }
  std::mt19937_64 random(11);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  for (int n = 0; n < 2000; ++n) {
    const double d = unit(random);
    ASSERT_EQ(Written(d), Dumped(d));
  }
  EXPECT_EQ(Written(std::nan("")), "null");
  EXPECT_EQ(Written(std::numeric_limits<double>::infinity()), "null");
}

TEST(JsonWriter, ObjectsAndArraysAsNlohmannDumpsThem) {
  std::string out;
  JsonWriter w(out);
  w.BeginObject();
  w.Field("id", "r1");
  w.Field("n", int64_t{-42});
  w.Key("empty");
  w.BeginObject();
  w.EndObject();
  w.Key("list");
  w.BeginArray();
  w.Int(1);
  w.BeginObject();
  w.Field("x", 0.5);
  w.EndObject();
  w.Null();
  w.Bool(true);
  w.BeginArray();
  w.EndArray();
  w.EndArray();
  w.EndObject();
  nlohmann::ordered_json j;
  j["id"] = "r1";
  j["n"] = -42;
  j["empty"] = nlohmann::ordered_json::object();
  j["list"] = {1, {{"x", 0.5}}, nullptr, true, nlohmann::ordered_json::array()};
  EXPECT_EQ(out, j.dump());
}

}  // namespace
}  // namespace hoso::jsonl_sink
