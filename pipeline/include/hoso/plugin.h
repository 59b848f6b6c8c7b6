// The plugin contract. A plugin is a shared library that exports one entry
// point returning a plain PluginDescriptor. The host checks the descriptor
// (ABI version, name, option table) before creating anything.
//
//   class MyRule : public hoso::Validator { ... };
//   constexpr hoso::OptionSpec kOptions[] = {{.name = "fields", ...}};
//   HOSO_PLUGIN(hoso::MakeDescriptor<MyRule>(hoso::PluginKind::kValidator,
//               "my_rule", "1.0.0", "Checks ...", kOptions));
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include <boost/dll/alias.hpp>

#include "hoso/context.h"
#include "hoso/dossier.h"
#include "hoso/options.h"

// Bumped whenever any type crossing the plugin boundary changes layout.
#ifndef HOSO_ABI_VERSION
#define HOSO_ABI_VERSION 4
#endif

namespace hoso {

inline constexpr uint32_t kAbiVersion = HOSO_ABI_VERSION;

enum class PluginKind : uint32_t {
  kSource = 1,     // inputs -> dossiers
  kTransform = 2,  // dossier -> dossier (OCR, field extraction, normalization)
  kValidator = 3,  // record -> findings
  kBatch = 4,      // the whole record set (deduplication, merging)
  kSink = 5,       // dossiers and side tables -> files
};

inline const char* PluginKindName(PluginKind k) {
  switch (k) {
    case PluginKind::kSource:
      return "source";
    case PluginKind::kTransform:
      return "transform";
    case PluginKind::kValidator:
      return "validator";
    case PluginKind::kBatch:
      return "batch";
    case PluginKind::kSink:
      return "sink";
  }
  return "unknown";
}

// Classes crossing the boundary keep default visibility, so their RTTI and
// exceptions match between the host and plugins built with hidden visibility.
#define HOSO_API __attribute__((visibility("default")))

class HOSO_API Plugin {
 public:
  virtual ~Plugin() = default;
};

class HOSO_API Source : public Plugin {
 public:
  // Fills `out` with the next dossier and returns true, or returns false at
  // the end. Called from one thread; the host pulls, so memory stays bounded.
  virtual bool Next(Dossier& out, Context& ctx) = 0;
  // Input units expected in all (files, pages, rows), for progress and ETA;
  // -1 when unknown.
  virtual int64_t SizeHint() const { return -1; }
};

class HOSO_API Transform : public Plugin {
 public:
  // One instance per worker, only ever called from that worker.
  virtual void Process(Dossier& dossier, Context& ctx) = 0;
  // True when Process treats every page on its own: no state across the
  // pages of a dossier, no output per dossier, no records made. The host may
  // then hand the instances one-page parts of one dossier at the same time
  // (same id, the page's unit only) and join the parts back in page order,
  // so a dossier of many pages does not hold one worker while others idle.
  virtual bool PageByPage() const { return false; }
};

class HOSO_API Validator : public Plugin {
 public:
  // One instance per worker. Appends findings for one record.
  virtual void Validate(const MemberRecord& record, std::vector<Finding>& findings,
                        Context& ctx) = 0;
};

class HOSO_API Batch : public Plugin {
 public:
  // Sees every dossier that reached this barrier. May drop a dossier only
  // after quarantining its units through ctx.
  virtual void Process(RecordSet& set, Context& ctx) = 0;
};

// A batch stage that decides from a compact summary of each dossier
// (deduplication's integer keys) rather than from the records themselves.
// The host does not hold the batch for it: it shows it every dossier in
// order (Observe), spills them to disk, calls Decide once, then streams
// the same dossiers back in the same order through Apply on their way on.
// A batch of millions of records then costs the plugin's summary, not the
// records. Process runs the three steps in memory (the harness, tests).
class HOSO_API StreamingBatch : public Batch {
 public:
  // First pass. Called on one thread, in order; the dossier is not kept.
  virtual void Observe(const Dossier& dossier, Context& ctx) = 0;
  // Between the passes: decide, and add side tables.
  virtual void Decide(std::vector<SideTable>& tables, Context& ctx) = 0;
  // Second pass: the same dossiers, same order, with the same records.
  // Returns false to drop the dossier, only after quarantining its units
  // through ctx.
  virtual bool Apply(Dossier& dossier, Context& ctx) = 0;

