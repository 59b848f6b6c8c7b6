// Fuzz target `csv_reader`: bytes of a CSV export through csv_source.
//
// Input: one configuration byte, then the file. The configuration picks the
// delimiter (bits 0-1: , ; tab |), whether cells that are not UTF-8 are read
// as Windows-1252 (bit 2) and the id column (bits 3-4: none, ma_hs,
// ma_ho_so), so seeds made from the fixtures exercise each export's real
// settings.
//
// Besides crashes and sanitizer reports, it checks what csv_source promises:
//   - CsvReader loses and invents nothing: every byte of the input (after a
//     byte order mark) is in exactly one record's raw bytes, a line break, or
//     a blank line; a record without quotes is its fields joined again.
//   - The plugin accounts for every data row once, as a dossier or a
//     quarantine entry, and hands on only valid UTF-8.
//   - csv_source's UTF-8 check agrees with the host's.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "csv_reader.h"
#include "hoso/plugin.h"
#include "linked_plugin.h"
#include "memory_file.h"
#include "text.h"
#include "utf8.h"
#include "windows1252.h"

namespace {

using hoso::csv_source::CsvReader;
using hoso::csv_source::CsvRecord;
using hoso::csv_source::RecordProblem;

constexpr char kDelimiters[] = {',', ';', '\t', '|'};

[[noreturn]] void Fail(const char* what) {
  std::fprintf(stderr, "csv_reader invariant broken: %s\n", what);
  std::abort();
}

void Check(bool ok, const char* what) {
  if (!ok) Fail(what);
}

bool ValidUtf8(std::string_view text) {
  const bool plugin = !hoso::csv_source::FirstInvalidUtf8(text).has_value();
  const bool host = hoso::internal::FirstInvalidUtf8(text) == std::string_view::npos;
  Check(plugin == host, "csv_source and host disagree on whether text is UTF-8");
  if (!plugin) {
    Check(*hoso::csv_source::FirstInvalidUtf8(text) == hoso::internal::FirstInvalidUtf8(text),
          "csv_source and host disagree on the first invalid UTF-8 byte");
  }
  return plugin;
}

// Skips the lines the reader drops as blank, starting at `pos`: "\n" and
// "\r\n" (the reader strips one carriage return, so "\r\r\n" is a row
// holding "\r"), and a lone "\r" at the very end.
size_t SkipBlankLines(std::string_view text, size_t pos) {
  for (;;) {
    if (text.substr(pos, 1) == "\n") {
      pos += 1;
    } else if (text.substr(pos, 2) == "\r\n") {
      pos += 2;
    } else if (pos + 1 == text.size() && text[pos] == '\r') {
      return text.size();
    } else {
      return pos;
    }
  }
}

// Reads the whole input with CsvReader and checks that the records tile it.
// Returns the number of records, header included.
size_t CheckReaderTilesInput(std::string_view file, char delimiter) {
  std::istringstream in{std::string(file)};
  CsvReader reader(in, delimiter);
  CsvRecord record;
  size_t pos = file.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;
  size_t records = 0;
  while (reader.Next(record)) {
    ++records;
    Check(record.problem != RecordProblem::kTooLong,
          "a record under the size limit was reported too long");
    pos = SkipBlankLines(file, pos);
    Check(file.substr(pos, record.raw.size()) == record.raw,
          "a record's raw bytes are not the next bytes of the input");
    pos += record.raw.size();
    // What may follow a record: a carriage return the reader strips, then a
    // line break or the end of the input.
    if (pos < file.size() && file[pos] == '\r') ++pos;
    if (pos < file.size()) {
      Check(file[pos] == '\n', "a record ends somewhere other than a line break");
      ++pos;
    }
    if (record.problem == RecordProblem::kNone) {
      Check(!record.fields.empty(), "a record without fields");
      if (record.raw.find('"') == std::string::npos) {
        std::string joined;
        for (size_t i = 0; i < record.fields.size(); ++i) {
          if (i > 0) joined.push_back(delimiter);
          joined += record.fields[i];
        }
        Check(joined == record.raw, "an unquoted record is not its fields joined");
      }
    } else {
      Check(record.problem_field <= record.fields.size() + 1,
            "a problem field past the record's fields");
    }
  }
  Check(SkipBlankLines(file, pos) == file.size(), "input left over after the last record");
  return records;
}

void CheckPluginAccountsForEveryRow(const std::filesystem::path& path, char delimiter, bool legacy,
                                    int id_choice, size_t records) {
  std::string options = "{path: '" + path.string() + "', delimiter: ";
  options += delimiter == '\t' ? std::string("\"\\t\"") : "'" + std::string(1, delimiter) + "'";
  if (legacy) options += ", invalid_utf8: windows-1252";
  if (id_choice == 1) options += ", id_column: ma_hs";
  if (id_choice == 2) options += ", id_column: ma_ho_so";
  options +=
      ", columns: {ho_ten: full_name, ngay_sinh: birth_date, que_quan: hometown, "
      "chi_bo: extra.chi_bo}}";

  std::unique_ptr<hoso::Plugin> plugin;
  try {
    plugin = hoso::fuzz::CreateLinkedPlugin(options, path.parent_path());
  } catch (const std::exception&) {
    return;  // a header the mapping does not fit: the run is refused, as it should be
             // (an unreadable header is quarantined instead, below)
  }
  auto* source = dynamic_cast<hoso::Source*>(plugin.get());
  Check(source != nullptr, "csv_source is not a source");
  hoso::fuzz::RecordingContext ctx(path.parent_path());
  std::vector<int> seen(records, 0);  // by row; index 0 is the header
  hoso::Dossier dossier;
  size_t dossiers = 0;
  while (source->Next(dossier, ctx)) {
    ++dossiers;
    Check(dossier.units.size() == 1, "a row dossier does not account for one unit");
    const int64_t row = dossier.units[0].row;
    Check(row >= 1 && static_cast<size_t>(row) < records, "a dossier with a row out of range");
    ++seen[static_cast<size_t>(row)];
    Check(ValidUtf8(dossier.id), "a dossier id is not UTF-8");
    for (const hoso::MemberRecord& member : dossier.records) {
      Check(ValidUtf8(member.id), "a record id is not UTF-8");
      for (const hoso::CoreField& core : hoso::kCoreFields) {
        Check(ValidUtf8((member.*(core.member)).value), "a field value is not UTF-8");
      }
      for (const auto& [name, field] : member.extra) {
        Check(ValidUtf8(field.value), "an extra field value is not UTF-8");
      }
    }
  }
  for (const hoso::fuzz::RecordingContext::Entry& entry : ctx.quarantined) {
    if (entry.unit.row < 0) {
      // A header that cannot be read: the file is quarantined whole, and
      // nothing else of it is read.
      Check(ctx.quarantined.size() == 1 && dossiers == 0, "a file quarantined whole and in part");
      return;
    }
    const int64_t row = entry.unit.row;
    Check(row >= 1 && static_cast<size_t>(row) < records, "a quarantined row out of range");
    ++seen[static_cast<size_t>(row)];
  }
  for (size_t row = 1; row < records; ++row) {
    Check(seen[row] == 1, "a data row was lost or counted twice");
  }
  (void)dossiers;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  const uint8_t config = data[0];
  const char delimiter = kDelimiters[config & 3];
  const bool legacy = (config & 4) != 0;
  const int id_choice = (config >> 3) & 3;
  const std::string_view file(reinterpret_cast<const char*>(data + 1), size - 1);

  const size_t records = CheckReaderTilesInput(file, delimiter);

  // Windows-1252 reading of any bytes is UTF-8 and one character per byte.
  const std::string read = hoso::csv_source::Windows1252ToUtf8(file);
  Check(ValidUtf8(read), "a Windows-1252 reading is not UTF-8");
  ValidUtf8(file);

  static hoso::fuzz::MemoryFile memory("csv_reader");
  memory.Write(data + 1, size - 1);
  CheckPluginAccountsForEveryRow(memory.path(), delimiter, legacy, id_choice, records);
  return 0;
}
