// What a run has finished, kept on disk so that a run killed at any moment
// (kill -9, a reboot) continues where it stopped instead of starting over.
//
// The journal holds the first phase's results: every dossier the sources
// gave, in order, as it left the stages before the first barrier (or before
// the sinks), with what those stages quarantined. That is where the time goes
// (OCR); barriers and sinks are rerun from it on resume, which is safe since
// sinks publish only at commit. A resumed run pulls the sources again (their
// own quarantine entries and unit counts come back the same way), takes the
// journaled results for the inputs already done, and works on the rest.
//
// Only results that cost something to redo are kept: an input whose first
// phase took less than a threshold (a CSV row: tens of microseconds, against
// seconds for an OCR page) leaves a short "redo" record instead, and a resumed
// run works on it again. Keeping every row of a million-row export cost a
// third of the run and gigabytes of disk for work redone in seconds.
//
// Records are appended with a length and a checksum; a torn tail (the kill
// landed in a write) is cut off on reading. The journal is removed once every
// sink has committed.
#pragma once

#include <atomic>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "hoso/dossier.h"
#include "hoso/harness.h"

namespace hoso::internal {

// Checksum of a dossier as a source gave it: a resumed run takes a journaled
// result only for the same input (a row fixed since is worked on again).
uint64_t InputChecksum(const Dossier& pulled);

struct JournaledResult {
  std::string id;  // the dossier's id as the source gave it
  uint64_t input_checksum = 0;
  bool kept = true;  // false: only noted as done; the resumed run redoes it
  std::vector<QuarantineEntry> quarantined;
  std::optional<Dossier> dossier;  // empty: quarantined whole
};

class RunJournal {
 public:
  // Opens `file` for this run. `fingerprint` names the pipeline and the
  // plugins; a journal left by a different one is discarded (`discarded`
  // says why, for a warning). With `fresh`, any old journal is discarded.
  RunJournal(std::filesystem::path file, std::string fingerprint, bool fresh);
  ~RunJournal();

  // The interrupted run's next result, in order; false after the last one,
  // and from then on the journal is written. Read as the sources are pulled
  // again, so a long journal is never all in memory.
  bool NextDone(JournaledResult& out);
  // Why an old journal was not used ("" when there was none or it was).
  const std::string& discarded() const { return discarded_; }

  // A stage quarantined a unit while working on input `seq`.
  void Note(uint64_t seq, const QuarantineEntry& entry);
  // Input number `input` (in source order, from 0) is through the first
  // phase as work item `seq` (the key of Note); called in input order, from
  // one thread. `dossier` is null when it was quarantined whole. With `keep`
  // false the result is not written, only that the input went by. An input
  // the journal being resumed already holds is not written again.
  void Done(uint64_t seq, uint64_t input, const std::string& id, uint64_t input_checksum,
            const Dossier* dossier, bool keep);
  // Hands what is buffered to the file (the first phase is over).
  void Drain() { Flush(false); }
  // Everything is committed: the journal goes.
  void Remove();

  const std::filesystem::path& file() const { return file_; }

 private:
  void Start(const std::string& fingerprint);
  // The next whole record at the read position; false at the end or at a
  // torn or damaged tail.
  bool ReadRecord(uint32_t& type, std::string& payload);
  void Append(uint32_t type, const std::string& payload);
  void Flush(bool sync);

  std::filesystem::path file_;
  std::FILE* file_handle_ = nullptr;
  bool reading_ = false;
  long good_end_ = 0;         // end of the last whole record read
  // Inputs the resumed journal holds, so far: counted by the source thread,
  // read by the thread that delivers results.
  std::atomic<uint64_t> inputs_read_{0};
  std::string buffer_;
  double last_flush_ = 0;
  std::string discarded_;
  std::mutex mutex_;  // pending_
  std::unordered_map<uint64_t, std::vector<QuarantineEntry>> pending_;
};

// The fingerprint of a run: the pipeline file's bytes and each plugin
// library's name, version, size and modification time.
std::string RunFingerprint(const std::filesystem::path& pipeline_file,
                           const std::vector<std::filesystem::path>& libraries);

}  // namespace hoso::internal
