#include "app/email_templates.h"

namespace backcare::app {
namespace {

std::string Hello(std::string_view name) {
  return name.empty() ? "Hello,\n\n" : "Hello " + std::string(name) + ",\n\n";
}

}  // namespace

EmailText AccessLinkEmail(clinic::AccessPurpose purpose, std::string_view clinic_name,
                          std::string_view display_name, std::string_view url,
                          clinic::Timestamp expires_at) {
  const std::string hello = Hello(display_name);
  const std::string clinic(clinic_name);
  const std::string until = clinic::FormatInstant(expires_at);
  if (purpose == clinic::AccessPurpose::kInvite) {
    return {"Your backcare invitation",
            hello + clinic +
                " has invited you to backcare, the clinic's system for treatment plans and "
                "appointments.\n\nChoose your password here. The link works once, until " +
                until + " (UTC):\n\n" + std::string(url) +
                "\n\nThen sign in with this email address. If you did not expect this message, "
                "you can ignore it: the account cannot be used without the link.\n"};
  }
  return {"Reset your backcare password",
          hello + "A new password was requested for your " + clinic +
              " login on backcare.\n\nChoose it here. The link works once, until " + until +
              " (UTC):\n\n" + std::string(url) +
              "\n\nIf you did not ask for this, tell the clinic. Your current password keeps "
              "working until the link is used.\n"};
}

EmailText AppointmentReminderEmail(std::string_view clinic_name, std::string_view given_name,
                                   std::string_view when, std::string_view portal_url,
                                   std::string_view unsubscribe_url) {
  const std::string clinic(clinic_name);
  return {"Your appointment reminder",
          Hello(given_name) + "A reminder of your appointment at " + clinic + " on " +
              std::string(when) +
              ".\n\nYour plan and upcoming appointments are in the portal:\n\n" +
              std::string(portal_url) +
              "\n\nIf you cannot come, please cancel in the portal or call the clinic.\n\n"
              "To stop appointment reminders by email, open:\n" +
              std::string(unsubscribe_url) + "\n"};
}

EmailText HomeProgramNudgeEmail(std::string_view clinic_name, std::string_view given_name,
                                std::string_view portal_url, std::string_view unsubscribe_url) {
  const std::string clinic(clinic_name);
  return {"Your daily reminder",
          Hello(given_name) + "This is " + clinic +
              "'s reminder to do today's home exercises. You can tick them off in the "
              "portal:\n\n" +
              std::string(portal_url) + "\n\nTo stop these daily reminders by email, open:\n" +
              std::string(unsubscribe_url) + "\n"};
}

}  // namespace backcare::app
