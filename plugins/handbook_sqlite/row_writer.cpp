#include "row_writer.h"

#include <pthread.h>

#include <bit>
#include <limits>
#include <stdexcept>
#include <utility>

namespace hoso_handbook {
namespace {

// A batch of this many rows or bytes is handed over: big enough that the
// hand-over costs nothing next to the inserts, small enough that the writer
// starts early.
constexpr size_t kBatchRows = 1024;
constexpr size_t kBatchBytes = 256 * 1024;
// Batches waiting for the writer before the host waits: a few keep it busy
// through the host's uneven dossiers without holding many rows in memory.
constexpr size_t kQueuedBatches = 8;

}  // namespace

RowBatch& RowBatch::Row(size_t statement) {
  statements_.push_back(static_cast<uint8_t>(statement));
  return *this;
}

RowBatch& RowBatch::Null() {
  values_.push_back(Value{});
  return *this;
}

RowBatch& RowBatch::Int(int64_t value) {
  values_.push_back(Value{.number = value, .size = 0, .type = Type::kInt});
  return *this;
}

RowBatch& RowBatch::Double(double value) {
  values_.push_back(
      Value{.number = std::bit_cast<int64_t>(value), .size = 0, .type = Type::kDouble});
  return *this;
}

RowBatch& RowBatch::Text(std::string_view value) {
  const size_t start = text_.size();
  text_.append(value);
  return TextSince(start);
}

RowBatch& RowBatch::TextSince(size_t start) {
  const size_t size = text_.size() - start;
  if (size > std::numeric_limits<uint32_t>::max()) {
    throw std::length_error("a handbook value is longer than 4 GiB");
  }
  values_.push_back(Value{.number = static_cast<int64_t>(start),
                          .size = static_cast<uint32_t>(size),
                          .type = Type::kText});
  return *this;
}

void RowBatch::Clear() {
  statements_.clear();
  values_.clear();
  text_.clear();
}

RowWriter::RowWriter(sqlite3* db, const std::vector<RowStatement>& statements)
    : db_(db), filling_(std::make_unique<RowBatch>()) {
  if (statements.size() > std::numeric_limits<uint8_t>::max()) {
    throw std::logic_error("RowWriter: too many statements");
  }
  for (const RowStatement& statement : statements) {
    statements_.emplace_back(db, statement.sql);
    tables_.push_back(statement.table);
    parameters_.push_back(sqlite3_bind_parameter_count(statements_.back().get()));
    changes_one_row_.push_back(statement.changes_one_row);
  }
  thread_ = std::thread([this] { Run(); });
}

RowWriter::~RowWriter() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    abandoned_ = true;
    queue_.clear();
  }
  to_writer_.notify_one();
  if (thread_.joinable()) thread_.join();
}

void RowWriter::ThrowIfFailed() {
  std::lock_guard lock(mutex_);
  if (error_) std::rethrow_exception(error_);
}

void RowWriter::Send() {
  if (filling_->rows() < kBatchRows && filling_->bytes() < kBatchBytes) {
    ThrowIfFailed();
    return;
  }
  HandOver();
}

void RowWriter::HandOver() {
  std::unique_lock lock(mutex_);
  to_host_.wait(lock, [&] { return queue_.size() < kQueuedBatches || error_; });
  if (error_) std::rethrow_exception(error_);
  if (filling_->rows() == 0) return;
  queue_.push_back(std::move(filling_));
  if (!spare_.empty()) {
    filling_ = std::move(spare_.back());
    spare_.pop_back();
  } else {
    filling_ = std::make_unique<RowBatch>();
  }
  lock.unlock();
  to_writer_.notify_one();
}

void RowWriter::Drain() {
  HandOver();
  std::unique_lock lock(mutex_);
  to_host_.wait(lock, [&] { return (queue_.empty() && !busy_) || error_; });
  if (error_) std::rethrow_exception(error_);
}

void RowWriter::Finish() {
  Drain();
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  to_writer_.notify_one();
  // Drain() left the writer idle without an error: nothing can fail now.
  thread_.join();
}

void RowWriter::Run() {
  // Named for top -H and perf: it is a run's second busiest thread.
  pthread_setname_np(pthread_self(), "handbook_writer");
  std::unique_lock lock(mutex_);
  for (;;) {
    to_writer_.wait(lock, [&] { return !queue_.empty() || stopping_; });
    if (queue_.empty()) return;
    std::unique_ptr<RowBatch> batch = std::move(queue_.front());
    queue_.pop_front();
    busy_ = true;
    const bool skip = error_ != nullptr || abandoned_;
    lock.unlock();
    to_host_.notify_one();
    std::exception_ptr error;
    if (!skip) {
      try {
        Apply(*batch);
      } catch (...) {
        error = std::current_exception();
      }
    }
    batch->Clear();
    lock.lock();
    if (error && !error_) error_ = error;
    busy_ = false;
    spare_.push_back(std::move(batch));
    // The host may wait for room, for the writer to be idle, or for an error.
    to_host_.notify_one();
  }
}

void RowWriter::Apply(const RowBatch& batch) {
  const char* text = batch.text_.data();
  size_t v = 0;
  for (const uint8_t s : batch.statements_) {
    sqlite3_stmt* stmt = statements_[s].get();
    const int count = parameters_[s];
    if (batch.values_.size() - v < static_cast<size_t>(count)) {
      throw std::logic_error("handbook rows for " + tables_[s] + " lack values");
    }
    // Every parameter is bound anew for each row, so no bindings need
    // clearing; text stays in the batch until the row is stepped.
    for (int i = 1; i <= count; ++i) {
      const RowBatch::Value& value = batch.values_[v++];
      int rc = SQLITE_OK;
      switch (value.type) {
        case RowBatch::Type::kNull:
          rc = sqlite3_bind_null(stmt, i);
          break;
        case RowBatch::Type::kInt:
          rc = sqlite3_bind_int64(stmt, i, value.number);
          break;
        case RowBatch::Type::kDouble:
          rc = sqlite3_bind_double(stmt, i, std::bit_cast<double>(value.number));
          break;
        case RowBatch::Type::kText:
          rc = sqlite3_bind_text64(stmt, i, text + value.number, value.size, SQLITE_STATIC,
                                   SQLITE_UTF8);
          break;
      }
      if (rc != SQLITE_OK) Fail(s, rc);
    }
    const int rc = sqlite3_step(stmt);
    if (rc != SQLITE_DONE) Fail(s, rc);
    sqlite3_reset(stmt);
    if (changes_one_row_[s] && sqlite3_changes(db_) != 1) {
      throw SqliteError("writing " + tables_[s] + ": the row to update is not there");
    }
  }
  if (v != batch.values_.size()) throw std::logic_error("handbook rows have values left over");
}

void RowWriter::Fail(size_t statement, int rc) {
  // SQLite's message names the table and the constraint, never the values.
  const int code = sqlite3_extended_errcode(db_);
  std::string message = "writing " + tables_[statement] + ": " + sqlite3_errmsg(db_);
  sqlite3_reset(statements_[statement].get());
  throw SqliteError(message, code != SQLITE_OK ? code : rc);
}

}  // namespace hoso_handbook
