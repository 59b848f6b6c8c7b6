// Transform plugin: Vietnamese normalization of member records.
#include "hoso/plugin.h"

namespace hoso::normalize_vi {
namespace {

class NormalizeVi : public Transform {
 public:
  explicit NormalizeVi(const Options& options) { (void)options; }
  void Process(Dossier& dossier, Context& ctx) override {
    (void)dossier;
    (void)ctx;
  }
};

constexpr OptionSpec kOptions[] = {
    {.name = "encoding",
     .type = OptionType::kString,
     .default_value = "auto",
     .help = "encoding of legacy text"},
};

}  // namespace
}  // namespace hoso::normalize_vi

HOSO_PLUGIN(hoso::MakeDescriptor<hoso::normalize_vi::NormalizeVi>(
    hoso::PluginKind::kTransform, "normalize_vi", "0.1.0",
    "Vietnamese normalization: legacy encodings, names, dates, places, ID numbers",
    hoso::normalize_vi::kOptions));
