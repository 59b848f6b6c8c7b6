// A validator that throws on one record (named by `fail_id`) with `message`,
// as a plugin with a bug on one input does; every other record passes.
#include <stdexcept>
#include <string>

#include "hoso/plugin.h"

namespace {
class ThrowingRecord : public hoso::Validator {
 public:
  explicit ThrowingRecord(const hoso::Options& o)
      : fail_id_(o.String("fail_id")), message_(o.String("message")) {}
  void Validate(const hoso::MemberRecord& r, std::vector<hoso::Finding>&, hoso::Context&) override {
    if (r.id == fail_id_) throw std::runtime_error(message_);
  }

 private:
  std::string fail_id_, message_;
};

constexpr hoso::OptionSpec kOptions[] = {
    {.name = "fail_id",
     .type = hoso::OptionType::kString,
     .required = true,
     .help = "id of the record to throw on"},
    {.name = "message",
     .type = hoso::OptionType::kString,
     .default_value = "index out of range",
     .help = "what the exception says"},
};
}  // namespace

HOSO_PLUGIN(hoso::MakeDescriptor<ThrowingRecord>(hoso::PluginKind::kValidator, "throwing_record",
                                                 "1.0.0", "Throws on one record", kOptions));
