// ReportService: the printable report's figures on a small hand-worked course in the memory
// store (attendance, home-program adherence, signed notes, changes), that its NPRS points are the
// progress report's, who may read it, which course it reports on, and a patient with nothing yet.
#include "app/report_service.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/clinic/home_program.h"
#include "core/clinic/response.h"
#include "core/clinic/screening_result.h"
#include "core/clinic/session.h"
#include "core/session/session_note.h"
#include "testing/app_testing.h"
#include "testing/status_matchers.h"

namespace backcare::app {
namespace {

using testing::At;
using testing::Day;
using testing::TestClinic;

// Patient 1's course, started Monday 2024-02-05, four weeks before TestNow() (2024-03-04 08:00
// UTC; the clinic keeps London time, UTC+0 in winter):
//   sessions  02-06 attended, 02-08 attended, 02-13 missed, 02-15 cancelled, 02-20 attended,
//             03-04 07:00 booked (started, not attended), 03-06 booked (ahead)
//   notes     02-06 signed (release + trigger point), 02-08 signed (release + stripping),
//             02-20 draft (left out)
//   program   sitting_posture and bird_dog from 02-26 (8 days to 03-04: 2024 is a leap year)
//             done: 02-26 both, 02-27 sitting_posture, 03-01 bird_dog; 02-28 bird_dog not done;
//             03-04 abdominal_bracing (not assigned) and 02-20 (before the program) left out
//   scores    NPRS 8 (02-05), 6 (02-19), 4 (03-04 07:00); ODI 40 (02-05), 28 (03-04 07:00)
//   screening modify (anticoagulants), 02-05
struct Fixture {
  TestClinic t;
  ReportService reports{t.context};
  CourseId course;
  CourseId other_course;  // patient 2's

