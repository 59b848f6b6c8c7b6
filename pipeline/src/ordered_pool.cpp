#include "ordered_pool.h"

#include "dossier_parts.h"

namespace hoso::internal {

OrderedPool::OrderedPool(int workers, size_t window, Work work, Deliver deliver, PageWork pages)
    : work_(std::move(work)),
      deliver_(std::move(deliver)),
      pages_(std::move(pages)),
      window_(window) {
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

void OrderedPool::Submit(Dossier dossier) {
  std::unique_lock lock(mutex_);
  space_ready_.wait(lock, [this] { return failure_ || next_seq_ - next_deliver_ < window_; });
  if (failure_) std::rethrow_exception(failure_);
  const uint64_t seq = next_seq_++;
  std::vector<Dossier> parts;
  if (pages_.part) parts = SplitIntoPages(dossier);
  if (parts.empty()) {
    input_.push_back(Task{seq, -1, std::move(dossier)});
    input_ready_.notify_one();
    return;
  }
  assembling_[seq].parts.resize(parts.size());
  assembling_[seq].remaining = parts.size();
  for (size_t i = 0; i < parts.size(); ++i) {
    input_.push_back(Task{seq, static_cast<int>(i), std::move(parts[i])});
  }
  input_ready_.notify_all();
}

void OrderedPool::SubmitDone(std::optional<Dossier> result) {
  std::unique_lock lock(mutex_);
  space_ready_.wait(lock, [this] { return failure_ || next_seq_ - next_deliver_ < window_; });
  if (failure_) std::rethrow_exception(failure_);
  done_.emplace(next_seq_++, std::move(result));
  output_ready_.notify_one();
}

std::optional<std::optional<Dossier>> OrderedPool::WorkPart(int worker, Task& task) {
  const bool keep = pages_.part(worker, task.seq, task.dossier);
  std::vector<std::optional<Dossier>> parts;
  {
    std::lock_guard lock(mutex_);
    Assembly& assembly = assembling_[task.seq];
    if (keep) assembly.parts[static_cast<size_t>(task.part)] = std::move(task.dossier);
    if (--assembly.remaining > 0) return std::nullopt;
    parts = std::move(assembly.parts);
    assembling_.erase(task.seq);
  }
  std::optional<Dossier> whole = JoinPages(parts);
  if (whole && !pages_.rest(worker, task.seq, *whole)) whole.reset();
  return whole;
}

void OrderedPool::Finish() {
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
  for (;;) {
    Task task;
    {
      std::unique_lock lock(mutex_);
      input_ready_.wait(lock, [this] { return failure_ || closed_ || !input_.empty(); });
      if (failure_ || input_.empty()) return;
      task = std::move(input_.front());
      input_.pop_front();
    }
    std::optional<Dossier> result;
    try {
      if (task.part >= 0) {
        std::optional<std::optional<Dossier>> whole = WorkPart(worker, task);
        if (!whole) continue;  // other parts of the dossier are still out
        result = std::move(*whole);
      } else if (work_(worker, task.seq, task.dossier)) {
        result = std::move(task.dossier);
      }
    } catch (...) {
      Fail(std::current_exception());
      return;
    }
    {
      std::lock_guard lock(mutex_);
      done_[task.seq] = std::move(result);
    }
    output_ready_.notify_one();
  }
}

void OrderedPool::DeliverLoop() {
  for (;;) {
    std::optional<Dossier> next;
    uint64_t seq = 0;
    {
      std::unique_lock lock(mutex_);
      output_ready_.wait(lock, [this] {
        return failure_ || done_.count(next_deliver_) > 0 ||
               (closed_ && input_.empty() && next_deliver_ == next_seq_);
      });
      if (failure_) return;
      auto it = done_.find(next_deliver_);
      if (it == done_.end()) return;  // closed and drained
      next = std::move(it->second);
      seq = it->first;
      done_.erase(it);
    }
    try {
      deliver_(seq, std::move(next));
    } catch (...) {
      Fail(std::current_exception());
      return;
    }
    {
      std::lock_guard lock(mutex_);
      ++next_deliver_;
    }
    space_ready_.notify_one();
  }
}

}  // namespace hoso::internal
