#include "test_files.h"

#include <leptonica/allheaders.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace scan_test {
namespace fs = std::filesystem;

fs::path WriteBytes(const fs::path& path, std::string_view bytes) {
  fs::create_directories(path.parent_path());
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  return path;
}

std::string ReadBytes(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

void CutInHalf(const fs::path& path) {
  const std::string bytes = ReadBytes(path);
  WriteBytes(path, std::string_view(bytes).substr(0, bytes.size() / 2));
}

namespace {

PIX* InkedPage(int width, int height, int dpi) {
  PIX* pix = pixCreate(width, height, 8);
  pixSetAllArbitrary(pix, 255);
  // A few dark bars so compressed files are not trivially small.
  for (int y = height / 8; y < height; y += height / 4 + 1) {
    pixRasterop(pix, width / 10, y, width * 8 / 10, std::max(1, height / 20), PIX_CLR, nullptr, 0,
                0);
  }
  pixSetResolution(pix, dpi, dpi);
  return pix;
}

// Appends `v` as `bytes` bytes in the given byte order.
void Put(std::string& out, uint64_t v, int bytes, bool little) {
  for (int i = 0; i < bytes; ++i) {
    const int shift = 8 * (little ? i : bytes - 1 - i);
    out.push_back(static_cast<char>((v >> shift) & 0xFF));
  }
}

void Set(std::string& out, size_t at, uint64_t v, int bytes, bool little) {
  std::string encoded;
  Put(encoded, v, bytes, little);
  out.replace(at, encoded.size(), encoded);
}

}  // namespace

fs::path WriteImage(const fs::path& path, int width, int height, int format, int dpi) {
  fs::create_directories(path.parent_path());
  PIX* pix = InkedPage(width, height, dpi);
  const int failed = pixWrite(path.c_str(), pix, format);
  pixDestroy(&pix);
  if (failed) throw std::runtime_error("cannot write " + path.string());
  return path;
}

fs::path WriteMultipageTiff(const fs::path& path, int pages, int width, int height, int dpi) {
  fs::create_directories(path.parent_path());
  fs::remove(path);
  for (int i = 0; i < pages; ++i) {
    PIX* pix = InkedPage(width + i, height, dpi);
    const int failed = pixWriteTiff(path.c_str(), pix, IFF_TIFF_ZIP, i == 0 ? "w" : "a");
    pixDestroy(&pix);
    if (failed) throw std::runtime_error("cannot write " + path.string());
  }
  return path;
}

std::string HandTiff(const std::vector<TiffPageSpec>& pages, TiffFlavor flavor) {
  const bool little = flavor != TiffFlavor::kBigEndian;
  const bool big = flavor == TiffFlavor::kBigTiff;
  const int offset_size = big ? 8 : 4;
  std::string out = little ? "II" : "MM";
  if (big) {
    Put(out, 43, 2, little);
    Put(out, 8, 2, little);
    Put(out, 0, 2, little);
  } else {
    Put(out, 42, 2, little);
  }
  Put(out, out.size() + offset_size, offset_size, little);
  constexpr int kEntries = 12;
  for (size_t p = 0; p < pages.size(); ++p) {
    const TiffPageSpec& page = pages[p];
    const uint32_t width = page.claimed_width ? page.claimed_width : page.width;
    const uint32_t height = page.claimed_height ? page.claimed_height : page.height;
    const size_t ifd_size = (big ? 8 + kEntries * 20 + 8 : 2 + kEntries * 12 + 4);
    const uint64_t resolution_at = out.size() + ifd_size;
    const uint64_t data_at = resolution_at + 8;
    const uint32_t data_size = page.width * page.height;
    // One value per entry, left-justified in the value field. A RATIONAL
    // (8 bytes) only fits there in BigTIFF; classic TIFF points to it.
    auto entry = [&](uint16_t tag, uint16_t type, uint64_t value) {
      Put(out, tag, 2, little);
      Put(out, type, 2, little);
      Put(out, 1, offset_size, little);
      if (type == 5 && big) {
        Put(out, static_cast<uint32_t>(page.dpi), 4, little);
        Put(out, 1, 4, little);
        return;
      }
      const int size = type == 3 ? 2 : type == 4 ? 4 : type == 5 ? offset_size : 8;
      Put(out, value, size, little);
      out.append(offset_size - size, '\0');
    };
    Put(out, kEntries, big ? 8 : 2, little);
    const uint16_t offset_type = big ? 16 : 4;                     // LONG8 in BigTIFF
    entry(256, 4, width);                                          // ImageWidth
    entry(257, 4, height);                                         // ImageLength
    entry(258, 3, 8);                                              // BitsPerSample
    entry(259, 3, 1);                                              // Compression: none
    entry(262, 3, 1);                                              // Photometric: black is zero
    entry(273, offset_type, data_at);                              // StripOffsets
    entry(277, 3, static_cast<uint64_t>(page.samples_per_pixel));  // SamplesPerPixel
    entry(278, 4, height);                                         // RowsPerStrip
    entry(279, offset_type, data_size);                            // StripByteCounts
    entry(282, 5, resolution_at);                                  // XResolution
    entry(283, 5, resolution_at);                                  // YResolution
    entry(296, 3, 2);                                              // ResolutionUnit: inch
    const size_t next_at = out.size();
    Put(out, 0, offset_size, little);
    Put(out, static_cast<uint32_t>(page.dpi), 4, little);
    Put(out, 1, 4, little);
    out.append(data_size, static_cast<char>(0xC0));
    if (p + 1 < pages.size()) {
      if (out.size() % 2) out.push_back('\0');  // directories start on a word boundary
      Set(out, next_at, out.size(), offset_size, little);
    }
  }
  return out;
}

std::string HandPdf(const PdfSpec& spec) {
  std::string out = "%PDF-1.4\n%\xE2\xE3\xCF\xD3\n";
  std::vector<size_t> offsets;  // of objects 1..n
  auto object = [&](const std::string& body) {
    offsets.push_back(out.size());
    out += std::to_string(offsets.size()) + " 0 obj\n" + body + "\nendobj\n";
  };
  const int count = spec.claimed_count ? spec.claimed_count : static_cast<int>(spec.pages.size());
  std::string kids;
  for (size_t i = 0; i < spec.pages.size(); ++i) kids += std::to_string(3 + i) + " 0 R ";
  object("<< /Type /Catalog /Pages 2 0 R >>");
  object("<< /Type /Pages /Kids [ " + kids + "] /Count " + std::to_string(count) + " >>");
  for (const PdfPageSpec& page : spec.pages) {
    std::ostringstream box;
    box << "[0 0 " << page.width << " " << page.height << "]";
    object("<< /Type /Page /Parent 2 0 R /MediaBox " + box.str() + " /Rotate " +
           std::to_string(page.rotate) + " /Resources << >> >>");
  }
  if (spec.locked) {
    // RC4 40-bit standard handler whose /U matches no password.
    const std::string garbage(64, 'A');
    object("<< /Filter /Standard /V 1 /R 2 /O <" + garbage + "> /U <" + garbage + "> /P -4 >>");
  }
  const size_t used = offsets.size() + 1;
  const size_t size = std::max<size_t>(used, static_cast<size_t>(spec.xref_size));
  const size_t xref_at = out.size();
  out += "xref\n0 " + std::to_string(size) + "\n0000000000 65535 f \n";
  char line[32];
  for (size_t offset : offsets) {
    std::snprintf(line, sizeof line, "%010zu 00000 n \n", offset);
    out += line;
  }
  for (size_t i = used; i < size; ++i) out += "0000000000 00001 f \n";
  out += "trailer\n<< /Size " + std::to_string(size) + " /Root 1 0 R";
  if (spec.locked) {
    out += " /Encrypt " + std::to_string(offsets.size()) +
           " 0 R /ID [<00112233445566778899AABBCCDDEEFF> <00112233445566778899AABBCCDDEEFF>]";
  }
  out += " >>\nstartxref\n" + std::to_string(xref_at) + "\n%%EOF\n";
  return out;
}

}  // namespace scan_test
