// The run journal: results survive a process that dies at any moment, a torn
// last record is cut off, a journal of another pipeline is not used, and a
// real `hoso run` that dies mid-batch resumes without redoing or losing work.
#include "run_journal.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <stdlib.h>

#include <algorithm>
#include <chrono>
#include <thread>
#include <filesystem>
#include <fstream>

#include "ordered_pool.h"
#include "test_support.h"

namespace hoso::internal {
namespace {

using ::testing::HasSubstr;
using namespace hoso::testing;

Dossier Numbered(int n) {
  Dossier d;
  d.id = "r" + std::to_string(n);
  Provenance unit;
  unit.file = "members.csv";
  unit.row = n;
  d.units = {unit};
  d.records.emplace_back().full_name.value = "Trần Thị " + std::to_string(n);
  return d;
}

class RunJournalTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = Scratch(::testing::UnitTest::GetInstance()->current_test_info()->name());
    file_ = dir_ / "out/.quarantine.jsonl.journal";
  }
  std::filesystem::path dir_, file_;
};

TEST_F(RunJournalTest, ResultsComeBackInOrderAndWritingGoesOnAfterThem) {
  {
    RunJournal journal(file_, "fp", /*fresh=*/false);
    QuarantineEntry entry;
    entry.unit.file = "members.csv";
    entry.unit.row = 2;
    entry.reason = "page unreadable";
    journal.Note(1, entry);
    for (int i = 0; i < 3; ++i) {
      const Dossier d = Numbered(i);
      journal.Done(i, i, d.id, InputChecksum(d), i == 1 ? nullptr : &d, true);
    }
  }  // the process ends without Remove(): as after a kill
  RunJournal journal(file_, "fp", false);
  EXPECT_EQ(journal.discarded(), "");
  JournaledResult r;
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(journal.NextDone(r));
    EXPECT_EQ(r.id, "r" + std::to_string(i));
    EXPECT_EQ(r.input_checksum, InputChecksum(Numbered(i)));
    EXPECT_EQ(r.dossier.has_value(), i != 1);
    EXPECT_EQ(r.quarantined.size(), i == 1 ? 1u : 0u);
  }
  EXPECT_EQ(r.quarantined[0].reason, "page unreadable");
  EXPECT_FALSE(journal.NextDone(r));
  const Dossier d = Numbered(3);
  journal.Done(3, 3, d.id, InputChecksum(d), &d, true);
  journal.Drain();
  RunJournal again(file_, "fp", false);
  int n = 0;
  while (again.NextDone(r)) ++n;
  EXPECT_EQ(n, 4);
  EXPECT_EQ(std::filesystem::status(file_).permissions() & std::filesystem::perms::all,
            std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
}

// Quick inputs leave only a note that they went by: the resumed run works
// on them again and its results for them are not written twice.
TEST_F(RunJournalTest, QuickInputsAreNotedAndRedoneNotKept) {
  {
    RunJournal journal(file_, "fp", false);
    for (int i = 0; i < 4; ++i) {
      const Dossier d = Numbered(i);
      journal.Done(i, i, d.id, InputChecksum(d), &d, /*keep=*/i % 2 == 0);
    }
  }
  const auto four = std::filesystem::file_size(file_);
  {
    RunJournal journal(file_, "fp", false);
    JournaledResult r;
    for (int i = 0; i < 4; ++i) {
      ASSERT_TRUE(journal.NextDone(r));
      EXPECT_EQ(r.id, "r" + std::to_string(i));
      EXPECT_EQ(r.kept, i % 2 == 0);
      EXPECT_EQ(r.dossier.has_value(), i % 2 == 0);
      // The resumed run redoes input 1 while it reads on: not written.
      if (i == 1) {
        const Dossier d = Numbered(1);
        journal.Done(0, 1, d.id, InputChecksum(d), &d, true);
      }
    }
    EXPECT_FALSE(journal.NextDone(r));
    const Dossier d3 = Numbered(3);
    journal.Done(1, 3, d3.id, InputChecksum(d3), &d3, true);  // redone after the end
    const Dossier d4 = Numbered(4);
    journal.Done(2, 4, d4.id, InputChecksum(d4), &d4, false);  // a new input
    journal.Drain();
  }
  EXPECT_GT(std::filesystem::file_size(file_), four);
  RunJournal again(file_, "fp", false);
  JournaledResult r;
  std::string kept;
  while (again.NextDone(r)) kept += r.kept ? 'k' : 'r';
  EXPECT_EQ(kept, "krkrr");
}

