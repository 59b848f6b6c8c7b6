// Test sink: one line per page (id, index, attributes), per record (id,
// findings) and per side-table row, to a file written only on Commit.
#include <fstream>

#include "hoso/plugin.h"

namespace {

class RecordSink : public hoso::Sink {
 public:
  explicit RecordSink(const hoso::Options& o) : path_(o.String("path")) {}
  void Write(const hoso::Dossier& dossier, hoso::Context&) override {
    for (const hoso::Page& page : dossier.pages) {
      text_ += "page " + dossier.id + " " + std::to_string(page.origin.page);
      for (const auto& [key, value] : page.attributes) text_ += " " + key + "=" + value;
      text_ += "\n";
    }
    for (const hoso::MemberRecord& r : dossier.records) {
      text_ += r.id + " " + r.full_name.value;
      for (const hoso::Finding& f : r.findings) text_ += " " + f.rule_id;
      text_ += "\n";
    }
  }
  void WriteTable(const hoso::SideTable& table, hoso::Context&) override {
    for (const auto& row : table.rows) {
      text_ += "table " + table.name;
      for (const hoso::Cell& c : row) {
        if (const auto* i = std::get_if<int64_t>(&c)) text_ += " " + std::to_string(*i);
        if (const auto* s = std::get_if<std::string>(&c)) text_ += " " + *s;
      }
      text_ += "\n";
    }
  }
  void Commit(hoso::Context&) override { std::ofstream(path_) << text_; }

 private:
  std::string path_, text_;
};

constexpr hoso::OptionSpec kOptions[] = {
    {.name = "path", .type = hoso::OptionType::kPath, .required = true, .help = "output file"},
};

}  // namespace

HOSO_PLUGIN(hoso::MakeDescriptor<RecordSink>(hoso::PluginKind::kSink, "record_sink", "1.0.0",
                                             "Test sink writing record ids", kOptions));
