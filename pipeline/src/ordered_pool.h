// Runs per-worker work on a stream of dossiers and hands the results on in
// arrival order, whatever the number of workers. The number of dossiers in
// flight is bounded by a window, so memory stays bounded on any input size.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <exception>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "hoso/dossier.h"

namespace hoso::internal {

class OrderedPool {
 public:
  // `work` runs on worker threads (worker index given) and returns false when
  // the dossier was quarantined. `deliver` runs on one thread, in order.
  using Work = std::function<bool(int worker, Dossier&)>;
  using Deliver = std::function<void(Dossier&&)>;

  OrderedPool(int workers, size_t window, Work work, Deliver deliver);
  ~OrderedPool();

  // Blocks while the window is full. Throws what `deliver` threw, if it did.
  void Submit(Dossier dossier);
  // Waits until everything submitted was delivered; rethrows a failure.
  void Finish();

 private:
  void WorkerLoop(int worker);
  void DeliverLoop();
  void Fail(std::exception_ptr error);

  Work work_;
  Deliver deliver_;
  size_t window_;
  std::mutex mutex_;
  std::condition_variable input_ready_;
  std::condition_variable output_ready_;
  std::condition_variable space_ready_;
  std::deque<std::pair<uint64_t, Dossier>> input_;
  std::map<uint64_t, std::optional<Dossier>> done_;
  uint64_t next_seq_ = 0;
  uint64_t next_deliver_ = 0;
  bool closed_ = false;
  std::exception_ptr failure_;
  std::vector<std::thread> workers_;
  std::thread deliverer_;
};

}  // namespace hoso::internal
