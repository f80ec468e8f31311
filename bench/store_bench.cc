// Store benchmarks, each printed as a ratio to a baseline measured in the same run:
//   1. bulk insert of 1,000,000 questionnaire responses through ClinicStore::BulkAddResponses,
//      against raw inserts of the same rows (sqlite3 prepared statement / pqxx::stream_to COPY)
//      into an identical, migrated schema that keeps its index and foreign keys, and against a
//      ceiling: the same raw insert into a table whose index is dropped and whose foreign keys
//      are not checked (SQLite foreign_keys=OFF, 64-row INSERTs; PostgreSQL COPY after dropping
//      the foreign keys), with nothing rebuilt - work the adapter cannot skip;
//   2. loading one patient's chart (a year of sessions, their notes and responses, plus the
//      patient, courses and adherence) through the port, against the same SELECTs run raw
//      without building domain values; median and p99 over repeated loads.
// SQLite always runs (a temporary file); PostgreSQL runs when BACKCARE_BENCH_PG_URL is set (e.g.
// by bench/run.sh through tests/store/with_postgres.sh), in two throw-away schemas.
// Usage: bench_store [ROWS]   (default 1000000)
#include <sqlite3.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <functional>
#include <iostream>
#include <pqxx/pqxx>
#include <string>
#include <string_view>
#include <vector>

#include "store/postgres/postgres_store.h"
#include "store/sql/codec.h"
#include "store/sqlite/sqlite_store.h"

