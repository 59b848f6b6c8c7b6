// A dossier as bytes, for handing it to a stage running in a child process
// and back, parking it on disk (a streaming batch's spill) and journaling it.
// Both ends are the same build of hoso, so the format is private: no
// versioning (the journal's magic names it), native byte order. Decoding checks every length
// against the bytes left, because the bytes may come from a process that was dying.
#pragma once

#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "hoso/dossier.h"
#include "hoso/harness.h"
#include "hoso/options.h"

namespace hoso::internal {

class CodecError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class ByteWriter {
 public:
  explicit ByteWriter(std::string& out) : out_(out) {}

  void U32(uint32_t v) { Raw(&v, sizeof v); }
  void U64(uint64_t v) { Raw(&v, sizeof v); }
  void I64(int64_t v) { Raw(&v, sizeof v); }
  void F64(double v) { Raw(&v, sizeof v); }
  void Bool(bool v) { U32(v ? 1 : 0); }
  void Str(std::string_view s) {
    U64(s.size());
    out_.append(s.data(), s.size());
  }
  void Raw(const void* data, size_t size) { out_.append(static_cast<const char*>(data), size); }
  // Compact forms for the dossier codec, whose dossiers are mostly short
  // strings and small numbers (a spilled batch of CSV rows was 2.8 KB a
  // record in fixed-width fields): LEB128 and zigzag.
  void Byte(uint8_t v) { out_.push_back(static_cast<char>(v)); }
  void Var(uint64_t v) {
    while (v >= 0x80) {
      out_.push_back(static_cast<char>((v & 0x7F) | 0x80));
      v >>= 7;
    }
    out_.push_back(static_cast<char>(v));
  }
  void SVar(int64_t v) { Var((static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63)); }
  void VStr(std::string_view s) {
    Var(s.size());
    out_.append(s.data(), s.size());
  }

 private:
  std::string& out_;
};

class ByteReader {
 public:
  explicit ByteReader(std::string_view in) : in_(in) {}

  uint32_t U32() { return Fixed<uint32_t>(); }
  uint64_t U64() { return Fixed<uint64_t>(); }
  int64_t I64() { return Fixed<int64_t>(); }
  double F64() { return Fixed<double>(); }
  bool Bool() { return U32() != 0; }
  std::string Str() {
    const uint64_t size = U64();
    Need(size);
    std::string s(in_.substr(pos_, size));
    pos_ += size;
    return s;
  }
  void Bytes(std::vector<unsigned char>& out) {
    const uint64_t size = U64();
    Need(size);
    out.assign(in_.begin() + pos_, in_.begin() + pos_ + size);
    pos_ += size;
  }
  // A count of items each at least `min_item_bytes` long, checked against
  // the bytes left so a corrupt count cannot make a huge allocation.
  size_t Count(size_t min_item_bytes) {
    const uint64_t n = U64();
    if (min_item_bytes > 0 && n > (in_.size() - pos_) / min_item_bytes) {
      throw CodecError("dossier bytes: count past the end");
    }
    return static_cast<size_t>(n);
  }
  bool AtEnd() const { return pos_ == in_.size(); }

  uint8_t Byte() { return Fixed<uint8_t>(); }
  uint64_t Var() {
    uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      const uint8_t b = Fixed<uint8_t>();
      v |= static_cast<uint64_t>(b & 0x7F) << shift;
      if ((b & 0x80) == 0) return v;
    }
    throw CodecError("dossier bytes: a number too long");
  }
  int64_t SVar() {
    const uint64_t v = Var();
    return static_cast<int64_t>(v >> 1) ^ -static_cast<int64_t>(v & 1);
  }
  std::string VStr() {
    const uint64_t size = Var();
    Need(size);
    std::string s(in_.substr(pos_, size));
    pos_ += size;
    return s;
  }
  void VBytes(std::vector<unsigned char>& out) {
    const uint64_t size = Var();
    Need(size);
    out.assign(in_.begin() + pos_, in_.begin() + pos_ + size);
    pos_ += size;
  }
  // Count() for a count written by Var().
  size_t VCount(size_t min_item_bytes) {
    const uint64_t n = Var();
    if (min_item_bytes > 0 && n > (in_.size() - pos_) / min_item_bytes) {
      throw CodecError("dossier bytes: count past the end");
    }
    return static_cast<size_t>(n);
  }

 private:
  template <typename T>
  T Fixed() {
    Need(sizeof(T));
    T v;
    std::memcpy(&v, in_.data() + pos_, sizeof v);
    pos_ += sizeof v;
    return v;
  }
  void Need(uint64_t n) const {
    if (n > in_.size() - pos_) throw CodecError("dossier bytes: truncated");
  }

  std::string_view in_;
  size_t pos_ = 0;
};

void EncodeDossier(const Dossier& dossier, ByteWriter& out);
Dossier DecodeDossier(ByteReader& in);

void EncodeProvenance(const Provenance& p, ByteWriter& out);
Provenance DecodeProvenance(ByteReader& in);

void EncodeQuarantineEntry(const QuarantineEntry& entry, ByteWriter& out);
// The fewest bytes an encoded entry takes (a compact provenance of one byte,
// five empty strings), for checking a count of them against the bytes left.
inline constexpr size_t kMinQuarantineEntryBytes = 1 + 5 * sizeof(uint64_t);
QuarantineEntry DecodeQuarantineEntry(ByteReader& in);

void EncodeOptions(const Options& options, ByteWriter& out);
Options DecodeOptions(ByteReader& in);

}  // namespace hoso::internal
