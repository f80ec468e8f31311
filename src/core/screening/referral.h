// Referral holds: while a patient's latest screening decision does not allow treatment
// (medical_review, refer_urgent, refer_emergency) the patient has an open referral, and every
// session of theirs is suspended. A suspended session keeps its status (booked sessions stay
// booked, so they are neither lost nor silently freed), but nothing clinical happens on it: it is
// not marked attended or missed, and no note is drafted, edited or signed for it, until a later
// screening allows treatment again. Pure; the caller loads the latest screening.
#ifndef BACKCARE_CORE_SCREENING_REFERRAL_H_
#define BACKCARE_CORE_SCREENING_REFERRAL_H_

#include <cstdint>
#include <string_view>

#include "core/base/result.h"
#include "core/screening/catalog.h"

namespace backcare::screening {

// True when `decision` opens a referral (the same decisions AllowsTreatment refuses).
bool OpensReferral(Decision decision);

// OK when the patient's latest screening (`screening_id`, `decision`) allows treatment.
// Otherwise kFailedPrecondition naming the subject, the action and the referral, e.g.
//   "session 12 is suspended and cannot be marked attended: patient 3 has an open referral
//    (screening 7 decided 'refer_emergency') until a screening allows treatment again"
// `subject` is the record ("session 12"), `action` what was asked ("be marked attended").
Status CheckNotSuspended(std::string_view subject, std::string_view action, std::int64_t patient_id,
                         std::int64_t screening_id, Decision decision);

}  // namespace backcare::screening

#endif  // BACKCARE_CORE_SCREENING_REFERRAL_H_
