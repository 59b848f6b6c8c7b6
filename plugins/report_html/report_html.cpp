// The batch report. Its work is the `hoso report` command (also run by
// `hoso run --report FILE`); the descriptor needs a kind, and a sink is the
// nearest, but the report reads a finished run's files, which no stage of
// that run can see, so the plugin refuses to be a pipeline stage.
#include <iterator>
#include <stdexcept>

#include "hoso/plugin.h"
#include "report_command.h"

namespace hoso::report {
namespace {

class NotAStage : public Sink {
 public:
  explicit NotAStage(const Options&) {
    throw std::invalid_argument(
        "report_html is not a pipeline stage: run `hoso run FILE --report report.html` or "
        "`hoso report --summary ... --out report.html`");
  }
  void Write(const Dossier&, Context&) override {}
  void Commit(Context&) override {}
};

}  // namespace
}  // namespace hoso::report

HOSO_PLUGIN((hoso::PluginDescriptor{
    hoso::kAbiVersion, "report_html", "0.1.0", hoso::PluginKind::kSink,
    "Batch report: one self-contained HTML file (hoso report, hoso run --report); not a stage",
    nullptr, 0, &hoso::CreatePlugin<hoso::report::NotAStage>, hoso::report::kCommands,
    std::size(hoso::report::kCommands)}));
