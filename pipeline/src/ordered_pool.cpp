#include "ordered_pool.h"

#include <pthread.h>

#include "dossier_parts.h"

namespace hoso::internal {

OrderedPool::OrderedPool(int workers, size_t window, Work work, Deliver deliver, PageWork pages)
    : work_(std::move(work)),
      deliver_(std::move(deliver)),
      pages_(std::move(pages)),
      window_(window < 2 ? 2 : window) {
  run_.reserve(kRun);
  for (int w = 0; w < workers; ++w) workers_.emplace_back([this, w] { WorkerLoop(w); });
  deliverer_ = std::thread([this] { DeliverLoop(); });
}

OrderedPool::~OrderedPool() {
  {
    std::lock_guard lock(mutex_);
    closed_ = true;
    if (!failure_) failure_ = std::make_exception_ptr(std::runtime_error("pool abandoned"));
  }
  input_ready_.notify_all();
  output_ready_.notify_all();
  space_ready_.notify_all();
  for (std::thread& t : workers_) {
    if (t.joinable()) t.join();
  }
  if (deliverer_.joinable()) deliverer_.join();
}

void OrderedPool::WaitForRoom(std::unique_lock<std::mutex>& lock) {
  if (!failure_ && next_task_ - next_deliver_ >= window_) {
    submitter_waiting_ = true;
    space_ready_.wait(lock,
                      [this] { return failure_ || next_task_ - next_deliver_ <= window_ / 2; });
    submitter_waiting_ = false;
  }
  if (failure_) std::rethrow_exception(failure_);
}

void OrderedPool::SendRun() {
  if (run_.empty()) return;
  Task task;
  task.first_seq = run_first_seq_;
  task.dossiers = std::move(run_);
  run_.clear();
  run_.reserve(kRun);
  std::unique_lock lock(mutex_);
  WaitForRoom(lock);
  task.number = next_task_++;
  input_.push_back(std::move(task));
  input_ready_.notify_one();
}

void OrderedPool::Submit(Dossier dossier) {
  if (dossier.pages.empty()) {
    if (run_.empty()) run_first_seq_ = next_seq_;
    ++next_seq_;
    run_.push_back(std::move(dossier));
    if (run_.size() >= kRun) SendRun();
    return;
  }
  SendRun();
  const uint64_t seq = next_seq_++;
  std::vector<Dossier> parts;
  if (pages_.part) parts = SplitIntoPages(dossier);
  std::unique_lock lock(mutex_);
  WaitForRoom(lock);
  const uint64_t number = next_task_++;
  if (parts.empty()) {
    Task task{number, seq, -1, {}};
    task.dossiers.push_back(std::move(dossier));
    input_.push_back(std::move(task));
    input_ready_.notify_one();
    return;
  }
  Assembly& assembly = assembling_[number];
  assembly.parts.resize(parts.size());
  assembly.remaining = parts.size();
  for (size_t i = 0; i < parts.size(); ++i) {
    Task task{number, seq, static_cast<int>(i), {}};
    task.dossiers.push_back(std::move(parts[i]));
    input_.push_back(std::move(task));
  }
  input_ready_.notify_all();
}

void OrderedPool::SubmitDone(std::optional<Dossier> result) {
  SendRun();
  std::unique_lock lock(mutex_);
  WaitForRoom(lock);
  Done done;
  done.first_seq = next_seq_++;
  done.results.push_back(std::move(result));
  done_.emplace(next_task_++, std::move(done));
  output_ready_.notify_one();
}

std::optional<std::optional<Dossier>> OrderedPool::WorkPart(int worker, Task& task) {
  Dossier& part = task.dossiers.front();
  const bool keep = pages_.part(worker, task.first_seq, part);
  std::vector<std::optional<Dossier>> parts;
  {
    std::lock_guard lock(mutex_);
    Assembly& assembly = assembling_[task.number];
    if (keep) assembly.parts[static_cast<size_t>(task.part)] = std::move(part);
    if (--assembly.remaining > 0) return std::nullopt;
    parts = std::move(assembly.parts);
    assembling_.erase(task.number);
  }
  std::optional<Dossier> whole = JoinPages(parts);
  if (whole && !pages_.rest(worker, task.first_seq, *whole)) whole.reset();
  return whole;
}

void OrderedPool::Finish() {
  try {
    SendRun();
  } catch (...) {
    // The failure is rethrown below, once every thread has stopped.
  }
  {
    std::lock_guard lock(mutex_);
    closed_ = true;
  }
  input_ready_.notify_all();
  output_ready_.notify_all();
  for (std::thread& t : workers_) t.join();
  deliverer_.join();
  if (failure_) std::rethrow_exception(failure_);
}

void OrderedPool::Fail(std::exception_ptr error) {
  std::lock_guard lock(mutex_);
  if (!failure_) failure_ = error;
  space_ready_.notify_all();
  input_ready_.notify_all();
  output_ready_.notify_all();
}

void OrderedPool::WorkerLoop(int worker) {
  // Named for top -H and perf, which otherwise show every thread as "hoso".
  pthread_setname_np(pthread_self(), "hoso_worker");
  for (;;) {
    Task task;
    {
      std::unique_lock lock(mutex_);
      input_ready_.wait(lock, [this] { return failure_ || closed_ || !input_.empty(); });
      if (failure_ || input_.empty()) return;
      task = std::move(input_.front());
      input_.pop_front();
    }
    Done done;
    done.first_seq = task.first_seq;
    try {
      if (task.part >= 0) {
        std::optional<std::optional<Dossier>> whole = WorkPart(worker, task);
        if (!whole) continue;  // other parts of the dossier are still out
        done.results.push_back(std::move(*whole));
      } else {
        done.results.reserve(task.dossiers.size());
        for (size_t i = 0; i < task.dossiers.size(); ++i) {
          Dossier& dossier = task.dossiers[i];
          if (work_(worker, task.first_seq + i, dossier)) {
            done.results.emplace_back(std::move(dossier));
          } else {
            done.results.emplace_back(std::nullopt);
          }
        }
      }
    } catch (...) {
      Fail(std::current_exception());
      return;
    }
    bool next;
    {
      std::lock_guard lock(mutex_);
      next = task.number == next_deliver_;
      done_.emplace(task.number, std::move(done));
    }
    // The deliverer waits only for the next run in order.
    if (next) output_ready_.notify_one();
  }
}

void OrderedPool::DeliverLoop() {
  pthread_setname_np(pthread_self(), "hoso_deliver");
  std::vector<Done> ready;
  for (;;) {
    {
      std::unique_lock lock(mutex_);
      output_ready_.wait(lock, [this] {
        return failure_ || (!done_.empty() && done_.begin()->first == next_deliver_) ||
               (closed_ && next_deliver_ == next_task_);
      });
      if (failure_) return;
      // Every run ready in order goes in one turn of the lock.
      for (auto it = done_.begin(); it != done_.end() && it->first == next_deliver_ + ready.size();
           it = done_.erase(it)) {
        ready.push_back(std::move(it->second));
      }
      if (ready.empty()) return;  // closed and drained
    }
    for (Done& done : ready) {
      for (size_t i = 0; i < done.results.size(); ++i) {
        try {
          deliver_(done.first_seq + i, std::move(done.results[i]));
        } catch (...) {
          Fail(std::current_exception());
          return;
        }
      }
      done.results.clear();
      std::lock_guard lock(mutex_);
      ++next_deliver_;
      if (submitter_waiting_ && next_task_ - next_deliver_ <= window_ / 2) {
        space_ready_.notify_one();
      }
    }
    ready.clear();
  }
}

}  // namespace hoso::internal
