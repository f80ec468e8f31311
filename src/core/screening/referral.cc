#include "core/screening/referral.h"

#include <string>
#include <vector>

#include "core/screening/screen.h"

namespace backcare::screening {

std::string_view ReferralOutcomeName(ReferralOutcome outcome) {
  return NameOf(kReferralOutcomeNames, outcome);
}
std::optional<ReferralOutcome> ParseReferralOutcome(std::string_view name) {
  return ValueOf(kReferralOutcomeNames, name);
}

bool OpensReferral(Decision decision) { return !AllowsTreatment(decision); }

Status CheckNotSuspended(std::string_view subject, std::string_view action, std::int64_t patient_id,
                         std::int64_t screening_id, Decision decision) {
  if (!OpensReferral(decision)) {
    return OkStatus();
  }
  return FailedPrecondition(
      std::string(subject) + " is suspended and cannot " + std::string(action) + ": patient " +
      std::to_string(patient_id) + " has an open referral (screening " +
      std::to_string(screening_id) + " decided '" + std::string(DecisionName(decision)) +
      "') until its outcome is recorded (medical clearance or discontinuation)");
}

Status CheckReferralOutcome(const OutcomeRecord& record, std::int64_t patient_id,
                            std::int64_t screening_id, Decision decision, clinic::Date referred_on,
                            clinic::Date today) {
  if (!OpensReferral(decision)) {
    return FailedPrecondition("patient " + std::to_string(patient_id) +
                              " has no open referral (screening " + std::to_string(screening_id) +
                              " decided '" + std::string(DecisionName(decision)) + "')");
  }
  std::vector<FieldError> errors;
  const auto text = [&](std::string_view field, const std::string& value,
                        std::string_view missing) {
    if (value.empty()) {
      errors.push_back({"", std::string(field), std::string(missing)});
    } else if (value.size() > kMaxOutcomeTextLength) {
      errors.push_back({"", std::string(field), "expected at most 500 characters"});
    }
  };
  switch (record.outcome) {
    case ReferralOutcome::kNone:
      errors.push_back({"", "outcome", "expected 'cleared' or 'discontinued'"});
      break;
    case ReferralOutcome::kCleared:
      if (!record.cleared_on) {
        errors.push_back({"", "cleared_on", "expected the date of the medical clearance"});
      } else if (*record.cleared_on > today) {
        errors.push_back({"", "cleared_on",
                          clinic::FormatDate(*record.cleared_on) + " is after today (" +
                              clinic::FormatDate(today) + ")"});
      } else if (*record.cleared_on < referred_on) {
        errors.push_back({"", "cleared_on",
                          clinic::FormatDate(*record.cleared_on) + " is before the referral (" +
                              clinic::FormatDate(referred_on) + ")"});
      }
      text("source", record.source, "expected who gave the clearance");
      if (record.note.size() > kMaxOutcomeTextLength) {
        errors.push_back({"", "note", "expected at most 500 characters"});
      }
      break;
    case ReferralOutcome::kDiscontinued:
      text("note", record.note, "expected why treatment is discontinued");
      break;
  }
  if (!errors.empty()) {
    return InvalidInput("referral outcome is invalid", std::move(errors));
  }
  return OkStatus();
}

}  // namespace backcare::screening
