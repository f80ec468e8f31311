// The catalogue of screening conditions: red flags, contraindications, precautions and tracked
// signs, each with the decision it leads to. Protocol files name these ids in technique
// precautions; the screening module (screen.h) turns a patient's findings into a decision.
//
// Sources: NICE NG59 (2016, updated 2020) low back pain and sciatica; the UK "red flags"
// consensus for cauda equina (Greenhalgh et al. 2018, International Framework for red flags for
// potential serious spinal pathologies, JOSPT 48(10)); massage contraindication lists in
// Batavia 2004 (Contraindications for therapeutic massage, Phys Ther 84).
#ifndef BACKCARE_CORE_SCREENING_CATALOG_H_
#define BACKCARE_CORE_SCREENING_CATALOG_H_

#include <optional>
#include <span>
#include <string_view>

#include "core/base/enum_names.h"

namespace backcare::screening {

// Ordered from least to most restrictive; a patient's decision is the most restrictive one
// among the conditions found.
enum class Decision {
  kClear,
  kAvoidArea,       // treat, but not over the named area
  kModify,          // treat with deep-pressure techniques disabled
  kMedicalReview,   // no treatment until a doctor has reviewed
  kReferUrgent,     // refer the same or next day
  kReferEmergency,  // send to emergency care now (suspected cauda equina)
};

inline constexpr EnumNames<Decision, 6> kDecisionNames = {{
    {Decision::kClear, "clear"},
    {Decision::kAvoidArea, "avoid_area"},
    {Decision::kModify, "modify"},
    {Decision::kMedicalReview, "medical_review"},
    {Decision::kReferUrgent, "refer_urgent"},
    {Decision::kReferEmergency, "refer_emergency"},
}};

std::string_view DecisionName(Decision decision);
// Inverse of DecisionName; nullopt for any other text.
std::optional<Decision> ParseDecision(std::string_view name);

struct Condition {
  std::string_view id;     // stable identifier used in files and the API
  std::string_view label;  // short human description
  Decision decision;       // kClear for tracked signs that do not restrict treatment
  bool tracked_sign;       // sciatic signs: recorded and followed, not a refusal
};

// The group a condition belongs to, as the API and the intake screen name it: "tracked" for a
// tracked sign, else the name of its decision ("refer_emergency", ..., "avoid_area").
std::string_view GroupName(const Condition& condition);

// Every known condition, in a stable order.
std::span<const Condition> ConditionCatalog();

// The condition with this id, or nullptr.
const Condition* FindCondition(std::string_view id);

}  // namespace backcare::screening

#endif  // BACKCARE_CORE_SCREENING_CATALOG_H_
