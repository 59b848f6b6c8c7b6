#include "image_structure.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>
#include <string_view>
#include <vector>

namespace hoso::scan_source {
namespace {

uint32_t BigEndian32(const unsigned char* p) {
  return (uint32_t{p[0]} << 24) | (uint32_t{p[1]} << 16) | (uint32_t{p[2]} << 8) | p[3];
}

uint32_t BigEndian16(const unsigned char* p) { return (uint32_t{p[0]} << 8) | p[1]; }

// Reads the last `n` bytes (or the whole file when shorter) starting no
// earlier than `not_before`.
std::vector<unsigned char> Tail(FileBytes& file, uint64_t n, uint64_t not_before) {
  const uint64_t start = std::max(not_before, file.size() > n ? file.size() - n : 0);
  if (start >= file.size()) return {};
  std::vector<unsigned char> tail(static_cast<size_t>(file.size() - start));
  if (!file.Read(start, tail.size(), tail.data())) return {};
  return tail;
}

bool Contains(const std::vector<unsigned char>& bytes, std::string_view needle) {
  return std::search(bytes.begin(), bytes.end(), needle.begin(), needle.end(),
                     [](unsigned char a, char b) { return a == static_cast<unsigned char>(b); }) !=
         bytes.end();
}

// Resolutions outside this range are a writer's bug, not a resolution.
int PlausibleDpi(double dpi) {
  if (!(dpi >= 1 && dpi <= 100000)) return 0;
  return static_cast<int>(std::lround(dpi));
}

ImageStructure Problem(std::string problem) {
  ImageStructure out;
  out.problem = std::move(problem);
  return out;
}

}  // namespace

ImageStructure CheckPng(FileBytes& file) {
  ImageStructure out;
  constexpr uint64_t kSignatureSize = 8;
  uint64_t pos = kSignatureSize;
  // Each chunk takes at least 12 bytes, so the walk ends within size/12
  // steps even for a hostile file.
  for (bool first = true;; first = false) {
    std::array<unsigned char, 8> head{};
    if (!file.Read(pos, head.size(), head.data())) {
      return Problem("truncated: PNG ends at byte " + std::to_string(file.size()) +
                     " without IEND chunk");
    }
    const uint64_t length = BigEndian32(head.data());
    if (length > 0x7FFFFFFFu) return Problem("corrupt PNG: chunk length out of range");
    const uint64_t end = pos + 12 + length;
    if (end > file.size()) {
      return Problem("truncated: PNG chunk at byte " + std::to_string(pos) + " ends at byte " +
                     std::to_string(end) + ", file has " + std::to_string(file.size()) + " bytes");
    }
    const std::string_view type(reinterpret_cast<const char*>(head.data() + 4), 4);
    std::array<unsigned char, 9> data{};
    if (first) {
      if (type != "IHDR" || length < 8 || !file.Read(pos + 8, 8, data.data())) {
        return Problem("corrupt PNG: no IHDR chunk first");
      }
      out.width = BigEndian32(data.data());
      out.height = BigEndian32(data.data() + 4);
    } else if (type == "pHYs" && length >= 9 && file.Read(pos + 8, 9, data.data())) {
      if (data[8] == 1) out.dpi = PlausibleDpi(BigEndian32(data.data()) * 0.0254);  // per metre
    } else if (type == "IEND") {
      return out;
    }
    pos = end;
  }
}

ImageStructure CheckJpeg(FileBytes& file) {
  ImageStructure out;
  std::array<unsigned char, 16> buf{};
  if (!file.Read(0, 2, buf.data()) || buf[0] != 0xFF || buf[1] != 0xD8) {
    return Problem("corrupt JPEG: no start-of-image marker");
  }
  uint64_t pos = 2;
  uint64_t scan_data = 0;
  bool frame = false;
  while (scan_data == 0) {
    if (!file.Read(pos, 2, buf.data())) {
      return Problem("truncated: JPEG headers end at byte " + std::to_string(file.size()));
    }
    if (buf[0] != 0xFF) return Problem("corrupt JPEG: no marker at byte " + std::to_string(pos));
    const unsigned char marker = buf[1];
    if (marker == 0xFF) {  // fill byte before a marker
      ++pos;
      continue;
    }
    if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {  // no length field
      pos += 2;
      continue;
    }
    if (marker == 0xD9) return Problem("corrupt JPEG: end-of-image marker before any image data");
    if (!file.Read(pos + 2, 2, buf.data() + 2)) {
      return Problem("truncated: JPEG headers end at byte " + std::to_string(file.size()));
    }
    const uint64_t length = BigEndian16(buf.data() + 2);
    if (length < 2) {
      return Problem("corrupt JPEG: bad segment length at byte " + std::to_string(pos));
    }
    const uint64_t end = pos + 2 + length;
    if (end > file.size()) {
      return Problem("truncated: JPEG segment at byte " + std::to_string(pos) + " ends at byte " +
                     std::to_string(end) + ", file has " + std::to_string(file.size()) + " bytes");
    }
    // SOF0..SOF15 carry the frame size; C4 (DHT), C8 (JPG) and CC (DAC)
    // share the range but are not frame headers.
    const bool frame_header =
        marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
    if (frame_header && !frame && length >= 8 && file.Read(pos + 4, 5, buf.data() + 4)) {
      frame = true;
      out.height = BigEndian16(buf.data() + 5);
      out.width = BigEndian16(buf.data() + 7);
    } else if (marker == 0xE0 && length >= 14 && file.Read(pos + 4, 12, buf.data() + 4) &&
               std::memcmp(buf.data() + 4, "JFIF\0", 5) == 0) {
      const unsigned char units = buf[11];
      const double density = BigEndian16(buf.data() + 12);
      if (units == 1) out.dpi = PlausibleDpi(density);
      if (units == 2) out.dpi = PlausibleDpi(density * 2.54);  // per centimetre
    } else if (marker == 0xDA) {
      scan_data = end;
    }
    pos = end;
  }
  if (!frame) return Problem("corrupt JPEG: no frame header before the image data");
  // Scanners and archive tools may append a little metadata after EOI; more
  // than this is not a JPEG we should trust.
  constexpr uint64_t kTailWindow = 64 * 1024;
  const std::vector<unsigned char> tail = Tail(file, kTailWindow, scan_data);
  static constexpr char kEndOfImage[] = {static_cast<char>(0xFF), static_cast<char>(0xD9)};
  if (!Contains(tail, std::string_view(kEndOfImage, 2))) {
    return Problem("truncated: JPEG has no end-of-image marker (file has " +
                   std::to_string(file.size()) + " bytes)");
  }
  return out;
}

std::string CheckPdfComplete(FileBytes& file) {
  if (!Contains(Tail(file, 1024, 0), "%%EOF")) {
    return "truncated: PDF has no %%EOF marker in its last 1024 bytes";
  }
  return "";
}

}  // namespace hoso::scan_source
