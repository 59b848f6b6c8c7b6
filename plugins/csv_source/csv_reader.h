// A streaming RFC 4180 reader: one record at a time, never the whole file.
#pragma once

#include <cstddef>
#include <istream>
#include <string>
#include <vector>

namespace hoso::csv_source {

enum class RecordProblem {
  kNone,
  kUnterminatedQuote,  // a quoted field is never closed
  kTextAfterQuote,     // `"abc"def`: ambiguous, so not guessed at
  kTooLong,            // longer than CsvReader::kMaxRecordBytes
};

struct CsvRecord {
  std::vector<std::string> fields;  // unquoted, not trimmed
  std::string raw;                  // the bytes as in the file, no line break
  RecordProblem problem = RecordProblem::kNone;
  size_t problem_field = 0;  // 0-based field where the problem was seen
};

class CsvReader {
 public:
  // A member row is a few hundred bytes; anything this long is a stray quote
  // swallowing the file or not a CSV at all, and must not grow memory.
  static constexpr size_t kMaxRecordBytes = size_t{1} << 20;

  CsvReader(std::istream& in, char delimiter);

  // Reads the next non-blank record into `record`; false at end of input.
  // A leading UTF-8 byte order mark is dropped. Records with a problem are
  // returned too (fields then are unreliable) so the caller can account for
  // them; after an unterminated quote, reading resumes on the line following
  // the one that opened it, so one stray quote costs one row, not the rest
  // of the file.
  bool Next(CsvRecord& record);

 private:
  enum class ReadResult { kRecord, kEnd };

  ReadResult ReadRecord(CsvRecord& record);
  int Get();
  void SkipByteOrderMark();
  // Cuts `record` after its first line and queues the rest to be read again.
  void ResumeAfterFirstLine(CsvRecord& record, size_t first_break);
  void SkipRestOfLine();

  std::streambuf* in_;
  char delimiter_;
  bool at_start_ = true;
  // Bytes to read again before the stream; bounded by kMaxRecordBytes.
  std::string pending_;
  size_t pending_pos_ = 0;
};

}  // namespace hoso::csv_source
