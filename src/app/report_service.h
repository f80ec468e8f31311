// The printable progress report (issue #16 item 4): one course of one patient summarised for a
// referrer or insurer on one or two A4 pages. ReportService gathers it from the reads the other
// use cases already make and computes nothing of its own that they compute: the NPRS trajectory
// and its expected band come from progress::BuildProgressReport and progress::ExpectedBandAt
// (core/progress), attendance from progress::CountDose, responder classes from
// progress::CourseChanges. The HTML is drawn by an adapter (src/http/api/report_html.h) from the
// PatientReport value alone. Every text field is data to be escaped by whoever renders it.
#ifndef BACKCARE_APP_REPORT_SERVICE_H_
#define BACKCARE_APP_REPORT_SERVICE_H_

#include <optional>
#include <string>
#include <vector>

#include "app/actor.h"
#include "app/app_context.h"
#include "core/base/ids.h"
#include "core/base/result.h"
#include "core/clinic/time.h"
#include "core/instrument/plain_language.h"

namespace backcare::app {

struct ReportRequest {
  PatientId patient_id;
  // The course to report on; nullopt: the patient's active course, else their latest one.
  std::optional<CourseId> course_id{};
};

// One score on a trajectory chart.
struct ReportPoint {
  clinic::Date date;  // the clinic's calendar day it was taken
  double week = 0;    // weeks since the course start (two decimals; 0 for a baseline before it)
  double score = 0;
  bool baseline = false;
  // NPRS only (the progress report's figures): reduction from baseline, the expected band at
  // this week, and the point's status (staff) or its plain sentence (patient).
  std::optional<double> reduction_percent;
  std::optional<double> expected_min_percent;
  std::optional<double> expected_max_percent;
  std::string status;   // "on_track", ...; empty in a report for a patient
  std::string summary;  // the plain sentence; set only in a report for a patient
};

// The protocol's expected band at one knot week (trajectory.h), for drawing the band.
struct ReportBandKnot {
  double week = 0;
  double min_percent = 0;
  double max_percent = 0;
};

struct ReportTrajectory {
  std::string instrument;           // "nprs" or "odi"
  std::vector<ReportPoint> points;  // baseline first (when there is one), then by time
  // NPRS: the expected band's knots from week 0 to the last banded phase end; empty for ODI
  // (the protocol gives a band for pain only) and in a report for a patient, whose points carry
  // no expected band either (like the portal's My progress).
  std::vector<ReportBandKnot> band;
  // The instrument's minimal important change in points (NPRS 2, ODI 10); nullopt when none.
  std::optional<int> mcid_points;
};

struct ReportAttendance {
  int attended = 0;         // progress::Dose
  int planned_to_date = 0;  // progress::Dose: started by now, not cancelled
  int missed = 0;
  int cancelled = 0;
  int booked_ahead = 0;  // booked sessions starting after now
};

struct ReportExerciseAdherence {
  std::string exercise_id;
  std::string name;  // from the protocol; the id when the protocol no longer has it
  int done_days = 0;
};

struct ReportAdherence {
  std::optional<clinic::Date> program_start;  // nullopt: no home program in this course
  // Days from the program start to the report's last day (today, or the discharge date), both
  // included; 0 when the program starts later.
  int days_in_program = 0;
  int days_with_exercise_done = 0;                 // days with at least one assigned exercise done
  std::vector<ReportExerciseAdherence> exercises;  // every exercise assigned in the course
};

struct ReportTechniqueCount {
  // "muscle_stripping", "trigger_point", "myofascial_release" (strip passes, trigger-point holds,
  // release areas) or "no_hands_on" (a note with a no-hands-on reason).
  std::string technique;
  std::string name;  // the protocol's technique name ("No hands-on treatment")
  int notes = 0;     // signed notes that log it
};

struct ReportNotes {
  int signed_notes = 0;
  std::optional<clinic::Date> first;  // the clinic days of the first and last noted session
  std::optional<clinic::Date> last;
  std::vector<ReportTechniqueCount> techniques;  // in the order above, only those used
};

// One instrument's change from baseline to its latest score in the course (CourseChanges).
struct ReportChange {
  std::string instrument;  // "nprs", "odi", "rmdq", "peg"
  double baseline = 0;
  double latest = 0;
  double points_change = 0;              // baseline - latest; negative when worse
  std::optional<double> percent_change;  // nullopt from a baseline of 0
  std::string responder_class;           // IMMPACT class (change.h); empty for a patient
  std::optional<int> mcid_points;
  std::optional<bool> mcid_met;  // set iff mcid_points is
  std::string summary;           // the plain sentence; set only in a report for a patient
};

struct ReportScreening {
  std::string decision;  // screening::DecisionName: "clear", "modify", "medical_review", ...
  bool allows_treatment = true;
  clinic::Date screened_on;
  std::vector<std::string> conditions;  // catalogue labels of the active findings
  // The precautions in words: "<technique>: <modify|disable> (<condition>): <note>" and
  // "Avoid <area> (<condition>)".
  std::vector<std::string> precautions;
};

struct ReportCourse {
  CourseId id;
  clinic::Date start_date;
  std::string status;  // CourseStatusName
  std::string protocol_title;
  std::string protocol_id;
  int protocol_version = 0;
  std::optional<clinic::Date> discharged_on;
  std::string discharge_outcome;  // DischargeOutcome name; empty when not discharged
  // The phase on the report's day in plain words, e.g. "Week 3 of the course: Initial relief
  // (phase 1 of 3, weeks 1 to 4)".
  std::string phase_today;
};

struct PatientReport {
  instrument::Audience audience = instrument::Audience::kStaff;
  std::string clinic_name;
  std::string patient_name;  // "Given Family"
  clinic::Date date_of_birth;
  clinic::Date report_date;                  // the clinic's calendar day now
  std::optional<ReportCourse> course;        // nullopt: no course yet (the rest is empty)
  std::optional<ReportScreening> screening;  // nullopt: never screened
  ReportTrajectory nprs;
  ReportTrajectory odi;
  std::optional<ReportAttendance> attendance;  // nullopt without a course
  ReportAdherence adherence;
  ReportNotes notes;
  std::vector<ReportChange> changes;  // NPRS, ODI, RMDQ, PEG where both scores exist
};

class ReportService {
 public:
  explicit ReportService(AppContext context);

  // The report of `request.patient_id` for the requested course. Therapists and admins for any
  // patient of the clinic, a patient their own (another patient's id is kNotFound "patient N not
  // found", like a missing one); kPermissionDenied for front desk. kNotFound "course N not found"
  // when the course is absent or not this patient's. A patient's report carries the plain
  // sentences in place of statuses and responder classes (PhraseProgressFor) and no expected
  // band. Audits "report.read" on the patient.
  //
  // Scope: responses taken up to the end of a discharged course's discharge day (all of them for
  // a running course), signed notes of the course's sessions, adherence entries of the exercises
  // assigned in the course from the program start to the report's last day (today, or the
  // discharge date when earlier).
  Result<PatientReport> GetReport(const RequestContext& context, const ReportRequest& request);

 private:
  AppContext context_;
};

}  // namespace backcare::app

#endif  // BACKCARE_APP_REPORT_SERVICE_H_
