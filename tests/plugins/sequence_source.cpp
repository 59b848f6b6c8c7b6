// Test source: `count` dossiers with one record each; every `bad_every`-th
// row is quarantined instead, like a malformed CSV row. With `pages` > 0 a
// dossier is that many pages (one unit each) and no record, like a scan.
#include "hoso/plugin.h"

namespace {

class SequenceSource : public hoso::Source {
 public:
  explicit SequenceSource(const hoso::Options& o)
      : count_(o.Int("count")),
        bad_every_(o.Int("bad_every")),
        pages_(o.Int("pages")),
        file_(o.String("file")) {}

  bool Next(hoso::Dossier& out, hoso::Context& ctx) override {
    while (row_ < count_) {
      ++row_;
      hoso::Provenance unit;
      unit.file = file_;
      unit.row = row_;
      if (bad_every_ > 0 && row_ % bad_every_ == 0) {
        ctx.Quarantine(unit, "raw,\xff,bytes", "row " + std::to_string(row_) + ": malformed");
        continue;
      }
      out.id = "r" + std::to_string(row_);
      if (pages_ > 0) {
        for (int64_t i = 0; i < pages_; ++i) {
          unit.page = static_cast<int>(i);
          out.units.push_back(unit);
          out.pages.emplace_back().origin = unit;
        }
        return true;
      }
      out.units = {unit};
      out.original = "row " + std::to_string(row_);
      hoso::MemberRecord record;
      record.id = out.id;
      record.source = "sequence";
      record.full_name.value = "Nguyễn Văn " + std::to_string(row_);
      record.full_name.provenance = unit;
      out.records.push_back(record);
      return true;
    }
    return false;
  }
  int64_t SizeHint() const override { return count_; }

 private:
  int64_t count_, bad_every_, pages_;
  std::string file_;
  int64_t row_ = 0;
};

constexpr hoso::OptionSpec kOptions[] = {
    {.name = "count", .type = hoso::OptionType::kInt, .default_value = "100", .help = "rows", .min = 0, .max = 10000000},
    {.name = "bad_every", .type = hoso::OptionType::kInt, .default_value = "0", .help = "quarantine every n-th row", .min = 0},
    {.name = "pages", .type = hoso::OptionType::kInt, .default_value = "0", .help = "pages per dossier (0: a record instead)", .min = 0, .max = 1000},
    {.name = "file", .type = hoso::OptionType::kString, .default_value = "sequence.csv", .help = "file name in provenance"},
};

}  // namespace

HOSO_PLUGIN(hoso::MakeDescriptor<SequenceSource>(hoso::PluginKind::kSource, "sequence_source", "1.0.0",
                                                 "Test source of numbered records", kOptions));
