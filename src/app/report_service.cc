#include "app/report_service.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <set>
#include <string_view>
#include <utility>

#include "app/service_support.h"
#include "core/base/enum_names.h"
#include "core/clinic/course.h"
#include "core/clinic/home_program.h"
#include "core/clinic/response.h"
#include "core/instrument/change.h"
#include "core/instrument/decimal.h"
#include "core/instrument/instrument.h"
#include "core/progress/dose.h"
#include "core/progress/progress_report.h"
#include "core/progress/trajectory.h"
#include "core/screening/catalog.h"
#include "core/screening/screen.h"
#include "core/session/session_note.h"

namespace backcare::app {
namespace {

using instrument::InstrumentId;

std::chrono::sys_days Days(clinic::Date date) { return std::chrono::sys_days{date}; }

clinic::Timestamp UtcMidnight(clinic::Date date) {
  return clinic::Timestamp{Days(date).time_since_epoch()};
}

// The expected band's knots (trajectory.h): week 0 and every banded checkpoint, each from
// ExpectedBandAt. Empty when the protocol has no band.
std::vector<ReportBandKnot> BandKnots(const protocol::Protocol& protocol) {
  std::vector<ReportBandKnot> knots;
  Result<std::vector<progress::Checkpoint>> checkpoints = progress::BandedCheckpoints(protocol);
  if (!checkpoints) return knots;
  std::vector<int> weeks = {0};
  for (const progress::Checkpoint& checkpoint : *checkpoints) weeks.push_back(checkpoint.week);
  for (int week : weeks) {
    Result<std::optional<progress::ExpectedBand>> band =
        progress::ExpectedBandAt(protocol, instrument::Decimal2::FromInt(week));
    if (band && *band) {
      knots.push_back({static_cast<double>(week), (*band)->min_percent.ToDouble(),
                       (*band)->max_percent.ToDouble()});
    }
  }
  return knots;
}

std::string PhaseToday(const protocol::Protocol& protocol, const clinic::Course& course,
                       clinic::Date today) {
  if (course.status == clinic::CourseStatus::kCompleted ||
      course.status == clinic::CourseStatus::kDiscontinued) {
    return course.discharge
               ? "The course ended on " + clinic::FormatDate(course.discharge->discharged_on) + "."
               : "The course has ended.";
  }
  const auto days = (Days(today) - Days(course.start_date)).count();
  if (days < 0) return "The course starts on " + clinic::FormatDate(course.start_date) + ".";
  const int week = static_cast<int>(days / 7);
  std::string out = "Week " + std::to_string(week + 1) + " of the course: ";
  const int phases = static_cast<int>(protocol.phases.size());
  for (int i = 0; i < phases; ++i) {
    const protocol::Phase& phase = protocol.phases[static_cast<std::size_t>(i)];
    if (week >= phase.start_week && week < phase.end_week) {
      out += phase.name + " (phase " + std::to_string(i + 1) + " of " + std::to_string(phases) +
             ", weeks " + std::to_string(phase.start_week + 1) + " to " +
             std::to_string(phase.end_week) + ")";
      if (course.status == clinic::CourseStatus::kPaused) out += "; the course is paused";
      return out + ".";
    }
  }
  return out + "after the last phase of the plan.";
}

std::string TechniqueName(const protocol::Protocol& protocol, std::string_view id) {
  for (const protocol::Technique& technique : protocol.techniques) {
    if (technique.id == id && !technique.name.empty()) return technique.name;
  }
  return std::string(id);
}

std::string ConditionLabel(std::string_view id) {
  const screening::Condition* condition = screening::FindCondition(id);
  return condition != nullptr ? std::string(condition->label) : std::string(id);
}

ReportScreening ScreeningOf(const protocol::Protocol& protocol,
                            const clinic::ScreeningResult& latest, const ports::TimeZone& zone) {
  ReportScreening out;
  out.decision = std::string(screening::DecisionName(latest.decision));
  out.allows_treatment = screening::AllowsTreatment(latest.decision);
  out.screened_on = clinic::Date{
      std::chrono::sys_days{internal::LocalDay(zone, latest.screened_at).time_since_epoch()}};
  for (const screening::Finding& finding : internal::ActiveFindings(latest)) {
    std::string label = ConditionLabel(finding.condition);
    if (finding.area && !finding.area->empty()) label += " (" + *finding.area + ")";
    out.conditions.push_back(std::move(label));
  }
  const screening::Precautions precautions = internal::PrecautionsFor(protocol, latest);
  for (const screening::TechniqueRestriction& restriction : precautions.restrictions) {
    std::string text =
        TechniqueName(protocol, restriction.technique_id) + ": " +
        (restriction.action == protocol::PrecautionAction::kDisable ? "not to be used"
                                                                    : "modified") +
        " (" + ConditionLabel(restriction.condition) + ")";
    if (!restriction.note.empty()) text += ": " + restriction.note;
    out.precautions.push_back(std::move(text));
  }
  for (const screening::AreaToAvoid& area : precautions.areas_to_avoid) {
    out.precautions.push_back("Avoid " + (area.area ? *area.area : std::string("the area")) + " (" +
                              ConditionLabel(area.condition) + ")");
  }
  return out;
}

ReportAttendance AttendanceOf(const std::vector<clinic::Session>& sessions, clinic::Timestamp now) {
  ReportAttendance out;
  const progress::Dose dose = progress::CountDose(sessions, now);
  out.attended = dose.attended;
  out.planned_to_date = dose.planned_to_date;
  for (const clinic::Session& session : sessions) {
    if (session.status == clinic::SessionStatus::kMissed) ++out.missed;
    if (session.status == clinic::SessionStatus::kCancelled) ++out.cancelled;
    if (session.status == clinic::SessionStatus::kBooked && session.start > now) ++out.booked_ahead;
  }
  return out;
}

ReportNotes NotesOf(const protocol::Protocol& protocol,
                    const std::vector<session::SessionNote>& notes,
                    const std::vector<clinic::Session>& sessions, const ports::TimeZone& zone) {
  ReportNotes out;
  constexpr std::string_view kKinds[] = {"muscle_stripping", "trigger_point", "myofascial_release",
                                         "no_hands_on"};
  int counts[4] = {0, 0, 0, 0};
  for (const session::SessionNote& note : notes) {
    if (note.status != session::NoteStatus::kSigned) continue;
    auto session = std::find_if(sessions.begin(), sessions.end(),
                                [&](const clinic::Session& s) { return s.id == note.session_id; });
    if (session == sessions.end()) continue;  // a note of another course
    ++out.signed_notes;
    const clinic::Date day{
        std::chrono::sys_days{internal::LocalDay(zone, session->start).time_since_epoch()}};
    if (!out.first || Days(day) < Days(*out.first)) out.first = day;
    if (!out.last || Days(day) > Days(*out.last)) out.last = day;
    const session::TechniqueLog& log = note.techniques;
    if (!log.strip_passes.empty()) ++counts[0];
    if (!log.trigger_points.empty()) ++counts[1];
    if (!log.release_areas.empty()) ++counts[2];
    if (!log.no_hands_on_reason.empty()) ++counts[3];
  }
  for (std::size_t i = 0; i < 4; ++i) {
    if (counts[i] == 0) continue;
    out.techniques.push_back(
        {std::string(kKinds[i]),
         kKinds[i] == "no_hands_on" ? "No hands-on treatment" : TechniqueName(protocol, kKinds[i]),
         counts[i]});
  }
  return out;
}

ReportAdherence AdherenceOf(const protocol::Protocol& protocol,
                            const std::vector<clinic::HomeProgramAssignment>& assignments,
                            clinic::Date last_day,
                            const std::vector<clinic::AdherenceEntry>& entries) {
  ReportAdherence out;
  for (const clinic::HomeProgramAssignment& assignment : assignments) {
    if (!out.program_start || Days(assignment.start_date) < Days(*out.program_start)) {
      out.program_start = assignment.start_date;
    }
    for (const std::string& id : assignment.exercise_ids) {
      const bool known =
          std::any_of(out.exercises.begin(), out.exercises.end(),
                      [&](const ReportExerciseAdherence& e) { return e.exercise_id == id; });
      if (known) continue;
      std::string name = id;
      for (const protocol::HomeExercise& exercise : protocol.home_program) {
        if (exercise.id == id) name = exercise.name;
      }
      out.exercises.push_back({id, std::move(name), 0});
    }
  }
  if (!out.program_start) return out;
  const auto days = (Days(last_day) - Days(*out.program_start)).count() + 1;
  out.days_in_program = days > 0 ? static_cast<int>(days) : 0;
  std::set<std::chrono::sys_days> done_days;
  for (ReportExerciseAdherence& exercise : out.exercises) {
    std::set<std::chrono::sys_days> exercise_days;
    for (const clinic::AdherenceEntry& entry : entries) {
      if (entry.exercise_id != exercise.exercise_id ||
          entry.completion != clinic::Completion::kDone ||
          Days(entry.date) < Days(*out.program_start) || Days(entry.date) > Days(last_day)) {
        continue;
      }
      exercise_days.insert(Days(entry.date));
      done_days.insert(Days(entry.date));
    }
    exercise.done_days = static_cast<int>(exercise_days.size());
  }
  out.days_with_exercise_done = static_cast<int>(done_days.size());
  return out;
}

}  // namespace

ReportService::ReportService(AppContext context) : context_(std::move(context)) {}

Result<PatientReport> ReportService::GetReport(const RequestContext& context,
                                               const ReportRequest& request) {
  RETURN_IF_ERROR(RequireRole(context.actor, kReadPatientReports));
  const ClinicId clinic_id = context.actor.clinic_id;
  const clinic::Timestamp now = internal::Now(context_);
  ASSIGN_OR_RETURN(auto transaction, internal::BeginRead(context_));
  ASSIGN_OR_RETURN(clinic::Patient patient,
                   internal::LoadVisiblePatient(*transaction, context.actor, request.patient_id));
  ASSIGN_OR_RETURN(clinic::Clinic clinic, transaction->GetClinic(clinic_id));
  ASSIGN_OR_RETURN(std::shared_ptr<const ports::TimeZone> zone,
                   internal::ClinicZone(context_, clinic));
  const clinic::Date today{
      std::chrono::sys_days{internal::LocalDay(*zone, now).time_since_epoch()}};

  std::optional<clinic::Course> course;
  if (request.course_id) {
    const Error not_found =
        NotFound("course " + std::to_string(request.course_id->value()) + " not found");
    Result<clinic::Course> found = transaction->GetCourse(clinic_id, *request.course_id);
    if (!found) {
      if (found.error().code == ErrorCode::kNotFound) return not_found;
      return found.error();
    }
    if (found->patient_id != patient.id) return not_found;
    course = *found;
  } else {
    ASSIGN_OR_RETURN(course, internal::ActiveCourse(*transaction, clinic_id, patient.id));
    if (!course) {
      ASSIGN_OR_RETURN(std::vector<clinic::Course> courses,
                       transaction->ListCoursesForPatient(clinic_id, patient.id));
      if (!courses.empty()) course = courses.back();
    }
  }

  ASSIGN_OR_RETURN(std::vector<clinic::QuestionnaireResponse> responses,
                   transaction->ListResponses(clinic_id, patient.id));
  if (course && course->discharge) {
    const clinic::Timestamp end =
        UtcMidnight(course->discharge->discharged_on) + std::chrono::days{1};
    std::erase_if(responses, [&](const auto& response) { return response.taken_at >= end; });
  }
  ASSIGN_OR_RETURN(std::shared_ptr<const protocol::Protocol> protocol,
                   internal::ProtocolFor(*transaction, context_, clinic_id, course));
  ASSIGN_OR_RETURN(std::optional<clinic::ScreeningResult> latest_screening,
                   internal::LatestScreening(*transaction, clinic_id, patient.id));

  PatientReport report;
  report.audience = instrument::AudienceOf(context.actor.role);
  report.clinic_name = clinic.name;
  report.patient_name = internal::DisplayName(patient);
  report.date_of_birth = patient.date_of_birth;
  report.report_date = today;
  if (latest_screening) report.screening = ScreeningOf(*protocol, *latest_screening, *zone);
  report.nprs.instrument = "nprs";
  report.nprs.mcid_points = instrument::GetInstrument(InstrumentId::kNprs).mcid_points;
  report.odi.instrument = "odi";
  report.odi.mcid_points = instrument::GetInstrument(InstrumentId::kOdi).mcid_points;
  auto local_date = [&](clinic::Timestamp at) {
    return clinic::Date{std::chrono::sys_days{internal::LocalDay(*zone, at).time_since_epoch()}};
  };

  if (course) {
    ReportCourse out;
    out.id = course->id;
    out.start_date = course->start_date;
    out.status = std::string(clinic::CourseStatusName(course->status));
    out.protocol_title = protocol->title;
    out.protocol_id = course->protocol_id;
    out.protocol_version = course->protocol_version;
    if (course->discharge) {
      out.discharged_on = course->discharge->discharged_on;
      out.discharge_outcome =
          std::string(NameOf(clinic::kDischargeOutcomeNames, course->discharge->outcome));
    }
    out.phase_today = PhaseToday(*protocol, *course, today);
    report.course = std::move(out);

    // NPRS: the progress report's points, phrased for the reader, after its baseline.
    ASSIGN_OR_RETURN(progress::ProgressReport progress,
                     progress::BuildProgressReport(*protocol, patient.id, course, responses));
    progress = progress::PhraseProgressFor(report.audience, std::move(progress));
    const clinic::Timestamp start = UtcMidnight(course->start_date);
    const clinic::Timestamp start_day_end = start + std::chrono::days{1};
    if (progress.baseline_nprs) {
      const clinic::QuestionnaireResponse* baseline =
          progress::BaselineOf(responses, InstrumentId::kNprs, start_day_end);
      ReportPoint point;
      point.date = local_date(baseline->taken_at);
      point.week = progress::WeeksSince(start, baseline->taken_at);
      point.score = *progress.baseline_nprs;
      point.baseline = true;
      point.reduction_percent = 0;
      report.nprs.points.push_back(std::move(point));
    }
    for (const progress::ProgressPoint& p : progress.points) {
      ReportPoint point;
      point.date = local_date(p.taken_at);
      point.week = p.week;
      point.score = p.nprs;
      point.reduction_percent = p.reduction_percent;
      point.expected_min_percent = p.expected_min_percent;
      point.expected_max_percent = p.expected_max_percent;
      point.status = p.status;
      point.summary = p.summary;
      report.nprs.points.push_back(std::move(point));
    }
    if (report.audience == instrument::Audience::kStaff) {
      report.nprs.band = BandKnots(*protocol);
    } else {
      // A patient's own report shows no expected band, like the portal's My progress.
      for (ReportPoint& point : report.nprs.points) {
        point.expected_min_percent.reset();
        point.expected_max_percent.reset();
      }
    }

    // ODI: its baseline by the same rule, then every later score from the start date on.
    if (const clinic::QuestionnaireResponse* baseline =
            progress::BaselineOf(responses, InstrumentId::kOdi, start_day_end)) {
      bool after = false;
      for (const clinic::QuestionnaireResponse& response : responses) {
        const bool is_baseline = &response == baseline;
        if (is_baseline) after = true;
        if (!after || response.instrument_id != InstrumentId::kOdi || !response.score ||
            (!is_baseline && response.taken_at < start)) {
          continue;
        }
        ReportPoint point;
        point.date = local_date(response.taken_at);
        point.week = progress::WeeksSince(start, response.taken_at);
        point.score = *response.score;
        point.baseline = is_baseline;
        report.odi.points.push_back(std::move(point));
      }
    }

    ASSIGN_OR_RETURN(std::vector<clinic::Session> sessions,
                     transaction->ListSessionsForCourse(clinic_id, course->id));
    report.attendance = AttendanceOf(sessions, now);

    ASSIGN_OR_RETURN(std::vector<session::SessionNote> notes,
                     transaction->ListNotesForPatient(clinic_id, patient.id));
    report.notes = NotesOf(*protocol, notes, sessions, *zone);

    ASSIGN_OR_RETURN(std::vector<clinic::HomeProgramAssignment> assignments,
                     transaction->ListHomeProgramAssignments(clinic_id, patient.id));
    std::erase_if(assignments, [&](const auto& a) { return a.course_id != course->id; });
    clinic::Date last_day = today;
    if (course->discharge && Days(course->discharge->discharged_on) < Days(today)) {
      last_day = course->discharge->discharged_on;
    }
    std::vector<clinic::AdherenceEntry> entries;
    if (!assignments.empty()) {
      clinic::Date first = assignments.front().start_date;
      for (const auto& a : assignments) {
        if (Days(a.start_date) < Days(first)) first = a.start_date;
      }
      if (Days(first) <= Days(last_day)) {
        ASSIGN_OR_RETURN(entries,
                         transaction->ListAdherence(clinic_id, patient.id, first, last_day));
      }
    }
    report.adherence = AdherenceOf(*protocol, assignments, last_day, entries);

    // Responder classes: the discharge summary's changes (IMMPACT classes, MCID), phrased.
    progress::ProgressReport changes;
    ASSIGN_OR_RETURN(changes.function_changes, progress::CourseChanges(*course, responses));
    changes = progress::PhraseProgressFor(report.audience, std::move(changes));
    for (const progress::ProgressReport::FunctionChange& change : changes.function_changes) {
      ReportChange out_change;
      out_change.instrument = std::string(instrument::InstrumentName(change.instrument));
      out_change.baseline = change.baseline;
      out_change.latest = change.latest;
      out_change.points_change = change.points_change;
      out_change.percent_change = change.percent_change;
      out_change.responder_class = change.responder_class;
      out_change.summary = change.summary;
      out_change.mcid_points = instrument::GetInstrument(change.instrument).mcid_points;
      if (out_change.mcid_points) {
        out_change.mcid_met =
            std::llround(change.points_change * 100) >= 100LL * *out_change.mcid_points;
      }
      report.changes.push_back(std::move(out_change));
    }
  }
  RETURN_IF_ERROR(transaction->Commit());
  RETURN_IF_ERROR(
      internal::AuditRead(context_, context, "report.read", "patient", patient.id.value()));
  return report;
}

}  // namespace backcare::app
