#include "progress.h"

#include <algorithm>
#include <cstdio>

namespace hoso::internal {

Progress::Progress(const std::deque<StageStats>& stats, bool terminal, int interval_ms)
    : stats_(stats), terminal_(terminal), interval_ms_(interval_ms) {}

Progress::~Progress() { Stop(); }

void Progress::Start() {
  started_ = std::chrono::steady_clock::now();
  thread_ = std::thread([this] { Loop(); });
}

void Progress::Stop() {
  {
    std::lock_guard lock(mutex_);
    if (stopping_ || !thread_.joinable()) return;
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
  if (terminal_) Render(true);
}

void Progress::Loop() {
  std::unique_lock lock(mutex_);
  while (!wake_.wait_for(lock, std::chrono::milliseconds(interval_ms_), [this] { return stopping_; })) {
    Render(false);
  }
}

void Progress::Render(bool final_frame) {
  const double elapsed =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
  const int64_t expected = expected_;
  if (!terminal_) {
    std::string line = "hoso: progress after " + std::to_string(static_cast<int>(elapsed)) + " s:";
    for (const StageStats& s : stats_) {
      line += " " + s.label + " " + std::to_string(s.items.load());
    }
    std::fprintf(stderr, "%s\n", line.c_str());
    return;
  }
  std::string frame;
  for (int i = 0; i < lines_drawn_; ++i) frame += "\033[F";
  for (const StageStats& s : stats_) {
    const int64_t done = s.items.load();
    const double rate = elapsed > 0 ? done / elapsed : 0;
    char line[200];
    if (expected > 0) {
      // Sources hint at units (pages, rows), not dossiers: measure in units.
      const int64_t units = s.units.load();
      const double share = std::min(1.0, static_cast<double>(units) / expected);
      const int filled = static_cast<int>(share * 24);
      const double unit_rate = elapsed > 0 ? units / elapsed : 0;
      const double eta = unit_rate > 0 ? (expected - units) / unit_rate : 0;
      std::snprintf(line, sizeof line, "\033[K  %-24.24s [%-24s] %3d%% %9lld  %8.0f/s  ETA %4.0f s\n",
                    s.label.c_str(), std::string(filled, '#').c_str(),
                    static_cast<int>(share * 100), static_cast<long long>(done), rate,
                    final_frame ? 0.0 : eta);
    } else {
      std::snprintf(line, sizeof line, "\033[K  %-24.24s %9lld  %8.0f/s\n", s.label.c_str(),
                    static_cast<long long>(done), rate);
    }
    frame += line;
  }
  lines_drawn_ = static_cast<int>(stats_.size());
  std::fputs(frame.c_str(), stderr);
  std::fflush(stderr);
}

}  // namespace hoso::internal