TEST_F(RunJournalTest, ATornLastRecordIsCutOffWhereverTheKillLanded) {
  {
    RunJournal journal(file_, "fp", false);
    for (int i = 0; i < 2; ++i) {
      const Dossier d = Numbered(i);
      journal.Done(i, i, d.id, InputChecksum(d), &d, true);
    }
  }
  const std::string whole = ReadFile(file_);
  const size_t two = whole.size();
  {
    RunJournal journal(file_, "fp", false);
    JournaledResult r;
    while (journal.NextDone(r)) {
    }
    const Dossier d = Numbered(2);
    journal.Done(2, 2, d.id, InputChecksum(d), &d, true);
  }
  const std::string three = ReadFile(file_);
  ASSERT_GT(three.size(), two);
  // Every length the third record could have been cut at, and one byte of
  // it damaged: two results come back and the file is cut to them.
  for (size_t cut = two + 1; cut <= three.size(); cut += 7) {
    std::string bytes = three.substr(0, cut);
    if (cut == three.size()) bytes[two + 20] ^= 0x40;
    WriteFile(file_, bytes);
    RunJournal journal(file_, "fp", false);
    JournaledResult r;
    int n = 0;
    while (journal.NextDone(r)) ++n;
    EXPECT_EQ(n, 2) << cut;
    EXPECT_EQ(std::filesystem::file_size(file_), two) << cut;
  }
}

TEST_F(RunJournalTest, AJournalOfAnotherPipelineOrAFreshRunIsNotUsed) {
  {
    RunJournal journal(file_, "fp", false);
    const Dossier d = Numbered(0);
    journal.Done(0, 0, d.id, InputChecksum(d), &d, true);
  }
  JournaledResult r;
  {
    RunJournal other(file_, "another", false);
    EXPECT_THAT(other.discarded(), HasSubstr("is from another pipeline file or other plugins"));
    EXPECT_FALSE(other.NextDone(r));
  }
  RunJournal fresh(file_, "another", true);
  EXPECT_EQ(fresh.discarded(), "");
  EXPECT_FALSE(fresh.NextDone(r));
}

TEST_F(RunJournalTest, TheFingerprintFollowsThePipelineFileAndThePlugins) {
  WriteFile(dir_ / "p.yaml", "stages: []\n");
  WriteFile(dir_ / "a.so", "x");
  const std::string one = RunFingerprint(dir_ / "p.yaml", {dir_ / "a.so"});
  EXPECT_EQ(one, RunFingerprint(dir_ / "p.yaml", {dir_ / "a.so"}));
  WriteFile(dir_ / "a.so", "xy");
  EXPECT_NE(one, RunFingerprint(dir_ / "p.yaml", {dir_ / "a.so"}));
}

// A resumed run hands journaled results on among inputs it works on again:
// each keeps its place, however long the work before it takes.
TEST(OrderedPoolTest, AResultThatNeedsNoWorkKeepsItsPlace) {
  std::vector<std::string> delivered;
  OrderedPool pool(
      2, 8,
      [](int, uint64_t, Dossier& d) {
        if (d.id == "slow") std::this_thread::sleep_for(std::chrono::milliseconds(50));
        return d.id != "refused";
      },
      [&](uint64_t seq, std::optional<Dossier>&& d) {
        delivered.push_back(std::to_string(seq) + ":" + (d ? d->id : "-"));
      });
  auto named = [](const char* id) {
    Dossier d;
    d.id = id;
    return d;
  };
  pool.Submit(named("slow"));
  pool.SubmitDone(named("journaled"));
  pool.Submit(named("refused"));
  pool.SubmitDone(std::nullopt);
  pool.Submit(named("quick"));
  pool.Finish();
  EXPECT_EQ(delivered, (std::vector<std::string>{"0:slow", "1:journaled", "2:-", "3:-", "4:quick"}));
}

