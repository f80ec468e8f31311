#include "app/email_templates.h"

namespace backcare::app {

EmailText AccessLinkEmail(clinic::AccessPurpose purpose, std::string_view clinic_name,
                          std::string_view display_name, std::string_view url,
                          clinic::Timestamp expires_at) {
  const std::string hello =
      display_name.empty() ? "Hello,\n\n" : "Hello " + std::string(display_name) + ",\n\n";
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

}  // namespace backcare::app
