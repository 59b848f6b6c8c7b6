// hoso-worker: runs isolated stages for a hoso host (see worker_process.h).
// Not for people to start: the host starts it with the socket on fd 3.
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <thread>

#include "worker_process.h"

int main(int argc, char** argv) {
  if (argc != 3 || std::strcmp(argv[1], "stages") != 0) {
    std::fprintf(stderr, "hoso-worker: started by hoso to run isolated stages; not a command\n");
    return 2;
  }
  // A host killed with SIGKILL cannot stop its workers: they go with it,
  // even when busy in a plugin. Not PR_SET_PDEATHSIG: that fires when the
  // host *thread* that started us ends, and hosts start workers from
  // short-lived threads.
  const pid_t host = static_cast<pid_t>(std::atoll(argv[2]));
  if (getppid() != host) return 0;
  std::thread([host] {
    for (;;) {
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
      if (getppid() != host) _exit(3);
    }
  }).detach();
  try {
    return hoso::internal::ServeStages(3);
  } catch (const std::exception& e) {
    // Bytes the host sent that we cannot read: the host reports our exit.
    std::fprintf(stderr, "hoso-worker: %s\n", e.what());
    return 2;
  }
}