  void Process(RecordSet& set, Context& ctx) final {
    for (const Dossier& dossier : set.dossiers) Observe(dossier, ctx);
    Decide(set.tables, ctx);
    std::vector<Dossier> kept;
    kept.reserve(set.dossiers.size());
    for (Dossier& dossier : set.dossiers) {
      if (Apply(dossier, ctx)) kept.push_back(std::move(dossier));
    }
    set.dossiers = std::move(kept);
  }
};

class HOSO_API Sink : public Plugin {
 public:
  virtual void Open(Context& ctx) { (void)ctx; }
  // Throw Rejection, before writing any part of it, to refuse one dossier
  // (it is quarantined and the run goes on); any other exception fails the
  // run and nothing is committed.
  virtual void Write(const Dossier& dossier, Context& ctx) = 0;
  virtual void WriteTable(const SideTable& table, Context& ctx) {
    (void)table;
    (void)ctx;
  }
  // Makes the output visible atomically. Not called when the run fails.
  virtual void Commit(Context& ctx) = 0;
};

// A subcommand the host dispatches as `hoso <name> ...` (argv[0] is <name>).
struct Command {
  const char* name;
  const char* summary;
  int (*run)(int argc, char** argv);
};

using CreateFn = Plugin* (*)(const Options& options);

// PluginDescriptor::flags.
enum PluginFlags : uint32_t {
  // The plugin feeds untrusted bytes to native code (image decoders, OCR):
  // the host runs it in child processes unless the pipeline says
  // `isolate: false`, so a crash or hang costs one input, not the batch.
  kIsolateByDefault = 1u << 0,
};

struct PluginDescriptor {
  uint32_t abi_version;  // first, so the host can read it before anything else
  const char* name;      // [a-z][a-z0-9_]*, unique in a plugin path
  const char* version;   // the plugin's own version
  PluginKind kind;
  const char* description;  // one line
  const OptionSpec* options;
  size_t option_count;
  CreateFn create;
  const Command* commands;
  size_t command_count;
  uint32_t flags = 0;  // PluginFlags
};

// `HOSO_PLUGIN(hoso::IsolatedByDefault(hoso::MakeDescriptor<...>(...)))`.
constexpr PluginDescriptor IsolatedByDefault(PluginDescriptor descriptor) {
  descriptor.flags |= kIsolateByDefault;
  return descriptor;
}

template <typename T>
Plugin* CreatePlugin(const Options& options) {
  return new T(options);
}

template <typename T, size_t N>
constexpr PluginDescriptor MakeDescriptor(PluginKind kind, const char* name, const char* version,
                                          const char* description,
                                          const OptionSpec (&options)[N]) {
  return PluginDescriptor{kAbiVersion, name, version, kind,    description,
                          options,     N,    &CreatePlugin<T>, nullptr, 0};
}

template <typename T>
constexpr PluginDescriptor MakeDescriptor(PluginKind kind, const char* name, const char* version,
                                          const char* description) {
  return PluginDescriptor{kAbiVersion, name,    version,          kind,    description,
                          nullptr,     0,       &CreatePlugin<T>, nullptr, 0};
}

}  // namespace hoso

#define HOSO_PP_CAT_(a, b) a##b
#define HOSO_PP_CAT(a, b) HOSO_PP_CAT_(a, b)
// Exported symbol name carries the ABI version, so the host can read it from
// the symbol table and refuse a mismatch before loading the library.
#define HOSO_ENTRY_SYMBOL HOSO_PP_CAT(hoso_plugin_abi_, HOSO_ABI_VERSION)
#define HOSO_ENTRY_PREFIX "hoso_plugin_abi_"

// Exports `descriptor_expr` (a constant expression of type PluginDescriptor)
// as the plugin's single entry point.
#define HOSO_PLUGIN(descriptor_expr)                                       \
  namespace {                                                              \
  constexpr ::hoso::PluginDescriptor hoso_descriptor_ = descriptor_expr;   \
  const ::hoso::PluginDescriptor* HosoDescriptor() { return &hoso_descriptor_; } \
  }                                                                        \
  BOOST_DLL_ALIAS(HosoDescriptor, HOSO_ENTRY_SYMBOL)
