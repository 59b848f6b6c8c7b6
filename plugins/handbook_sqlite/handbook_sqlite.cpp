// The handbook_sqlite sink: the member handbook as one SQLite file, written
// whole by every run and swapped in atomically on commit.
#include <hoso/plugin.h>

#include <string>

#include "handbook_writer.h"

#ifndef HOSO_VERSION
#define HOSO_VERSION "unknown"
#endif

namespace hoso_handbook {
namespace {

constexpr hoso::OptionSpec kOptions[] = {
    {.name = "path",
     .type = hoso::OptionType::kPath,
     .required = true,
     .help = "the handbook database to write, e.g. out/handbook.sqlite; parent "
             "directories are created"},
    {.name = "replace",
     .type = hoso::OptionType::kBool,
     .default_value = "true",
     .help = "replace an existing handbook; when false, a run fails rather than "
             "overwrite one"},
    {.name = "update",
     .type = hoso::OptionType::kBool,
     .default_value = "false",
     .help = "add this run's records to the existing handbook at path (dedup link mode); "
             "the update is applied whole or not at all"},
};

class HandbookSqlite : public hoso::Sink {
 public:
  explicit HandbookSqlite(const hoso::Options& options)
      : writer_({.path = options.String("path"),
                 .replace = options.Bool("replace"),
                 .hoso_version = HOSO_VERSION,
                 .update = options.Bool("update")}) {}

  void Open(hoso::Context& ctx) override {
    writer_.Open();
    ctx.Log(hoso::LogLevel::kDebug, "handbook_sqlite: staging " + writer_.path().string());
  }

  void Write(const hoso::Dossier& dossier, hoso::Context& ctx) override {
    (void)ctx;
    writer_.Write(dossier);
  }

  void WriteTable(const hoso::SideTable& table, hoso::Context& ctx) override {
    (void)ctx;
    writer_.WriteTable(table);
  }

  void Commit(hoso::Context& ctx) override {
    writer_.Commit();
    // Counts and the path only: field values never reach the log.
    ctx.Log(hoso::LogLevel::kInfo,
            "handbook_sqlite: " + std::to_string(writer_.records_written()) + " records, " +
                std::to_string(writer_.members_written()) + " members written" +
                (writer_.members_updated() > 0
                     ? ", " + std::to_string(writer_.members_updated()) + " golden records rebuilt"
                     : std::string()) +
                " to " + writer_.path().string());
    if (writer_.dates_not_iso() > 0) {
      ctx.Log(hoso::LogLevel::kWarning,
              "handbook_sqlite: " + std::to_string(writer_.dates_not_iso()) +
                  " member dates are not YYYY[-MM[-DD]] and stay out of the members table "
                  "(finding handbook.date_not_iso); normalize dates before this stage");
    }
  }

 private:
  HandbookWriter writer_;
};

}  // namespace
}  // namespace hoso_handbook

HOSO_PLUGIN(hoso::MakeDescriptor<hoso_handbook::HandbookSqlite>(
    hoso::PluginKind::kSink, "handbook_sqlite", "0.1.0",
    "Writes the member handbook as one SQLite database, replaced atomically on commit",
    hoso_handbook::kOptions));
