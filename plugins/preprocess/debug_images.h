// Intermediate images on disk, for tuning the steps on real scans.
#pragma once

#include <filesystem>
#include <string>

#include "pix.h"

namespace hoso::preprocess {

class DebugImages {
 public:
  // Writes nothing when `dir` is empty.
  DebugImages(std::filesystem::path dir, const std::string& source_file, int page_index);

  // <dir>/<file stem>-p<N>-<step>.png, N 1-based like page numbers in
  // messages.
  void Write(const std::string& step, PIX* pix) const;

 private:
  std::filesystem::path dir_;
  std::string prefix_;
};

}  // namespace hoso::preprocess
