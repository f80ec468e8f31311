// Patient use cases: registering a patient, reading and updating contact details, listing the
// clinic's patients, and intake (safety screening plus baseline questionnaires). Front desk staff
// see contact details only: the clinical summary of a PatientView is left empty for them.
#ifndef BACKCARE_APP_PATIENT_SERVICE_H_
#define BACKCARE_APP_PATIENT_SERVICE_H_

#include <optional>
#include <string>
#include <vector>

#include "app/actor.h"
#include "app/app_context.h"
#include "app/questionnaire_service.h"
#include "core/base/result.h"
#include "core/clinic/patient.h"
#include "core/clinic/screening_result.h"
#include "core/screening/catalog.h"
#include "core/screening/findings.h"
#include "core/screening/precautions.h"
#include "core/screening/referral.h"
#include "core/screening/restrictions.h"
#include "core/screening/screen.h"

namespace backcare::app {

struct NewPatient {
  std::string given_name;
  std::string family_name;  // non-empty
  clinic::Date date_of_birth;
  std::string phone;
  std::string email;
};

// What therapists and admins see beyond contact details.
struct ClinicalSummary {
  std::optional<screening::Decision> screening_decision;  // latest; nullopt = not screened
  std::vector<std::string> tracked_signs;  // sciatic signs found at the latest screening
  // The technique restrictions (disable / modify) the protocol implies for the latest screening,
  // so they are seen on every read of the patient, not only in the intake response.
  std::vector<screening::TechniqueRestriction> restrictions;
  // The areas the latest screening's avoid_area findings name, each with its condition.
  std::vector<screening::AreaToAvoid> areas_to_avoid{};
  std::optional<CourseId> active_course;
  std::optional<double> latest_nprs;
};

struct PatientView {
  clinic::Patient patient;                  // contact details (deletion record for soft-deleted)
  std::optional<ClinicalSummary> clinical;  // nullopt for front_desk
};

// The patient's screening as it stands: the latest screening (nullopt: never screened), the
// sciatic signs it tracks, and the precautions the protocol draws from it (disabled and
// modified techniques, areas to avoid).
struct CurrentScreening {
  std::optional<clinic::ScreeningResult> latest;
  std::vector<std::string> tracked_signs;
  screening::Precautions precautions;
};

struct ContactUpdate {
  std::string given_name;
  std::string family_name;  // non-empty
  std::string phone;
  std::string email;
};

struct IntakeRequest {
  PatientId patient_id;
  std::vector<screening::Finding> findings;    // new findings; may be empty (nothing new)
  std::vector<QuestionnaireAnswers> baseline;  // e.g. NPRS, ODI, STarT Back
  // Findings of the previous screening no longer present, each with the clinician's reason.
  std::vector<screening::Resolution> resolved{};
};

struct IntakeResult {
  clinic::ScreeningId screening_id;
  std::vector<screening::Finding> findings;  // every finding active after this screening
  screening::Decision decision = screening::Decision::kClear;
  bool allows_treatment = false;
  std::vector<std::string> tracked_signs;
  std::vector<screening::TechniqueRestriction> restrictions;
  std::vector<ScoredResponse> responses;  // one per baseline questionnaire, in order
  std::vector<AlertId> alerts;            // raised by this intake
};

struct ReferralOutcomeRequest {
  PatientId patient_id;
  screening::OutcomeRecord record;
};

struct ReferralOutcomeResult {
  clinic::ScreeningId screening_id;
  screening::Decision decision = screening::Decision::kClear;  // after the outcome
  bool allows_treatment = false;
  std::vector<std::string> resolved_ids;  // the red flags a clearance resolved
  std::vector<AlertId> acknowledged_alerts;
  std::optional<CourseId> discontinued_course;
  std::vector<SessionId> cancelled_sessions;
};

class PatientService {
 public:
  explicit PatientService(AppContext context);

  // Therapists, front desk and admins register patients. kInvalidInput listing every bad field
  // ("family_name", "date_of_birth"). Audits "patient.create".
  Result<PatientId> RegisterPatient(const RequestContext& context, const NewPatient& patient);

  // Staff read any patient of the clinic, a patient only themselves (kNotFound otherwise, exactly
  // like a missing record). Audits "patient.read".
  Result<PatientView> GetPatient(const RequestContext& context, PatientId patient_id);

  // Staff list the clinic's patients (not soft-deleted) that `query` finds (name, date of birth or
  // phone: clinic::MatchesPatientSearch; empty = all), by id; clinical summaries as in
  // GetPatient. Patients are refused. Audits "patient.list".
  Result<std::vector<PatientView>> ListPatients(const RequestContext& context,
                                                std::string_view query = {});

  // Therapists and front desk update contact details; a patient their own. Audits "patient.update".
  Status UpdateContact(const RequestContext& context, PatientId patient_id,
                       const ContactUpdate& update);

  // Therapists screen a patient and take the baseline questionnaires, all in one transaction.
  // The screening keeps every finding still active from the previous one and adds the new ones;
  // a finding goes only when resolved explicitly (screening::CarryForward: 422 naming
  // "resolved[i]...", 409 for a red flag, which only a referral outcome closes). kInvalidInput
  // from screening::Screen ("findings[i].condition") or scoring ("baseline[i]..."). Raises one
  // "red_flag" alert (critical) when a red-flag condition (one whose decision is medical_review or
  // worse) was not present at the patient's previous screening. Audits "screening.create" and
  // "response.create" per questionnaire.
  Result<IntakeResult> Intake(const RequestContext& context, const IntakeRequest& request);

  // Records the outcome of the patient's open referral (the latest screening decided
  // medical_review or refer_*), as a new screening by the clinician, in one transaction:
  //  - cleared (with the clearance's date and source): the red flags are resolved, the decision
  //    is recomputed from the remaining findings, and the suspended sessions go ahead;
  //  - discontinued (with the reason): the active course is discontinued and its booked sessions
  //    cancelled; the findings stay, so a new course needs a new clearance.
  // Either way the patient's open red_flag alerts are acknowledged by this action. Therapists and
  // admins. Errors from screening::CheckReferralOutcome (409 without an open referral, 422 naming
  // the field). Audits "referral.outcome" (the new screening) and "session.cancel" per session.
  Result<ReferralOutcomeResult> RecordReferralOutcome(const RequestContext& context,
                                                      const ReferralOutcomeRequest& request);

  // The patient's current screening (CurrentScreening), under the protocol of their active course
  // (else the clinic's). Admins and therapists; a patient their own. Audits "screening.read".
  Result<CurrentScreening> GetCurrentScreening(const RequestContext& context, PatientId patient_id);

  // Every screening of the patient, oldest first (by screened_at, then id): who screened, when,
  // the conditions found and the decision. Admins and therapists; a patient their own (kNotFound
  // for another, like a missing record). Audits "screening.list".
  Result<std::vector<clinic::ScreeningResult>> ListScreenings(const RequestContext& context,
                                                              PatientId patient_id);

 private:
  AppContext context_;
};

}  // namespace backcare::app

#endif  // BACKCARE_APP_PATIENT_SERVICE_H_
