#include "app/reminder_service.h"

#include <algorithm>
#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <utility>
#include <vector>

#include "app/audit_trail.h"
#include "app/crypto/crypto.h"
#include "app/email_templates.h"
#include "app/protocol_catalog.h"
#include "app/role_policy.h"
#include "app/service_support.h"

namespace backcare::app {
namespace {

constexpr std::size_t kTokenRandomBytes = 32;
// A push reminder's record key: the email's key with this prefix.
constexpr std::string_view kPushKeyPrefix = "push:";

std::chrono::sys_days Days(clinic::Date date) { return std::chrono::sys_days{date}; }

// Where a patient's reminders go: the contact email, else the portal login's (see the header).
std::string AddressOf(const clinic::Patient& patient,
                      const std::map<std::int64_t, std::string>& login_emails) {
  if (!patient.email.empty()) return patient.email;
  auto it = login_emails.find(patient.id.value());
  return it == login_emails.end() ? std::string() : it->second;
}

// One reminder to send, by email, push or both.
struct Outgoing {
  bool email = false;
  bool push = false;
  PatientId patient_id;
  clinic::ReminderKind kind = clinic::ReminderKind::kAppointment;
  std::string key;
  std::string recipient;
  std::string given_name;
  std::string when;  // appointments: FormatReminderTime
  clinic::Timestamp deliver_by;
};

}  // namespace

ReminderService::ReminderService(AppContext context, std::string link_base_url, PushService* push)
    : context_(std::move(context)), link_base_url_(std::move(link_base_url)), push_(push) {
  while (link_base_url_.ends_with('/')) link_base_url_.pop_back();
}

Result<clinic::PatientReminders> ReminderService::Get(const RequestContext& context,
                                                      PatientId patient_id) {
  RETURN_IF_ERROR(RequireRole(context.actor, kReadReminderSettings));
  ASSIGN_OR_RETURN(auto transaction, internal::BeginRead(context_));
  ASSIGN_OR_RETURN(clinic::Patient patient,
                   internal::LoadVisiblePatient(*transaction, context.actor, patient_id));
  ASSIGN_OR_RETURN(clinic::PatientReminders reminders,
                   transaction->GetPatientReminders(context.actor.clinic_id, patient.id));
  RETURN_IF_ERROR(transaction->Commit());
  RETURN_IF_ERROR(
      internal::AuditRead(context_, context, "reminders.read", "patient", patient.id.value()));
  return reminders;
}

Status ReminderService::Put(const RequestContext& context,
                            const clinic::PatientReminders& reminders) {
  RETURN_IF_ERROR(RequireRole(context.actor, kChangeReminderSettings));
  RETURN_IF_ERROR(clinic::ValidatePatientReminders(reminders));
  const ClinicId clinic_id = context.actor.clinic_id;
  ASSIGN_OR_RETURN(auto transaction, internal::BeginWrite(context_));
  ASSIGN_OR_RETURN(clinic::Patient patient,
                   internal::LoadVisiblePatient(*transaction, context.actor, reminders.patient_id));
  ASSIGN_OR_RETURN(clinic::PatientReminders before,
                   transaction->GetPatientReminders(clinic_id, patient.id));
  if (reminders.appointment_email && !before.appointment_email) {
    RETURN_IF_ERROR(transaction->DeleteUnsubscribeTokens(clinic_id, patient.id,
                                                         clinic::ReminderKind::kAppointment));
  }
  if (reminders.nudge_email && !before.nudge_email) {
    RETURN_IF_ERROR(
        transaction->DeleteUnsubscribeTokens(clinic_id, patient.id, clinic::ReminderKind::kNudge));
  }
  RETURN_IF_ERROR(transaction->PutPatientReminders(clinic_id, reminders));
  RETURN_IF_ERROR(AppendAudit(*transaction, context, internal::Now(context_), "reminders.update",
                              "patient", patient.id.value()));
  return transaction->Commit();
}

Result<UnsubscribeResult> ReminderService::Unsubscribe(std::string_view token,
                                                       std::string_view remote_address) {
  if (token.empty() || token.size() > 200) {
    return NotFound("unsubscribe link not found");
  }
  const std::string token_hash = crypto::Sha256Hex(token);
  ASSIGN_OR_RETURN(auto transaction, internal::BeginWrite(context_));
  Result<clinic::UnsubscribeToken> found = transaction->FindUnsubscribeToken(token_hash);
  if (!found) {
    if (found.error().code == ErrorCode::kNotFound) {
      return NotFound("unsubscribe link not found");
    }
    return found.error();
  }
  UnsubscribeResult result{found->kind, found->used_at.has_value()};
  if (result.already_used) {
    return result;
  }
  const clinic::Timestamp now = internal::Now(context_);
  ASSIGN_OR_RETURN(clinic::PatientReminders reminders,
                   transaction->GetPatientReminders(found->clinic_id, found->patient_id));
  if (found->kind == clinic::ReminderKind::kAppointment) {
    reminders.appointment_email = false;
  } else {
    reminders.nudge_email = false;
  }
  RETURN_IF_ERROR(transaction->PutPatientReminders(found->clinic_id, reminders));
  RETURN_IF_ERROR(transaction->UseUnsubscribeToken(token_hash, now));
  const RequestContext system{SystemActor(found->clinic_id), std::string(remote_address)};
  RETURN_IF_ERROR(AppendAudit(*transaction, system, now, "reminders.unsubscribe", "patient",
                              found->patient_id.value()));
  RETURN_IF_ERROR(transaction->Commit());
  return result;
}

Result<ReminderSweep> ReminderService::Sweep() {
  ReminderSweep sweep;
  const bool can_email = !link_base_url_.empty();
  const bool can_push = push_ != nullptr && push_->available();
  if (!can_email && !can_push) {
    return sweep;
  }
  const clinic::Timestamp now = internal::Now(context_);
  std::vector<clinic::Clinic> clinics;
  {
    ASSIGN_OR_RETURN(auto transaction, internal::BeginRead(context_));
    ASSIGN_OR_RETURN(clinics, transaction->ListClinics());
    RETURN_IF_ERROR(transaction->Commit());
  }
  for (const clinic::Clinic& clinic : clinics) {
    ASSIGN_OR_RETURN(std::shared_ptr<const ports::TimeZone> zone,
                     internal::ClinicZone(context_, clinic));
    std::vector<Outgoing> due;
    {
      ASSIGN_OR_RETURN(auto transaction, internal::BeginRead(context_));
      ASSIGN_OR_RETURN(std::vector<clinic::User> users, transaction->ListUsers(clinic.id));
      std::map<std::int64_t, std::string> login_emails;
      for (const clinic::User& user : users) {
        if (user.role == clinic::Role::kPatient && user.patient_id &&
            user.state == clinic::AccountState::kActive) {
          login_emails.emplace(user.patient_id->value(), user.email);
        }
      }
      // Each patient the sweep looks at, once: their settings and where they can be reached.
      struct Reachable {
        clinic::Patient patient;
        clinic::PatientReminders reminders;
        std::string address;    // empty: no email (or no links to put in one)
        bool pushable = false;  // has a push subscription and the server can push
      };
      std::map<std::int64_t, std::optional<Reachable>> patients;
      auto load = [&](PatientId id) -> Result<const std::optional<Reachable>*> {
        auto it = patients.find(id.value());
        if (it == patients.end()) {
          ASSIGN_OR_RETURN(clinic::Patient patient, transaction->GetPatient(clinic.id, id));
          std::optional<Reachable> entry;
          if (!patient.deletion) {
            ASSIGN_OR_RETURN(clinic::PatientReminders reminders,
                             transaction->GetPatientReminders(clinic.id, id));
            std::string address = can_email ? AddressOf(patient, login_emails) : std::string();
            bool pushable = false;
            if (can_push && (reminders.appointment_push || reminders.nudge_push)) {
              ASSIGN_OR_RETURN(std::vector<clinic::PushSubscription> subscriptions,
                               transaction->ListPushSubscriptions(clinic.id, id));
              pushable = !subscriptions.empty();
            }
            entry.emplace(Reachable{std::move(patient), reminders, std::move(address), pushable});
          }
          it = patients.emplace(id.value(), std::move(entry)).first;
        }
        return &it->second;
      };

      // Appointment reminders: booked sessions starting within (now, now + hours].
      if (clinic.appointment_reminder_hours > 0) {
        const ports::TimeRange window{now,
                                      now + std::chrono::hours(clinic.appointment_reminder_hours) +
                                          std::chrono::microseconds(1)};
        ASSIGN_OR_RETURN(std::vector<clinic::Session> sessions,
                         transaction->ListSessionsInRange(clinic.id, window));
        for (const clinic::Session& session : sessions) {
          if (!clinic::AppointmentReminderDue(session, clinic.appointment_reminder_hours, now)) {
            continue;
          }
          ASSIGN_OR_RETURN(const auto* entry, load(session.patient_id));
          if (!*entry) continue;
          const Reachable& reachable = **entry;
          const bool email = reachable.reminders.appointment_email && !reachable.address.empty();
          const bool push = reachable.reminders.appointment_push && reachable.pushable;
          if (!email && !push) continue;
          due.push_back({email, push, reachable.patient.id, clinic::ReminderKind::kAppointment,
                         clinic::AppointmentReminderKey(session.id, session.start),
                         reachable.address, reachable.patient.given_name,
                         clinic::FormatReminderTime(*zone, session.start), session.start});
        }
      }

      // Daily nudges: patients who chose one, in its two-hour window, with exercises due and
      // none ticked that day.
      ASSIGN_OR_RETURN(std::vector<clinic::Patient> all,
                       transaction->ListPatients(clinic.id, ports::PatientFilter::kExcludeDeleted));
      for (const clinic::Patient& listed : all) {
        ASSIGN_OR_RETURN(const auto* entry, load(listed.id));
        if (!*entry) continue;
        const Reachable& reachable = **entry;
        const clinic::Patient& patient = reachable.patient;
        const clinic::PatientReminders& reminders = reachable.reminders;
        if (!reminders.nudge_email && !reminders.nudge_push) continue;
        const std::optional<clinic::Date> day =
            clinic::NudgeDay(*zone, reminders.nudge_minutes, now);
        if (!day) continue;
        const bool email = reminders.nudge_email && !reachable.address.empty();
        const bool push = reminders.nudge_push && reachable.pushable;
        clinic::NudgeFacts facts;
        facts.nudge_chosen = true;
        facts.reachable = email || push;
        ASSIGN_OR_RETURN(std::optional<clinic::Course> course,
                         internal::ActiveCourse(*transaction, clinic.id, patient.id));
        facts.course_active = course.has_value();
        ASSIGN_OR_RETURN(std::vector<clinic::HomeProgramAssignment> assignments,
                         transaction->ListHomeProgramAssignments(clinic.id, patient.id));
        if (course && !assignments.empty()) {
          const clinic::HomeProgramAssignment& latest = assignments.back();
          ASSIGN_OR_RETURN(clinic::Course assigned_course,
                           transaction->GetCourse(clinic.id, latest.course_id));
          ASSIGN_OR_RETURN(std::shared_ptr<const protocol::Protocol> protocol,
                           context_.protocols.ForCourse(*transaction, assigned_course));
          for (const std::string& id : latest.exercise_ids) {
            for (const protocol::HomeExercise& exercise : protocol->home_program) {
              if (exercise.id == id &&
                  Days(latest.start_date) + std::chrono::days(7 * exercise.start_week) <=
                      Days(*day)) {
                ++facts.exercises_due;
              }
            }
          }
        }
        ASSIGN_OR_RETURN(std::vector<clinic::AdherenceEntry> ticks,
                         transaction->ListAdherence(clinic.id, patient.id, *day, *day));
        for (const clinic::AdherenceEntry& tick : ticks) {
          if (tick.completion == clinic::Completion::kDone) facts.any_exercise_done = true;
        }
        if (!clinic::NudgeWanted(facts)) continue;
        const clinic::Timestamp nudge_at = internal::FromUtcMinutes(
            zone->MapLocal(std::chrono::local_days{Days(*day).time_since_epoch()} +
                           std::chrono::minutes(reminders.nudge_minutes))
                .earliest);
        due.push_back({email, push, patient.id, clinic::ReminderKind::kNudge,
                       clinic::NudgeReminderKey(*day), reachable.address, patient.given_name, "",
                       nudge_at + clinic::kNudgeLateCutoff});
      }
      RETURN_IF_ERROR(transaction->Commit());
    }

    // Each email in its own transaction: its record, its unsubscribe token and its email.
    for (const Outgoing& reminder : due) {
      if (!reminder.email) continue;
      ASSIGN_OR_RETURN(auto transaction, internal::BeginWrite(context_));
      ASSIGN_OR_RETURN(
          bool first, transaction->RecordSentReminder(clinic.id, reminder.patient_id, reminder.kind,
                                                      reminder.key, now));
      if (!first) continue;  // sent before (this sweep's earlier run, or another server)
      const std::string token = crypto::RandomUrlSafeToken(kTokenRandomBytes);
      clinic::UnsubscribeToken record;
      record.token_hash = crypto::Sha256Hex(token);
      record.clinic_id = clinic.id;
      record.patient_id = reminder.patient_id;
      record.kind = reminder.kind;
      record.created_at = now;
      RETURN_IF_ERROR(transaction->CreateUnsubscribeToken(record));
      const std::string portal = link_base_url_ + "/portal";
      const std::string unsubscribe_page = link_base_url_ + "/unsubscribe#token=" + token;
      const EmailText text =
          reminder.kind == clinic::ReminderKind::kAppointment
              ? AppointmentReminderEmail(clinic.name, reminder.given_name, reminder.when, portal,
                                         unsubscribe_page)
              : HomeProgramNudgeEmail(clinic.name, reminder.given_name, portal, unsubscribe_page);
      clinic::OutgoingEmail email;
      email.recipient = reminder.recipient;
      email.subject = text.subject;
      email.body = text.body;
      email.created_at = now;
      email.deliver_by = reminder.deliver_by;
      email.next_attempt_at = now;
      email.list_unsubscribe = link_base_url_ + "/api/v1/unsubscribe?token=" + token;
      RETURN_IF_ERROR(transaction->EnqueueEmail(clinic.id, email));
      RETURN_IF_ERROR(transaction->Commit());
      if (reminder.kind == clinic::ReminderKind::kAppointment) {
        ++sweep.appointment_emails;
      } else {
        ++sweep.nudge_emails;
      }
    }

    // Each push recorded (committed) before it is sent: at most once.
    for (const Outgoing& reminder : due) {
      if (!reminder.push) continue;
      {
        ASSIGN_OR_RETURN(auto transaction, internal::BeginWrite(context_));
        ASSIGN_OR_RETURN(bool first, transaction->RecordSentReminder(
                                         clinic.id, reminder.patient_id, reminder.kind,
                                         std::string(kPushKeyPrefix) + reminder.key, now));
        if (!first) continue;
        RETURN_IF_ERROR(transaction->Commit());
      }
      const bool appointment = reminder.kind == clinic::ReminderKind::kAppointment;
      const PushText text = appointment ? AppointmentReminderPush(clinic.name, reminder.when)
                                        : HomeProgramNudgePush(clinic.name);
      const auto ttl =
          std::chrono::duration_cast<std::chrono::seconds>(reminder.deliver_by - now).count();
      ASSIGN_OR_RETURN(PushDelivery delivery,
                       push_->SendToPatient(clinic.id, reminder.patient_id, text,
                                            static_cast<int>(std::max<std::int64_t>(ttl, 60))));
      sweep.push_failures += delivery.failed;
      if (delivery.sent == 0) continue;
      if (appointment) {
        ++sweep.appointment_pushes;
      } else {
        ++sweep.nudge_pushes;
      }
    }
  }
  return sweep;
}

ReminderSweeper::~ReminderSweeper() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void ReminderSweeper::Start(std::chrono::milliseconds interval,
                            std::function<void(const std::string&)> report) {
  report_ = std::move(report);
  thread_ = std::thread([this, interval] {
    std::unique_lock lock(mutex_);
    while (!stopping_) {
      lock.unlock();
      Result<ReminderSweep> sweep = service_.Sweep();
      if (report_) {
        if (!sweep) {
          report_("reminder sweep failed: " + sweep.error().ToString());
        } else {
          if (sweep->appointment_emails + sweep->nudge_emails > 0) {
            report_("reminders queued: " + std::to_string(sweep->appointment_emails) +
                    " appointment, " + std::to_string(sweep->nudge_emails) + " nudge");
          }
          if (sweep->appointment_pushes + sweep->nudge_pushes + sweep->push_failures > 0) {
            report_("reminders pushed: " + std::to_string(sweep->appointment_pushes) +
                    " appointment, " + std::to_string(sweep->nudge_pushes) + " nudge, " +
                    std::to_string(sweep->push_failures) + " failed");
          }
        }
      }
      lock.lock();
      wake_.wait_for(lock, interval, [this] { return stopping_; });
    }
  });
}

}  // namespace backcare::app
