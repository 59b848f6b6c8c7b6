// The child's side of worker_process.h: creates the plugins the host names
// and applies them to the dossiers it sends, exactly as the host would.
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <memory>
#include <vector>

#include "host_context.h"
#include "plugin_library.h"
#include "worker_frames.h"
#include "worker_process.h"

namespace hoso::internal {
namespace {

struct ServedStage {
  std::string label, plugin, version;
  std::shared_ptr<const PluginLibrary> library;
  std::shared_ptr<Plugin> instance;
  PluginKind kind = PluginKind::kTransform;
};

bool ReadAll(int fd, char* data, size_t size) {
  while (size > 0) {
    const ssize_t n = read(fd, data, size);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    data += n;
    size -= static_cast<size_t>(n);
  }
  return true;
}

bool WriteAll(int fd, const std::string& bytes) {
  size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = send(fd, bytes.data() + done, bytes.size() - done, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<size_t>(n);
  }
  return true;
}

// False at end of file: the host is done with us.
bool ReadFrame(int fd, FrameType& type, std::string& payload) {
  char header[kFrameHeader];
  if (!ReadAll(fd, header, sizeof header)) return false;
  ByteReader r(std::string_view(header, sizeof header));
  type = static_cast<FrameType>(r.U32());
  payload.resize(r.U64());
  return ReadAll(fd, payload.data(), payload.size());
}

}  // namespace

int ServeStages(int fd) {
  FrameType type;
  std::string payload;
  if (!ReadFrame(fd, type, payload) || type != FrameType::kLaunch) return 2;
  ByteReader launch(payload);
  const std::filesystem::path base_dir = launch.Str();
  const uint64_t seed = launch.U64();
  const int worker = static_cast<int>(launch.I64());
  const LogLevel log_level = static_cast<LogLevel>(launch.U32());
  std::vector<ServedStage> stages(launch.Count(40));
  for (size_t i = 0; i < stages.size(); ++i) {
    ServedStage& stage = stages[i];
    stage.label = launch.Str();
    stage.plugin = launch.Str();
    stage.version = launch.Str();
    const std::filesystem::path library = launch.Str();
    const std::string sha256 = launch.Str();
    const Options options = DecodeOptions(launch);
    try {
      // The library is checked again here (ownership, pin): the child trusts
      // the file system no more than the host did.
      PluginPin pin{stage.plugin, sha256, stage.label, 0};
      OpenOptions open;
      if (!sha256.empty()) open.pin = &pin;
      stage.library = PluginLibrary::Open(library, open);
      stage.kind = stage.library->kind();
      stage.instance = stage.library->Create(options);
    } catch (const std::exception& e) {
      std::string answer;
      ByteWriter w(answer);
      w.U64(i);
      w.Str(e.what());
      WriteAll(fd, Frame(FrameType::kCreateFailed, answer));
      return 1;
    }
  }
  {
    std::string answer;
    ByteWriter w(answer);
    for (const ServedStage& stage : stages) {
      w.Bool(stage.kind == PluginKind::kTransform &&
             static_cast<Transform&>(*stage.instance).PageByPage());
    }
    if (!WriteAll(fd, Frame(FrameType::kReady, answer))) return 0;
  }

  std::vector<QuarantineEntry> quarantined;
  std::vector<WorkerLogLine> log;
  HostContext ctx([&](QuarantineEntry entry) { quarantined.push_back(std::move(entry)); },
                  [&](LogLevel level, const std::string& stage, std::string_view message) {
                    if (level >= log_level) log.push_back({level, stage, std::string(message)});
                  },
                  base_dir, seed, worker);
  while (ReadFrame(fd, type, payload)) {
    if (type != FrameType::kRun) return 2;
    ByteReader run(payload);
    const size_t first = run.U64();
    const size_t last = run.U64();
    if (first > last || last > stages.size()) return 2;
    Dossier dossier = DecodeDossier(run);
    payload.clear();
    payload.shrink_to_fit();  // a page's pixels: do not keep two copies

    quarantined.clear();
    log.clear();
    std::vector<int64_t> nanos;
    bool kept = true;
    for (size_t i = first; i < last && kept; ++i) {
      std::string begin;
      ByteWriter(begin).U64(i);
      if (!WriteAll(fd, Frame(FrameType::kBegin, begin))) return 0;
      ServedStage& stage = stages[i];
      ctx.SetStage(stage.label, stage.plugin, stage.version);
      const auto t0 = std::chrono::steady_clock::now();
      kept = ApplyStage(stage.kind, *stage.instance, dossier, ctx);
      nanos.push_back(std::chrono::duration_cast<std::chrono::nanoseconds>(
                          std::chrono::steady_clock::now() - t0)
                          .count());
    }

    std::string answer;
    ByteWriter w(answer);
    w.Bool(kept);
    w.U64(nanos.size());
    for (int64_t n : nanos) w.I64(n);
    w.U64(log.size());
    for (const WorkerLogLine& line : log) {
      w.U32(static_cast<uint32_t>(line.level));
      w.Str(line.stage);
      w.Str(line.message);
    }
    w.U64(quarantined.size());
    for (const QuarantineEntry& entry : quarantined) EncodeQuarantineEntry(entry, w);
    if (kept) EncodeDossier(dossier, w);
    if (!WriteAll(fd, Frame(FrameType::kResult, answer))) return 0;
  }
  return 0;
}

}  // namespace hoso::internal
