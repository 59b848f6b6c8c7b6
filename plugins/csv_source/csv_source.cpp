// Source plugin: legacy CSV exports of member records, one dossier per row.
//
// Row numbers count data records, header and blank lines excluded, so every
// number from 1 to the last row is accounted for either by a dossier or by a
// quarantine entry, whatever quoted line breaks the file holds.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <iterator>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "column_mapping.h"
#include "csv_reader.h"
#include "export_file.h"
#include "hoso/plugin.h"
#include "input_files.h"
#include "utf8.h"
#include "windows1252.h"

namespace hoso::csv_source {
namespace {

namespace fs = std::filesystem;

char ParseDelimiter(const std::string& text) {
  // YAML gives a real tab for "\t" but two characters for '\t' or \t; both
  // mean the same to whoever wrote the pipeline file.
  if (text == "\t" || text == "\\t") return '\t';
  if (text.size() == 1) {
    const char c = text[0];
    const auto byte = static_cast<unsigned char>(c);
    if (byte >= 0x20 && byte < 0x7F && c != '"') return c;
  }
  throw std::invalid_argument(
      "delimiter must be one ASCII character other than '\"', or \"\\t\" for tab; got \"" + text +
      "\"");
}

// The file as outputs should name it: relative to the pipeline file's
// directory (with ".." if need be), so results do not depend on where the
// project is checked out; absolute when the two share nothing but the root,
// where a chain of ".." would only obscure it.
std::string FileLabel(const fs::path& file, const fs::path& base_dir) {
  const fs::path normal = file.lexically_normal();
  fs::path base = base_dir.lexically_normal();
  if (!base.has_filename()) base = base.parent_path();  // "/a/b/" -> "/a/b"
  if (!normal.is_absolute() || !base.is_absolute()) return normal.generic_string();
  const fs::path relative = normal.lexically_relative(base);
  if (relative.empty()) return normal.generic_string();
  const fs::path below_root = base.relative_path();
  const auto depth = std::distance(below_root.begin(), below_root.end());
  std::ptrdiff_t ups = 0;
  for (const fs::path& part : relative) {
    if (part != "..") break;
    ++ups;
  }
  if (ups >= depth) return normal.generic_string();
  return relative.generic_string();
}

std::string DescribeField(size_t index, const std::vector<std::string>& header) {
  std::string out = "field " + std::to_string(index + 1);
  if (index < header.size() && !header[index].empty()) out += " (" + header[index] + ")";
  return out;
}

// Why a record cannot become a dossier, or "" when it can. Never quotes cell
// text: rows are personal data.
std::string RecordProblemReason(const CsvRecord& record, const std::vector<std::string>& header,
                                bool accept_legacy_bytes) {
  switch (record.problem) {
    case RecordProblem::kNone:
      break;
    case RecordProblem::kUnterminatedQuote:
      return "unterminated quote in " + DescribeField(record.problem_field, header);
    case RecordProblem::kTextAfterQuote:
      return "text after the closing quote of " + DescribeField(record.problem_field, header);
    case RecordProblem::kTooLong:
      return "longer than " + std::to_string(CsvReader::kMaxRecordBytes) + " bytes";
  }
  if (std::optional<size_t> bad = accept_legacy_bytes ? std::nullopt : FirstInvalidUtf8(record.raw)) {
    return "invalid UTF-8 at byte " + std::to_string(*bad + 1);
  }
  // Valid UTF-8, but no legacy encoding has a NUL character either: it is
  // binary data pasted into the export, and would cut a name short in any C
  // string downstream.
  if (const size_t nul = record.raw.find('\0'); nul != std::string::npos) {
    return "NUL byte at byte " + std::to_string(nul + 1) + " (binary data, not text)";
  }
  if (record.fields.size() != header.size()) {
    return std::to_string(record.fields.size()) + " fields, header has " +
           std::to_string(header.size());
  }
  return "";
}

class CsvSource : public Source {
 public:
  explicit CsvSource(const Options& options)
      : files_(ExpandInputFiles(options.String("path"))),
        delimiter_(ParseDelimiter(options.String("delimiter"))),
        mapping_(options.Map("columns")) {
    if (options.Has("id_column")) id_column_ = options.String("id_column");
    if (options.Has("source_name")) source_name_ = options.String("source_name");
    legacy_bytes_ = options.Has("invalid_utf8") && options.String("invalid_utf8") == "windows-1252";
    // Every header is checked now, so a wrong mapping fails the run before
    // the first file is half processed. A file whose header cannot be read
    // at all is one bad input, not a wrong mapping: Next() quarantines it.
    for (const fs::path& file : files_) {
      try {
        ExportFile{file, delimiter_, mapping_, id_column_};
      } catch (const UnreadableExport&) {
      }
    }
  }

  bool Next(Dossier& out, Context& ctx) override {
    for (;;) {
      if (!current_) {
        if (next_file_ == files_.size()) return false;
        if (!OpenNext(ctx)) continue;
      }
      if (!current_->Next(record_)) {
        CloseCurrent(ctx);
        continue;
      }
      ++row_;
      if (MakeDossier(out, ctx)) return true;
      ++quarantined_;
    }
  }

