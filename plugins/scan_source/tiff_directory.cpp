#include "tiff_directory.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <optional>
#include <unordered_set>
#include <vector>

namespace hoso::scan_source {
namespace {

enum Tag : uint16_t {
  kImageWidth = 256,
  kImageLength = 257,
  kStripOffsets = 273,
  kStripByteCounts = 279,
  kXResolution = 282,
  kResolutionUnit = 296,
  kTileOffsets = 324,
  kTileByteCounts = 325,
};

enum Type : uint16_t {
  kShort = 3,
  kLong = 4,
  kRational = 5,
  kLong8 = 16,
};

// Far above what any writer produces; a larger count is garbage that would
// make us read megabytes of "entries".
constexpr uint64_t kMaxEntries = 4096;

struct Entry {
  uint16_t type = 0;
  uint64_t count = 0;
  uint64_t values_at = 0;  // file offset of the first value, inline or not
};

class TiffReader {
 public:
  explicit TiffReader(FileBytes& file) : file_(file) {}

  // Reads the header; returns the first directory offset or a problem.
  std::optional<uint64_t> ReadHeader(std::string& problem) {
    std::array<unsigned char, 16> head{};
    if (!file_.Read(0, 8, head.data())) {
      problem = "truncated: TIFF header incomplete";
      return std::nullopt;
    }
    if (head[0] == 'I' && head[1] == 'I') {
      little_ = true;
    } else if (head[0] == 'M' && head[1] == 'M') {
      little_ = false;
    } else {
      problem = "corrupt TIFF: bad byte order mark";
      return std::nullopt;
    }
    const uint16_t magic = U16(head.data() + 2);
    if (magic == 42) return U32(head.data() + 4);
    if (magic == 43 && U16(head.data() + 4) == 8 && U16(head.data() + 6) == 0) {
      big_ = true;
      if (!file_.Read(8, 8, head.data() + 8)) {
        problem = "truncated: TIFF header incomplete";
        return std::nullopt;
      }
      return U64(head.data() + 8);
    }
    problem = "corrupt TIFF: unknown version";
    return std::nullopt;
  }

  // Reads the directory at `offset` into `page`, returns the next
  // directory's offset, or a problem with the chain (set in `chain_problem`).
  std::optional<uint64_t> ReadDirectory(uint64_t offset, TiffPage& page,
                                        std::string& chain_problem) {
    const uint64_t count_size = big_ ? 8 : 2;
    const uint64_t entry_size = big_ ? 20 : 12;
    std::array<unsigned char, 8> buf{};
    if (!file_.Read(offset, count_size, buf.data())) {
      chain_problem = "truncated: TIFF directory at byte " + std::to_string(offset) +
                      " lies beyond the end of the file (" + std::to_string(file_.size()) +
                      " bytes)";
      return std::nullopt;
    }
    const uint64_t count = big_ ? U64(buf.data()) : U16(buf.data());
    if (count == 0 || count > kMaxEntries) {
      chain_problem = "corrupt TIFF: directory at byte " + std::to_string(offset) + " has " +
                      std::to_string(count) + " entries";
      return std::nullopt;
    }
    const uint64_t entries_at = offset + count_size;
    const uint64_t next_at = entries_at + count * entry_size;
    if (!file_.Read(next_at, big_ ? 8 : 4, buf.data())) {
      chain_problem = "truncated: TIFF directory at byte " + std::to_string(offset) +
                      " runs past the end of the file (" + std::to_string(file_.size()) + " bytes)";
      return std::nullopt;
    }
    const uint64_t next = big_ ? U64(buf.data()) : U32(buf.data());

    std::optional<Entry> offsets, byte_counts, tile_offsets, tile_byte_counts, x_resolution;
    uint64_t resolution_unit = 2;  // inches, the TIFF default
    // libtiff ignores every repeat of a tag in a directory and decodes what
    // the first one says; reading the last instead let a file announce 2
    // pixels of width in a repeat and decode 160 (or 40000), past max_pixels.
    std::unordered_set<uint16_t> seen_tags;
    for (uint64_t i = 0; i < count; ++i) {
      std::array<unsigned char, 20> raw{};
      const uint64_t at = entries_at + i * entry_size;
      if (!file_.Read(at, entry_size, raw.data())) {
        chain_problem = "truncated: TIFF directory entry beyond the end of the file";
        return std::nullopt;
      }
      const uint16_t tag = U16(raw.data());
      if (!seen_tags.insert(tag).second) continue;
      Entry entry;
      entry.type = U16(raw.data() + 2);
      entry.count = big_ ? U64(raw.data() + 4) : U32(raw.data() + 4);
      const uint64_t field_at = at + (big_ ? 12 : 8);
      const uint64_t inline_size = big_ ? 8 : 4;
      const uint64_t size = TypeSize(entry.type);
      if (size != 0 && entry.count <= inline_size / size) {
        entry.values_at = field_at;
      } else {
        entry.values_at = big_ ? U64(raw.data() + 12) : U32(raw.data() + 8);
      }
      switch (tag) {
        case kImageWidth:
          page.width = First(entry).value_or(0);
          break;
        case kImageLength:
          page.height = First(entry).value_or(0);
          break;
        case kStripOffsets:
          offsets = entry;
          break;
        case kStripByteCounts:
          byte_counts = entry;
          break;
        case kTileOffsets:
          tile_offsets = entry;
          break;
        case kTileByteCounts:
          tile_byte_counts = entry;
          break;
        case kXResolution:
          x_resolution = entry;
          break;
        case kResolutionUnit:
          resolution_unit = First(entry).value_or(2);
          break;
        default:
          break;
      }
    }
    if (x_resolution) page.dpi = Dpi(*x_resolution, resolution_unit);
    if (tile_offsets) {
      page.problem = CheckData("tile", *tile_offsets, tile_byte_counts);
    } else if (offsets) {
      page.problem = CheckData("strip", *offsets, byte_counts);
    } else {
      page.problem = "corrupt TIFF: directory has no strip or tile offsets";
    }
    return next;
  }

