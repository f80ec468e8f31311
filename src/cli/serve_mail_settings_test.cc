// The email settings of `backcare serve` (issue #14 item 5): public_url, smtp_url, smtp_from,
// smtp_user and smtp_password_file, from flag, environment and config file, and what each needs.
#include <gtest/gtest.h>

#include <fstream>
#include <string>

#include "cli/serve_options.h"
#include "testing/status_matchers.h"

namespace backcare::cli {
namespace {

std::optional<std::string> NoVariables(const std::string&) { return std::nullopt; }

TEST(ServeMailSettingsTest, UnsetMeansNoEmail) {
  ASSERT_OK_AND_ASSIGN(ServeOptions options,
                       ResolveServeOptions(ServeSources{{{"db", "memory:"}}, NoVariables, ""}));
  EXPECT_EQ(options.smtp_url, "");
  EXPECT_EQ(options.public_url, "");
}

TEST(ServeMailSettingsTest, FromFlagEnvironmentAndFile) {
  const std::string path = ::testing::TempDir() + "backcare_serve_mail_settings.toml";
  std::ofstream(path, std::ios::binary)
      << "smtp_url = \"smtp://mail.example:587\"\nsmtp_from = \"clinic@example.org\"\n"
         "smtp_user = \"clinic\"\nsmtp_password_file = \"/etc/backcare/smtp\"\n";
  ASSERT_OK_AND_ASSIGN(
      ServeOptions options,
      ResolveServeOptions(ServeSources{{{"db", "memory:"}, {"smtp_from", "desk@example.org"}},
                                       [](const std::string& name) -> std::optional<std::string> {
                                         if (name == "BACKCARE_PUBLIC_URL")
                                           return "https://backcare.example";
                                         return std::nullopt;
                                       },
                                       path}));
  EXPECT_EQ(options.smtp_url, "smtp://mail.example:587");
  EXPECT_EQ(options.smtp_from, "desk@example.org");  // flag over file
  EXPECT_EQ(options.smtp_user, "clinic");
  EXPECT_EQ(options.smtp_password_file, "/etc/backcare/smtp");
  EXPECT_EQ(options.public_url, "https://backcare.example");
}

TEST(ServeMailSettingsTest, SmtpNeedsASenderAndAPublicUrl) {
  ASSERT_ERROR_AND_ASSIGN(
      Error error,
      ResolveServeOptions(
          ServeSources{{{"db", "memory:"}, {"smtp_url", "smtp://mail.example"}}, NoVariables, ""}),
      ErrorCode::kInvalidInput);
  ASSERT_EQ(error.fields.size(), 2u);
  EXPECT_EQ(error.fields[0].ToString(), "smtp_from: required with smtp_url");
  EXPECT_EQ(error.fields[1].ToString(),
            "public_url: required with smtp_url (the links in emails point there)");
  ASSERT_ERROR_AND_ASSIGN(
      error,
      ResolveServeOptions(
          ServeSources{{{"db", "memory:"}, {"public_url", "backcare.example"}}, NoVariables, ""}),
      ErrorCode::kInvalidInput);
  ASSERT_EQ(error.fields.size(), 1u);
  EXPECT_EQ(error.fields[0].ToString(),
            "public_url: expected http://... or https://..., got 'backcare.example' (from "
            "--public-url)");
}

}  // namespace
}  // namespace backcare::cli
