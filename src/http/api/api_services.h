// The use-case services the API calls, built once from the AppContext and shared by every request
// (the services are thread-safe: each call runs its own store transaction).
#ifndef BACKCARE_HTTP_API_API_SERVICES_H_
#define BACKCARE_HTTP_API_API_SERVICES_H_

#include <string>
#include <utility>

#include "app/access_log_service.h"
#include "app/account_service.h"
#include "app/alert_service.h"
#include "app/app_context.h"
#include "app/audit_log.h"
#include "app/calendar_feed_service.h"
#include "app/clinic_service.h"
#include "app/crypto/crypto.h"
#include "app/home_program_service.h"
#include "app/mfa_service.h"
#include "app/note_service.h"
#include "app/outbox_delivery.h"
#include "app/outcomes_snapshots.h"
#include "app/patient_service.h"
#include "app/portal_service.h"
#include "app/progress_service.h"
#include "app/protocol_service.h"
#include "app/push_service.h"
#include "app/questionnaire_service.h"
#include "app/reminder_service.h"
#include "app/report_service.h"
#include "app/schedule_service.h"
#include "app/web_session_service.h"
#include "http/api/fhir_export.h"

namespace backcare::http::api {

struct ApiServices {
  // `context`, `hasher`, `outbox_delivery` and `push_sender` are borrowed and must outlive the
  // services. With `link_base_url`, invitation and reset links are emailed (AccountService) and
  // reminder emails carry their portal and unsubscribe links (ReminderService). Without a
  // `push_sender`, Web Push is unavailable (PushService); `push_subject` is the VAPID contact
  // ("mailto:..." or "https://...").
  ApiServices(const app::AppContext& context, app::crypto::PasswordHasher& hasher,
              app::WebSessionOptions session_options = {}, std::string link_base_url = {},
              const app::OutboxDelivery* outbox_delivery = nullptr,
              ports::PushSender* push_sender = nullptr, std::string push_subject = {})
      : app_context(context),
        audit_log(context.audit_log),
        outbox(outbox_delivery),
        accounts(context, hasher, link_base_url),
        web_sessions(context, session_options),
        mfa(context, hasher),
        calendar_feeds(context),
        clinics(context),
        protocols(context),
        patients(context),
        questionnaires(context),
        schedule(context),
        notes(context),
        home_programs(context),
        progress(context),
        reports(context),
        alerts(context),
        access_logs(context),
        portal(context),
        outcome_reports(context),
        fhir_exports(context),
        push(context, push_sender, std::move(push_subject)),
        reminders(context, std::move(link_base_url)) {}
  ApiServices(const ApiServices&) = delete;
  ApiServices& operator=(const ApiServices&) = delete;

  const app::AppContext& app_context;  // for use cases that are functions (the CSV export)
  const app::AuditLog& audit_log;      // its health, for /healthz
  const app::OutboxDelivery* outbox;   // its pending count, for /healthz; may be null
  app::AccountService accounts;
  app::WebSessionService web_sessions;
  app::MfaService mfa;
  app::CalendarFeedService calendar_feeds;
  app::ClinicService clinics;
  app::ProtocolService protocols;
  app::PatientService patients;
  app::QuestionnaireService questionnaires;
  app::ScheduleService schedule;
  app::NoteService notes;
  app::HomeProgramService home_programs;
  app::ProgressService progress;
  app::ReportService reports;
  app::AlertService alerts;
  app::AccessLogService access_logs;
  app::PortalService portal;
  app::OutcomesSnapshots outcome_reports;  // one kept snapshot per clinic
  FhirExportJobs fhir_exports;             // FHIR Bulk Data export jobs (fhir_export.h)
  app::PushService push;                   // Web Push subscriptions and test notifications
  app::ReminderService reminders;
};

}  // namespace backcare::http::api

#endif  // BACKCARE_HTTP_API_API_SERVICES_H_
