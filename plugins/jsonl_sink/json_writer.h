// Writes one JSON value straight into a string, keys in the order they are
// written. The sink renders every record with it: building a DOM first
// (nlohmann's ordered_json) cost about 100 µs a record in allocations and
// key searches, the slowest stage of a million-record run.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace hoso::jsonl_sink {

// Text that is not UTF-8 cannot be written: the output never differs from
// what the pipeline held.
class InvalidUtf8 : public std::runtime_error {
 public:
  InvalidUtf8() : std::runtime_error("text is not valid UTF-8") {}
};

// Bytes equal to nlohmann::json::dump() with no indent, ensure_ascii off:
// "\u001f"-style escapes for control characters, doubles in their shortest
// round-trip form with ".0" on whole numbers, null for NaN and infinity.
class JsonWriter {
 public:
  explicit JsonWriter(std::string& out) : out_(out) {}

  void BeginObject() { Open('{'); }
  void EndObject() { Close('}'); }
  void BeginArray() { Open('['); }
  void EndArray() { Close(']'); }
  // The next value belongs to this key.
  void Key(std::string_view key);

  void String(std::string_view text);
  void Int(int64_t number);
  void Double(double number);
  void Bool(bool value);
  void Null();

  // Shorthands for a key and its value.
  void Field(std::string_view key, std::string_view text) {
    Key(key);
    String(text);
  }
  void Field(std::string_view key, int64_t number) {
    Key(key);
    Int(number);
  }
  void Field(std::string_view key, double number) {
    Key(key);
    Double(number);
  }

 private:
  void Open(char bracket);
  void Close(char bracket);
  void Separate();

  std::string& out_;
  std::vector<bool> first_;  // per open object/array: nothing written in it yet
  bool after_key_ = false;
};

}  // namespace hoso::jsonl_sink
