// The text of the emails backcare sends. A body names the clinic, greets the person and carries
// the one-time link; it never holds clinical detail (no condition, treatment, exercise or note;
// a reminder names only the appointment's date and time), because
// mail crosses servers the clinic does not control. Subjects are plain ASCII.
#ifndef BACKCARE_APP_EMAIL_TEMPLATES_H_
#define BACKCARE_APP_EMAIL_TEMPLATES_H_

#include <string>
#include <string_view>

#include "core/clinic/access_link.h"
#include "core/clinic/time.h"

namespace backcare::app {

struct EmailText {
  std::string subject;
  std::string body;
};

// The message carrying an invitation or a password-reset link. `url` is the whole link.
EmailText AccessLinkEmail(clinic::AccessPurpose purpose, std::string_view clinic_name,
                          std::string_view display_name, std::string_view url,
                          clinic::Timestamp expires_at);

// An appointment reminder: the clinic, a greeting with the patient's given name, the session's
// clinic-local start as clinic::FormatReminderTime writes it ("Tue 8 Dec 2026 at 10:00"), a link
// to the portal (`portal_url`) and the one-click unsubscribe link. No therapist, condition or
// treatment is named.
EmailText AppointmentReminderEmail(std::string_view clinic_name, std::string_view given_name,
                                   std::string_view when, std::string_view portal_url,
                                   std::string_view unsubscribe_url);

// The daily home-program nudge: "a reminder to do today's home exercises", a link to the portal
// and the unsubscribe link. No exercise is named.
EmailText HomeProgramNudgeEmail(std::string_view clinic_name, std::string_view given_name,
                                std::string_view portal_url, std::string_view unsubscribe_url);

}  // namespace backcare::app

#endif  // BACKCARE_APP_EMAIL_TEMPLATES_H_
