// Fuzz target `worker_reply`: what a hoso-worker child sends back for a
// dossier, through the host's DecodeWorkerResult (worker_process.h).
//
// A child runs plugins on untrusted scans; one that corrupts its process's
// memory can make the child send anything. The host must refuse bytes that
// are not a whole answer with CodecError (the worker is then lost and its
// input quarantined), never crash or allocate without bound. What decodes
// must encode back to bytes that decode to the same: the codec carries
// everything a page or a record holds, nothing is dropped on the way.
//
// An input starting with 'S' is read the other way round: its bytes choose a
// dossier (pages, words, lines, records, findings, origins), which is
// encoded, decoded and encoded again, and the two encodings must be equal.
// That reaches the encoder with shapes a reply seldom has.
#include <fuzzer/FuzzedDataProvider.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "dossier_codec.h"
#include "worker_process.h"

namespace {

using hoso::Dossier;
using hoso::internal::ByteReader;
using hoso::internal::ByteWriter;
using hoso::internal::CodecError;

[[noreturn]] void Fail(const char* what) {
  std::fprintf(stderr, "worker_reply invariant broken: %s\n", what);
  std::abort();
}

std::string Encode(const Dossier& dossier) {
  std::string bytes;
  ByteWriter w(bytes);
  hoso::internal::EncodeDossier(dossier, w);
  return bytes;
}

// Encoding, decoding and encoding again gives the same bytes, and the
// decoder reads exactly what the encoder wrote.
void CheckRoundTrip(const Dossier& dossier) {
  const std::string once = Encode(dossier);
  ByteReader r(once);
  Dossier back;
  try {
    back = hoso::internal::DecodeDossier(r);
  } catch (const CodecError&) {
    Fail("a dossier the encoder wrote does not decode");
  }
  if (!r.AtEnd()) Fail("the decoder left bytes the encoder wrote");
  if (Encode(back) != once) Fail("a decoded dossier encodes differently");
}

hoso::Provenance MakeProvenance(FuzzedDataProvider& in) {
  hoso::Provenance p;
  p.file = in.ConsumeRandomLengthString(16);
  p.page = in.ConsumeIntegral<int>();
  p.box = {in.ConsumeIntegral<int>(), in.ConsumeIntegral<int>(), in.ConsumeIntegral<int>(),
           in.ConsumeIntegral<int>()};
  p.row = in.ConsumeIntegral<int64_t>();
  p.column = in.ConsumeRandomLengthString(8);
  return p;
}

hoso::Field MakeField(FuzzedDataProvider& in) {
  hoso::Field f;
  f.value = in.ConsumeRandomLengthString(24);
  f.raw = in.ConsumeRandomLengthString(24);
  f.confidence = in.ConsumeFloatingPoint<double>();
  f.provenance = MakeProvenance(in);
  return f;
}

hoso::MemberRecord MakeRecord(FuzzedDataProvider& in) {
  hoso::MemberRecord r;
  r.id = in.ConsumeRandomLengthString(12);
  r.source = in.ConsumeRandomLengthString(12);
  r.member_id = in.ConsumeRandomLengthString(12);
  for (const hoso::CoreField& core : hoso::kCoreFields) {
    if (in.ConsumeBool()) r.*(core.member) = MakeField(in);
  }
  for (int i = in.ConsumeIntegralInRange(0, 2); i > 0; --i) {
    r.extra[in.ConsumeRandomLengthString(8)] = MakeField(in);
  }
  r.name_keys = {in.ConsumeRandomLengthString(16), in.ConsumeRandomLengthString(16),
                 in.ConsumeRandomLengthString(16), in.ConsumeRandomLengthString(16)};
  for (int i = in.ConsumeIntegralInRange(0, 2); i > 0; --i) {
    r.unit_codes[in.ConsumeRandomLengthString(8)] = in.ConsumeRandomLengthString(8);
  }
  for (int i = in.ConsumeIntegralInRange(0, 2); i > 0; --i) {
    hoso::Finding& f = r.findings.emplace_back();
    f.rule_id = in.ConsumeRandomLengthString(16);
    f.severity = static_cast<hoso::Severity>(in.ConsumeIntegralInRange(0, 2));
    f.field = in.ConsumeRandomLengthString(8);
    f.message = in.ConsumeRandomLengthString(24);
    f.suggested_fix = in.ConsumeRandomLengthString(8);
  }
  r.golden = in.ConsumeBool();
  for (int i = in.ConsumeIntegralInRange(0, 2); i > 0; --i) {
    hoso::FieldOrigin& o = r.origins[in.ConsumeRandomLengthString(8)];
    o.source = in.ConsumeRandomLengthString(8);
    o.record_id = in.ConsumeRandomLengthString(8);
    o.rule = in.ConsumeRandomLengthString(8);
    o.records_agreeing = in.ConsumeIntegral<int>();
    for (int k = in.ConsumeIntegralInRange(0, 2); k > 0; --k) {
      o.alternatives.push_back({in.ConsumeRandomLengthString(8), in.ConsumeRandomLengthString(8),
                                in.ConsumeRandomLengthString(8), in.ConsumeIntegral<int>()});
    }
  }
  return r;
}

hoso::Page MakePage(FuzzedDataProvider& in) {
  hoso::Page p;
  p.origin = MakeProvenance(in);
  p.width = in.ConsumeIntegral<int>();
  p.height = in.ConsumeIntegral<int>();
  p.dpi = in.ConsumeIntegral<int>();
  p.image = in.ConsumeBytes<unsigned char>(in.ConsumeIntegralInRange(0, 64));
  p.image_format = in.ConsumeRandomLengthString(8);
  p.source_format = in.ConsumeRandomLengthString(8);
  p.text = in.ConsumeRandomLengthString(64);
  for (int i = in.ConsumeIntegralInRange(0, 4); i > 0; --i) {
    hoso::Word& w = p.words.emplace_back();
    w.text = in.ConsumeRandomLengthString(12);
    w.box = {in.ConsumeIntegral<int>(), in.ConsumeIntegral<int>(), in.ConsumeIntegral<int>(),
             in.ConsumeIntegral<int>()};
    w.confidence = in.ConsumeFloatingPoint<float>();
  }
  for (int i = in.ConsumeIntegralInRange(0, 2); i > 0; --i) {
    hoso::Line& l = p.lines.emplace_back();
    l.text = in.ConsumeRandomLengthString(24);
    l.confidence = in.ConsumeFloatingPoint<float>();
    l.first_word = in.ConsumeIntegral<int>();
    l.word_count = in.ConsumeIntegral<int>();
  }
  p.mean_confidence = in.ConsumeFloatingPoint<double>();
  for (int i = in.ConsumeIntegralInRange(0, 2); i > 0; --i) {
    p.attributes[in.ConsumeRandomLengthString(8)] = in.ConsumeRandomLengthString(8);
  }
  return p;
}

Dossier MakeDossier(FuzzedDataProvider& in) {
  Dossier d;
  d.id = in.ConsumeRandomLengthString(16);
  for (int i = in.ConsumeIntegralInRange(0, 3); i > 0; --i) d.units.push_back(MakeProvenance(in));
  d.original = in.ConsumeRandomLengthString(32);
  for (int i = in.ConsumeIntegralInRange(0, 2); i > 0; --i) d.pages.push_back(MakePage(in));
  for (int i = in.ConsumeIntegralInRange(0, 2); i > 0; --i) d.records.push_back(MakeRecord(in));
  return d;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 0 && data[0] == 'S') {
    FuzzedDataProvider in(data + 1, size - 1);
    CheckRoundTrip(MakeDossier(in));
    return 0;
  }
  const std::string_view payload(reinterpret_cast<const char*>(data), size);
  Dossier dossier;
  dossier.id = "sent";
  try {
    const hoso::internal::WorkerOutcome outcome =
        hoso::internal::DecodeWorkerResult(payload, dossier);
    // A quarantined dossier stays as the host sent it.
    if (!outcome.kept && dossier.id != "sent") Fail("a refused answer replaced the dossier");
    if (outcome.kept) CheckRoundTrip(dossier);
  } catch (const CodecError&) {
    // Refused: the host loses the worker and quarantines the input.
  }
  return 0;
}
