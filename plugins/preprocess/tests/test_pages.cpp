#include "test_pages.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <stdexcept>

namespace preprocess_test {

namespace fs = std::filesystem;

namespace {

constexpr const char* kPython = "/usr/bin/python3";
constexpr const char* kFont = "/usr/share/fonts/truetype/noto/NotoSerif-Regular.ttf";

std::string ShellQuote(const std::string& text) {
  std::string out = "'";
  for (char c : text) {
    if (c == '\'') {
      out += "'\\''";
    } else {
      out += c;
    }
  }
  return out + "'";
}

}  // namespace

fs::path TestDir() {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  fs::path dir =
      fs::path(HOSO_TEST_TMP) / (std::string(info->test_suite_name()) + "." + info->name());
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

std::string RenderUnavailable() {
  static const std::string reason = [] {
    if (!fs::exists(kFont)) return std::string(kFont) + " is missing (fonts-noto-core)";
    const std::string probe = std::string(kPython) + " -c 'import PIL' >/dev/null 2>&1";
    if (std::system(probe.c_str()) != 0) return std::string("Pillow is missing (python3-pil)");
    return std::string();
  }();
  return reason;
}

fs::path RenderText(const fs::path& png, int dpi, double width_in, double height_in, double points,
                    const std::vector<std::string>& lines, int leader_tone) {
  std::string command =
      (leader_tone > 0 ? "LEADER_TONE=" + std::to_string(leader_tone) + " " : "") +
      std::string(kPython) + " " +
      ShellQuote(std::string(PREPROCESS_TEST_DIR) + "/render_text.py") + " " +
      ShellQuote(png.string()) + " " + std::to_string(dpi) + " " + std::to_string(width_in) + " " +
      std::to_string(height_in) + " " + std::to_string(points);
  for (const std::string& line : lines) command += " " + ShellQuote(line);
  if (std::system(command.c_str()) != 0 || !fs::exists(png)) {
    throw std::runtime_error("cannot render " + png.string());
  }
  return png;
}

PixPtr ReadPix(const fs::path& file) {
  PixPtr pix(pixRead(file.c_str()));
  if (!pix) throw std::runtime_error("cannot read " + file.string());
  return pix;
}

void WritePix(const fs::path& file, PIX* pix, int format) {
  if (pixWrite(file.c_str(), pix, format) != 0) {
    throw std::runtime_error("cannot write " + file.string());
  }
}

PixPtr PixOfPage(const hoso::Page& page) {
  if (page.image.size() != static_cast<size_t>(page.width) * page.height) {
    throw std::runtime_error("page image does not match its size");
  }
  PixPtr pix(pixCreate(page.width, page.height, 8));
  for (int y = 0; y < page.height; ++y) {
    l_uint32* line = pixGetData(pix.get()) + y * pixGetWpl(pix.get());
    for (int x = 0; x < page.width; ++x) {
      SET_DATA_BYTE(line, x, page.image[static_cast<size_t>(y) * page.width + x]);
    }
  }
  return pix;
}

hoso::Dossier DossierOfPage(const fs::path& file, int page_index, int dpi,
                            const std::string& source_format) {
  hoso::Dossier dossier;
  dossier.id = file.stem().string();
  hoso::Page page;
  page.origin.file = file.string();
  page.origin.page = page_index;
  page.dpi = dpi;
  page.source_format = source_format;
  dossier.units.push_back(page.origin);
  dossier.pages.push_back(page);
  return dossier;
}

float MeasuredSkew(PIX* gray) {
  PixPtr binary(pixConvertTo1(gray, 128));
  l_float32 angle = 0;
  l_float32 confidence = 0;
  pixFindSkew(binary.get(), &angle, &confidence);
  return angle;
}

double InkFraction(PIX* gray, BOX* box) {
  PixPtr region(box ? pixClipRectangle(gray, box, nullptr) : pixClone(gray));
  PixPtr binary(pixConvertTo1(region.get(), 128));
  l_int32 ink = 0;
  pixCountPixels(binary.get(), &ink, nullptr);
  return static_cast<double>(ink) /
         (static_cast<double>(pixGetWidth(binary.get())) * pixGetHeight(binary.get()));
}

}  // namespace preprocess_test
