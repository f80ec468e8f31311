// cohort_crosscheck: draws a synthetic cohort in memory from the cohort model (app/cohort), builds
// the outcomes snapshot and report from it (timed), and writes the raw courses as CSV together with
// the report's JSON, for tests/outcomes/duckdb_check.mjs to recompute the claims with DuckDB SQL.
// Used by the outcomes_duckdb test (20,000 courses) and bench/cohort_bench.sh (1,000,000).
//
//   cohort_crosscheck --courses N --seed S --as-of YYYY-MM-DD --out DIR [--repeat R]
//
// Prints one JSON line: courses, observations (NPRS answers and core-exercise entries), the time
// to draw, to resolve the snapshot and the report's fastest and median time over R runs (warm).
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "app/cohort/cohort_generator.h"
#include "app/cohort/cohort_model.h"
#include "core/outcomes/cohort.h"
#include "core/outcomes/report.h"
#include "exchange/json/outcomes_json.h"
#include "exchange/toml/protocol_toml.h"

namespace {

using namespace backcare;  // NOLINT(google-build-using-namespace): a test tool's main file
using Clock = std::chrono::steady_clock;

double MillisSince(Clock::time_point started) {
  return std::chrono::duration<double, std::milli>(Clock::now() - started).count();
}

// What the report reads of a drawn course, as app::LoadCohort reads it from a store: the latest
// baseline taken by the start, the other NPRS answers in order, attended session dates, the
// dates core exercises were done, the dropout date.
outcomes::CourseRow RowOf(const app::cohort::CohortCourse& course, std::int64_t id,
                          std::int64_t therapist) {
  outcomes::CourseRow row;
  row.course_id = id;
  row.clinic_id = 1;
  row.therapist_id = therapist;
  row.sciatic = course.sciatic;
  row.start = outcomes::Day{course.start_date};
  if (course.dropout_date) row.dropout = outcomes::Day{*course.dropout_date};
  for (const app::cohort::CohortSession& session : course.sessions) {
    row.attended.push_back(outcomes::Day{session.date});
  }
  for (const app::cohort::CohortResponse& response : course.responses) {
    const outcomes::Day date{response.date};
    if (response.checkpoint_id == "baseline") {
      if (date <= row.start) row.baseline = response.score;
      continue;
    }
    row.nprs.push_back({.date = date,
                        .value = static_cast<double>(response.score),
                        .checkpoint = response.checkpoint_id});
  }
  for (const app::cohort::CohortAdherence& entry : course.adherence) {
    row.core_done.push_back(outcomes::Day{entry.date});
  }
  return row;
}

std::string DateText(outcomes::Day day) { return clinic::FormatDate(clinic::Date{day}); }

// courses.csv, attended.csv, nprs.csv (with each answer's order within its course) and core.csv.
void WriteCsv(const std::filesystem::path& dir, const std::vector<outcomes::CourseRow>& rows) {
  std::ofstream courses(dir / "courses.csv");
  std::ofstream attended(dir / "attended.csv");
  std::ofstream nprs(dir / "nprs.csv");
  std::ofstream core(dir / "core.csv");
  courses << "course_id,start,baseline,sciatic\n";
  attended << "course_id,date\n";
  nprs << "course_id,seq,date,value,checkpoint\n";
  core << "course_id,date\n";
  for (const outcomes::CourseRow& row : rows) {
    courses << row.course_id << ',' << DateText(row.start) << ','
            << (row.baseline ? std::to_string(static_cast<int>(*row.baseline)) : "") << ','
            << (row.sciatic ? 1 : 0) << '\n';
    for (outcomes::Day day : row.attended)
      attended << row.course_id << ',' << DateText(day) << '\n';
    for (std::size_t i = 0; i < row.nprs.size(); ++i) {
      const outcomes::Score& score = row.nprs[i];
      nprs << row.course_id << ',' << i << ',' << DateText(score.date) << ','
           << static_cast<int>(score.value) << ',' << score.checkpoint << '\n';
    }
    for (outcomes::Day day : row.core_done) core << row.course_id << ',' << DateText(day) << '\n';
  }
}

// What duckdb_check.mjs needs of the protocol: the report date, the checkpoints and the claims.
nlohmann::ordered_json Spec(const protocol::Protocol& protocol, const std::string& as_of) {
  nlohmann::ordered_json checkpoints = nlohmann::ordered_json::object();
  for (const protocol::Checkpoint& checkpoint : protocol.checkpoints) {
    nlohmann::ordered_json entry = nlohmann::ordered_json::object();
    if (checkpoint.week) entry["week"] = *checkpoint.week;
    if (checkpoint.after_session) entry["after_session"] = *checkpoint.after_session;
    checkpoints[checkpoint.id] = entry;
  }
  nlohmann::ordered_json claims = nlohmann::ordered_json::array();
  for (const protocol::Claim& claim : protocol.claims) {
    claims.push_back({{"id", claim.id},
                      {"kind", claim.kind},
                      {"checkpoint", claim.checkpoint},
                      {"min_reduction_percent", claim.min_reduction_percent}});
  }
  return {{"as_of", as_of},
          {"first_phase_sessions_per_week", protocol.phases.front().cadence.sessions_per_week},
          {"checkpoints", checkpoints},
          {"claims", claims}};
}

int Usage() {
  std::cerr << "usage: cohort_crosscheck --courses N --seed S --as-of YYYY-MM-DD --out DIR "
               "[--repeat R]\n";
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  std::int64_t courses = 0;
  std::uint64_t seed = 1;
  std::string as_of_text;
  std::string out;
  int repeat = 5;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    const std::string value = argv[i + 1];
    if (flag == "--courses") {
      courses = std::stoll(value);
    } else if (flag == "--seed") {
      seed = std::stoull(value);
    } else if (flag == "--as-of") {
      as_of_text = value;
    } else if (flag == "--out") {
      out = value;
    } else if (flag == "--repeat") {
      repeat = std::max(1, std::stoi(value));
    } else {
      return Usage();
    }
  }
  const std::optional<clinic::Date> as_of = clinic::ParseDate(as_of_text);
  if (courses < 1 || !as_of || out.empty()) return Usage();

