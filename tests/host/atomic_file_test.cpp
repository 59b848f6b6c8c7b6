// AtomicFile: the target appears whole at Commit, and what writers killed
// mid-write left beside it is cleared by the next writer.
#include "hoso/atomic_file.h"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <set>
#include <vector>

#include "test_support.h"

namespace hoso {
namespace {

using namespace hoso::testing;

pid_t DeadPid() {
  const pid_t child = fork();
  if (child == 0) _exit(0);
  waitpid(child, nullptr, 0);
  return child;
}

TEST(AtomicFileTest, TheNextWriterRemovesWhatKilledWritersLeft) {
  const std::filesystem::path dir = Scratch("AtomicFileTest");
  const std::string dead = std::to_string(DeadPid());
  const std::string alive = std::to_string(getppid());
  for (const std::string& name : std::vector<std::string>{
           ".x.jsonl.tmp-" + dead + "-AbC123", ".x.jsonl.tmp-" + dead,
           ".x.jsonl.tmp-" + dead + "-journal", ".x.jsonl.tmp-" + alive + "-Zz9",
           ".x.jsonl.tmp-notapid", ".y.jsonl.tmp-" + dead}) {
    WriteFile(dir / name, "partial");
  }
  AtomicFile file(dir / "x.jsonl");
  file.Append("{}\n");
  file.Commit();
  EXPECT_EQ(ReadFile(dir / "x.jsonl"), "{}\n");
  EXPECT_EQ(std::filesystem::status(dir / "x.jsonl").permissions() & std::filesystem::perms::all,
            std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
  std::set<std::string> left;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    left.insert(entry.path().filename().string());
  }
  // A live process's temp file, a name that is not ours and another
  // target's stay.
  EXPECT_EQ(left, (std::set<std::string>{"x.jsonl", ".x.jsonl.tmp-" + alive + "-Zz9",
                                         ".x.jsonl.tmp-notapid", ".y.jsonl.tmp-" + dead}));
}

}  // namespace
}  // namespace hoso
