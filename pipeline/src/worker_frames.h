// The messages between the host and a stage worker process: a frame is a
// type, a byte count and that many bytes.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "dossier_codec.h"

namespace hoso::internal {

enum class FrameType : uint32_t {
  kLaunch = 1,        // host -> child: base dir, seed, worker, stages and their options
  kReady = 2,         // child -> host: every plugin created; page-by-page flags
  kCreateFailed = 3,  // child -> host: stage index and the plugin's message
  kRun = 4,           // host -> child: first and last stage, the dossier
  kBegin = 5,         // child -> host: stage index about to run
  kResult = 6,        // child -> host: kept, timings, log, quarantine, dossier
};

inline constexpr size_t kFrameHeader = sizeof(uint32_t) + sizeof(uint64_t);

inline std::string Frame(FrameType type, std::string_view payload) {
  std::string frame;
  frame.reserve(kFrameHeader + payload.size());
  ByteWriter w(frame);
  w.U32(static_cast<uint32_t>(type));
  w.U64(payload.size());
  frame.append(payload);
  return frame;
}

}  // namespace hoso::internal