 private:
  // Opens the next file; false when its header cannot be read, and then the
  // whole file is quarantined as one unit.
  bool OpenNext(Context& ctx) {
    const fs::path& file = files_[next_file_++];
    label_ = FileLabel(file, ctx.BaseDir());
    try {
      current_ = std::make_unique<ExportFile>(file, delimiter_, mapping_, id_column_);
    } catch (const UnreadableExport& e) {
      Provenance unit;
      unit.file = label_;
      ctx.Quarantine(unit, e.header(), label_ + ": " + e.what());
      return false;
    }
    stem_ = file.stem().string();
    row_ = 0;
    quarantined_ = 0;
    first_row_of_id_.clear();
    return true;
  }

  void CloseCurrent(Context& ctx) {
    ctx.Log(LogLevel::kInfo, label_ + ": " + std::to_string(row_) + " rows, " +
                                 std::to_string(quarantined_) + " quarantined");
    current_.reset();
    // The file's ids are of no more use: freed now, while the batch still
    // streams, rather than when the run ends (a million of them took the
    // last half second of a run to free).
    first_row_of_id_ = {};
  }

  // Fills `out` from the current record, or quarantines the row and returns
  // false.
  bool MakeDossier(Dossier& out, Context& ctx) {
    Provenance unit;
    unit.file = label_;
    unit.row = row_;
    auto quarantine = [&](const std::string& reason) {
      ctx.Quarantine(unit, record_.raw, "row " + std::to_string(row_) + ": " + reason);
      return false;
    };

    const std::vector<std::string>& header = current_->header();
    if (std::string reason = RecordProblemReason(record_, header, legacy_bytes_); !reason.empty()) {
      return quarantine(reason);
    }

    std::string id;
    if (std::optional<size_t> id_index = current_->id_index()) {
      id = Cell(*id_index);
      if (id.empty()) return quarantine("empty id column '" + *id_column_ + "'");
      auto [seen, inserted] = first_row_of_id_.try_emplace(id, row_);
      if (!inserted) {
        return quarantine("duplicate id in column '" + *id_column_ + "', first seen at row " +
                          std::to_string(seen->second));
      }
    } else {
      id = stem_ + ":" + std::to_string(row_);
    }

    out = Dossier{};
    out.id = id;
    out.units.push_back(unit);
    out.original = record_.raw;
    MemberRecord& member = out.records.emplace_back();
    member.id = std::move(id);
    member.source = source_name_.value_or(stem_);
    for (const BoundColumn& column : current_->columns()) {
      std::string text = Cell(column.index);
      if (text.empty()) continue;  // an empty cell is an absent field
      Field& field = member.Set(column.target->field);
      field.raw = text;
      field.value = std::move(text);
      field.confidence = 1.0;
      field.provenance = unit;
      field.provenance.column = column.target->column;
    }
    return true;
  }

  // A cell's text: UTF-8 as it is; anything else, when accepted, as its
  // Windows-1252 reading (how legacy TCVN3/VNI exports look), for
  // normalize_vi to repair.
  std::string Cell(size_t index) const {
    std::string text = Trim(record_.fields[index]);
    if (legacy_bytes_ && FirstInvalidUtf8(text)) text = Windows1252ToUtf8(text);
    return text;
  }

  std::vector<fs::path> files_;
  char delimiter_;
  bool legacy_bytes_ = false;
  ColumnMapping mapping_;
  std::optional<std::string> id_column_;
  std::optional<std::string> source_name_;

  size_t next_file_ = 0;
  std::unique_ptr<ExportFile> current_;
  std::string label_;
  std::string stem_;
  int64_t row_ = 0;
  int64_t quarantined_ = 0;
  std::unordered_map<std::string, int64_t> first_row_of_id_;
  CsvRecord record_;  // reused so fields keep their capacity across rows
};

constexpr OptionSpec kOptions[] = {
    {.name = "path",
     .type = OptionType::kPath,
     .required = true,
     .help = "CSV export to read, or a glob such as exports/*.csv (files read in sorted order)"},
    {.name = "delimiter",
     .type = OptionType::kString,
     .default_value = "\",\"",
     .help = "field separator: one ASCII character, or \"\\t\" for tab"},
    {.name = "id_column",
     .type = OptionType::kString,
     .help = "column holding the record id; default: <file stem>:<row>"},
    {.name = "columns",
     .type = OptionType::kStringMap,
     .required = true,
     .help = "CSV header name -> record field (a core field name or extra.<name>)"},
    {.name = "source_name",
     .type = OptionType::kString,
     .help = "name stored as each record's source; default: the file stem"},
    {.name = "invalid_utf8",
     .type = OptionType::kEnum,
     .default_value = "quarantine",
     .help = "rows that are not UTF-8: quarantine them, or read the cells that are not as "
             "Windows-1252 (legacy TCVN3/VNI/VISCII exports; normalize_vi repairs them)",
     .choices = "quarantine|windows-1252"},
};

}  // namespace
}  // namespace hoso::csv_source

HOSO_PLUGIN(hoso::MakeDescriptor<hoso::csv_source::CsvSource>(
    hoso::PluginKind::kSource, "csv_source", "1.0.0",
    "Reads legacy CSV exports of member records, one dossier per row", hoso::csv_source::kOptions));