namespace {

using namespace backcare;
using Clock = std::chrono::steady_clock;

[[noreturn]] void Die(const std::string& what) {
  std::cerr << "store_bench: " << what << "\n";
  std::exit(1);
}

template <typename T>
T Check(Result<T> result, const char* what) {
  if (!result) Die(std::string(what) + ": " + result.error().ToString());
  return std::move(result).value();
}
void Check(Status status, const char* what) {
  if (!status) Die(std::string(what) + ": " + status.error().ToString());
}

double Seconds(Clock::duration d) { return std::chrono::duration<double>(d).count(); }

// Processor time of this process, so figures stay meaningful on a loaded machine (the SQLite work
// all happens in this process; PostgreSQL's mostly happens in the server, so there it only shows
// the client's share).
double CpuSeconds() { return static_cast<double>(std::clock()) / CLOCKS_PER_SEC; }

// The 1-minute load average (figures on a shared machine mean little without it).
std::string LoadAverage() {
  double load[3] = {0, 0, 0};
  if (getloadavg(load, 3) < 1) {
    return "unknown";
  }
  char text[64];
  std::snprintf(text, sizeof(text), "%.2f %.2f %.2f", load[0], load[1], load[2]);
  return text;
}

struct Fixture {
  ClinicId clinic;
  std::vector<PatientId> patients;  // patients[0] is the charted one
  CourseId chart_course;
};

// One clinic, 1,000 patients with a course each; patient 0 gets a year of twice-weekly sessions
// with signed notes, and adherence entries.
Fixture Populate(ports::ClinicStore& store) {
  Fixture f;
  auto tx = Check(store.Begin(), "begin");
  f.clinic = Check(tx->CreateClinic({ClinicId(), "Bench", "UTC"}), "clinic");
  clinic::Therapist therapist;
  therapist.family_name = "Bench";
  TherapistId therapist_id = Check(tx->CreateTherapist(f.clinic, therapist), "therapist");
  clinic::User user;
  user.email = "bench@example.test";
  user.role = clinic::Role::kTherapist;
  user.therapist_id = therapist_id;
  UserId user_id = Check(tx->CreateUser(f.clinic, user), "user");
  const auto start = std::chrono::sys_days(std::chrono::year{2024} / 1 / 1);
  for (int i = 0; i < 1000; ++i) {
    clinic::Patient patient;
    patient.family_name = "P" + std::to_string(i);
    patient.date_of_birth = std::chrono::year{1970} / 1 / 1;
    PatientId id = Check(tx->CreatePatient(f.clinic, patient), "patient");
    f.patients.push_back(id);
    clinic::Course course{CourseId(),
                          ClinicId(),
                          id,
                          therapist_id,
                          "deep-tissue",
                          1,
                          clinic::Date(start),
                          clinic::CourseStatus::kActive};
    CourseId course_id = Check(tx->CreateCourse(f.clinic, course), "course");
    if (i == 0) f.chart_course = course_id;
  }
  for (int week = 0; week < 52; ++week) {
    for (int visit = 0; visit < 2; ++visit) {
      clinic::Session session;
      session.course_id = f.chart_course;
      session.therapist_id = therapist_id;
      session.start = start + std::chrono::days(week * 7 + visit * 3) + std::chrono::hours(9);
      session.end = session.start + std::chrono::hours(1);
      session.status = clinic::SessionStatus::kAttended;
      session.phase_id = "initial_relief";
      SessionId session_id = Check(tx->CreateSession(f.clinic, session), "session");
      session::SessionNote note;
      note.session_id = session_id;
      note.author_id = user_id;
      note.soap = {"subjective text", "objective text", "assessment text", "plan text"};
      note.techniques.strip_passes = {{"erector_spinae", session::Side::kBilateral, "up", 3}};
      note.techniques.trigger_points = {{"quadratus_lumborum", session::Side::kLeft, 60}};
      note.nprs_before = 6;
      note.nprs_after = 4;
      note.created_at = session.end;
      note.updated_at = session.end;
      NoteId note_id = Check(tx->CreateNote(f.clinic, note), "note");
      Check(tx->SignNote(f.clinic, note_id, user_id, session.end), "sign");
    }
    for (int day = 0; day < 7; ++day) {
      Check(tx->RecordAdherence(f.clinic, {ClinicId(), f.patients[0],
                                           clinic::Date(start + std::chrono::days(week * 7 + day)),
                                           "pelvic_tilt", clinic::Completion::kDone, ""}),
            "adherence");
    }
  }
  Check(tx->Commit(), "commit");
  return f;
}

std::vector<clinic::QuestionnaireResponse> MakeResponses(const Fixture& f, std::size_t rows) {
  std::vector<clinic::QuestionnaireResponse> out;
  out.reserve(rows);
  const auto start = clinic::Timestamp(std::chrono::sys_days(std::chrono::year{2024} / 1 / 1));
  for (std::size_t i = 0; i < rows; ++i) {
    clinic::QuestionnaireResponse r;
    // Patient 0 gets every 1,000th row (1,000 responses for 1M rows).
    r.patient_id = f.patients[i % f.patients.size() == 0 ? 0 : (i * 7919) % f.patients.size()];
    r.instrument_id = instrument::InstrumentId::kNprs;
    r.answers = {static_cast<int>(i % 11)};
    r.score = static_cast<double>(i % 11);
    r.score_status = instrument::ScoreStatus::kScored;
    r.checkpoint_id = "week_4";
    r.taken_at = start + std::chrono::seconds(static_cast<long>(i) * 31);
    out.push_back(std::move(r));
  }
  return out;
}

struct Timing {
  double median_ms;
  double p99_ms;
};

Timing Repeat(int runs, const std::function<void()>& fn) {
  std::vector<double> ms;
  for (int i = 0; i < runs; ++i) {
    auto t0 = Clock::now();
    fn();
    ms.push_back(Seconds(Clock::now() - t0) * 1000);
  }
  std::sort(ms.begin(), ms.end());
  return {ms[ms.size() / 2], ms[std::min(ms.size() - 1, ms.size() * 99 / 100)]};
}

std::size_t LoadChart(ports::ClinicStore& store, const Fixture& f) {
  auto tx = Check(store.BeginReadOnly(), "begin");
  const PatientId p = f.patients[0];
  std::size_t n = 0;
  Check(tx->GetPatient(f.clinic, p), "patient");
  n += Check(tx->ListCoursesForPatient(f.clinic, p), "courses").size();
  n += Check(tx->ListSessionsForPatient(f.clinic, p), "sessions").size();
  n += Check(tx->ListNotesForPatient(f.clinic, p), "notes").size();
  n += Check(tx->ListResponses(f.clinic, p), "responses").size();
  n += Check(tx->ListAdherence(f.clinic, p, std::chrono::year{2024} / 1 / 1,
                               std::chrono::year{2024} / 12 / 31),
             "adherence")
           .size();
  return n;
}

// The raw chart SELECTs (same rows, no decoding into domain values).
const char* const kChartQueries[] = {
    "SELECT * FROM patients WHERE clinic_id = $1 AND id = $2",
    "SELECT * FROM courses WHERE clinic_id = $1 AND patient_id = $2 ORDER BY id",
    "SELECT * FROM sessions WHERE clinic_id = $1 AND patient_id = $2 ORDER BY start_us, id",
    "SELECT n.* FROM session_notes n JOIN sessions s ON s.id = n.session_id WHERE n.clinic_id = "
    "$1 AND s.patient_id = $2 ORDER BY s.start_us, n.id",
    "SELECT * FROM questionnaire_responses WHERE clinic_id = $1 AND patient_id = $2 ORDER BY "
    "taken_at_us, id",
    "SELECT * FROM adherence_entries WHERE clinic_id = $1 AND patient_id = $2 ORDER BY date, "
    "exercise_id",
};

void Report(const std::string& what, double adapter, double baseline, const std::string& unit,
            const std::string& note) {
  std::printf("%-44s adapter %12.1f %-8s baseline %12.1f %-8s ratio %.2f  %s\n", what.c_str(),
              adapter, unit.c_str(), baseline, unit.c_str(), adapter / baseline, note.c_str());
}

// ---------------------------------------------------------------------------------- SQLite
enum class RawLoad {
  kKeepIndexAndKeys,  // one prepared single-row INSERT, index maintained, foreign keys checked
  kCeiling,           // 64-row INSERTs, index dropped (not rebuilt), foreign keys off
};

void RawSqliteInsert(const std::string& path, ClinicId clinic,
                     const std::vector<clinic::QuestionnaireResponse>& rows, RawLoad load) {
  constexpr std::size_t kPerInsert = 64;
  const std::size_t per_insert = load == RawLoad::kCeiling ? kPerInsert : 1;
  sqlite3* db = nullptr;
  if (sqlite3_open(path.c_str(), &db) != SQLITE_OK) Die("raw open");
  const std::string setup =
      std::string("PRAGMA foreign_keys = ") + (load == RawLoad::kCeiling ? "OFF" : "ON") +
      "; PRAGMA synchronous = FULL; PRAGMA cache_size = -65536; BEGIN IMMEDIATE" +
      (load == RawLoad::kCeiling ? "; DROP INDEX questionnaire_responses_patient" : "");
  if (sqlite3_exec(db, setup.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK) Die("raw setup");
  auto prepare = [&](std::size_t count) {
    std::string sql =
        "INSERT INTO questionnaire_responses (clinic_id, patient_id, course_id, instrument_id, "
        "answers, score, score_status, checkpoint_id, taken_at_us) VALUES ";
    for (std::size_t k = 0; k < count; ++k)
      sql += k ? ", (?, ?, NULL, ?, ?, ?, ?, ?, ?)" : "(?, ?, NULL, ?, ?, ?, ?, ?, ?)";
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK) Die("raw prepare");
    return stmt;
  };
  sqlite3_stmt* many = prepare(per_insert);
  sqlite3_stmt* one = prepare(1);
  std::vector<std::string> answers(per_insert);
  for (std::size_t at = 0; at < rows.size();) {
    const bool full = at + per_insert <= rows.size();
    sqlite3_stmt* stmt = full ? many : one;
    const std::size_t count = full ? per_insert : 1;
    for (std::size_t k = 0; k < count; ++k) {
      const auto& r = rows[at + k];
      answers[k] = store::sql::EncodeAnswers(r.answers);
      const int base = static_cast<int>(k) * 8;
      sqlite3_bind_int64(stmt, base + 1, clinic.value());
      sqlite3_bind_int64(stmt, base + 2, r.patient_id.value());
      const std::string_view instrument_name = instrument::InstrumentName(r.instrument_id);
      const std::string_view score_status = instrument::ScoreStatusName(r.score_status);
      sqlite3_bind_text(stmt, base + 3, instrument_name.data(),
                        static_cast<int>(instrument_name.size()), SQLITE_STATIC);
      sqlite3_bind_text(stmt, base + 4, answers[k].c_str(), -1, SQLITE_STATIC);
      sqlite3_bind_double(stmt, base + 5, *r.score);
      sqlite3_bind_text(stmt, base + 6, score_status.data(), static_cast<int>(score_status.size()),
                        SQLITE_STATIC);
      sqlite3_bind_text(stmt, base + 7, r.checkpoint_id.c_str(), -1, SQLITE_STATIC);
      sqlite3_bind_int64(stmt, base + 8, clinic::ToUnixMicros(r.taken_at));
    }
    if (sqlite3_step(stmt) != SQLITE_DONE) Die(std::string("raw insert: ") + sqlite3_errmsg(db));
    sqlite3_reset(stmt);
    at += count;
  }
  sqlite3_finalize(many);
  sqlite3_finalize(one);
  if (sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK) Die("raw commit");
  sqlite3_close(db);
}

std::size_t RawSqliteChart(sqlite3* db, const Fixture& f) {
  std::size_t n = 0;
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  for (const char* sql : kChartQueries) {
    sqlite3_stmt* stmt = nullptr;
    sqlite3_prepare_v2(db, sql, -1, &stmt, nullptr);
    sqlite3_bind_int64(stmt, sqlite3_bind_parameter_index(stmt, "$1"), f.clinic.value());
    sqlite3_bind_int64(stmt, sqlite3_bind_parameter_index(stmt, "$2"), f.patients[0].value());
    while (sqlite3_step(stmt) == SQLITE_ROW) {
      const int columns = sqlite3_column_count(stmt);
      for (int i = 0; i < columns; ++i) {
        (void)sqlite3_column_text(stmt, i);  // touch every cell, as the adapter does
      }
      ++n;
    }
    sqlite3_finalize(stmt);
  }
  sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  return n;
}

void BenchSqlite(std::size_t rows) {
  const std::string dir = std::filesystem::temp_directory_path().string();
  const std::string adapter_path = dir + "/backcare_bench_adapter_" + std::to_string(getpid());
  const std::string raw_path = dir + "/backcare_bench_raw_" + std::to_string(getpid());
  const std::string ceiling_path = dir + "/backcare_bench_ceiling_" + std::to_string(getpid());
  const std::vector<std::string> paths = {adapter_path, raw_path, ceiling_path};
  for (const auto& p : paths) {
    for (const char* s : {"", "-wal", "-shm"}) std::filesystem::remove(p + s);
  }
  auto adapter = Check(store::OpenSqliteStore(adapter_path), "open sqlite");
  Check(adapter->Migrate(), "migrate");
  Fixture f = Populate(*adapter);
  std::vector<Fixture> raw_fixtures;
  for (const auto& p : {raw_path, ceiling_path}) {
    auto raw = Check(store::OpenSqliteStore(p), "open sqlite raw");
    Check(raw->Migrate(), "migrate raw");
    raw_fixtures.push_back(Populate(*raw));
  }
  auto responses = MakeResponses(f, rows);

  auto t0 = Clock::now();
  double cpu0 = CpuSeconds();
  {
    auto tx = Check(adapter->Begin(), "begin");
    Check(tx->BulkAddResponses(f.clinic, responses), "bulk");
    Check(tx->Commit(), "commit");
  }
  const double n = static_cast<double>(rows);
  const double adapter_rate = n / Seconds(Clock::now() - t0);
  const double adapter_cpu_rate = n / (CpuSeconds() - cpu0);
  double raw_rate[2];
  double raw_cpu_rate[2];
  for (int i = 0; i < 2; ++i) {
    t0 = Clock::now();
    cpu0 = CpuSeconds();
    RawSqliteInsert(paths[static_cast<std::size_t>(i) + 1],
                    raw_fixtures[static_cast<std::size_t>(i)].clinic, responses,
                    i == 0 ? RawLoad::kKeepIndexAndKeys : RawLoad::kCeiling);
    raw_rate[i] = n / Seconds(Clock::now() - t0);
    raw_cpu_rate[i] = n / (CpuSeconds() - cpu0);
  }
  const std::string insert = "sqlite bulk insert " + std::to_string(rows);
  Report(insert + " (wall)", adapter_rate, raw_rate[0], "rows/s",
         adapter_rate >= 500'000 ? "(target >= 500k rows/s: met)"
                                 : "(target >= 500k rows/s: NOT met)");
  Report(insert + " (per CPU s)", adapter_cpu_rate, raw_cpu_rate[0], "rows/s", "");
  Report(insert + " vs ceiling (wall)", adapter_rate, raw_rate[1], "rows/s",
         "(ceiling: no index, no FK checks)");
  Report(insert + " vs ceiling (per CPU s)", adapter_cpu_rate, raw_cpu_rate[1], "rows/s", "");

  std::size_t cells = LoadChart(*adapter, f);
  Timing port = Repeat(50, [&] { cells = LoadChart(*adapter, f); });
  sqlite3* db = nullptr;
  sqlite3_open(adapter_path.c_str(), &db);
  std::size_t raw_rows = RawSqliteChart(db, f);
  Timing base = Repeat(50, [&] { raw_rows = RawSqliteChart(db, f); });
  sqlite3_close(db);
  const std::string what = "sqlite chart load (" + std::to_string(cells) + " records)";
  Report(what + " median", port.median_ms, base.median_ms, "ms", "");
  Report(what + " p99", port.p99_ms, base.p99_ms, "ms", "");
  adapter.reset();
  for (const auto& p : paths) {
    for (const char* s : {"", "-wal", "-shm"}) std::filesystem::remove(p + s);
  }
}

// ------------------------------------------------------------------------------ PostgreSQL
std::string SchemaUrl(const std::string& base, const std::string& schema) {
  return base + (base.find('?') == std::string::npos ? "?" : "&") + "options=-csearch_path%3D" +
         schema;
}

void BenchPostgres(const std::string& base, std::size_t rows) {
  const std::string adapter_schema = "backcare_bench_a" + std::to_string(getpid());
  const std::string raw_schema = "backcare_bench_r" + std::to_string(getpid());
  const std::string ceiling_schema = "backcare_bench_c" + std::to_string(getpid());
  const std::vector<std::string> schemas = {adapter_schema, raw_schema, ceiling_schema};
  pqxx::connection admin(base);
  {
    pqxx::nontransaction tx(admin);
    for (const auto& s : schemas) {
      tx.exec("DROP SCHEMA IF EXISTS " + s + " CASCADE; CREATE SCHEMA " + s);
    }
  }
  auto adapter = Check(store::OpenPostgresStore(SchemaUrl(base, adapter_schema)), "open pg");
  Check(adapter->Migrate(), "migrate");
  Fixture f = Populate(*adapter);
  std::vector<Fixture> raw_fixtures;
  for (const auto& schema : {raw_schema, ceiling_schema}) {
    auto raw = Check(store::OpenPostgresStore(SchemaUrl(base, schema)), "open pg raw");
    Check(raw->Migrate(), "migrate raw");
    raw_fixtures.push_back(Populate(*raw));
  }
  auto responses = MakeResponses(f, rows);

  auto t0 = Clock::now();
  double cpu0 = CpuSeconds();
  {
    auto tx = Check(adapter->Begin(), "begin");
    Check(tx->BulkAddResponses(f.clinic, responses), "bulk");
    Check(tx->Commit(), "commit");
  }
  const double adapter_rate = static_cast<double>(rows) / Seconds(Clock::now() - t0);
  const double adapter_cpu = CpuSeconds() - cpu0;
  double raw_rate[2];
  double raw_cpu[2];
  for (std::size_t i = 0; i < 2; ++i) {
    pqxx::connection connection(SchemaUrl(base, schemas[i + 1]));
    if (i == 1) {  // the ceiling: no foreign keys, no secondary index (dropped before timing)
      pqxx::work setup(connection);
      setup.exec(
          "ALTER TABLE questionnaire_responses DROP CONSTRAINT "
          "questionnaire_responses_clinic_id_fkey, DROP CONSTRAINT "
          "questionnaire_responses_clinic_id_patient_id_fkey, DROP CONSTRAINT "
          "questionnaire_responses_clinic_id_course_id_patient_id_fkey; DROP INDEX "
          "questionnaire_responses_patient");
      setup.commit();
    }
    t0 = Clock::now();
    cpu0 = CpuSeconds();
    pqxx::work tx(connection);
    pqxx::stream_to stream(
        tx, "questionnaire_responses",
        std::vector<std::string>{"clinic_id", "patient_id", "instrument_id", "answers", "score",
                                 "score_status", "checkpoint_id", "taken_at_us"});
    for (const auto& r : responses) {
      stream << std::make_tuple(raw_fixtures[i].clinic.value(), r.patient_id.value(),
                                std::string(instrument::InstrumentName(r.instrument_id)),
                                store::sql::EncodeAnswers(r.answers), *r.score,
                                std::string(instrument::ScoreStatusName(r.score_status)),
                                r.checkpoint_id, clinic::ToUnixMicros(r.taken_at));
    }
    stream.complete();
    tx.commit();
    raw_rate[i] = static_cast<double>(rows) / Seconds(Clock::now() - t0);
    raw_cpu[i] = CpuSeconds() - cpu0;
  }
  const std::string insert = "postgresql bulk insert " + std::to_string(rows);
  Report(insert + " (wall)", adapter_rate, raw_rate[0], "rows/s",
         adapter_rate >= 300'000 ? "(target >= 300k rows/s: met)"
                                 : "(target >= 300k rows/s: NOT met)");
  Report(insert + " vs ceiling (wall)", adapter_rate, raw_rate[1], "rows/s",
         "(ceiling: no index, no foreign keys)");
  Report(insert + " (client CPU)", adapter_cpu, raw_cpu[0], "s",
         "(this process only: building rows and COPY text; the server's work is not counted)");

  std::size_t cells = LoadChart(*adapter, f);
  Timing port = Repeat(50, [&] { cells = LoadChart(*adapter, f); });
  pqxx::connection connection(SchemaUrl(base, adapter_schema));
  auto raw_chart = [&] {
    pqxx::read_transaction tx(connection);
    std::size_t n = 0;
    for (const char* sql : kChartQueries) {
      pqxx::result result = tx.exec_params(sql, f.clinic.value(), f.patients[0].value());
      for (const auto& row : result) {
        for (const auto& field : row) (void)field.c_str();
        ++n;
      }
    }
    return n;
  };
  raw_chart();
  Timing base_timing = Repeat(50, [&] { raw_chart(); });
  const std::string what = "postgresql chart load (" + std::to_string(cells) + " records)";
  Report(what + " median", port.median_ms, base_timing.median_ms, "ms", "");
  Report(what + " p99", port.p99_ms, base_timing.p99_ms, "ms", "");
  adapter.reset();
  pqxx::nontransaction tx(admin);
  for (const auto& s : schemas) tx.exec("DROP SCHEMA " + s + " CASCADE");
}

}  // namespace

int main(int argc, char** argv) {
  std::size_t rows = 1'000'000;
  if (argc > 1 && std::string(argv[1]).find_first_not_of("0123456789") == std::string::npos) {
    rows = std::stoul(argv[1]);  // other arguments (bench/run.sh passes them to all) are ignored
  }
  std::printf("backcare store benchmark (ratio = adapter / baseline, same rows, same run)\n");
  std::printf("load average at start: %s (%ld processors)\n", LoadAverage().c_str(),
              sysconf(_SC_NPROCESSORS_ONLN));
  BenchSqlite(rows);
  const char* pg = std::getenv("BACKCARE_BENCH_PG_URL");
  if (pg && *pg) {
    try {
      BenchPostgres(pg, rows);
    } catch (const std::exception& e) {
      Die(std::string("postgresql: ") + e.what());
    }
  } else {
    std::printf("postgresql: skipped (set BACKCARE_BENCH_PG_URL to run it)\n");
  }
  std::printf("load average at end: %s\n", LoadAverage().c_str());
  return 0;
}
