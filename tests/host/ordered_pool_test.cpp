// The worker pool between the sources and the barriers and sinks: results in
// submission order whatever the workers' speeds, runs of page-less dossiers
// and dossiers with pages mixed, memory bounded by the window, failures
// surfacing to the submitter.
#include "ordered_pool.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <random>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace hoso::internal {
namespace {

Dossier Named(const std::string& id, int pages = 0) {
  Dossier d;
  d.id = id;
  for (int p = 0; p < pages; ++p) {
    Page page;
    page.origin.file = id;
    page.origin.page = p + 1;
    d.pages.push_back(page);
    d.units.push_back(page.origin);
  }
  return d;
}

void Jitter(std::minstd_rand& random) {
  if (random() % 4 == 0) std::this_thread::sleep_for(std::chrono::microseconds(random() % 300));
}

// Rows, scans cut into pages, journaled results and refusals, on workers of
// uneven speed: every dossier comes out once, in its place, whole.
TEST(OrderedPoolTest, EveryDossierComesOutOnceInItsPlace) {
  constexpr int kDossiers = 3000;
  std::vector<std::string> delivered;
  std::atomic<int> pages_worked{0};
  thread_local std::minstd_rand random(7);
  OrderedPool::PageWork pages;
  pages.part = [&](int, uint64_t, Dossier& part) {
    Jitter(random);
    ++pages_worked;
    return part.pages.size() == 1;
  };
  pages.rest = [&](int, uint64_t, Dossier& whole) {
    whole.id += "+" + std::to_string(whole.pages.size());
    return true;
  };
  OrderedPool pool(
      3, 4,
      [&](int, uint64_t, Dossier& d) {
        Jitter(random);
        return d.id.back() != '7';  // refused: ids ending in 7
      },
      [&](uint64_t seq, std::optional<Dossier>&& d) {
        delivered.push_back(std::to_string(seq) + ":" + (d ? d->id : "-"));
      },
      pages);
  std::vector<std::string> expected;
  for (int i = 0; i < kDossiers; ++i) {
    const std::string id = "d" + std::to_string(i);
    if (i % 97 == 5) {
      pool.Submit(Named(id, 3));
      expected.push_back(std::to_string(i) + ":" + id + "+3");
    } else if (i % 101 == 9) {
      pool.SubmitDone(Named(id + "j"));
      expected.push_back(std::to_string(i) + ":" + id + "j");
    } else {
      pool.Submit(Named(id));
      expected.push_back(std::to_string(i) + ":" + (id.back() == '7' ? "-" : id));
    }
  }
  pool.Finish();
  EXPECT_EQ(delivered, expected);
  EXPECT_EQ(pages_worked.load(), 3 * (kDossiers / 97 + 1));
}

// However slow the deliverer, the submitter is held back: a bounded number
// of dossiers is ever out of its hands and not yet delivered.
TEST(OrderedPoolTest, TheWindowBoundsWhatIsInFlight) {
  constexpr size_t kWindow = 3;
  std::atomic<uint64_t> delivered{0};
  OrderedPool pool(
      2, kWindow, [](int, uint64_t, Dossier&) { return true; },
      [&](uint64_t, std::optional<Dossier>&&) {
        std::this_thread::sleep_for(std::chrono::microseconds(50));
        ++delivered;
      });
  uint64_t most = 0;
  for (uint64_t submitted = 1; submitted <= 2000; ++submitted) {
    pool.Submit(Named("r" + std::to_string(submitted), submitted % 50 == 0 ? 1 : 0));
    most = std::max(most, submitted - delivered.load());
  }
  pool.Finish();
  EXPECT_EQ(delivered.load(), 2000u);
  // Runs of rows count as one each, plus the run being filled.
  EXPECT_LE(most, kWindow * OrderedPool::kRun + OrderedPool::kRun);
  EXPECT_GT(most, OrderedPool::kRun);  // the window did fill: the bound was tested
}

TEST(OrderedPoolTest, AFailingDeliveryStopsTheSubmitter) {
  OrderedPool pool(
      2, 2, [](int, uint64_t, Dossier&) { return true; },
      [](uint64_t seq, std::optional<Dossier>&&) {
        if (seq == 40) throw std::runtime_error("sink is full");
      });
  std::string error;
  try {
    for (int i = 0; i < 100000; ++i) pool.Submit(Named("r" + std::to_string(i)));
    pool.Finish();
  } catch (const std::runtime_error& e) {
    error = e.what();
  }
  EXPECT_EQ(error, "sink is full");
}

TEST(OrderedPoolTest, AFailingWorkerFailsFinishEvenInTheLastRun) {
  OrderedPool pool(
      2, 4,
      [](int, uint64_t seq, Dossier&) {
        if (seq == 5) throw std::runtime_error("plugin threw");
        return true;
      },
      [](uint64_t, std::optional<Dossier>&&) {});
  for (int i = 0; i < 7; ++i) pool.Submit(Named("r" + std::to_string(i)));  // under one run
  EXPECT_THROW(pool.Finish(), std::runtime_error);
}

TEST(OrderedPoolTest, AnAbandonedPoolStopsItsThreads) {
  std::atomic<int> delivered{0};
  {
    OrderedPool pool(
        2, 2, [](int, uint64_t, Dossier&) { return true; },
        [&](uint64_t, std::optional<Dossier>&&) { ++delivered; });
    for (int i = 0; i < 100; ++i) pool.Submit(Named("r" + std::to_string(i)));
  }  // no Finish: the destructor must not hang
  EXPECT_LE(delivered.load(), 100);
}

}  // namespace
}  // namespace hoso::internal
