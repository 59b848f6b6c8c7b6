// Sink plugin: one CSV row per member — the golden record where merge built
// one, else the member's first record — for people who work in a
// spreadsheet. Written atomically, mode 0600; an optional UTF-8 BOM makes
// Excel read Vietnamese text as UTF-8 rather than the ANSI code page.
#include <memory>
#include <stdexcept>
#include <string>
#include <unordered_set>
#include <vector>

#include "csv_row.h"
#include "hoso/atomic_file.h"
#include "hoso/plugin.h"

namespace hoso::csv_sink {
namespace {

class CsvSink : public Sink {
 public:
  explicit CsvSink(const Options& options)
      : path_(options.String("path")),
        bom_(options.Bool("bom")),
        guard_formulas_(options.Bool("guard_formulas")),
        all_records_(options.String("records") == "all") {
    const std::string delimiter = options.String("delimiter");
    if (delimiter.size() != 1 || delimiter == "\"" || delimiter == "\n" || delimiter == "\r") {
      throw std::invalid_argument("delimiter: one character other than a quote or a line break, not '" +
                                  delimiter + "'");
    }
    delimiter_ = delimiter[0];
    for (const std::string& name : options.List("columns")) {
      const bool extra = name.rfind("extra.", 0) == 0 && name.size() > 6;
      if (!extra && FindCoreField(name) == nullptr) {
        throw std::invalid_argument("columns: '" + name + "' is neither a core field nor extra.<name>");
      }
      columns_.push_back(name);
    }
    if (columns_.empty()) {
      for (const CoreField& core : kCoreFields) columns_.emplace_back(core.name);
    }
  }

  void Open(Context& ctx) override {
    (void)ctx;
    file_ = std::make_unique<AtomicFile>(path_);
    if (bom_) file_->Append("\xEF\xBB\xBF");
    std::vector<std::string> header = {"member_id"};
    if (all_records_) {
      header.push_back("record_id");
      header.push_back("source");
      header.push_back("golden");
    }
    header.insert(header.end(), columns_.begin(), columns_.end());
    file_->Append(CsvRow(header, delimiter_, false));
  }

  void Write(const Dossier& dossier, Context& ctx) override {
    (void)ctx;
    std::string rows;
    for (const MemberRecord& record : dossier.records) {
      if (!all_records_ && !IsMemberRow(record)) continue;
      std::vector<std::string> cells = {std::string(record.MemberId())};
      if (all_records_) {
        cells.push_back(record.golden ? "" : record.id);
        cells.push_back(record.source);
        cells.push_back(record.golden ? "1" : "0");
      }
      for (const std::string& name : columns_) {
        const Field* field =
            record.Find(name.rfind("extra.", 0) == 0 ? std::string_view(name).substr(6) : name);
        cells.push_back(field == nullptr ? "" : field->value);
      }
      rows += CsvRow(cells, delimiter_, guard_formulas_);
      ++rows_;
    }
    file_->Append(rows);
  }

  void Commit(Context& ctx) override {
    file_->Commit();
    ctx.Log(LogLevel::kInfo, "wrote " + std::to_string(rows_) + " rows to " + path_.string());
  }

 private:
  // A golden record precedes its member's records, so a member is written
  // from its golden record when it has one, else from its first record.
  bool IsMemberRow(const MemberRecord& record) {
    return members_.insert(std::string(record.MemberId())).second;
  }

  std::filesystem::path path_;
  bool bom_;
  bool guard_formulas_;
  bool all_records_;
  char delimiter_ = ',';
  std::vector<std::string> columns_;
  std::unique_ptr<AtomicFile> file_;
  std::unordered_set<std::string> members_;  // written already
  int64_t rows_ = 0;
};

constexpr OptionSpec kOptions[] = {
    {.name = "path",
     .type = OptionType::kPath,
     .required = true,
     .help = "CSV file to write"},
    {.name = "records",
     .type = OptionType::kEnum,
     .default_value = "members",
     .help = "members: one row per member (its golden record, else its first record); all: every record, golden ones marked",
     .choices = "members|all"},
    {.name = "columns",
     .type = OptionType::kStringList,
     .default_value = "[]",
     .help = "fields to write after member_id (core names or extra.<name>); empty: every core field"},
    {.name = "bom",
     .type = OptionType::kBool,
     .default_value = "false",
     .help = "start with a UTF-8 byte order mark, so Excel opens Vietnamese text correctly"},
    {.name = "delimiter",
     .type = OptionType::kString,
     .default_value = "','",
     .help = "cell delimiter (one character; ';' for Excel set to a Vietnamese locale)"},
    {.name = "guard_formulas",
     .type = OptionType::kBool,
     .default_value = "true",
     .help = "prefix an apostrophe to cells a spreadsheet would run as formulas (=, +, -, @)"},
};

}  // namespace
}  // namespace hoso::csv_sink

HOSO_PLUGIN(hoso::MakeDescriptor<hoso::csv_sink::CsvSink>(
    hoso::PluginKind::kSink, "csv_sink", "1.0.0",
    "Writes one CSV row per member (golden record first), atomically, optionally with a UTF-8 BOM",
    hoso::csv_sink::kOptions));