// A real `hoso run` whose process dies in the middle of the third dossier.
TEST(ResumeTest, AKilledRunResumesWithoutRedoingOrLosingWork) {
  const std::filesystem::path dir = Scratch("ResumeTest");
  WriteFile(dir / "p.yaml",
            "workers: 1\n"
            "stages:\n"
            "  - plugin: sequence_source\n"
            "    with: {count: 5, pages: 3, file: scans}\n"
            "  - plugin: page_reader\n"
            "    isolate: false\n"
            "    with: {sleep_ms: 80, unreadable_pages: [r2/1]}\n"
            "  - plugin: tally_batch\n"
            "  - plugin: record_sink\n"
            "    with: {path: out/pages.txt}\n");
  const std::string run =
      "run --progress none --plugin-path " + kEnginePlugins + " " + (dir / "p.yaml").string();
  const CommandResult whole = RunHoso(run);
  ASSERT_EQ(whole.status, 0) << whole.output;
  const std::string expected = ReadFile(dir / "out/pages.txt");
  std::filesystem::remove_all(dir / "out");

  setenv("HOSO_TEST_DIE_AT", "r4/1", 1);
  const CommandResult killed = RunHoso(run);
  unsetenv("HOSO_TEST_DIE_AT");
  EXPECT_EQ(killed.status, 137) << killed.output;
  EXPECT_FALSE(std::filesystem::exists(dir / "out/pages.txt"));
  ASSERT_TRUE(std::filesystem::exists(dir / "out/.quarantine.jsonl.journal"));

  const CommandResult resumed = RunHoso(run);
  ASSERT_EQ(resumed.status, 0) << resumed.output;
  // r1 to r3 were done (a journal flush at every result 0.2 s after the
  // last), r4 and r5 are worked on now.
  EXPECT_THAT(resumed.output, HasSubstr("resumed: 3 inputs finished by the interrupted run"));
  EXPECT_THAT(resumed.output,
              HasSubstr("15 units (files, pages, rows): 14 written, 1 quarantined"));
  // The same output; the pages of r1 to r3 read by the killed process, the
  // rest by the resumed one (read_pid=).
  const std::string got = ReadFile(dir / "out/pages.txt");
  EXPECT_EQ(WithoutPids(got), WithoutPids(expected));
  auto pid_of = [&](const std::string& page) {
    const size_t at = got.find("read_pid=", got.find("page " + page + " ")) + 9;
    return got.substr(at, got.find(' ', at) - at);
  };
  EXPECT_EQ(pid_of("r1 0"), pid_of("r3 2"));
  EXPECT_NE(pid_of("r3 2"), pid_of("r4 0"));
  EXPECT_EQ(pid_of("r4 0"), pid_of("r5 2"));
  EXPECT_FALSE(std::filesystem::exists(dir / "out/.quarantine.jsonl.journal"));
  // The unreadable page of r2 was quarantined by the interrupted run; the
  // resumed run's quarantine file has it once.
  const std::string quarantine = ReadFile(dir / "out/quarantine.jsonl");
  EXPECT_EQ(std::count(quarantine.begin(), quarantine.end(), '\n'), 1);

  // Inputs quicker than --journal-min-ms are only noted: after the same
  // kill, all of them are worked on again, with the same result.
  std::filesystem::remove_all(dir / "out");
  const std::string run_quick = "run --progress none --journal-min-ms 10000 --plugin-path " +
                                kEnginePlugins + " " + (dir / "p.yaml").string();
  setenv("HOSO_TEST_DIE_AT", "r4/1", 1);
  EXPECT_EQ(RunHoso(run_quick).status, 137);
  unsetenv("HOSO_TEST_DIE_AT");
  const CommandResult redone = RunHoso(run_quick);
  ASSERT_EQ(redone.status, 0) << redone.output;
  EXPECT_THAT(redone.output, HasSubstr("resumed: 0 inputs finished by the interrupted run"));
  EXPECT_THAT(redone.output, HasSubstr(", 3 quick ones done again"));
  const std::string again = ReadFile(dir / "out/pages.txt");
  EXPECT_EQ(WithoutPids(again), WithoutPids(expected));
  const std::string quarantine_again = ReadFile(dir / "out/quarantine.jsonl");
  EXPECT_EQ(std::count(quarantine_again.begin(), quarantine_again.end(), '\n'), 1);
}

