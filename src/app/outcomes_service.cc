#include "app/outcomes_service.h"

#include <algorithm>
#include <charconv>
#include <set>
#include <string_view>
#include <utility>

#include "app/service_support.h"
#include "core/screening/catalog.h"

namespace backcare::app {
namespace {

using internal::BeginRead;
using internal::ClinicZone;
using internal::LocalDay;
using internal::Now;
using outcomes::Day;

constexpr std::string_view kBaseline = "baseline";

Day DayOf(const clinic::Date& date) { return Day{date}; }

Day LocalDayOf(const ports::TimeZone& zone, clinic::Timestamp at) {
  return Day{LocalDay(zone, at).time_since_epoch()};
}

// Whether a screening records a tracked (sciatic) sign.
bool RecordsSciaticSign(const clinic::ScreeningResult& screening) {
  return std::any_of(screening.condition_ids.begin(), screening.condition_ids.end(),
                     [](const std::string& id) {
                       const screening::Condition* condition = screening::FindCondition(id);
                       return condition != nullptr && condition->tracked_sign;
                     });
}

// The protocol version a query names: that version, or the latest stored one of the id (the
// built-in counts as stored). kNotFound "protocol 'ID' not found" / "... version V not found".
Result<std::shared_ptr<const protocol::Protocol>> NamedProtocol(ports::Transaction& transaction,
                                                                const AppContext& context,
                                                                const OutcomesQuery& query) {
  ASSIGN_OR_RETURN(std::vector<clinic::ProtocolVersion> stored, transaction.ListProtocolVersions());
  std::optional<int> found;
  const ProtocolKey built_in = context.protocols.built_in_key();
  const auto consider = [&](const std::string& id, int version) {
    if (id != query.protocol_id) return;
    if (query.protocol_version ? version == *query.protocol_version : version > found.value_or(0)) {
      found = version;
    }
  };
  for (const clinic::ProtocolVersion& version : stored) {
    consider(version.protocol_id, version.version);
  }
  consider(built_in.id, built_in.version);
  if (!found) {
    return NotFound(query.protocol_version ? "no stored protocol has this id and version"
                                           : "no stored protocol has this id");
  }
  return context.protocols.Get(transaction, {query.protocol_id, *found});
}

Result<outcomes::Day> DefaultAsOf(const AppContext& context, const clinic::Clinic& clinic) {
  ASSIGN_OR_RETURN(std::shared_ptr<const ports::TimeZone> zone, ClinicZone(context, clinic));
  return LocalDayOf(*zone, Now(context));
}

}  // namespace

// Every list of `records` is ordered by patient, so each patient's rows are a contiguous range.
std::vector<outcomes::CourseFacts> ResolveRecords(const ports::PatientRecords& records,
                                                  const ports::TimeZone& zone,
                                                  const protocol::Protocol& protocol) {
  std::set<std::string> core_exercises;
  for (const protocol::HomeExercise& exercise : protocol.home_program) {
    if (exercise.kind == protocol::HomeExerciseKind::kCore) core_exercises.insert(exercise.id);
  }
  std::vector<outcomes::CourseFacts> resolved;
  const auto range_of = [](const auto& rows, std::size_t& cursor, PatientId patient) {
    while (cursor < rows.size() && rows[cursor].patient_id < patient) ++cursor;
    const std::size_t first = cursor;
    while (cursor < rows.size() && rows[cursor].patient_id == patient) ++cursor;
    return std::pair{first, cursor};
  };
  std::size_t session_cursor = 0;
  std::size_t response_cursor = 0;
  std::size_t screening_cursor = 0;
  std::size_t adherence_cursor = 0;
  for (std::size_t c = 0; c < records.courses.size();) {
    const PatientId patient = records.courses[c].patient_id;
    const auto [s0, s1] = range_of(records.sessions, session_cursor, patient);
    const auto [r0, r1] = range_of(records.responses, response_cursor, patient);
    const auto [g0, g1] = range_of(records.screenings, screening_cursor, patient);
    const auto [a0, a1] = range_of(records.adherence, adherence_cursor, patient);
    bool sciatic = false;
    for (std::size_t i = g0; i < g1; ++i)
      sciatic = sciatic || RecordsSciaticSign(records.screenings[i]);
    std::vector<Day> core_done;
    for (std::size_t i = a0; i < a1; ++i) {
      const clinic::AdherenceEntry& entry = records.adherence[i];
      if (entry.completion == clinic::Completion::kDone &&
          core_exercises.contains(entry.exercise_id)) {
        core_done.push_back(DayOf(entry.date));
      }
    }
    for (; c < records.courses.size() && records.courses[c].patient_id == patient; ++c) {
      const clinic::Course& course = records.courses[c];
      if (course.protocol_id != protocol.id) continue;
      outcomes::CourseRow row;
      row.course_id = course.id.value();
      row.clinic_id = course.clinic_id.value();
      row.therapist_id = course.therapist_id ? course.therapist_id->value() : 0;
      row.sciatic = sciatic;
      row.start = DayOf(course.start_date);
      if (course.status == clinic::CourseStatus::kDiscontinued && course.discharge) {
        row.dropout = DayOf(course.discharge->discharged_on);
      }
      for (std::size_t i = s0; i < s1; ++i) {
        const clinic::Session& session = records.sessions[i];
        if (session.course_id == course.id && session.status == clinic::SessionStatus::kAttended) {
          row.attended.push_back(LocalDayOf(zone, session.start));
        }
      }
      for (std::size_t i = r0; i < r1; ++i) {
        const clinic::QuestionnaireResponse& response = records.responses[i];
        if (response.instrument_id != instrument::InstrumentId::kNprs || !response.score) continue;
        if (response.course_id && *response.course_id != course.id) continue;
        const Day date = LocalDayOf(zone, response.taken_at);
        if (response.checkpoint_id == kBaseline) {
          // The latest baseline no later than the start (responses are in taken_at order).
          if (date <= row.start) row.baseline = *response.score;
          continue;
        }
        row.nprs.push_back(
            {.date = date, .value = *response.score, .checkpoint = response.checkpoint_id});
      }
      row.core_done = core_done;
      resolved.push_back(outcomes::ResolveCourse(protocol, row));
    }
  }
  return resolved;
}

Result<outcomes::Cohort> LoadCohort(ports::Transaction& transaction, const AppContext& context,
                                    std::span<const clinic::Clinic> clinics,
                                    const protocol::Protocol& protocol, std::size_t block_size) {
  outcomes::Cohort cohort(protocol.checkpoints.size());
  block_size = std::max<std::size_t>(block_size, 1);
  for (const clinic::Clinic& clinic : clinics) {
    ASSIGN_OR_RETURN(std::shared_ptr<const ports::TimeZone> zone, ClinicZone(context, clinic));
    ASSIGN_OR_RETURN(std::vector<clinic::Patient> patients,
                     transaction.ListPatients(clinic.id, ports::PatientFilter::kExcludeDeleted));
    for (std::size_t i = 0; i < patients.size(); i += block_size) {
      const std::size_t last = std::min(patients.size(), i + block_size) - 1;
      ASSIGN_OR_RETURN(
          ports::PatientRecords records,
          transaction.ReadPatientRecords(clinic.id, patients[i].id, patients[last].id));
      // A deleted patient inside the block's id range is left out.
      const std::span<const clinic::Patient> block(patients.data() + i, last - i + 1);
      std::erase_if(records.courses, [&](const clinic::Course& course) {
        return !std::ranges::binary_search(block, course.patient_id, {}, &clinic::Patient::id);
      });
      for (const outcomes::CourseFacts& facts : ResolveRecords(records, *zone, protocol)) {
        cohort.Add(facts);
      }
    }
  }
  return cohort;
}

Status ParseProtocolOption(std::string_view text, std::string_view field, OutcomesQuery& query) {
  const std::size_t at = text.find('@');
  const std::string_view id = text.substr(0, at);
  std::optional<int> version;
  if (at != std::string_view::npos) {
    const std::string_view digits = text.substr(at + 1);
    int value = 0;
    const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
    if (error == std::errc() && end == digits.data() + digits.size() && value >= 1) version = value;
  }
  if (id.empty() || (at != std::string_view::npos && !version)) {
    return InvalidInput("the protocol is not ID or ID@VERSION",
                        {{"", std::string(field), "expected a protocol id, or ID@VERSION"}});
  }
  query.protocol_id = std::string(id);
  query.protocol_version = version;
  return OkStatus();
}

Result<ReportFrame> FrameReport(ports::Transaction& transaction, const AppContext& context,
                                const OutcomesQuery& query) {
  if (query.from && query.to && *query.from > *query.to) {
    return InvalidInput(
        "from " + clinic::FormatDate(*query.from) + " is after to " + clinic::FormatDate(*query.to),
        {{"", "from", "must not be after to"}});
  }
  ReportFrame frame;
  if (query.clinic_id) {
    ASSIGN_OR_RETURN(clinic::Clinic one, transaction.GetClinic(*query.clinic_id));
    frame.clinics.push_back(std::move(one));
  } else {
    ASSIGN_OR_RETURN(frame.clinics, transaction.ListClinics());
  }
  OutcomesResult& result = frame.result;
  for (const clinic::Clinic& clinic : frame.clinics) {
    result.clinic_names[clinic.id.value()] = clinic.name;
    ASSIGN_OR_RETURN(std::vector<clinic::Therapist> therapists,
                     transaction.ListTherapists(clinic.id));
    for (const clinic::Therapist& therapist : therapists) {
      result.therapist_names[therapist.id.value()] =
          therapist.given_name.empty() ? therapist.family_name
                                       : therapist.given_name + " " + therapist.family_name;
    }
  }
  if (query.therapist_id && !result.therapist_names.contains(query.therapist_id->value())) {
    return NotFound("therapist " + std::to_string(query.therapist_id->value()) + " not found");
  }
  if (!query.protocol_id.empty()) {
    ASSIGN_OR_RETURN(result.protocol, NamedProtocol(transaction, context, query));
  }
  if (frame.clinics.empty()) {
    if (!result.protocol) {
      result.protocol = std::make_shared<const protocol::Protocol>(context.protocols.built_in());
    }
    frame.as_of =
        query.as_of ? DayOf(*query.as_of) : std::chrono::floor<std::chrono::days>(Now(context));
  } else {
    if (!result.protocol) {
      ASSIGN_OR_RETURN(result.protocol,
                       context.protocols.ActiveFor(transaction, frame.clinics.front()));
    }
    if (query.as_of) {
      frame.as_of = DayOf(*query.as_of);
    } else {
      ASSIGN_OR_RETURN(frame.as_of, DefaultAsOf(context, frame.clinics.front()));
    }
  }
  RETURN_IF_ERROR(outcomes::CheckReportable(*result.protocol));
  if (query.clinic_id) frame.filter.clinic_id = query.clinic_id->value();
  if (query.therapist_id) frame.filter.therapist_id = query.therapist_id->value();
  if (query.from) frame.filter.from = DayOf(*query.from);
  if (query.to) frame.filter.to = DayOf(*query.to);
  frame.filter.sciatic = query.sciatic;
  return frame;
}

Result<OutcomesResult> BuildOutcomes(const AppContext& context, const OutcomesQuery& query) {
  ASSIGN_OR_RETURN(auto transaction, BeginRead(context));
  ASSIGN_OR_RETURN(ReportFrame frame, FrameReport(*transaction, context, query));
  ASSIGN_OR_RETURN(outcomes::Cohort cohort,
                   LoadCohort(*transaction, context, frame.clinics, *frame.result.protocol));
  frame.result.report =
      outcomes::BuildOutcomesReport(*frame.result.protocol, cohort, frame.filter, frame.as_of);
  return std::move(frame.result);
}

}  // namespace backcare::app
