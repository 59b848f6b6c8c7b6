#include "ordered_pool.h"

namespace hoso::internal {

OrderedPool::OrderedPool(int workers, size_t window, Work work, Deliver deliver)
    : work_(std::move(work)), deliver_(std::move(deliver)), window_(window) {
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
  input_.emplace_back(next_seq_++, std::move(dossier));
  input_ready_.notify_one();
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
    std::pair<uint64_t, Dossier> item;
    {
      std::unique_lock lock(mutex_);
      input_ready_.wait(lock, [this] { return failure_ || closed_ || !input_.empty(); });
      if (failure_ || input_.empty()) return;
      item = std::move(input_.front());
      input_.pop_front();
    }
    bool keep = false;
    try {
      keep = work_(worker, item.second);
    } catch (...) {
      Fail(std::current_exception());
      return;
    }
    {
      std::lock_guard lock(mutex_);
      done_[item.first] = keep ? std::optional<Dossier>(std::move(item.second)) : std::nullopt;
    }
    output_ready_.notify_one();
  }
}

void OrderedPool::DeliverLoop() {
  for (;;) {
    std::optional<Dossier> next;
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
      done_.erase(it);
    }
    try {
      if (next) deliver_(std::move(*next));
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
