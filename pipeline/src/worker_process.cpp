#include "worker_process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <fstream>

#include "worker_frames.h"

extern char** environ;

namespace hoso::internal {
namespace {

// How often a waiting host looks at the child's memory.
constexpr int kWatchMillis = 100;

double Now() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

int64_t ResidentMib(pid_t pid) {
  std::ifstream statm("/proc/" + std::to_string(pid) + "/statm");
  int64_t size = 0, resident = 0;
  if (!(statm >> size >> resident)) return 0;
  return resident * sysconf(_SC_PAGESIZE) / (1024 * 1024);
}

std::string Errno(const char* what) { return std::string(what) + ": " + std::strerror(errno); }

}  // namespace

std::filesystem::path WorkerProgram() {
  namespace fs = std::filesystem;
  if (const char* env = std::getenv("HOSO_WORKER"); env != nullptr && *env != '\0') return env;
  std::error_code ec;
  const fs::path self = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    for (const fs::path& candidate :
         {self.parent_path() / "hoso-worker", self.parent_path() / "../libexec/hoso/hoso-worker"}) {
      if (fs::exists(candidate, ec)) return candidate;
    }
  }
#ifdef HOSO_BUILD_WORKER
  return HOSO_BUILD_WORKER;
#else
  return "hoso-worker";
#endif
}

WorkerProcess::WorkerProcess(const WorkerLaunch& launch) : limits_(launch.limits) {
  first_label_ = launch.stages.empty() ? "" : launch.stages.front().label;
  int fds[2];
  if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) != 0) {
    throw std::runtime_error(Errno("cannot create a socket for a worker process"));
  }
  // The child's end becomes its fd 3; everything else of ours closes on exec,
  // so no other child holds this socket open and a death shows as end of file.
  int child_end = fds[1];
  if (child_end == 3) {
    child_end = fcntl(fds[1], F_DUPFD_CLOEXEC, 4);
    close(fds[1]);
  }
  const std::string program = WorkerProgram().string();
  const std::string parent = std::to_string(getpid());
  char* argv[] = {const_cast<char*>(program.c_str()), const_cast<char*>("stages"),
                  const_cast<char*>(parent.c_str()), nullptr};
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, child_end, 3);
  const int spawned = posix_spawn(&pid_, program.c_str(), &actions, nullptr, argv, environ);
  posix_spawn_file_actions_destroy(&actions);
  close(child_end);
  if (spawned != 0) {
    close(fds[0]);
    pid_ = -1;
    throw std::runtime_error("cannot start the worker program " + program + ": " +
                             std::strerror(spawned) + " (set HOSO_WORKER to its path)");
  }
  fd_ = fds[0];
  fcntl(fd_, F_SETFL, fcntl(fd_, F_GETFL) | O_NONBLOCK);

  std::string payload;
  ByteWriter w(payload);
  w.Str(launch.base_dir.string());
  w.U64(launch.seed);
  w.I64(launch.worker);
  w.U32(static_cast<uint32_t>(launch.log_level));
  w.U64(launch.stages.size());
  for (const IsolatedStageSpec& stage : launch.stages) {
    w.Str(stage.label);
    w.Str(stage.plugin);
    w.Str(stage.version);
    w.Str(stage.library.string());
    w.Str(stage.sha256);
    EncodeOptions(stage.options, w);
  }
  // Creating plugins may load models: the deadline covers it as it covers a
  // dossier.
  deadline_ = Now() + limits_.deadline_seconds;
  try {
    Send(Frame(FrameType::kLaunch, payload), 0);
    std::string answer;
    const uint32_t type = Receive(answer, 0);
    ByteReader r(answer);
    if (type == static_cast<uint32_t>(FrameType::kCreateFailed)) {
      const size_t stage = r.U64();
      const std::string message = r.Str();
      Stop();
      throw StageRefused(message, stage);
    }
    if (type != static_cast<uint32_t>(FrameType::kReady)) Lose("sent an unexpected message", 0);
    for (size_t i = 0; i < launch.stages.size(); ++i) page_by_page_.push_back(r.Bool());
  } catch (const WorkerLost& e) {
    throw std::runtime_error(std::string("worker process could not start: ") + e.what());
  }
}

WorkerProcess::~WorkerProcess() { Stop(); }

void WorkerProcess::Close() {
  if (fd_ >= 0) {
    close(fd_);
    fd_ = -1;
  }
}

void WorkerProcess::Stop() {
  if (fd_ >= 0) {
    close(fd_);
    fd_ = -1;
  }
  if (pid_ > 0) {
    // Closing the socket asks the child to leave; one that does not within a
    // second is killed.
    for (int i = 0; i < 100; ++i) {
      int status = 0;
      if (waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        return;
      }
      usleep(10000);
    }
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
    pid_ = -1;
  }
}

std::string WorkerProcess::DescribeExit() {
  int status = 0;
  if (pid_ <= 0 || waitpid(pid_, &status, 0) != pid_) return "worker process ended";
  pid_ = -1;
  if (WIFSIGNALED(status)) {
    const int sig = WTERMSIG(status);
    const char* name = sigabbrev_np(sig);
    return std::string("worker process crashed (signal ") + std::to_string(sig) +
           (name != nullptr ? std::string(", SIG") + name : "") + ": " + strsignal(sig) + ")";
  }
  return "worker process exited with status " + std::to_string(WEXITSTATUS(status));
}

