// The text of the emails backcare sends. A body names the clinic, greets the person and carries
// the one-time link; it never holds clinical detail (no condition, appointment or note), because
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

}  // namespace backcare::app

#endif  // BACKCARE_APP_EMAIL_TEMPLATES_H_
