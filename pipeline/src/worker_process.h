// Stages run in a child process, so that a native crash, a hang or a runaway
// allocation in a plugin (Leptonica on a malformed image, a buggy third-party
// validator) costs one dossier or page instead of the batch.
//
// One child hosts a run of consecutive isolated stages for one worker; the
// host sends it a dossier, it applies the stages exactly as the host would
// (same ApplyStage, same quarantine rules) and sends the dossier back with
// what the stages quarantined and logged. The host watches the child: a
// crash, a hang past the deadline or resident memory past the ceiling kill
// it, the dossier is quarantined naming the input and the reason, and the
// next dossier starts a fresh child.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "hoso/context.h"
#include "hoso/dossier.h"
#include "hoso/harness.h"
#include "hoso/options.h"

namespace hoso::internal {

// What one child may spend on one dossier (or one page of it).
struct IsolationLimits {
  double deadline_seconds = 600;
  int64_t memory_mib = 4096;  // resident memory of the child
};

struct IsolatedStageSpec {
  std::string label;  // "3:ocr_tesseract"
  std::string plugin;
  std::string version;
  std::filesystem::path library;
  std::string sha256;  // the pinned hash, checked again by the child; empty: not pinned
  Options options;
};

struct WorkerLaunch {
  std::vector<IsolatedStageSpec> stages;
  std::filesystem::path base_dir;
  uint64_t seed = 0;
  int worker = 0;
  LogLevel log_level = LogLevel::kInfo;
  IsolationLimits limits;
};

// The child died, hung or outgrew its memory while working on a dossier.
class WorkerLost : public std::runtime_error {
 public:
  WorkerLost(const std::string& what, size_t stage) : std::runtime_error(what), stage_(stage) {}
  // Index (in the launch) of the stage that was running.
  size_t stage() const { return stage_; }

 private:
  size_t stage_;
};

// A plugin of the launch refused to be created (its own message).
class StageRefused : public std::runtime_error {
 public:
  StageRefused(const std::string& what, size_t stage) : std::runtime_error(what), stage_(stage) {}
  size_t stage() const { return stage_; }

 private:
  size_t stage_;
};

struct WorkerLogLine {
  LogLevel level = LogLevel::kInfo;
  std::string stage;
  std::string message;
};

struct WorkerOutcome {
  bool kept = true;            // false: the dossier was quarantined in full
  std::vector<int64_t> nanos;  // per stage run, in order; fewer when not kept
  std::vector<WorkerLogLine> log;
  std::vector<QuarantineEntry> quarantined;
};

class WorkerProcess {
 public:
  // Starts the child and creates the stages' plugins in it. Throws
  // StageRefused with the plugin's own message when one refuses its options,
  // std::runtime_error naming what failed when the child could not start.
  explicit WorkerProcess(const WorkerLaunch& launch);
  ~WorkerProcess();
  WorkerProcess(const WorkerProcess&) = delete;
  WorkerProcess& operator=(const WorkerProcess&) = delete;

  // Per stage of the launch: whether its plugin works page by page.
  const std::vector<bool>& page_by_page() const { return page_by_page_; }

  // Applies stages [first, last) to the dossier in the child; the dossier is
  // replaced by what the child sends back when it was kept. Throws
  // WorkerLost, leaving the dossier as it was; the process is then spent.
  WorkerOutcome Run(size_t first, size_t last, Dossier& dossier);

  // No more work: the child starts leaving now (plugin destructors, model
  // unloading), while the host goes on; the destructor waits for it.
  void Close();

 private:
  void Send(const std::string& frame, size_t stage);
  // Reads the next frame within the deadline; returns its type.
  uint32_t Receive(std::string& payload, size_t stage);
  [[noreturn]] void Lose(const std::string& why, size_t stage);
  std::string DescribeExit();
  void Stop();

  IsolationLimits limits_;
  std::string first_label_;
  pid_t pid_ = -1;
  int fd_ = -1;
  std::string inbox_;
  double deadline_ = 0;  // steady-clock seconds
  std::vector<bool> page_by_page_;
};

// A child's answer to a dossier (a kResult frame's payload): the outcome,
// and the dossier replaced by the child's when it was kept. Throws
// CodecError on bytes that are not a whole answer: a child running a plugin
// that corrupted its memory may send anything.
WorkerOutcome DecodeWorkerResult(std::string_view payload, Dossier& dossier);

// The child's side: serves the host on `fd` until it closes. Returns the
// process exit status.
int ServeStages(int fd);

// Where the child program is: $HOSO_WORKER, else next to the running
// program or in ../libexec/hoso, else the build tree's.
std::filesystem::path WorkerProgram();

}  // namespace hoso::internal
