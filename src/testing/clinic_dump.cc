#include "testing/clinic_dump.h"

#include <unistd.h>

#include <sstream>

#include "core/base/check.h"
#include "testing/app_testing.h"

namespace backcare::app::testing {

std::string DumpClinic(ports::ClinicStore& store, ClinicId clinic) {
  std::ostringstream out;
  auto tx = store.BeginReadOnly();
  if (!tx) return "cannot begin: " + tx.error().ToString();
  ports::Transaction& read = **tx;
  auto patients = read.ListPatients(clinic, ports::PatientFilter::kIncludeDeleted);
  if (!patients) return "cannot list patients: " + patients.error().ToString();
  for (const clinic::Patient& patient : *patients) {
    out << "patient " << patient.id.value() << (patient.deletion ? " deleted" : "") << " updated "
        << clinic::ToUnixMicros(patient.updated_at) << "\n";
    const PatientId id = patient.id;
    if (auto notes = read.ListNotesForPatient(clinic, id)) {
      for (const session::SessionNote& note : *notes) {
        out << " note " << note.id.value() << " status " << static_cast<int>(note.status)
            << " addenda " << note.addenda.size() << "\n";
      }
    }
    if (auto responses = read.ListResponses(clinic, id)) {
      out << " responses " << responses->size() << "\n";
    }
    if (auto screenings = read.ListScreeningResults(clinic, id)) {
      out << " screenings " << screenings->size() << "\n";
    }
    if (auto assignments = read.ListHomeProgramAssignments(clinic, id)) {
      out << " assignments " << assignments->size() << "\n";
    }
    if (auto adherence = read.ListAdherence(clinic, id, Day(2000, 1, 1), Day(2100, 1, 1))) {
      out << " adherence " << adherence->size() << "\n";
    }
  }
  if (auto courses = read.ListCourses(clinic)) {
    for (const clinic::Course& course : *courses) {
      out << "course " << course.id.value() << " status " << static_cast<int>(course.status)
          << " updated " << clinic::ToUnixMicros(course.updated_at) << "\n";
    }
  }
  if (auto sessions = read.ListSessionsInRange(clinic, {At(2000, 1, 1, 0), At(2100, 1, 1, 0)})) {
    for (const clinic::Session& session : *sessions) {
      out << "session " << session.id.value() << " status " << static_cast<int>(session.status)
          << " sequence " << session.sequence << " updated "
          << clinic::ToUnixMicros(session.updated_at) << "\n";
    }
  }
  if (auto alerts = read.ListAlerts(clinic, ports::AlertFilter::kAll)) {
    out << "alerts " << alerts->size() << "\n";
  }
  if (auto last = read.LastAuditEvent(clinic); last && *last) {
    out << "audit seq " << (*last)->seq << "\n";
  }
  return out.str();
}

TempSqliteDatabase::TempSqliteDatabase()
    : path_(std::filesystem::temp_directory_path() /
            ("backcare_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter_++) +
             ".db")) {}

TempSqliteDatabase::~TempSqliteDatabase() {
  std::error_code ignored;
  for (const char* suffix : {"", "-wal", "-shm"}) {
    std::filesystem::remove(path_.string() + suffix, ignored);
  }
}

std::unique_ptr<store::Database> TempSqliteDatabase::Open() const {
  auto store = OpenTestStore(url());
  BACKCARE_CHECK(store.has_value());
  BACKCARE_CHECK((*store)->Migrate().has_value());
  return std::move(store).value();
}

}  // namespace backcare::app::testing
