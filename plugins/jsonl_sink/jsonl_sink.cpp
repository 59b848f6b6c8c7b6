// Sink plugin: member records as JSON lines, made visible atomically.
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <string>

#include "hoso/atomic_file.h"
#include "hoso/plugin.h"
#include "json_writer.h"
#include "record_json.h"
#include "table_json.h"

namespace hoso::jsonl_sink {
namespace {

namespace fs = std::filesystem;

class JsonlSink : public Sink {
 public:
  explicit JsonlSink(const Options& options) : path_(options.String("path")) {}

  void Open(Context& ctx) override {
    (void)ctx;
    members_ = std::make_unique<AtomicFile>(path_);
  }

  void Write(const Dossier& dossier, Context& ctx) override {
    (void)ctx;
    // The whole dossier is rendered before anything is appended, so a
    // refused dossier leaves no half in the file.
    // Strict: a record that is not UTF-8 is refused rather than silently
    // repaired, so the output never differs from what the pipeline held.
    lines_.clear();
    for (size_t i = 0; i < dossier.records.size(); ++i) {
      try {
        AppendRecordJson(dossier.records[i], lines_);
      } catch (const InvalidUtf8&) {
        throw Rejection("record " + std::to_string(i + 1) +
                        " of the dossier holds text that is not valid UTF-8");
      }
      lines_.push_back('\n');
    }
    Members().Append(lines_);
    records_ += static_cast<int64_t>(dossier.records.size());
  }

  void WriteTable(const SideTable& table, Context& ctx) override {
    (void)ctx;
    const fs::path path = TablePath(path_, table);
    std::unique_ptr<AtomicFile>& file = tables_[table.name];
    if (!file) file = std::make_unique<AtomicFile>(path);
    std::string lines;
    for (size_t i = 0; i < table.rows.size(); ++i) {
      AppendTableRowJson(table, i, lines);
      lines.push_back('\n');
    }
    file->Append(lines);
  }

  void Commit(Context& ctx) override {
    // Tables first: once the member file is in place, everything beside it
    // is complete.
    for (auto& [name, file] : tables_) file->Commit();
    Members().Commit();
    ctx.Log(LogLevel::kInfo, "wrote " + std::to_string(records_) + " records to " + path_.string());
  }

 private:
  AtomicFile& Members() {
    if (!members_) members_ = std::make_unique<AtomicFile>(path_);
    return *members_;
  }

  fs::path path_;
  std::unique_ptr<AtomicFile> members_;
  std::map<std::string, std::unique_ptr<AtomicFile>> tables_;
  std::string lines_;  // one dossier's lines; kept to reuse its capacity
  int64_t records_ = 0;
};

constexpr OptionSpec kOptions[] = {
    {.name = "path",
     .type = OptionType::kPath,
     .required = true,
     .help = "JSON lines file to write; side tables go to <stem>.<table>.jsonl beside it"},
};

}  // namespace
}  // namespace hoso::jsonl_sink

HOSO_PLUGIN(hoso::MakeDescriptor<hoso::jsonl_sink::JsonlSink>(
    hoso::PluginKind::kSink, "jsonl_sink", "1.0.0",
    "Writes member records as JSON lines, atomically and with mode 0600",
    hoso::jsonl_sink::kOptions));
