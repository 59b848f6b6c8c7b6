// Progress while a run works: a bar per stage on a terminal, a plain line
// every few seconds otherwise. Shows counts and rates only, never values.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <thread>

namespace hoso::internal {

struct StageStats {
  std::string label;
  std::atomic<int64_t> items{0};  // dossiers handled
  std::atomic<int64_t> units{0};  // input units (files, pages, rows) they carried
  std::atomic<int64_t> nanos{0};  // time spent inside the plugin, all workers
};

class Progress {
 public:
  // `stats` must outlive the Progress. `expected` < 0 means unknown.
  Progress(const std::deque<StageStats>& stats, bool terminal, int interval_ms);
  ~Progress();
  void SetExpected(int64_t expected) { expected_ = expected; }
  void Start();
  void Stop();

 private:
  void Loop();
  void Render(bool final_frame);

  const std::deque<StageStats>& stats_;
  bool terminal_;
  int interval_ms_;
  std::atomic<int64_t> expected_{-1};
  std::chrono::steady_clock::time_point started_;
  int lines_drawn_ = 0;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace hoso::internal