  Fixture() {
    auto tx = t.store->Begin().value();
    clinic::Course c;
    c.clinic_id = t.clinic_id;
    c.patient_id = t.patient_1;
    c.therapist_id = t.therapist_a;
    c.protocol_id = t.protocol.id;
    c.protocol_version = t.protocol.version;
    c.start_date = Day(2024, 2, 5);
    course = tx->CreateCourse(t.clinic_id, c).value();
    c.patient_id = t.patient_2;
    other_course = tx->CreateCourse(t.clinic_id, c).value();

    struct Visit {
      clinic::Timestamp start;
      clinic::SessionStatus status;
    };
    const Visit visits[] = {
        {At(2024, 2, 6, 10), clinic::SessionStatus::kAttended},
        {At(2024, 2, 8, 10), clinic::SessionStatus::kAttended},
        {At(2024, 2, 13, 10), clinic::SessionStatus::kMissed},
        {At(2024, 2, 15, 10), clinic::SessionStatus::kCancelled},
        {At(2024, 2, 20, 10), clinic::SessionStatus::kAttended},
        {At(2024, 3, 4, 7), clinic::SessionStatus::kBooked},
        {At(2024, 3, 6, 10), clinic::SessionStatus::kBooked},
    };
    std::vector<SessionId> sessions;
    for (const Visit& visit : visits) {
      clinic::Session s;
      s.clinic_id = t.clinic_id;
      s.course_id = course;
      s.therapist_id = t.therapist_a;
      s.start = visit.start;
      s.end = visit.start + std::chrono::minutes{50};
      s.status = visit.status;
      s.phase_id = "initial_relief";
      sessions.push_back(tx->CreateSession(t.clinic_id, s).value());
    }

    auto note = [&](SessionId session, bool stripping, bool trigger_point, bool sign) {
      session::SessionNote n;
      n.clinic_id = t.clinic_id;
      n.session_id = session;
      n.author_id = t.therapist.actor.user_id;
      n.soap.subjective = "synthetic";
      n.soap.assessment = "synthetic";
      n.techniques.release_areas.push_back({"thoracolumbar_fascia", 10});
      if (stripping) {
        n.techniques.strip_passes.push_back(
            {"erector_spinae", session::Side::kBilateral, "sacrum_to_neck", 3});
      }
      if (trigger_point) {
        n.techniques.trigger_points.push_back({"quadratus_lumborum", session::Side::kLeft, 60});
      }
      n.created_at = At(2024, 2, 6, 11);
      n.updated_at = n.created_at;
      const NoteId id = tx->CreateNote(t.clinic_id, n).value();
      if (sign) {
        BACKCARE_CHECK(tx->SignNote(t.clinic_id, id, t.therapist.actor.user_id, At(2024, 2, 6, 12))
                           .has_value());
      }
    };
    note(sessions[0], false, true, true);
    note(sessions[1], true, false, true);
    note(sessions[4], true, true, false);

    clinic::HomeProgramAssignment program;
    program.clinic_id = t.clinic_id;
    program.patient_id = t.patient_1;
    program.course_id = course;
    program.exercise_ids = {"sitting_posture", "bird_dog"};
    program.start_date = Day(2024, 2, 26);
    BACKCARE_CHECK(tx->AddHomeProgramAssignment(t.clinic_id, program).has_value());
    auto log = [&](clinic::Date date, const char* exercise, clinic::Completion completion) {
      clinic::AdherenceEntry entry;
      entry.clinic_id = t.clinic_id;
      entry.patient_id = t.patient_1;
      entry.date = date;
      entry.exercise_id = exercise;
      entry.completion = completion;
      BACKCARE_CHECK(tx->RecordAdherence(t.clinic_id, entry).has_value());
    };
    const auto done = clinic::Completion::kDone;
    log(Day(2024, 2, 20), "sitting_posture", done);
    log(Day(2024, 2, 26), "sitting_posture", done);
    log(Day(2024, 2, 26), "bird_dog", done);
    log(Day(2024, 2, 27), "sitting_posture", done);
    log(Day(2024, 2, 28), "bird_dog", clinic::Completion::kNotDone);
    log(Day(2024, 3, 1), "bird_dog", done);
    log(Day(2024, 3, 4), "abdominal_bracing", done);

    auto score = [&](instrument::InstrumentId id, double value, clinic::Timestamp at) {
      clinic::QuestionnaireResponse r;
      r.clinic_id = t.clinic_id;
      r.patient_id = t.patient_1;
      r.course_id = course;
      r.instrument_id = id;
      r.score = value;
      r.score_status = instrument::ScoreStatus::kScored;
      r.taken_at = at;
      BACKCARE_CHECK(tx->AddResponse(t.clinic_id, r).has_value());
    };
    score(instrument::InstrumentId::kNprs, 8, At(2024, 2, 5, 9));
    score(instrument::InstrumentId::kOdi, 40, At(2024, 2, 5, 9, 5));
    score(instrument::InstrumentId::kNprs, 6, At(2024, 2, 19, 9));
    score(instrument::InstrumentId::kNprs, 4, At(2024, 3, 4, 7));
    score(instrument::InstrumentId::kOdi, 28, At(2024, 3, 4, 7, 5));

    clinic::ScreeningResult screening;
    screening.clinic_id = t.clinic_id;
    screening.patient_id = t.patient_1;
    screening.condition_ids = {"anticoagulants"};
    screening.decision = screening::Decision::kModify;
    screening.screened_by = t.therapist.actor.user_id;
    screening.screened_at = At(2024, 2, 5, 8, 30);
    BACKCARE_CHECK(tx->AddScreeningResult(t.clinic_id, screening).has_value());
    BACKCARE_CHECK(tx->Commit().has_value());
  }
};

TEST(ReportServiceTest, HandWorkedFiguresOfACourse) {
  Fixture f;
  ASSERT_OK_AND_ASSIGN(PatientReport report, f.reports.GetReport(f.t.therapist, {f.t.patient_1}));
  EXPECT_EQ(report.clinic_name, "Synthetic Clinic");
  EXPECT_EQ(report.patient_name, "Pat One");
  EXPECT_EQ(report.date_of_birth, Day(1980, 1, 2));
  EXPECT_EQ(report.report_date, Day(2024, 3, 4));
  EXPECT_EQ(report.audience, instrument::Audience::kStaff);

  ASSERT_TRUE(report.course);
  EXPECT_EQ(report.course->id, f.course);
  EXPECT_EQ(report.course->start_date, Day(2024, 2, 5));
  EXPECT_EQ(report.course->status, "active");
  EXPECT_EQ(report.course->protocol_title, "Deep tissue massage for chronic low back pain");
  // 28 days after the start: the fifth week, the first of the structural phase ([4, 12)).
  EXPECT_EQ(report.course->phase_today,
            "Week 5 of the course: Structural change (phase 2 of 3, weeks 5 to 12).");

  ASSERT_TRUE(report.attendance);
  EXPECT_EQ(report.attendance->attended, 3);
  EXPECT_EQ(report.attendance->planned_to_date, 5);  // 3 attended, 1 missed, 1 started today
  EXPECT_EQ(report.attendance->missed, 1);
  EXPECT_EQ(report.attendance->cancelled, 1);
  EXPECT_EQ(report.attendance->booked_ahead, 1);

  EXPECT_EQ(report.adherence.program_start, Day(2024, 2, 26));
  EXPECT_EQ(report.adherence.days_in_program, 8);
  EXPECT_EQ(report.adherence.days_with_exercise_done, 3);
  ASSERT_EQ(report.adherence.exercises.size(), 2u);
  EXPECT_EQ(report.adherence.exercises[0].exercise_id, "sitting_posture");
  EXPECT_EQ(report.adherence.exercises[0].done_days, 2);
  EXPECT_EQ(report.adherence.exercises[1].exercise_id, "bird_dog");
  EXPECT_EQ(report.adherence.exercises[1].done_days, 2);

  EXPECT_EQ(report.notes.signed_notes, 2);
  EXPECT_EQ(report.notes.first, Day(2024, 2, 6));
  EXPECT_EQ(report.notes.last, Day(2024, 2, 8));
  ASSERT_EQ(report.notes.techniques.size(), 3u);
  EXPECT_EQ(report.notes.techniques[0].technique, "muscle_stripping");
  EXPECT_EQ(report.notes.techniques[0].notes, 1);
  EXPECT_EQ(report.notes.techniques[1].technique, "trigger_point");
  EXPECT_EQ(report.notes.techniques[1].notes, 1);
  EXPECT_EQ(report.notes.techniques[2].technique, "myofascial_release");
  EXPECT_EQ(report.notes.techniques[2].notes, 2);

  ASSERT_TRUE(report.screening);
  EXPECT_EQ(report.screening->decision, "modify");
  EXPECT_TRUE(report.screening->allows_treatment);
  EXPECT_EQ(report.screening->screened_on, Day(2024, 2, 5));
  EXPECT_FALSE(report.screening->precautions.empty());

  // ODI 40 -> 28: 12 points, 30 % (moderate), the 10-point MIC met. NPRS 8 -> 4: 50 %.
  ASSERT_EQ(report.changes.size(), 2u);
  EXPECT_EQ(report.changes[0].instrument, "nprs");
  EXPECT_EQ(report.changes[0].responder_class, "substantial");
  EXPECT_EQ(report.changes[0].mcid_met, true);
  EXPECT_EQ(report.changes[1].instrument, "odi");
  EXPECT_EQ(report.changes[1].points_change, 12);
  EXPECT_EQ(report.changes[1].percent_change, 30);
  EXPECT_EQ(report.changes[1].responder_class, "moderate");
  EXPECT_EQ(report.changes[1].mcid_points, 10);
  EXPECT_EQ(report.changes[1].mcid_met, true);

  ASSERT_EQ(report.odi.points.size(), 2u);
  EXPECT_TRUE(report.odi.points[0].baseline);
  EXPECT_EQ(report.odi.points[1].score, 28);
  EXPECT_EQ(report.odi.points[1].week, 4.04);  // 28 days 7 h 5 min
  EXPECT_TRUE(report.odi.band.empty());

  // The band's knots: week 0, 4 and 12 of the test protocol (0-0, 30-50, 60-80 %).
  ASSERT_EQ(report.nprs.band.size(), 3u);
  EXPECT_EQ(report.nprs.band[1].week, 4);
  EXPECT_EQ(report.nprs.band[1].min_percent, 30);
  EXPECT_EQ(report.nprs.band[2].max_percent, 80);

  // The audit trail has the read, on the patient (their access log shows it as "report").
  ASSERT_OK(f.t.audit_log.Flush());
  auto read = f.t.store->BeginReadOnly().value();
  auto last = read->LastAuditEvent(f.t.clinic_id).value();
  ASSERT_TRUE(last);
  EXPECT_EQ(last->action, "report.read");
  EXPECT_EQ(last->record_type, "patient");
  EXPECT_EQ(last->record_id, f.t.patient_1.value());
}

TEST(ReportServiceTest, NprsPointsAreTheProgressReportsAfterItsBaseline) {
  Fixture f;
  ASSERT_OK_AND_ASSIGN(PatientReport report, f.reports.GetReport(f.t.admin, {f.t.patient_1}));
  ASSERT_OK_AND_ASSIGN(ProgressReport progress, f.t.progress.GetProgress(f.t.admin, f.t.patient_1));
  ASSERT_EQ(report.nprs.points.size(), progress.points.size() + 1);
  EXPECT_TRUE(report.nprs.points[0].baseline);
  EXPECT_EQ(report.nprs.points[0].score, progress.baseline_nprs);
  for (std::size_t i = 0; i < progress.points.size(); ++i) {
    const ReportPoint& point = report.nprs.points[i + 1];
    EXPECT_EQ(point.week, progress.points[i].week);
    EXPECT_EQ(point.score, progress.points[i].nprs);
    EXPECT_EQ(point.reduction_percent, progress.points[i].reduction_percent);
    EXPECT_EQ(point.expected_min_percent, progress.points[i].expected_min_percent);
    EXPECT_EQ(point.status, progress.points[i].status);
  }
  // 8 -> 6 at week 2.05 (14 days 9 h): 25 %, inside the band there (15.38-25.63 %).
  EXPECT_EQ(report.nprs.points[1].reduction_percent, 25);
  EXPECT_EQ(report.nprs.points[1].status, "on_track");
}

TEST(ReportServiceTest, APatientReadsTheirOwnInPlainWordsAndNobodyElses) {
  Fixture f;
  ASSERT_OK_AND_ASSIGN(PatientReport own, f.reports.GetReport(f.t.patient, {f.t.patient_1}));
  EXPECT_EQ(own.audience, instrument::Audience::kPatient);
  ASSERT_GE(own.nprs.points.size(), 2u);
  EXPECT_TRUE(own.nprs.points[1].status.empty());
  EXPECT_FALSE(own.nprs.points[1].summary.empty());
  EXPECT_FALSE(own.nprs.points[1].expected_min_percent);  // no band, as in the portal
  EXPECT_TRUE(own.nprs.band.empty());
  ASSERT_FALSE(own.changes.empty());
  EXPECT_TRUE(own.changes[0].responder_class.empty());
  EXPECT_FALSE(own.changes[0].summary.empty());

  ASSERT_ERROR_AND_ASSIGN(Error other, f.reports.GetReport(f.t.patient2, {f.t.patient_1}),
                          ErrorCode::kNotFound);
  EXPECT_EQ(other.message, "patient " + std::to_string(f.t.patient_1.value()) + " not found");
  ASSERT_ERROR_AND_ASSIGN(Error desk, f.reports.GetReport(f.t.front_desk, {f.t.patient_1}),
                          ErrorCode::kPermissionDenied);
  EXPECT_EQ(desk.message, "role 'front_desk' may not read progress reports");
}

TEST(ReportServiceTest, ACourseOfAnotherPatientIsNotFoundLikeAMissingOne) {
  Fixture f;
  ASSERT_ERROR_AND_ASSIGN(Error foreign,
                          f.reports.GetReport(f.t.therapist, {f.t.patient_1, f.other_course}),
                          ErrorCode::kNotFound);
  EXPECT_EQ(foreign.message, "course " + std::to_string(f.other_course.value()) + " not found");
  ASSERT_ERROR_AND_ASSIGN(Error missing,
                          f.reports.GetReport(f.t.therapist, {f.t.patient_1, CourseId(987654)}),
                          ErrorCode::kNotFound);
  EXPECT_EQ(missing.message, "course 987654 not found");
  ASSERT_OK_AND_ASSIGN(PatientReport chosen,
                       f.reports.GetReport(f.t.therapist, {f.t.patient_1, f.course}));
  ASSERT_TRUE(chosen.course);
  EXPECT_EQ(chosen.course->id, f.course);
}

TEST(ReportServiceTest, APatientWithNothingYetGetsAnEmptyReport) {
  TestClinic t;
  ReportService reports(t.context);
  ASSERT_OK_AND_ASSIGN(PatientReport report, reports.GetReport(t.therapist, {t.patient_2}));
  EXPECT_EQ(report.patient_name, "Pam Two");
  EXPECT_FALSE(report.course);
  EXPECT_FALSE(report.screening);
  EXPECT_FALSE(report.attendance);
  EXPECT_TRUE(report.nprs.points.empty());
  EXPECT_TRUE(report.odi.points.empty());
  EXPECT_FALSE(report.adherence.program_start);
  EXPECT_EQ(report.notes.signed_notes, 0);
  EXPECT_TRUE(report.changes.empty());
}

}  // namespace
}  // namespace backcare::app
