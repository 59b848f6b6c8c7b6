// Test transform that reads pages one by one, like preprocessing and OCR:
// notes on each page which worker (and process) read it and how many pages
// the call held, and fails, quarantines, crashes on, hangs on or overgrows
// on chosen pages ("r2/3": dossier r2, page 3), like a decoder on a hostile
// file.
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <chrono>
#include <cstdio>
#include <iterator>
#include <stdexcept>
#include <thread>

#include "hoso/plugin.h"

namespace {

class PageReader : public hoso::Transform {
 public:
  explicit PageReader(const hoso::Options& o)
      : by_page_(o.Bool("by_page")),
        tag_(o.String("tag")),
        sleep_ms_(o.Int("sleep_ms")),
        unreadable_(o.List("unreadable_pages")),
        fail_(o.List("fail_pages")),
        crash_(o.List("crash_pages")),
        hang_(o.List("hang_pages")),
        grow_(o.List("grow_pages")) {
    if (o.Bool("refuse")) throw std::invalid_argument("refused by its options");
  }

  bool PageByPage() const override { return by_page_; }

  void Process(hoso::Dossier& dossier, hoso::Context& ctx) override {
    const std::string held = std::to_string(dossier.pages.size());
    for (auto it = dossier.pages.begin(); it != dossier.pages.end();) {
      const std::string name = dossier.id + "/" + std::to_string(it->origin.page);
      if (sleep_ms_ > 0) std::this_thread::sleep_for(std::chrono::milliseconds(sleep_ms_));
      auto listed = [&](const std::vector<std::string>& pages) {
        return std::find(pages.begin(), pages.end(), name) != pages.end();
      };
      if (listed(fail_)) throw std::runtime_error("simulated failure on a page");
      if (listed(crash_)) {
        // A real segmentation fault's end, whatever handler a sanitizer set.
        signal(SIGSEGV, SIG_DFL);
        raise(SIGSEGV);
      }
      // The whole process dies here, like a run killed with SIGKILL, when
      // the test says so in the environment (so the resumed run has the
      // same pipeline file).
      if (const char* die = std::getenv("HOSO_TEST_DIE_AT"); die != nullptr && name == die) {
        _exit(137);
      }
      if (listed(hang_)) {
        for (;;) pause();
      }
      if (listed(grow_)) {
        // A decoder believing a header: 64 MiB more every 50 ms, touched.
        std::vector<std::unique_ptr<char[]>> blocks;
        for (;;) {
          blocks.emplace_back(new char[64 << 20]);
          std::memset(blocks.back().get(), 1, 64 << 20);
          std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
      }
      if (std::find(unreadable_.begin(), unreadable_.end(), name) != unreadable_.end()) {
        ctx.Quarantine(it->origin, "", "page unreadable");
        it = dossier.pages.erase(it);
        continue;
      }
      it->attributes[tag_ + "_worker"] = std::to_string(ctx.Worker());
      it->attributes[tag_ + "_held"] = held;
      it->attributes[tag_ + "_pid"] = std::to_string(getpid());
      ++it;
    }
  }

 private:
  bool by_page_;
  std::string tag_;
  int64_t sleep_ms_;
  std::vector<std::string> unreadable_, fail_, crash_, hang_, grow_;
};

constexpr hoso::OptionSpec kOptions[] = {
    {.name = "by_page", .type = hoso::OptionType::kBool, .default_value = "true", .help = "declare PageByPage"},
    {.name = "tag", .type = hoso::OptionType::kString, .default_value = "read", .help = "attribute prefix"},
    {.name = "sleep_ms", .type = hoso::OptionType::kInt, .default_value = "0", .help = "time per page", .min = 0, .max = 10000},
    {.name = "unreadable_pages", .type = hoso::OptionType::kStringList, .default_value = "[]", .help = "pages quarantined (id/page)"},
    {.name = "fail_pages", .type = hoso::OptionType::kStringList, .default_value = "[]", .help = "pages that throw (id/page)"},
    {.name = "crash_pages", .type = hoso::OptionType::kStringList, .default_value = "[]", .help = "pages that end the process with SIGSEGV"},
    {.name = "hang_pages", .type = hoso::OptionType::kStringList, .default_value = "[]", .help = "pages never finished"},
    {.name = "grow_pages", .type = hoso::OptionType::kStringList, .default_value = "[]", .help = "pages that allocate without end"},
    {.name = "refuse", .type = hoso::OptionType::kBool, .default_value = "false", .help = "throw in the constructor"},
};

// `hoso page_echo ARGS`: prints its arguments, so tests can see which
// plugin commands the host finds and what it passes them.
int Echo(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) std::printf("%s%s", i > 1 ? " " : "", argv[i]);
  std::printf("\n");
  return 0;
}

constexpr hoso::Command kCommands[] = {
    {"page_echo", "page_echo ARGS: prints ARGS", &Echo},
};

}  // namespace

HOSO_PLUGIN((hoso::PluginDescriptor{hoso::kAbiVersion, "page_reader", "1.0.0",
                                    hoso::PluginKind::kTransform,
                                    "Test transform reading pages one by one", kOptions,
                                    std::size(kOptions), &hoso::CreatePlugin<PageReader>, kCommands,
                                    std::size(kCommands)}));
