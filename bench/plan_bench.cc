// Planner benchmark: 10 000 courses of the article's program planned into one clinic calendar
// (one shared booking book, so later courses see earlier bookings) with 100 therapists, course
// starts spread over 6 months. Reports courses/second, sessions placed and unplaced, peak memory
// (getrusage ru_maxrss), and proves zero double bookings with the independent checker
// (CheckNoConflicts); exits 1 if there is any conflict.
//
// Baseline, measured in the same run: the same 10 000 requests, each planned into an EMPTY
// calendar (the cost of one uncontended course x 10 000). The ratio shared / baseline is what
// contention costs: searching past booked slots and falling back to other therapists.
// Google Benchmark micro-benchmarks follow (one course into an empty book; the checker).
#include <benchmark/benchmark.h>
#include <sys/resource.h>
#include <time.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <vector>

#include "core/plan/booking_book.h"
#include "core/plan/plan_fixtures.h"
#include "core/plan/planner.h"

namespace backcare::plan {
namespace {

constexpr int kCourses = 10000;
constexpr int kTherapists = 100;
constexpr int kStartSpreadDays = 182;  // course starts spread over 6 months

struct Scenario {
  ports::FakeTimeZone zone{"Bench/UTC+1", std::chrono::hours(1)};
  protocol::Protocol protocol = fixtures::ArticleProtocol();
  Clinic clinic;
  std::vector<CourseRequest> requests;
};

// Deterministic pseudo-random numbers (no global state, same on every run).
struct Lcg {
  std::uint64_t state;
  unsigned Next(unsigned bound) {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    return static_cast<unsigned>((state >> 33) % bound);
  }
};

Scenario& TheScenario() {
  static Scenario* scenario = [] {
    auto* s = new Scenario;
    s->clinic.time_zone = &s->zone;
    s->clinic.opening_hours = DefaultOpeningHours();
    s->clinic.closures = {{fixtures::Date(2024, 5, 27), fixtures::Date(2024, 5, 27)},
                          {fixtures::Date(2024, 12, 25), fixtures::Date(2024, 12, 26)}};
    for (int id = 1; id <= kTherapists; ++id) {
      s->clinic.therapists.push_back(fixtures::FullTimeTherapist(id));
    }
    Lcg random{42};
    LocalDate first_start = fixtures::Date(2024, 1, 1);
    for (int i = 1; i <= kCourses; ++i) {
      CourseRequest request;
      request.course_id = CourseId(i);
      request.patient_id = PatientId(i);
      request.start_date = first_start + std::chrono::days(random.Next(kStartSpreadDays));
      // Three windows on distinct weekdays Mon-Fri, 3-5 hours each, between 08:00 and 19:00.
      unsigned first_day = 1 + random.Next(5);
      for (unsigned k = 0; k < 3; ++k) {
        unsigned day = 1 + (first_day - 1 + k * 2) % 5;
        int start_hour = 8 + static_cast<int>(random.Next(7));
        int length = 3 + static_cast<int>(random.Next(3));
        request.availability.windows.push_back(
            fixtures::Window(day, start_hour, std::min(19, start_hour + length)));
      }
      s->requests.push_back(std::move(request));
    }
    return s;
  }();
  return *scenario;
}

long PeakMemoryKib() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss;  // KiB on Linux
}

// FNV-1a over every placement and every unplaced slot of every plan: equal digests mean equal
// plans, so a faster planner can be checked to decide exactly as before.
struct PlanDigest {
  std::uint64_t value = 0xcbf29ce484222325ull;
  void Mix(std::int64_t x) {
    for (int i = 0; i < 8; ++i) {
      value ^= static_cast<std::uint64_t>(x >> (8 * i)) & 0xffu;
      value *= 0x100000001b3ull;
    }
  }
  void Add(const CoursePlan& plan) {
    Mix(plan.course_id.value());
    for (const PlannedSession& session : plan.sessions) {
      Mix(session.number);
      Mix(session.utc_start.time_since_epoch().count());
      Mix(session.therapist.value());
    }
    for (const UnplacedSession& unplaced : plan.unplaced) {
      Mix(-unplaced.number);
      Mix(static_cast<std::int64_t>(unplaced.reason));
    }
  }
};

double Seconds(std::chrono::steady_clock::duration d) {
  return std::chrono::duration<double>(d).count();
}

// CPU time of this process: on a shared 2-core machine wall time also counts other processes.
double CpuSeconds() {
  timespec t{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) * 1e-9;
}

// The full scenario; returns false on any double booking.
bool RunClinicScenario() {
  Scenario& s = TheScenario();
  // Baseline: every request into an empty calendar.
  std::size_t baseline_sessions = 0;
  auto baseline_begin = std::chrono::steady_clock::now();
  double baseline_cpu_begin = CpuSeconds();
  for (const CourseRequest& request : s.requests) {
    BookingBook empty;
    auto plan = PlanCourse(s.protocol, request, s.clinic, empty);
    baseline_sessions += plan->sessions.size();
    benchmark::DoNotOptimize(plan);
  }
  double baseline_seconds = Seconds(std::chrono::steady_clock::now() - baseline_begin);
  double baseline_cpu = CpuSeconds() - baseline_cpu_begin;

  // The clinic: one shared book.
  BookingBook book;
  std::size_t placed = 0;
  std::size_t unplaced = 0;
  std::vector<BookedInterval> intervals;
  PlanDigest digest;
  auto begin = std::chrono::steady_clock::now();
  double cpu_begin = CpuSeconds();
  for (const CourseRequest& request : s.requests) {
    auto plan = PlanCourse(s.protocol, request, s.clinic, book);
    placed += plan->sessions.size();
    unplaced += plan->unplaced.size();
    AddToBook(*plan, book);
    digest.Add(*plan);
    std::vector<BookedInterval> mine = IntervalsOf(*plan);
    intervals.insert(intervals.end(), mine.begin(), mine.end());
  }
  double seconds = Seconds(std::chrono::steady_clock::now() - begin);
  double cpu = CpuSeconds() - cpu_begin;

  Status from_plans = CheckNoConflicts(intervals);
  Status from_book = CheckNoConflicts(book.All());
  bool ok = from_plans.has_value() && from_book.has_value() && book.size() == intervals.size();

  std::printf("plan_clinic: %d courses, %d therapists, starts over %d days, one shared book\n",
              kCourses, kTherapists, kStartSpreadDays);
  std::printf("  sessions placed      %zu (%.1f per course), unplaced %zu (listed, not dropped)\n",
              placed, static_cast<double>(placed) / kCourses, unplaced);
  std::printf("  plan digest          %016llx (equal digests: identical plans)\n",
              static_cast<unsigned long long>(digest.value));
  std::printf("  shared calendar      %.3f s wall, %.3f s CPU = %.0f courses/s (wall)\n", seconds,
              cpu, kCourses / seconds);
  std::printf(
      "  baseline: each course into an empty calendar, x%d: %.3f s wall, %.3f s CPU "
      "(%zu sessions)\n",
      kCourses, baseline_seconds, baseline_cpu, baseline_sessions);
  std::printf("  ratio shared/baseline %.2fx (wall), %.2fx (CPU)\n", seconds / baseline_seconds,
              cpu / baseline_cpu);
  std::printf("  target <= 1 s for the whole set: %s (wall), %s (CPU)\n",
              seconds <= 1.0 ? "met" : "MISSED", cpu <= 1.0 ? "met" : "MISSED");
  std::printf("  peak memory (ru_maxrss) %.1f MiB\n", static_cast<double>(PeakMemoryKib()) / 1024);
  std::printf("  conflicts (CheckNoConflicts over %zu intervals): %s\n", intervals.size(),
              ok ? "none" : "FOUND");
  if (!ok) {
    std::fprintf(stderr, "plan_bench: DOUBLE BOOKING: %s | %s\n",
                 from_plans ? "plans ok" : from_plans.error().message.c_str(),
                 from_book ? "book ok" : from_book.error().message.c_str());
  }
  return ok;
}

void BM_PlanOneCourseIntoEmptyBook(benchmark::State& state) {
  Scenario& s = TheScenario();
  std::size_t i = 0;
  for (auto _ : state) {
    BookingBook empty;
    auto plan = PlanCourse(s.protocol, s.requests[i++ % s.requests.size()], s.clinic, empty);
    benchmark::DoNotOptimize(plan);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_PlanOneCourseIntoEmptyBook)->Unit(benchmark::kMicrosecond);

void BM_CheckNoConflicts(benchmark::State& state) {
  Scenario& s = TheScenario();
  BookingBook book;
  std::vector<BookedInterval> intervals;
  for (int i = 0; i < 1000; ++i) {
    auto plan = PlanCourse(s.protocol, s.requests[static_cast<std::size_t>(i)], s.clinic, book);
    AddToBook(*plan, book);
  }
  intervals = book.All();
  for (auto _ : state) benchmark::DoNotOptimize(CheckNoConflicts(intervals));
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(intervals.size()));
}
BENCHMARK(BM_CheckNoConflicts)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace backcare::plan

int main(int argc, char** argv) {
  bool ok = backcare::plan::RunClinicScenario();
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return ok ? 0 : 1;
}