  Result<protocol::Protocol> protocol = exchange::LoadDefaultProtocol();
  if (!protocol) {
    std::cerr << protocol.error().ToString() << "\n";
    return 1;
  }
  Result<app::cohort::CohortModel> model = app::cohort::CohortModel::Create(*protocol, *as_of);
  if (!model) {
    std::cerr << model.error().ToString() << "\n";
    return 1;
  }

  Clock::time_point started = Clock::now();
  app::cohort::CohortRandom random(seed);
  const int therapists = app::cohort::TherapistsFor(courses);
  std::vector<outcomes::CourseRow> rows;
  rows.reserve(static_cast<std::size_t>(courses));
  std::int64_t observations = 0;
  for (std::int64_t i = 0; i < courses; ++i) {
    const app::cohort::CohortCourse course = model->Draw(random, therapists);
    observations += static_cast<std::int64_t>(course.responses.size() + course.adherence.size());
    rows.push_back(RowOf(course, i + 1, course.therapist_index + 1));
  }
  const double draw_ms = MillisSince(started);

  started = Clock::now();
  outcomes::Cohort cohort(protocol->checkpoints.size());
  cohort.Reserve(rows.size());
  for (const outcomes::CourseRow& row : rows) cohort.Add(outcomes::ResolveCourse(*protocol, row));
  const double resolve_ms = MillisSince(started);

  const outcomes::Day day{*as_of};
  std::vector<double> times;
  outcomes::OutcomesReport report;
  for (int r = 0; r < repeat; ++r) {
    started = Clock::now();
    report = outcomes::BuildOutcomesReport(*protocol, cohort, {}, day);
    times.push_back(MillisSince(started));
  }
  std::sort(times.begin(), times.end());

  const std::filesystem::path dir(out);
  std::filesystem::create_directories(dir);
  WriteCsv(dir, rows);
  std::ofstream(dir / "spec.json") << Spec(*protocol, as_of_text).dump(2) << "\n";
  std::ofstream(dir / "backcare.json")
      << exchange::OutcomesReportToJson(*protocol, report, {}, 2) << "\n";

  const nlohmann::ordered_json summary = {{"courses", courses},
                                          {"observations", observations},
                                          {"draw_ms", std::lround(draw_ms)},
                                          {"resolve_ms", std::lround(resolve_ms)},
                                          {"report_min_ms", times.front()},
                                          {"report_median_ms", times[times.size() / 2]}};
  std::cout << summary.dump() << "\n";
  return 0;
}
