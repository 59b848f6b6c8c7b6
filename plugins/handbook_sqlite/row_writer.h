// The handbook's inserts on a thread of their own. The host's thread turns a
// dossier into rows (every value ready, text copied) and hands them over in
// batches; one writer thread owns the connection and runs the statements, so
// SQLite works on one core while the host prepares the next dossier on
// another.
#pragma once

#include <sqlite3.h>

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <exception>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "sqlite_statement.h"

namespace hoso_handbook {

// A statement the writer thread runs, and the table it writes, for messages.
struct RowStatement {
  std::string table;
  std::string sql;
  // An UPDATE of a row that must be there: changing none fails the run.
  bool changes_one_row = false;
};

// Rows for the writer thread: for each row the index of its statement in
// RowWriter's list, then one value per parameter. Text is copied into one
// buffer, so the records it came from may go as soon as Write returns.
class RowBatch {
 public:
  // Starts a row of statement `statement`; the values follow.
  RowBatch& Row(size_t statement);
  RowBatch& Null();
  RowBatch& Int(int64_t value);
  RowBatch& Double(double value);
  RowBatch& Text(std::string_view value);
  // Empty text means "absent" throughout the SDK; the handbook stores NULL.
  RowBatch& TextOrNull(std::string_view value) { return value.empty() ? Null() : Text(value); }
  // For text built in place: append to buffer(), then TextSince(where the
  // buffer ended before) makes what was appended the next value.
  std::string& buffer() { return text_; }
  RowBatch& TextSince(size_t start);

  size_t rows() const { return statements_.size(); }
  size_t bytes() const { return text_.size() + values_.size() * sizeof(Value); }
  void Clear();

 private:
  friend class RowWriter;
  enum class Type : uint8_t { kNull, kInt, kDouble, kText };
  // Text is an offset into text_, not a pointer: the buffer grows.
  struct Value {
    int64_t number = 0;  // the integer, the double's bits, or the text's offset
    uint32_t size = 0;   // the text's length
    Type type = Type::kNull;
  };

  std::vector<uint8_t> statements_;
  std::vector<Value> values_;
  std::string text_;
};

class RowWriter {
 public:
  // Prepares the statements on `db` and starts the thread. From here on the
  // connection belongs to the writer thread, except between a Drain() and
  // the next Send(), and after Finish().
  RowWriter(sqlite3* db, const std::vector<RowStatement>& statements);
  // Rows not yet written are dropped: the caller throws the file away.
  ~RowWriter();
  RowWriter(const RowWriter&) = delete;
  RowWriter& operator=(const RowWriter&) = delete;

  // The batch the host's thread fills.
  RowBatch& batch() { return *filling_; }
  // Hands the batch over once it is big enough to be worth a hand-over;
  // waits while the writer is that far behind, so memory stays bounded.
  // Throws what failed on the writer thread, if anything did.
  void Send();
  // Throws what failed on the writer thread, if anything did.
  void ThrowIfFailed();
  // Hands over what is filled and waits until every row is written. The
  // connection is then the caller's until the next Send().
  void Drain();
  // Drain(), then the thread ends.
  void Finish();

 private:
  void HandOver();
  void Run();
  void Apply(const RowBatch& batch);
  [[noreturn]] void Fail(size_t statement, int rc);

  sqlite3* db_;
  std::vector<Statement> statements_;
  std::vector<std::string> tables_;
  std::vector<int> parameters_;
  std::vector<bool> changes_one_row_;
  std::unique_ptr<RowBatch> filling_;

  std::mutex mutex_;
  std::condition_variable to_writer_;
  std::condition_variable to_host_;
  std::deque<std::unique_ptr<RowBatch>> queue_;
  std::vector<std::unique_ptr<RowBatch>> spare_;  // written batches, to reuse their memory
  bool busy_ = false;
  bool stopping_ = false;
  bool abandoned_ = false;
  std::exception_ptr error_;
  // Last: starts once everything above exists.
  std::thread thread_;
};

}  // namespace hoso_handbook
