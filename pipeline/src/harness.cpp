#include "hoso/harness.h"

#include <yaml-cpp/yaml.h>

#include "host_context.h"
#include "option_parsing.h"
#include "plugin_library.h"

namespace hoso {

struct Harness::State {
  std::shared_ptr<const internal::PluginLibrary> library;
  std::shared_ptr<Plugin> plugin;
  std::vector<QuarantineEntry> quarantined;
  std::vector<std::string> log;
  std::unique_ptr<internal::HostContext> ctx;

  void Expect(PluginKind a, PluginKind b = PluginKind{}) const {
    const PluginKind kind = library->kind();
    if (kind != a && kind != b) {
      throw std::logic_error(library->name() + " is a " + PluginKindName(kind) +
                             " plugin; use the Harness call for that kind");
    }
  }
};

Harness::Harness(const std::filesystem::path& library, std::string_view options_yaml,
                 const std::filesystem::path& base_dir)
    : state_(std::make_unique<State>()) {
  state_->library = internal::PluginLibrary::Open(library);
  YAML::Node with;
  try {
    if (!options_yaml.empty()) with = YAML::Load(std::string(options_yaml));
  } catch (const YAML::Exception& e) {
    throw LoadError(library.string() + ": options are not valid YAML: " + e.msg);
  }
  Options options;
  std::vector<internal::OptionError> errors;
  if (!internal::ParseOptions(state_->library->descriptor(), with, base_dir, &options, &errors)) {
    std::string message = library.string() + ": ";
    for (size_t i = 0; i < errors.size(); ++i) message += (i ? "; " : "") + errors[i].message;
    throw LoadError(message);
  }
  state_->plugin = state_->library->Create(options);
  State* state = state_.get();
  state_->ctx = std::make_unique<internal::HostContext>(
      [state](QuarantineEntry e) { state->quarantined.push_back(std::move(e)); },
      [state](LogLevel level, const std::string&, std::string_view message) {
        static const char* const kNames[] = {"debug", "info", "warning", "error"};
        state->log.push_back(std::string(kNames[static_cast<int>(level) & 3]) + ": " +
                             std::string(message));
      },
      base_dir, /*seed=*/0, /*worker=*/0);
  state_->ctx->SetStage("1:" + state_->library->name(), state_->library->name(),
                        state_->library->version());
}

Harness::~Harness() = default;

const PluginDescriptor& Harness::descriptor() const { return state_->library->descriptor(); }

std::vector<Dossier> Harness::ReadAll() {
  state_->Expect(PluginKind::kSource);
  std::vector<Dossier> out;
  auto& source = static_cast<Source&>(*state_->plugin);
  Dossier dossier;
  while (internal::PullSource(source, "1:" + state_->library->name(), dossier, *state_->ctx)) {
    out.push_back(std::move(dossier));
  }
  state_->ctx->TakeQuarantinedUnits();
  return out;
}

std::vector<Dossier> Harness::Run(std::vector<Dossier> dossiers) {
  state_->Expect(PluginKind::kTransform, PluginKind::kValidator);
  std::vector<Dossier> out;
  for (Dossier& dossier : dossiers) {
    if (internal::ApplyStage(state_->library->kind(), *state_->plugin, dossier, *state_->ctx)) {
      out.push_back(std::move(dossier));
    }
  }
  return out;
}

RecordSet Harness::RunBatch(RecordSet set) {
  state_->Expect(PluginKind::kBatch);
  static_cast<Batch&>(*state_->plugin).Process(set, *state_->ctx);
  state_->ctx->TakeQuarantinedUnits();
  return set;
}

void Harness::Write(const std::vector<Dossier>& dossiers, const std::vector<SideTable>& tables) {
  state_->Expect(PluginKind::kSink);
  auto& sink = static_cast<Sink&>(*state_->plugin);
  sink.Open(*state_->ctx);
  for (const Dossier& dossier : dossiers) {
    try {
      sink.Write(dossier, *state_->ctx);
    } catch (const Rejection& e) {
      // As in a run: a refused dossier is quarantined and the rest goes on.
      internal::QuarantineDossier(dossier, *state_->ctx, std::string("rejected: ") + e.what());
    }
  }
  for (const SideTable& table : tables) sink.WriteTable(table, *state_->ctx);
  sink.Commit(*state_->ctx);
}

const std::vector<QuarantineEntry>& Harness::quarantined() const { return state_->quarantined; }
const std::vector<std::string>& Harness::log() const { return state_->log; }

}  // namespace hoso
