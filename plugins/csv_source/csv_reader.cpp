#include "csv_reader.h"

#include <string_view>

namespace hoso::csv_source {
namespace {

constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";

enum class State {
  kFieldStart,     // nothing but blanks read in this field
  kUnquoted,       // inside a plain field
  kQuoted,         // inside a quoted field
  kQuoteInQuoted,  // a quote inside a quoted field: closing, or doubled
  kAfterQuoted,    // blanks after a closing quote
};

bool IsBlank(char c) { return c == ' ' || c == '\t' || c == '\r'; }

}  // namespace

CsvReader::CsvReader(std::istream& in, char delimiter) : in_(in.rdbuf()), delimiter_(delimiter) {}

int CsvReader::Get() {
  if (pending_pos_ < pending_.size()) {
    return static_cast<unsigned char>(pending_[pending_pos_++]);
  }
  if (!pending_.empty()) {
    pending_.clear();
    pending_pos_ = 0;
  }
  return in_->sbumpc();
}

void CsvReader::SkipByteOrderMark() {
  std::string head;
  for (size_t i = 0; i < kByteOrderMark.size(); ++i) {
    const int c = in_->sgetc();
    if (c == std::streambuf::traits_type::eof() || static_cast<char>(c) != kByteOrderMark[i]) {
      break;
    }
    head.push_back(static_cast<char>(in_->sbumpc()));
  }
  // A partial match is data, not a mark.
  if (head.size() != kByteOrderMark.size()) pending_ = head;
}

bool CsvReader::Next(CsvRecord& record) {
  if (at_start_) {
    at_start_ = false;
    SkipByteOrderMark();
  }
  while (ReadRecord(record) == ReadResult::kRecord) {
    if (!record.raw.empty() || record.problem != RecordProblem::kNone) return true;
  }
  return false;
}

void CsvReader::ResumeAfterFirstLine(CsvRecord& record, size_t first_break) {
  std::string rest = record.raw.substr(first_break + 1);
  rest.append(pending_, pending_pos_, std::string::npos);
  pending_ = std::move(rest);
  pending_pos_ = 0;
  record.raw.resize(first_break);
  if (!record.raw.empty() && record.raw.back() == '\r') record.raw.pop_back();
}

void CsvReader::SkipRestOfLine() {
  for (int c = Get(); c != std::streambuf::traits_type::eof() && c != '\n'; c = Get()) {
  }
}

CsvReader::ReadResult CsvReader::ReadRecord(CsvRecord& record) {
  record.fields.clear();
  record.raw.clear();
  record.problem = RecordProblem::kNone;
  record.problem_field = 0;

  std::string field;
  State state = State::kFieldStart;
  size_t first_break = std::string::npos;  // first line break inside quotes
  bool read_any = false;

  auto end_field = [&] {
    record.fields.push_back(std::move(field));
    field.clear();
    state = State::kFieldStart;
  };
  auto flag = [&](RecordProblem problem) {
    if (record.problem == RecordProblem::kNone) {
      record.problem = problem;
      record.problem_field = record.fields.size();
    }
  };

  for (;;) {
    const int c = Get();
    if (c == std::streambuf::traits_type::eof()) {
      if (!read_any) return ReadResult::kEnd;
      if (state == State::kQuoted) {
        flag(RecordProblem::kUnterminatedQuote);
        if (first_break != std::string::npos) ResumeAfterFirstLine(record, first_break);
        return ReadResult::kRecord;
      }
      break;
    }
    read_any = true;
    const char ch = static_cast<char>(c);
    if (ch == '\n' && state != State::kQuoted) break;

    record.raw.push_back(ch);
    if (record.raw.size() > CsvReader::kMaxRecordBytes) {
      if (state == State::kQuoted && first_break != std::string::npos) {
        flag(RecordProblem::kUnterminatedQuote);
        ResumeAfterFirstLine(record, first_break);
      } else {
        record.problem = RecordProblem::kTooLong;
        record.problem_field = record.fields.size();
        record.raw.resize(CsvReader::kMaxRecordBytes);
        SkipRestOfLine();
      }
      return ReadResult::kRecord;
    }

    switch (state) {
      case State::kFieldStart:
        if (ch == delimiter_) {
          end_field();
        } else if (ch == '"') {
          field.clear();  // blanks before an opening quote are padding
          state = State::kQuoted;
        } else {
          field.push_back(ch);
          if (!IsBlank(ch)) state = State::kUnquoted;
        }
        break;
      case State::kUnquoted:
        // A quote inside a plain field is kept as text, as spreadsheets do.
        if (ch == delimiter_) {
          end_field();
        } else {
          field.push_back(ch);
        }
        break;
      case State::kQuoted:
        if (ch == '"') {
          state = State::kQuoteInQuoted;
        } else {
          if (ch == '\n' && first_break == std::string::npos) first_break = record.raw.size() - 1;
          field.push_back(ch);
        }
        break;
      case State::kQuoteInQuoted:
        if (ch == '"') {
          field.push_back('"');
          state = State::kQuoted;
        } else if (ch == delimiter_) {
          end_field();
        } else if (IsBlank(ch)) {
          state = State::kAfterQuoted;
        } else {
          flag(RecordProblem::kTextAfterQuote);
          state = State::kUnquoted;
        }
        break;
      case State::kAfterQuoted:
        if (ch == delimiter_) {
          end_field();
        } else if (!IsBlank(ch)) {
          flag(RecordProblem::kTextAfterQuote);
          state = State::kUnquoted;
        }
        break;
    }
  }

  // End of line or of input outside quotes. The '\r' of a CRLF belongs to the
  // line break, not to the last field.
  if (!record.raw.empty() && record.raw.back() == '\r') record.raw.pop_back();
  if (state != State::kQuoteInQuoted && state != State::kAfterQuoted && !field.empty() &&
      field.back() == '\r') {
    field.pop_back();
  }
  if (record.raw.empty() && record.problem == RecordProblem::kNone) {
    record.fields.clear();  // a blank line: the caller skips it
    return ReadResult::kRecord;
  }
  record.fields.push_back(std::move(field));
  return ReadResult::kRecord;
}

}  // namespace hoso::csv_source
