#include "core/screening/catalog.h"

#include <array>

namespace backcare::screening {
namespace {

constexpr std::array kConditions = {
    // Suspected cauda equina syndrome: emergency referral.
    Condition{"saddle_anaesthesia", "Saddle anaesthesia", Decision::kReferEmergency, false},
    Condition{"bladder_or_bowel_dysfunction", "New bladder or bowel dysfunction",
              Decision::kReferEmergency, false},
    Condition{"bilateral_or_progressive_leg_weakness", "Bilateral or progressive leg weakness",
              Decision::kReferEmergency, false},
    // Urgent referral.
    Condition{"progressive_neurological_deficit", "Progressive neurological deficit",
              Decision::kReferUrgent, false},
    Condition{"fever_or_suspected_infection", "Fever or suspected infection",
              Decision::kReferUrgent, false},
    Condition{"suspected_dvt", "Suspected deep vein thrombosis", Decision::kReferUrgent, false},
    // Medical review before treatment.
    Condition{"history_of_cancer", "History of cancer", Decision::kMedicalReview, false},
    Condition{"unexplained_weight_loss", "Unexplained weight loss", Decision::kMedicalReview,
              false},
    Condition{"significant_trauma", "Significant trauma or suspected fracture",
              Decision::kMedicalReview, false},
    Condition{"inflammatory_back_pain", "Inflammatory back pain", Decision::kMedicalReview, false},
    // Treat with deep pressure disabled.
    Condition{"anticoagulants", "Takes anticoagulants", Decision::kModify, false},
    Condition{"bleeding_disorder", "Bleeding disorder", Decision::kModify, false},
    Condition{"osteoporosis", "Osteoporosis", Decision::kModify, false},
    Condition{"long_term_steroids", "Long-term corticosteroids", Decision::kModify, false},
    Condition{"pregnancy", "Pregnancy", Decision::kModify, false},
    Condition{"peripheral_neuropathy", "Peripheral neuropathy", Decision::kModify, false},
    // Treat, avoiding the area.
    Condition{"open_wound", "Open wound", Decision::kAvoidArea, false},
    Condition{"skin_lesion", "Skin lesion or infection", Decision::kAvoidArea, false},
    Condition{"recent_surgery", "Recent surgery site", Decision::kAvoidArea, false},
    Condition{"recent_fracture_site", "Recent fracture site", Decision::kAvoidArea, false},
    Condition{"varicose_veins", "Varicose veins", Decision::kAvoidArea, false},
    // Sciatic signs: tracked, not a refusal by themselves.
    Condition{"radiating_leg_pain", "Radiating leg pain (sciatica)", Decision::kClear, true},
    Condition{"leg_numbness", "Numbness or tingling in the leg", Decision::kClear, true},
};

}  // namespace

std::string_view DecisionName(Decision decision) { return NameOf(kDecisionNames, decision); }
std::optional<Decision> ParseDecision(std::string_view name) {
  return ValueOf(kDecisionNames, name);
}

std::span<const Condition> ConditionCatalog() { return kConditions; }

const Condition* FindCondition(std::string_view id) {
  for (const Condition& condition : kConditions) {
    if (condition.id == id) return &condition;
  }
  return nullptr;
}

std::string_view GroupName(const Condition& condition) {
  return condition.tracked_sign ? std::string_view("tracked") : DecisionName(condition.decision);
}

}  // namespace backcare::screening
