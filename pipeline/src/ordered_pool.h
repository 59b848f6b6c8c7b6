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
  // `work` runs on worker threads (worker index and the dossier's 0-based
  // submission number given) and returns false when the dossier was
  // quarantined. `deliver` runs on one thread, in submission order, for
  // every dossier: empty when it was quarantined.
  using Work = std::function<bool(int worker, uint64_t seq, Dossier& dossier)>;
  using Deliver = std::function<void(uint64_t seq, std::optional<Dossier>&& dossier)>;

  // Work on a dossier cut into its pages: `part` runs on each one-page part,
  // on whichever worker is free, and `rest` on the dossier joined again by
  // the worker that finished its last part. Unset: dossiers are worked whole.
  struct PageWork {
    Work part;
    Work rest;
  };

  // Dossiers without pages (a CSV row, say) travel in runs of up to this
  // many: each hand-off between threads is a lock and often a futex wake-up
  // and a context switch, dearer than the work on one row (a million of
  // them were a third of a 1 M-record run's CPU). A dossier with pages
  // travels alone, as soon as it is submitted.
  static constexpr size_t kRun = 16;

  // `window`: dossiers with pages, or runs of those without, in flight.
  OrderedPool(int workers, size_t window, Work work, Deliver deliver, PageWork pages = {});
  ~OrderedPool();

  // Blocks while the window is full. Throws what `deliver` threw, if it did.
  // A dossier without pages may wait for others before a worker sees it.
  void Submit(Dossier dossier);
  // A result that needs no work (an input a resumed run takes from its
  // journal; empty: it was quarantined), handed on in its place among the
  // others. Blocks and throws like Submit.
  void SubmitDone(std::optional<Dossier> result);
  // Waits until everything submitted was delivered; rethrows a failure.
  void Finish();

 private:
  // A run of whole dossiers, or one page of a dossier (part >= 0).
  struct Task {
    uint64_t number = 0;     // of the run, in order
    uint64_t first_seq = 0;  // of its first dossier
    int part = -1;
    std::vector<Dossier> dossiers;
  };
  // The parts of one dossier as they come back from the workers.
  struct Assembly {
    std::vector<std::optional<Dossier>> parts;
    size_t remaining = 0;
  };
  struct Done {
    uint64_t first_seq = 0;
    std::vector<std::optional<Dossier>> results;
  };

  void WorkerLoop(int worker);
  void DeliverLoop();
  void Fail(std::exception_ptr error);
  // Hands the dossiers waiting to travel together to the workers.
  void SendRun();
  // Waits (mutex_ held) until the window has room, half of it: the
  // submitter is woken once for many deliveries, not for each.
  void WaitForRoom(std::unique_lock<std::mutex>& lock);
  // Runs a part; the worker finishing the last one joins them and runs the
  // rest. Returns the dossier's result once it is whole, else nothing.
  std::optional<std::optional<Dossier>> WorkPart(int worker, Task& task);

  Work work_;
  Deliver deliver_;
  PageWork pages_;
  size_t window_;
  // The submitter's own: dossiers waiting to travel together.
  std::vector<Dossier> run_;
  uint64_t run_first_seq_ = 0;
  uint64_t next_seq_ = 0;  // the submitter's only

  std::mutex mutex_;
  std::condition_variable input_ready_;
  std::condition_variable output_ready_;
  std::condition_variable space_ready_;
  std::deque<Task> input_;
  std::map<uint64_t, Assembly> assembling_;
  std::map<uint64_t, Done> done_;
  uint64_t next_task_ = 0;
  uint64_t next_deliver_ = 0;  // task number
  bool closed_ = false;
  bool submitter_waiting_ = false;
  std::exception_ptr failure_;
  std::vector<std::thread> workers_;
  std::thread deliverer_;
};

}  // namespace hoso::internal
