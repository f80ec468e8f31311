#include "app/email_templates.h"

#include <gtest/gtest.h>

#include <array>
#include <string_view>

namespace backcare::app {
namespace {

// Words that would carry clinical detail into a mail server the clinic does not control.
constexpr std::array<std::string_view, 10> kClinicalWords = {
    "pain",      "back",      "massage", "therap", "diagnos",
    "treatment", "exercise:", "nprs",    "note",   "condition"};

void ExpectNoClinicalDetail(const EmailText& text) {
  std::string lower = text.subject + "\n" + text.body;
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (std::string_view word : kClinicalWords) {
    EXPECT_EQ(lower.find(word), std::string::npos) << word << " in:\n" << lower;
  }
}

bool IsAscii(std::string_view text) {
  for (char c : text) {
    if (static_cast<unsigned char>(c) > 0x7e || c == '\r' || c == '\n') return false;
  }
  return true;
}

TEST(ReminderEmailTest, AppointmentNamesClinicPatientTimeAndLinks) {
  const EmailText text = AppointmentReminderEmail(
      "Riverside Clinic", "Ada", "Tue 8 Dec 2026 at 10:00", "https://clinic.example/portal",
      "https://clinic.example/unsubscribe#token=abc");
  EXPECT_TRUE(IsAscii(text.subject)) << text.subject;
  EXPECT_NE(text.body.find("Hello Ada,"), std::string::npos);
  EXPECT_NE(text.body.find("Riverside Clinic"), std::string::npos);
  EXPECT_NE(text.body.find("Tue 8 Dec 2026 at 10:00"), std::string::npos);
  EXPECT_NE(text.body.find("https://clinic.example/portal\n"), std::string::npos);
  EXPECT_NE(text.body.find("https://clinic.example/unsubscribe#token=abc"), std::string::npos);
  ExpectNoClinicalDetail(text);
}

TEST(ReminderEmailTest, NudgeSaysTodaysHomeExercisesAndNothingMore) {
  const EmailText text = HomeProgramNudgeEmail("Riverside Clinic", "", "https://c.example/portal",
                                               "https://c.example/unsubscribe#token=xyz");
  EXPECT_TRUE(IsAscii(text.subject)) << text.subject;
  EXPECT_TRUE(text.body.starts_with("Hello,\n\n"));
  EXPECT_NE(text.body.find("reminder to do today's home exercises"), std::string::npos);
  EXPECT_NE(text.body.find("https://c.example/portal\n"), std::string::npos);
  EXPECT_NE(text.body.find("https://c.example/unsubscribe#token=xyz"), std::string::npos);
  ExpectNoClinicalDetail(text);
}

}  // namespace
}  // namespace backcare::app
