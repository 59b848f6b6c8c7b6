#include "debug_images.h"

#include <system_error>

namespace hoso::preprocess {

DebugImages::DebugImages(std::filesystem::path dir, const std::string& source_file,
                         int page_index)
    : dir_(std::move(dir)),
      prefix_(std::filesystem::path(source_file).stem().string() + "-p" +
              std::to_string(page_index < 0 ? 1 : page_index + 1) + "-") {
  if (dir_.empty()) return;
  std::error_code ec;
  std::filesystem::create_directories(dir_, ec);
}

void DebugImages::Write(const std::string& step, PIX* pix) const {
  if (dir_.empty() || pix == nullptr) return;
  const std::filesystem::path file = dir_ / (prefix_ + step + ".png");
  // A debug image that cannot be written must not cost the page.
  pixWrite(file.c_str(), pix, IFF_PNG);
}

}  // namespace hoso::preprocess