 private:
  // Bytes per value of each TIFF field type (BYTE = 1 ... IFD8 = 18); 0
  // for types this walk does not know.
  static uint64_t TypeSize(uint16_t type) {
    static constexpr uint8_t kSizes[] = {0, 1, 1, 2, 4, 8, 1, 1, 2, 4, 8, 4, 8, 4, 0, 0, 8, 8, 8};
    return type < sizeof kSizes ? kSizes[type] : 0;
  }

  // Whether the `count` values of `entry` lie inside the file.
  bool ValuesInside(const Entry& entry) const {
    const uint64_t size = TypeSize(entry.type);
    if (size == 0 || entry.values_at > file_.size()) return false;
    return entry.count <= (file_.size() - entry.values_at) / size;
  }

  // Values [first, first + n) of an integer entry, decoded into `out`;
  // false when they are not integers or not inside the file.
  bool Values(const Entry& entry, uint64_t first, uint64_t n, std::vector<uint64_t>& out) {
    const uint64_t size = TypeSize(entry.type);
    if (entry.type != kShort && entry.type != kLong && entry.type != kLong8) return false;
    std::vector<unsigned char> raw(static_cast<size_t>(n * size));
    if (!file_.Read(entry.values_at + first * size, raw.size(), raw.data())) return false;
    out.resize(static_cast<size_t>(n));
    for (uint64_t i = 0; i < n; ++i) {
      const unsigned char* p = raw.data() + i * size;
      out[i] = size == 2 ? U16(p) : size == 4 ? U32(p) : U64(p);
    }
    return true;
  }

  std::optional<uint64_t> First(const Entry& entry) {
    std::vector<uint64_t> value;
    if (entry.count == 0 || !Values(entry, 0, 1, value)) return std::nullopt;
    return value[0];
  }

  int Dpi(const Entry& entry, uint64_t unit) {
    if (entry.type != kRational || entry.count == 0) return 0;
    std::array<unsigned char, 8> buf{};
    if (!file_.Read(entry.values_at, 8, buf.data())) return 0;
    const uint32_t numerator = U32(buf.data());
    const uint32_t denominator = U32(buf.data() + 4);
    if (denominator == 0) return 0;
    double dpi = static_cast<double>(numerator) / denominator;
    if (unit == 3) dpi *= 2.54;  // per centimetre
    // Anything outside this range is a writer's bug, not a resolution.
    if (!(dpi >= 1 && dpi <= 100000)) return 0;
    return static_cast<int>(std::lround(dpi));
  }

