#include "runner.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <deque>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <thread>
#include <tuple>
#include <unordered_map>

#include <nlohmann/json.hpp>

#include "dossier_spill.h"
#include "host_context.h"
#include "ordered_pool.h"
#include "progress.h"
#include "quarantine.h"
#include "run_journal.h"
#include "text.h"
#include "worker_process.h"

namespace hoso::internal {
namespace {

using Clock = std::chrono::steady_clock;

// Quarantine lines on the console stop here; the file has them all.
constexpr int64_t kMaxQuarantineLines = 50;

struct IsolatedRun;

struct StageRuntime {
  const Stage* stage = nullptr;
  PluginKind kind = PluginKind::kSource;
  std::vector<std::shared_ptr<Plugin>> per_worker;  // transforms and validators
  std::shared_ptr<Plugin> single;                   // everything else
  IsolatedRun* isolated = nullptr;                  // instead of per_worker
  bool page_by_page = false;
  StageStats* stats = nullptr;
};

// Consecutive isolated stages of a segment share one child process per
// worker, so a page goes out once and comes back read (pixels and all stay
// in the child between preprocessing and OCR).
struct IsolatedRun {
  size_t phase = 0;
  size_t begin = 0;  // the stages' positions in the segment
  size_t end = 0;
  WorkerLaunch launch;  // `worker` set per process
  // Empty after a loss: the worker's next dossier starts a fresh process.
  std::vector<std::unique_ptr<WorkerProcess>> per_worker;

  WorkerLaunch For(int worker) const {
    WorkerLaunch l = launch;
    l.worker = worker;
    return l;
  }
};

// Stages between two barriers run per worker; the barrier sees them all.
struct Phase {
  std::vector<StageRuntime*> segment;
  StageRuntime* barrier = nullptr;  // nullptr: the phase feeds the sinks
};

std::string StageError(const ResolvedPipeline& p, const Stage& stage, const std::string& what) {
  return p.file.file.string() + ":" + std::to_string(stage.line) + ": stage " + stage.label + ": " +
         OneLine(what);
}

int64_t Nanos(Clock::time_point since) {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now() - since).count();
}

const char* LevelPrefix(LogLevel level) {
  switch (level) {
    case LogLevel::kDebug:
      return "debug: ";
    case LogLevel::kInfo:
      return "";
    case LogLevel::kWarning:
      return "warning: ";
    case LogLevel::kError:
      return "error: ";
  }
  return "";
}

// Fails the run, before any sink commits, when more records than the
// pipeline allows carry an error; names the rules behind most of them.
void CheckErrorShare(const ResolvedPipeline& p, const RunSummary& summary) {
  const double limit = p.file.findings.max_error_share;
  // Golden records count as records here: a member's error is an error.
  const int64_t records = summary.records_out + summary.golden_records_out;
  if (limit >= 1.0 || records == 0) return;
  const double share =
      static_cast<double>(summary.records_with_errors) / static_cast<double>(records);
  if (share <= limit) return;
  std::vector<std::pair<int64_t, std::string>> rules;
  for (const auto& [rule, counts] : summary.findings_by_rule) {
    if (auto it = counts.find("error"); it != counts.end()) rules.emplace_back(it->second, rule);
  }
  std::sort(rules.rbegin(), rules.rend());
  std::string top;
  for (size_t i = 0; i < rules.size() && i < 3; ++i) {
    top += (i == 0 ? "" : ", ") + rules[i].second + " (" + std::to_string(rules[i].first) + ")";
  }
  char text[160];
  std::snprintf(text, sizeof text, "%.1f %% of records (%lld of %lld) have an error finding, above "
                "findings.max_error_share %.1f %%",
                100.0 * share, static_cast<long long>(summary.records_with_errors),
                static_cast<long long>(records), 100.0 * limit);
  throw RunError(p.file.file.string() + ": " + text + "; most errors: " + top +
                 "; nothing was published");
}

// Runs make(w) for every worker w at the same time and rethrows the first
// failure. An engine loads its model when created (Tesseract's vie: a fifth
// of a second), and eight of them one after another would keep seven workers
// waiting. Plugins already keep shared state thread-safe, since their
// instances run at once.
template <typename Make>
void ForEveryWorkerAtOnce(int workers, Make make) {
  std::vector<std::exception_ptr> errors(static_cast<size_t>(workers));
  auto run = [&](size_t w) {
    try {
      make(w);
    } catch (...) {
      errors[w] = std::current_exception();
    }
  };
  std::vector<std::thread> threads;
  for (size_t w = 1; w < errors.size(); ++w) threads.emplace_back(run, w);
  run(0);
  for (std::thread& t : threads) t.join();
  for (const std::exception_ptr& e : errors) {
    if (e) std::rethrow_exception(e);
  }
}

std::vector<std::shared_ptr<Plugin>> CreatePerWorker(const PluginLibrary& library,
                                                     const Options& options, int workers) {
  std::vector<std::shared_ptr<Plugin>> instances(static_cast<size_t>(workers));
  ForEveryWorkerAtOnce(workers, [&](size_t w) { instances[w] = library.Create(options); });
  return instances;
}

void StartIsolated(IsolatedRun& run, int workers) {
  run.per_worker.resize(static_cast<size_t>(workers));
  ForEveryWorkerAtOnce(workers, [&](size_t w) {
    run.per_worker[w] = std::make_unique<WorkerProcess>(run.For(static_cast<int>(w)));
  });
}

}  // namespace

