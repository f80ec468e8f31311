// Patient-facing wording. Clinicians' labels (an ODI band of "crippled", a STarT Back risk of
// "high", a progress status of "off_track") are instrument terms for staff; a patient reading
// their own results gets a short plain-language sentence in their place, agreed with clinicians
// (docs/instruments.md, "Patient-facing wording"). Pure functions of the label; the sentences
// never contain the label they replace.
#ifndef BACKCARE_CORE_INSTRUMENT_PLAIN_LANGUAGE_H_
#define BACKCARE_CORE_INSTRUMENT_PLAIN_LANGUAGE_H_

#include <string_view>

#include "core/clinic/user.h"
#include "core/instrument/instrument.h"

namespace backcare::instrument {

// Who reads a result: staff read the instrument's terms, a patient the plain wording.
enum class Audience { kStaff, kPatient };

// kPatient for Role::kPatient, kStaff for every other role.
Audience AudienceOf(clinic::Role role);

// The sentence shown to a patient for `band` of `instrument` (score.h: OdiBandName for ODI,
// StartBackRiskName for STarT Back). Empty for an empty band (NPRS, RMDQ and PEG have none);
// kPlainFallback for a band this instrument does not produce.
std::string_view PlainBandSummary(InstrumentId instrument, std::string_view band);

// The sentence shown to a patient for a progress status (progress/trajectory.h and
// progress/progress_report.h: "ahead", "on_track", "behind", "off_track", "no_band", "worse",
// "not_evaluable", "no_data"); kPlainFallback for any other text.
std::string_view PlainProgressSummary(std::string_view status);

// The sentence shown to a patient for an ODI/RMDQ change class (change.h ResponderClassName:
// "substantial", "moderate", "not_responder", "worsened", "not_evaluable"); kPlainFallback for
// any other text.
std::string_view PlainChangeSummary(std::string_view responder_class);

// The neutral sentence for a label with no agreed wording: never the label itself.
inline constexpr std::string_view kPlainFallback =
    "Your therapist will go through these results with you.";

}  // namespace backcare::instrument

#endif  // BACKCARE_CORE_INSTRUMENT_PLAIN_LANGUAGE_H_