  // Checks that each strip (or tile) lies inside the file.
  std::string CheckData(const char* what, const Entry& offsets,
                        const std::optional<Entry>& byte_counts) {
    const std::string plural = std::string(what) + "s";
    if (offsets.count == 0) return "corrupt TIFF: no " + plural;
    if (!ValuesInside(offsets)) {
      return "truncated: TIFF " + std::string(what) + " offsets lie beyond the end of the file";
    }
    if (byte_counts) {
      if (byte_counts->count != offsets.count) {
        return "corrupt TIFF: " + std::to_string(offsets.count) + " " + plural + " but " +
               std::to_string(byte_counts->count) + " byte counts";
      }
      if (!ValuesInside(*byte_counts)) {
        return "truncated: TIFF " + std::string(what) +
               " byte counts lie beyond the end of the file";
      }
    }
    // In batches: the two tables usually lie far apart, and reading them a
    // value at a time would bounce the block cache between them.
    constexpr uint64_t kBatch = 4096;
    std::vector<uint64_t> starts, lengths;
    for (uint64_t first = 0; first < offsets.count; first += kBatch) {
      const uint64_t n = std::min(kBatch, offsets.count - first);
      if (!Values(offsets, first, n, starts) ||
          (byte_counts && !Values(*byte_counts, first, n, lengths))) {
        return "corrupt TIFF: bad " + std::string(what) + " offset type";
      }
      if (!byte_counts) lengths.assign(n, 0);
      for (uint64_t i = 0; i < n; ++i) {
        if (starts[i] > file_.size() || lengths[i] > file_.size() - starts[i]) {
          return "truncated: " + std::string(what) + " " + std::to_string(first + i + 1) + " of " +
                 std::to_string(offsets.count) + " ends at byte " +
                 std::to_string(starts[i] + lengths[i]) + ", file has " +
                 std::to_string(file_.size()) + " bytes";
        }
      }
    }
    return "";
  }

  uint16_t U16(const unsigned char* p) const {
    return little_ ? static_cast<uint16_t>(p[0] | (p[1] << 8))
                   : static_cast<uint16_t>((p[0] << 8) | p[1]);
  }
  uint32_t U32(const unsigned char* p) const {
    return little_ ? (uint32_t{U16(p + 2)} << 16) | U16(p) : (uint32_t{U16(p)} << 16) | U16(p + 2);
  }
  uint64_t U64(const unsigned char* p) const {
    return little_ ? (uint64_t{U32(p + 4)} << 32) | U32(p) : (uint64_t{U32(p)} << 32) | U32(p + 4);
  }

  FileBytes& file_;
  bool little_ = true;
  bool big_ = false;  // BigTIFF: 64-bit offsets and counts
};

}  // namespace

TiffLayout ReadTiffLayout(FileBytes& file, int max_pages) {
  TiffLayout layout;
  TiffReader reader(file);
  std::optional<uint64_t> offset = reader.ReadHeader(layout.problem);
  if (!offset) return layout;
  std::unordered_set<uint64_t> seen;
  while (*offset != 0) {
    if (layout.pages.size() >= static_cast<size_t>(max_pages)) {
      layout.too_many_pages = true;
      break;
    }
    if (!seen.insert(*offset).second) {
      layout.chain_problem =
          "corrupt TIFF: directory chain loops back to byte " + std::to_string(*offset);
      break;
    }
    TiffPage page;
    offset = reader.ReadDirectory(*offset, page, layout.chain_problem);
    if (!offset) break;
    layout.pages.push_back(std::move(page));
  }
  if (layout.pages.empty() && !layout.too_many_pages) {
    layout.problem =
        layout.chain_problem.empty() ? "corrupt TIFF: no image directory" : layout.chain_problem;
  }
  return layout;
}

}  // namespace hoso::scan_source