// Journaled pages after rows that are redone: the resumed run's output
// keeps the order of the inputs.
TEST(ResumeTest, KeptResultsKeepTheirPlaceAmongRedoneInputs) {
  const std::filesystem::path dir = Scratch("ResumeTestOrder");
  WriteFile(dir / "p.yaml",
            "workers: 1\n"
            "stages:\n"
            "  - plugin: sequence_source\n"
            "    with: {count: 2, pages: 2, file: first-scans}\n"
            "  - plugin: sequence_source\n"
            "    with: {count: 40, file: rows.csv}\n"
            "  - plugin: sequence_source\n"
            "    with: {count: 5, pages: 2, file: second-scans}\n"
            "  - plugin: page_reader\n"
            "    isolate: false\n"
            "    with: {sleep_ms: 60}\n"
            "  - plugin: tally_batch\n"
            "  - plugin: record_sink\n"
            "    with: {path: out/pages.txt}\n");
  const std::string run =
      "run --progress none --plugin-path " + kEnginePlugins + " " + (dir / "p.yaml").string();
  const CommandResult whole = RunHoso(run);
  ASSERT_EQ(whole.status, 0) << whole.output;
  const std::string expected = ReadFile(dir / "out/pages.txt");
  std::filesystem::remove_all(dir / "out");

  // Only the second scans have an r4.
  setenv("HOSO_TEST_DIE_AT", "r4/1", 1);
  EXPECT_EQ(RunHoso(run).status, 137);
  unsetenv("HOSO_TEST_DIE_AT");
  const CommandResult resumed = RunHoso(run);
  ASSERT_EQ(resumed.status, 0) << resumed.output;
  EXPECT_THAT(resumed.output, HasSubstr(", 40 quick ones done again"));
  EXPECT_EQ(WithoutPids(ReadFile(dir / "out/pages.txt")), WithoutPids(expected));
}

}  // namespace
}  // namespace hoso::internal

namespace hoso::internal {
namespace {

// `hoso requeue`: after a fix, only the quarantined inputs run again.
TEST(RequeueTest, OnlyTheQuarantinedInputsRunAgain) {
  const std::filesystem::path dir = Scratch("RequeueTest");
  const std::string yaml =
      "workers: 2\n"
      "stages:\n"
      "  - plugin: sequence_source\n"
      "    with: {count: 4, pages: 3, file: scans, bad_every: 3}\n"
      "  - plugin: page_reader\n"
      "    isolate: false\n"
      "    with: {FAIL}\n"
      "  - plugin: record_sink\n"
      "    with: {path: out/pages.txt}\n";
  std::string broken = yaml;
  broken.replace(broken.find("FAIL"), 4, "fail_pages: [r2/1, r4/0]");
  WriteFile(dir / "p.yaml", broken);
  const std::string plugins = " --plugin-path " + kEnginePlugins + " ";
  const CommandResult first = RunHoso("run --progress none" + plugins + (dir / "p.yaml").string());
  ASSERT_EQ(first.status, 0) << first.output;
  // Row 3 is malformed in the source (bad_every), two pages failed.
  EXPECT_THAT(first.output, HasSubstr("10 units (files, pages, rows): 7 written, 3 quarantined"));

  std::string fixed = yaml;
  fixed.replace(fixed.find("FAIL"), 4, "");
  WriteFile(dir / "p.yaml", fixed);
  const CommandResult again =
      RunHoso("requeue --progress none" + plugins + (dir / "p.yaml").string());
  ASSERT_EQ(again.status, 0) << again.output;
  EXPECT_THAT(again.output, HasSubstr("hoso requeue: 3 quarantined inputs from"));
  // The two pages pass now; the malformed row is still malformed.
  EXPECT_THAT(again.output, HasSubstr("3 units (files, pages, rows): 2 written, 1 quarantined"));
  const std::string pages = ReadFile(dir / "out/pages.txt");
  EXPECT_EQ(std::count(pages.begin(), pages.end(), '\n'), 2) << pages;
  EXPECT_THAT(pages, HasSubstr("page r2 1 "));
  EXPECT_THAT(pages, HasSubstr("page r4 0 "));
  const std::string quarantine = ReadFile(dir / "out/quarantine.jsonl");
  EXPECT_EQ(std::count(quarantine.begin(), quarantine.end(), '\n'), 1);
  EXPECT_THAT(quarantine, HasSubstr("row 3: malformed"));
}

}  // namespace
}  // namespace hoso::internal