RunSummary RunPipeline(const ResolvedPipeline& p, const RunSettings& settings) {
  const auto started = Clock::now();
  const int workers = settings.workers > 0 ? settings.workers : p.file.workers;

  std::mutex console;
  LogTarget log = [&](LogLevel level, const std::string& stage, std::string_view message) {
    if (level < settings.log_level) return;
    std::lock_guard lock(console);
    std::fprintf(stderr, "hoso: %s%s: %.*s\n", LevelPrefix(level), stage.c_str(),
                 static_cast<int>(message.size()), message.data());
  };

  // Requeue: the units asked for; a file's unit (no page, no row) asks for
  // all of the file.
  std::set<std::tuple<std::string, int, int64_t>> only;
  for (const Provenance& u : settings.only_units) only.emplace(u.file, u.page, u.row);
  auto wanted = [&](const Provenance& u) {
    return only.empty() || only.count({u.file, u.page, u.row}) > 0 ||
           only.count({u.file, -1, int64_t{-1}}) > 0;
  };

  QuarantineLog quarantine(p.file.quarantine);
  std::atomic<int64_t> quarantine_lines{0};
  QuarantineTarget to_quarantine = [&](QuarantineEntry entry) {
    if (!wanted(entry.unit)) return;  // a source's entry for a unit not requeued
    const int64_t n = ++quarantine_lines;
    if (n <= kMaxQuarantineLines) {
      // Sources usually name the file in their reason already.
      const std::string where = entry.unit.Describe();
      const std::string file = std::filesystem::path(entry.unit.file).filename().string();
      const bool named = !file.empty() && entry.reason.find(file) != std::string::npos;
      // "row 12: ..." reasons only need the file in front of them.
      const bool located = entry.reason.rfind("row ", 0) == 0 || entry.reason.rfind("page ", 0) == 0;
      std::string line = entry.reason;
      if (!named) line = (located ? entry.unit.file + " " : where + ": ") + entry.reason;
      // One line per input, whatever the plugin's reason holds.
      log(LogLevel::kWarning, entry.stage, "quarantined " + OneLine(line));
    } else if (n == kMaxQuarantineLines + 1) {
      log(LogLevel::kWarning, entry.stage,
          "more inputs quarantined; see " + quarantine.file().string());
    }
    quarantine.Add(entry);
  };
  auto make_context = [&](int worker) {
    return std::make_unique<HostContext>(to_quarantine, log, p.file.base_dir, p.file.seed, worker);
  };

  // Create every plugin object before reading any input, so a bad option
  // that only the plugin can judge fails the run at once.
  std::deque<StageStats> stats;
  std::vector<StageRuntime> runtimes;
  runtimes.reserve(p.stages.size());
  for (const Stage& stage : p.stages) {
    StageRuntime rt;
    rt.stage = &stage;
    rt.kind = stage.library->kind();
    stats.emplace_back();
    stats.back().label = stage.label;
    rt.stats = &stats.back();
    try {
      if (stage.isolated) {
        // Created in child processes below, once the runs are known.
      } else if (rt.kind == PluginKind::kTransform || rt.kind == PluginKind::kValidator) {
        rt.per_worker = CreatePerWorker(*stage.library, stage.options, workers);
        rt.page_by_page = rt.kind == PluginKind::kTransform &&
                          static_cast<Transform&>(*rt.per_worker[0]).PageByPage();
      } else {
        rt.single = stage.library->Create(stage.options);
      }
    } catch (const std::exception& e) {
      throw RunError(StageError(p, stage, e.what()));
    }
    runtimes.push_back(std::move(rt));
  }

  std::vector<StageRuntime*> sources, sinks;
  std::vector<Phase> phases(1);
  for (StageRuntime& rt : runtimes) {
    switch (rt.kind) {
      case PluginKind::kSource:
        sources.push_back(&rt);
        break;
      case PluginKind::kSink:
        sinks.push_back(&rt);
        break;
      case PluginKind::kBatch:
        phases.back().barrier = &rt;
        phases.emplace_back();
        break;
      default:
        phases.back().segment.push_back(&rt);
    }
  }

  std::deque<IsolatedRun> isolated_runs;
  for (size_t phase_index = 0; phase_index < phases.size(); ++phase_index) {
    Phase& phase = phases[phase_index];
    for (size_t i = 0; i < phase.segment.size();) {
      if (!phase.segment[i]->stage->isolated) {
        ++i;
        continue;
      }
      IsolatedRun& run = isolated_runs.emplace_back();
      run.phase = phase_index;
      run.begin = i;
      run.launch.base_dir = p.file.base_dir;
      run.launch.seed = p.file.seed;
      run.launch.log_level = settings.log_level;
      run.launch.limits = phase.segment[i]->stage->limits;
      for (; i < phase.segment.size() && phase.segment[i]->stage->isolated; ++i) {
        const Stage& stage = *phase.segment[i]->stage;
        run.launch.stages.push_back({stage.label, stage.library->name(), stage.library->version(),
                                     stage.library->file(), stage.library->sha256(),
                                     stage.options});
        // The run's limits are the most generous of its stages'.
        IsolationLimits& limits = run.launch.limits;
        limits.deadline_seconds = std::max(limits.deadline_seconds, stage.limits.deadline_seconds);
        limits.memory_mib = std::max(limits.memory_mib, stage.limits.memory_mib);
        phase.segment[i]->isolated = &run;
      }
      run.end = i;
      try {
        StartIsolated(run, workers);
      } catch (const StageRefused& e) {
        throw RunError(StageError(p, *phase.segment[run.begin + e.stage()]->stage, e.what()));
      } catch (const std::exception& e) {
        throw RunError(StageError(p, *phase.segment[run.begin]->stage, e.what()));
      }
      for (size_t k = run.begin; k < run.end; ++k) {
        phase.segment[k]->page_by_page = run.per_worker[0]->page_by_page()[k - run.begin];
      }
    }
  }

  RunSummary summary;
  summary.workers = workers;
  summary.quarantine_file = p.file.quarantine.string();
  std::atomic<int64_t> units_in{0};

  auto source_context = make_context(0);
  std::vector<std::unique_ptr<HostContext>> worker_contexts;
  // The journal of the first phase (run_journal.h): what a stage
  // quarantines is noted against the input the worker is on.
  std::optional<RunJournal> journal;
  if (settings.journal) {
    std::vector<std::filesystem::path> libraries;
    for (const Stage& stage : p.stages) libraries.push_back(stage.library->file());
    const std::filesystem::path& q = p.file.quarantine;
    journal.emplace(q.parent_path() / ("." + q.filename().string() + ".journal"),
                    RunFingerprint(p.file.file, libraries), settings.fresh);
    if (!journal->discarded().empty()) log(LogLevel::kWarning, "journal", journal->discarded());
  }
  bool first_phase = true;
  std::vector<uint64_t> worker_input(static_cast<size_t>(workers), 0);
  std::vector<QuarantineTarget> worker_quarantine;
  for (int w = 0; w < workers; ++w) {
    worker_quarantine.push_back([&, w](QuarantineEntry entry) {
      if (journal && first_phase) journal->Note(worker_input[static_cast<size_t>(w)], entry);
      to_quarantine(std::move(entry));
    });
    worker_contexts.push_back(std::make_unique<HostContext>(
        worker_quarantine.back(), log, p.file.base_dir, p.file.seed, w));
  }
  auto barrier_context = make_context(0);
  // A streaming barrier's second pass runs on the source side of the next
  // phase, while that phase's own barrier may be observing on the pool's
  // delivering thread: it needs a context of its own.
  auto apply_context = make_context(0);
  auto sink_context = make_context(0);

  for (StageRuntime* sink : sinks) {
    sink_context->SetStage(sink->stage->label, sink->stage->library->name(),
                           sink->stage->library->version());
    try {
      static_cast<Sink&>(*sink->single).Open(*sink_context);
    } catch (const std::exception& e) {
      throw RunError(StageError(p, *sink->stage, e.what()));
    }
  }

  const FindingsPolicy& policy = p.file.findings;
  auto deliver_to_sinks = [&](Dossier&& dossier) {
    // Severities as the pipeline file wants them, before any sink sees them.
    if (!policy.severity.empty()) {
      for (MemberRecord& record : dossier.records) {
        std::vector<Finding>& findings = record.findings;
        size_t kept = 0;
        for (size_t i = 0; i < findings.size(); ++i) {
          const std::optional<Severity> severity = policy.Apply(findings[i].rule_id, findings[i].severity);
          if (!severity) continue;
          findings[i].severity = *severity;
          if (kept != i) findings[kept] = std::move(findings[i]);
          ++kept;
        }
        findings.resize(kept);
      }
    }
    for (size_t i = 0; i < sinks.size(); ++i) {
      StageRuntime* sink = sinks[i];
      sink_context->SetStage(sink->stage->label, sink->stage->library->name(),
                             sink->stage->library->version());
      const auto t0 = Clock::now();
      try {
        static_cast<Sink&>(*sink->single).Write(dossier, *sink_context);
      } catch (const Rejection& e) {
        // A sink refuses one dossier: it goes to quarantine like any other
        // refusal. Sinks before this one already hold it; say so.
        if (i > 0) {
          log(LogLevel::kWarning, sink->stage->label,
              "dossier " + dossier.id + " refused after earlier sinks wrote it");
        }
        QuarantineDossier(dossier, *sink_context, std::string("rejected: ") + e.what());
        return;
      } catch (const std::exception& e) {
        throw RunError(StageError(p, *sink->stage, e.what()));
      }
      sink->stats->nanos += Nanos(t0);
      ++sink->stats->items;
      sink->stats->units += static_cast<int64_t>(dossier.units.size());
    }
    summary.units_out += static_cast<int64_t>(dossier.units.size());
    ++summary.dossiers_out;
    for (const MemberRecord& record : dossier.records) {
      ++(record.golden ? summary.golden_records_out : summary.records_out);
      bool error = false;
      for (const Finding& f : record.findings) {
        const std::string severity(SeverityName(f.severity));
        ++summary.findings_by_severity[severity];
        ++summary.findings_by_rule[f.rule_id][severity];
        error = error || f.severity == Severity::kError;
      }
      if (error) ++summary.records_with_errors;
    }
  };

  Progress progress(stats, settings.terminal, settings.progress_interval_ms);
  {
    int64_t expected = 0;
    for (StageRuntime* src : sources) {
      const int64_t hint = static_cast<Source&>(*src->single).SizeHint();
      expected = (hint < 0 || expected < 0) ? -1 : expected + hint;
    }
    progress.SetExpected(expected);
  }
  if (settings.show_progress) progress.Start();

  std::vector<SideTable> tables;
  std::vector<Dossier> carried;  // output of the previous barrier
  // Output of the previous barrier when it streams: the dossiers on disk,
  // each to go through the barrier's Apply on its way on.
  std::unique_ptr<DossierSpill> spilled;
  StageRuntime* spilled_by = nullptr;
  // A step of a streaming barrier (or of its spill file); a failure names
  // the stage and its line, like any barrier's.
  auto barrier_step = [&](StageRuntime* rt, auto&& step) {
    try {
      return step();
    } catch (const std::exception& e) {
      throw RunError(StageError(p, *rt->stage, e.what()));
    }
  };
  auto enter_stage = [](HostContext& ctx, StageRuntime* rt) {
    ctx.SetStage(rt->stage->label, rt->stage->library->name(), rt->stage->library->version());
  };
  try {
    for (size_t phase_index = 0; phase_index < phases.size(); ++phase_index) {
      const Phase& phase = phases[phase_index];
      first_phase = phase_index == 0;
      std::vector<Dossier> collected;
      std::function<void(Dossier&&)> deliver;
      StreamingBatch* streaming = nullptr;
      std::unique_ptr<DossierSpill> spill;
      if (phase.barrier != nullptr) {
        streaming = dynamic_cast<StreamingBatch*>(phase.barrier->single.get());
      }
      if (streaming != nullptr) {
        StageRuntime* rt = phase.barrier;
        spill = barrier_step(rt, [&] {
          return std::make_unique<DossierSpill>(p.file.quarantine.parent_path());
        });
        // Nothing else uses the barrier's context while its phase runs.
        enter_stage(*barrier_context, rt);
        deliver = [&, rt, streaming](Dossier&& d) {
          const auto t0 = Clock::now();
          barrier_step(rt, [&] { streaming->Observe(d, *barrier_context); });
          rt->stats->nanos += Nanos(t0);
          barrier_step(rt, [&] { spill->Append(d); });  // a full disk, say
        };
      } else if (phase.barrier != nullptr) {
        deliver = [&collected](Dossier&& d) { collected.push_back(std::move(d)); };
      } else {
        deliver = deliver_to_sinks;
      }
      // Inputs the interrupted run finished come from the journal (`resumed`
      // of them; `redone`: noted as done but cheap, so worked on again).
      uint64_t resumed = 0;
      uint64_t redone = 0;
      uint64_t inputs = 0;  // pulled from the sources so far
      std::mutex ids_mutex;
      // Inputs submitted, not yet delivered, in order.
      struct Submitted {
        uint64_t input;
        std::string id;
        uint64_t checksum;
      };
      std::deque<Submitted> ids;
      // Work time of each input in the pool (page parts added up): the
      // journal keeps only the results that cost something to redo.
      std::unordered_map<uint64_t, int64_t> work_nanos;
      auto add_work = [&](uint64_t seq, int64_t nanos) {
        if (!journal || !first_phase) return;
        std::lock_guard lock(ids_mutex);
        work_nanos[seq] += nanos;
      };
      const int64_t keep_nanos = int64_t{settings.journal_min_ms} * 1000000;
      OrderedPool::Deliver deliver_in_order = [&](uint64_t seq, std::optional<Dossier>&& d) {
        if (journal && first_phase) {
          Submitted input;
          int64_t nanos = 0;
          {
            std::lock_guard lock(ids_mutex);
            input = std::move(ids.front());
            ids.pop_front();
            if (auto it = work_nanos.find(seq); it != work_nanos.end()) {
              nanos = it->second;
              work_nanos.erase(it);
            }
          }
          journal->Done(seq, input.input, input.id, input.checksum, d ? &*d : nullptr,
                        nanos >= keep_nanos);
        }
        if (d) deliver(std::move(*d));
      };
      // Stages [from, to) of the segment on one dossier; `count` says whether
      // this call counts as an item (a page part does not: its dossier does).
      // Stages [from, to) of an isolated run, in the worker's child process.
      auto apply_isolated = [&](IsolatedRun& run, int worker, Dossier& dossier, size_t from,
                                size_t to, bool count) {
        HostContext& ctx = *worker_contexts[worker];
        const QuarantineTarget& quarantine_here = worker_quarantine[static_cast<size_t>(worker)];
        for (size_t i = from; i < to; ++i) {
          phase.segment[i]->stats->units += static_cast<int64_t>(dossier.units.size());
        }
        std::unique_ptr<WorkerProcess>& process = run.per_worker[static_cast<size_t>(worker)];
        size_t failed = from;
        std::string failure;
        try {
          if (!process) process = std::make_unique<WorkerProcess>(run.For(worker));
          const WorkerOutcome outcome = process->Run(from - run.begin, to - run.begin, dossier);
          for (const WorkerLogLine& line : outcome.log) log(line.level, line.stage, line.message);
          for (const QuarantineEntry& entry : outcome.quarantined) quarantine_here(entry);
          for (size_t k = 0; k < outcome.nanos.size(); ++k) {
            StageStats& st = *phase.segment[from + k]->stats;
            st.nanos += outcome.nanos[k];
            if (count) ++st.items;
          }
          return outcome.kept;
        } catch (const WorkerLost& e) {
          failed = run.begin + e.stage();
          failure = e.what();
        } catch (const std::exception& e) {
          failure = e.what();
        }
        // The input that was in the child when it died, hung or overgrew
        // goes to quarantine; the worker's next input gets a new process.
        process.reset();
        const Stage& stage = *phase.segment[failed]->stage;
        ctx.SetStage(stage.label, stage.library->name(), stage.library->version());
        QuarantineDossier(dossier, ctx, "plugin failed: " + failure);
        return false;
      };
      auto apply = [&](int worker, Dossier& dossier, size_t from, size_t to, bool count) {
        HostContext& ctx = *worker_contexts[worker];
        for (size_t i = from; i < to; ++i) {
          StageRuntime* rt = phase.segment[i];
          if (rt->isolated != nullptr) {
            const size_t end = std::min(to, rt->isolated->end);
            if (!apply_isolated(*rt->isolated, worker, dossier, i, end, count)) return false;
            i = end - 1;
            continue;
          }
          rt->stats->units += static_cast<int64_t>(dossier.units.size());
          ctx.SetStage(rt->stage->label, rt->stage->library->name(), rt->stage->library->version());
          const auto t0 = Clock::now();
          const bool kept = ApplyStage(rt->kind, *rt->per_worker[worker], dossier, ctx);
          rt->stats->nanos += Nanos(t0);
          if (count) ++rt->stats->items;
          if (!kept) return false;
        }
        return true;
      };
      const size_t all = phase.segment.size();
      // Stages [from, to) on input `seq`, its time counted for the journal.
      auto apply_input = [&](int worker, uint64_t seq, Dossier& dossier, size_t from, size_t to,
                             bool count) {
        worker_input[static_cast<size_t>(worker)] = seq;
        const auto t0 = Clock::now();
        const bool kept = apply(worker, dossier, from, to, count);
        add_work(seq, Nanos(t0));
        return kept;
      };
      OrderedPool::Work work = [&](int worker, uint64_t seq, Dossier& dossier) {
        return apply_input(worker, seq, dossier, 0, all, true);
      };
      // Leading stages that read pages one by one may spread a dossier's
      // pages over the workers (OCR: a dossier of 40 pages, 8 workers).
      size_t by_page = 0;
      while (by_page < all && phase.segment[by_page]->page_by_page) ++by_page;
      OrderedPool::PageWork pages;
      if (by_page > 0 && workers > 1) {
        pages.part = [&, by_page](int worker, uint64_t seq, Dossier& part) {
          return apply_input(worker, seq, part, 0, by_page, false);
        };
        pages.rest = [&, by_page](int worker, uint64_t seq, Dossier& dossier) {
          for (size_t i = 0; i < by_page; ++i) ++phase.segment[i]->stats->items;
          return apply_input(worker, seq, dossier, by_page, all, true);
        };
      }
      // After a barrier with nothing to run before the next one or the sinks,
      // the dossiers (already in memory) go straight on, in order, without a
      // hand-off to a worker and back for each: a million futex wake-ups
      // after dedup's barrier. Sources keep the pool, which overlaps reading
      // with writing.
      std::optional<OrderedPool> pool;
      if (!phase.segment.empty() || phase_index == 0) {
        pool.emplace(workers, static_cast<size_t>(8 * workers + 16), work, deliver_in_order,
                     pages);
      }
      auto submit = [&](Dossier&& dossier) {
        if (pool) {
          if (journal && first_phase) {
            const uint64_t checksum = InputChecksum(dossier);
            std::lock_guard lock(ids_mutex);
            ids.push_back({inputs - 1, dossier.id, checksum});
          }
          pool->Submit(std::move(dossier));
        } else {
          deliver(std::move(dossier));
        }
      };
      // A resumed run's input that the interrupted run finished: its result
      // as the journal has it, in place of the work.
      JournaledResult done;
      auto take_journaled = [&](const Dossier& pulled) {
        ++inputs;
        if (!journal || !journal->NextDone(done)) return false;
        // A redone input may have changed (its result is made again); the
        // order of inputs may not, or the kept results would be misplaced.
        if (done.id != pulled.id || (done.kept && done.input_checksum != InputChecksum(pulled))) {
          throw RunError("cannot resume: input " + std::to_string(inputs) + " (" + pulled.id +
                         ") is not what the interrupted run read there (the inputs changed); run "
                         "again with --fresh to start over");
        }
        if (!done.kept) {
          ++redone;
          return false;
        }
        ++resumed;
        for (QuarantineEntry& entry : done.quarantined) to_quarantine(std::move(entry));
        // Through the pool, so it keeps its place among inputs being redone.
        {
          std::lock_guard lock(ids_mutex);
          ids.push_back({inputs - 1, pulled.id, done.input_checksum});
        }
        pool->SubmitDone(std::move(done.dossier));
        return true;
      };

      if (phase_index == 0) {
        for (StageRuntime* src : sources) {
          auto& source = static_cast<Source&>(*src->single);
          const Stage& stage = *src->stage;
          source_context->SetStage(stage.label, stage.library->name(), stage.library->version());
          int64_t emitted = 0;
          for (;;) {
            Dossier dossier;
            const auto t0 = Clock::now();
            const bool more = PullSource(source, stage.label, dossier, *source_context);
            src->stats->nanos += Nanos(t0);
            for (const Provenance& unit : source_context->TakeQuarantinedUnits()) {
              if (wanted(unit)) ++units_in;
            }
            if (!more) break;
            ++emitted;
            if (!only.empty()) {
              std::erase_if(dossier.units, [&](const Provenance& u) { return !wanted(u); });
              std::erase_if(dossier.pages, [&](const Page& page) { return !wanted(page.origin); });
              if (dossier.units.empty()) continue;
            }
            if (dossier.units.empty()) {
              // Every dossier must be accountable to something.
              Provenance unit;
              unit.file = stage.label;
              unit.row = emitted;
              dossier.units.push_back(unit);
            }
            if (dossier.id.empty()) dossier.id = stage.label + "#" + std::to_string(emitted);
            units_in += static_cast<int64_t>(dossier.units.size());
            ++src->stats->items;
            src->stats->units += static_cast<int64_t>(dossier.units.size());
            if (!take_journaled(dossier)) submit(std::move(dossier));
          }
        }
        if (journal && journal->NextDone(done)) {
          throw RunError("cannot resume: the interrupted run had more inputs than the sources "
                         "give now (the inputs changed); run again with --fresh to start over");
        }
        if (resumed + redone > 0) {
          log(LogLevel::kInfo, "journal",
              "resumed: " + std::to_string(resumed) + " inputs finished by the interrupted run "
              "taken from " + journal->file().string() + ", " + std::to_string(redone) +
              " quick ones done again");
        }
      } else if (spilled) {
        StageRuntime* rt = spilled_by;
        auto& batch = static_cast<StreamingBatch&>(*rt->single);
        enter_stage(*apply_context, rt);
        for (;;) {
          Dossier dossier;
          if (!barrier_step(rt, [&] { return spilled->Next(dossier); })) break;
          const auto t0 = Clock::now();
          const bool kept = barrier_step(rt, [&] { return batch.Apply(dossier, *apply_context); });
          rt->stats->nanos += Nanos(t0);
          if (!kept) continue;
          ++rt->stats->items;
          submit(std::move(dossier));
        }
        apply_context->TakeQuarantinedUnits();
        spilled.reset();
      } else {
        for (Dossier& dossier : carried) submit(std::move(dossier));
        carried.clear();
      }
      if (pool) pool->Finish();
      // The phase's child processes leave while barriers and sinks work.
      for (IsolatedRun& run : isolated_runs) {
        if (run.phase != phase_index) continue;
        for (std::unique_ptr<WorkerProcess>& process : run.per_worker) {
          if (process) process->Close();
        }
      }
      if (journal && first_phase) journal->Drain();

      if (streaming != nullptr) {
        StageRuntime* rt = phase.barrier;
        enter_stage(*barrier_context, rt);
        barrier_step(rt, [&] { spill->Rewind(); });
        char in[160];
        std::snprintf(in, sizeof in, "%llu dossiers in (%.0f MiB parked on disk)",
                      static_cast<unsigned long long>(spill->count()),
                      static_cast<double>(spill->bytes()) / (1 << 20));
        log(LogLevel::kInfo, rt->stage->label, in);
        const auto t0 = Clock::now();
        barrier_step(rt, [&] { streaming->Decide(tables, *barrier_context); });
        rt->stats->nanos += Nanos(t0);
        char done[128];
        std::snprintf(done, sizeof done, "done in %.1f s; the dossiers follow from disk",
                      Nanos(t0) / 1e9);
        log(LogLevel::kInfo, rt->stage->label, done);
        barrier_context->TakeQuarantinedUnits();
        spilled = std::move(spill);
        spilled_by = rt;
      } else if (phase.barrier != nullptr) {
        StageRuntime* rt = phase.barrier;
        barrier_context->SetStage(rt->stage->label, rt->stage->library->name(),
                                  rt->stage->library->version());
        RecordSet set;
        set.dossiers = std::move(collected);
        set.tables = std::move(tables);
        // A barrier may work for minutes with nothing else to show.
        log(LogLevel::kInfo, rt->stage->label,
            std::to_string(set.dossiers.size()) + " dossiers in");
        const auto t0 = Clock::now();
        try {
          static_cast<Batch&>(*rt->single).Process(set, *barrier_context);
        } catch (const std::exception& e) {
          throw RunError(StageError(p, *rt->stage, e.what()));
        }
        rt->stats->nanos += Nanos(t0);
        rt->stats->items += static_cast<int64_t>(set.dossiers.size());
        char done[96];
        std::snprintf(done, sizeof done, "done in %.1f s; %zu dossiers out", Nanos(t0) / 1e9,
                      set.dossiers.size());
        log(LogLevel::kInfo, rt->stage->label, done);
        barrier_context->TakeQuarantinedUnits();
        carried = std::move(set.dossiers);
        tables = std::move(set.tables);
      }
    }

    CheckErrorShare(p, summary);
    for (StageRuntime* sink : sinks) {
      sink_context->SetStage(sink->stage->label, sink->stage->library->name(),
                             sink->stage->library->version());
      const auto t0 = Clock::now();
      try {
        auto& s = static_cast<Sink&>(*sink->single);
        for (const SideTable& table : tables) s.WriteTable(table, *sink_context);
        s.Commit(*sink_context);
      } catch (const std::exception& e) {
        throw RunError(StageError(p, *sink->stage, e.what()));
      }
      sink->stats->nanos += Nanos(t0);
    }
    quarantine.Commit();
    if (journal) journal->Remove();
  } catch (...) {
    progress.Stop();
    // A run that failed (not one that was killed) starts afresh next time:
    // its inputs or pipeline file are likely to be fixed first.
    if (journal) journal->Remove();
    throw;
  }
  progress.Stop();

  summary.units_in = units_in;
  summary.units_quarantined = quarantine.count();
  summary.quarantined_by_stage = quarantine.CountByStage();
  for (const StageRuntime& rt : runtimes) {
    summary.stages.push_back({rt.stage->label, PluginKindName(rt.kind), rt.stats->items.load(),
                              rt.stats->nanos.load() / 1e9});
  }
  summary.seconds = std::chrono::duration<double>(Clock::now() - started).count();
  return summary;
}