void WorkerProcess::Lose(const std::string& why, size_t stage) {
  if (fd_ >= 0) {
    close(fd_);
    fd_ = -1;
  }
  if (pid_ > 0) {
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
    pid_ = -1;
  }
  throw WorkerLost(why, stage);
}

void WorkerProcess::Send(const std::string& frame, size_t stage) {
  size_t sent = 0;
  while (sent < frame.size()) {
    const ssize_t n = send(fd_, frame.data() + sent, frame.size() - sent, MSG_NOSIGNAL);
    if (n > 0) {
      sent += static_cast<size_t>(n);
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      pollfd p{fd_, POLLOUT, 0};
      const double left = deadline_ - Now();
      if (left <= 0) {
        Lose("worker process stopped reading", stage);
      }
      poll(&p, 1, kWatchMillis);
      continue;
    }
    // The child is gone: say how it ended.
    close(fd_);
    fd_ = -1;
    throw WorkerLost(DescribeExit(), stage);
  }
}

uint32_t WorkerProcess::Receive(std::string& payload, size_t stage) {
  char buffer[1 << 16];
  for (;;) {
    if (inbox_.size() >= kFrameHeader) {
      ByteReader header(std::string_view(inbox_).substr(0, kFrameHeader));
      const uint32_t type = header.U32();
      const uint64_t size = header.U64();
      // No dossier comes near this; a child that says so is broken.
      if (size > (uint64_t{1} << 36)) Lose("worker process sent a malformed message", stage);
      if (inbox_.size() - kFrameHeader >= size) {
        payload.assign(inbox_, kFrameHeader, size);
        inbox_.erase(0, kFrameHeader + size);
        return type;
      }
      // A big frame (a page's pixels): read straight into place.
      if (inbox_.capacity() < kFrameHeader + size) inbox_.reserve(kFrameHeader + size);
    }
    const ssize_t n = recv(fd_, buffer, sizeof buffer, 0);
    if (n > 0) {
      inbox_.append(buffer, static_cast<size_t>(n));
      continue;
    }
    if (n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)) {
      close(fd_);
      fd_ = -1;
      throw WorkerLost(DescribeExit(), stage);
    }
    if (errno == EINTR) continue;
    const double left = deadline_ - Now();
    if (left <= 0) {
      char text[160];
      std::snprintf(text, sizeof text,
                    "worker process still busy after the deadline of %.0f s; stopped "
                    "(isolate.deadline_seconds)",
                    limits_.deadline_seconds);
      Lose(text, stage);
    }
    const int64_t resident = ResidentMib(pid_);
    if (resident > limits_.memory_mib) {
      Lose("worker process used " + std::to_string(resident) + " MiB, above the ceiling of " +
               std::to_string(limits_.memory_mib) + " MiB; stopped (isolate.memory_mib)",
           stage);
    }
    pollfd p{fd_, POLLIN, 0};
    poll(&p, 1, static_cast<int>(std::min<double>(kWatchMillis, left * 1000 + 1)));
  }
}

WorkerOutcome WorkerProcess::Run(size_t first, size_t last, Dossier& dossier) {
  if (fd_ < 0) throw WorkerLost("worker process is gone", first);
  std::string payload;
  ByteWriter w(payload);
  w.U64(first);
  w.U64(last);
  EncodeDossier(dossier, w);
  deadline_ = Now() + limits_.deadline_seconds;
  size_t running = first;
  Send(Frame(FrameType::kRun, payload), running);
  std::string answer;
  for (;;) {
    const uint32_t type = Receive(answer, running);
    if (type == static_cast<uint32_t>(FrameType::kBegin)) {
      ByteReader r(answer);
      running = r.U64();
      continue;
    }
    if (type != static_cast<uint32_t>(FrameType::kResult)) {
      Lose("worker process sent an unexpected message", running);
    }
    break;
  }
  try {
    return DecodeWorkerResult(answer, dossier);
  } catch (const CodecError& e) {
    Lose(std::string("worker process sent malformed bytes: ") + e.what(), running);
  }
}

WorkerOutcome DecodeWorkerResult(std::string_view payload, Dossier& dossier) {
  WorkerOutcome outcome;
  ByteReader r(payload);
  outcome.kept = r.Bool();
  outcome.nanos.resize(r.Count(8));
  for (int64_t& n : outcome.nanos) n = r.I64();
  outcome.log.resize(r.Count(20));
  for (WorkerLogLine& line : outcome.log) {
    const uint32_t level = r.U32();
    if (level > static_cast<uint32_t>(LogLevel::kError)) {
      throw CodecError("dossier bytes: no such log level");
    }
    line.level = static_cast<LogLevel>(level);
    line.stage = r.Str();
    line.message = r.Str();
  }
  outcome.quarantined.resize(r.Count(kMinQuarantineEntryBytes));
  for (QuarantineEntry& entry : outcome.quarantined) entry = DecodeQuarantineEntry(r);
  if (outcome.kept) dossier = DecodeDossier(r);
  return outcome;
}

}  // namespace hoso::internal