std::string FormatSummary(const RunSummary& s) {
  std::string out;
  char line[256];
  std::snprintf(line, sizeof line, "hoso: finished in %.1f s with %d worker%s\n", s.seconds,
                s.workers, s.workers == 1 ? "" : "s");
  out += line;
  std::snprintf(line, sizeof line,
                "  inputs:  %lld units (files, pages, rows): %lld written, %lld quarantined%s\n",
                static_cast<long long>(s.units_in), static_cast<long long>(s.units_out),
                static_cast<long long>(s.units_quarantined),
                s.accounted() ? "" : "  <-- NOT ACCOUNTED FOR");
  out += line;
  if (s.units_quarantined > 0) out += "  quarantine: " + s.quarantine_file + "\n";
  for (const auto& [stage, n] : s.quarantined_by_stage) {
    std::snprintf(line, sizeof line, "    %-28s %lld\n", stage.c_str(), static_cast<long long>(n));
    out += line;
  }
  std::snprintf(line, sizeof line, "  records: %lld in %lld dossiers, and %lld golden records\n",
                static_cast<long long>(s.records_out), static_cast<long long>(s.dossiers_out),
                static_cast<long long>(s.golden_records_out));
  out += line;
  auto findings = [&](const char* severity) {
    auto it = s.findings_by_severity.find(severity);
    return static_cast<long long>(it == s.findings_by_severity.end() ? 0 : it->second);
  };
  std::snprintf(line, sizeof line,
                "  findings: %lld error, %lld warning, %lld info; %lld records with an error\n",
                findings("error"), findings("warning"), findings("info"),
                static_cast<long long>(s.records_with_errors));
  out += line;
  out += "  stage                          kind         items   plugin time\n";
  for (const StageSummary& st : s.stages) {
    std::snprintf(line, sizeof line, "    %-28s %-10s %9lld  %9.3f s\n", st.label.c_str(),
                  st.kind.c_str(), static_cast<long long>(st.items), st.seconds);
    out += line;
  }
  return out;
}

std::string SummaryJson(const RunSummary& s) {
  nlohmann::ordered_json j;
  j["units_in"] = s.units_in;
  j["units_out"] = s.units_out;
  j["units_quarantined"] = s.units_quarantined;
  j["accounted"] = s.accounted();
  j["dossiers_out"] = s.dossiers_out;
  j["records_out"] = s.records_out;
  j["golden_records_out"] = s.golden_records_out;
  j["findings_by_severity"] = s.findings_by_severity;
  j["findings_by_rule"] = s.findings_by_rule;
  j["records_with_errors"] = s.records_with_errors;
  j["quarantined_by_stage"] = s.quarantined_by_stage;
  j["workers"] = s.workers;
  j["seconds"] = s.seconds;
  nlohmann::ordered_json stages = nlohmann::ordered_json::array();
  for (const StageSummary& st : s.stages) {
    stages.push_back({{"stage", st.label}, {"kind", st.kind}, {"items", st.items}, {"seconds", st.seconds}});
  }
  j["stages"] = stages;
  return j.dump(2);
}

}  // namespace hoso::internal
