#include "core/instrument/plain_language.h"

#include <array>
#include <utility>

namespace backcare::instrument {
namespace {

using Wording = std::pair<std::string_view, std::string_view>;  // label, sentence

template <std::size_t N>
std::string_view Lookup(const std::array<Wording, N>& table, std::string_view label) {
  for (const auto& [key, sentence] : table) {
    if (key == label) return sentence;
  }
  return kPlainFallback;
}

// Oswestry Disability Index bands (Fairbank & Pynsent, Spine 2000;25:2940): score.h OdiBandName.
constexpr std::array<Wording, 5> kOdiBands = {{
    {"minimal", "Your answers show your back pain has little effect on your daily activities."},
    {"moderate",
     "Your answers show your back pain makes some daily activities, such as sitting, lifting or "
     "travelling, harder."},
    {"severe",
     "Your answers show your back pain makes many daily activities harder; your therapist will "
     "work on them with you."},
    {"crippled",
     "Your answers show back pain limits many parts of your daily life; your therapist will plan "
     "your care with this in mind."},
    {"bed_bound",
     "Your answers show back pain limits almost all of your daily life at the moment; your "
     "therapist will talk with you about the support you need."},
}};

// STarT Back risk groups (Hill et al., Arthritis Rheum 2008;59:632): score.h StartBackRiskName.
constexpr std::array<Wording, 3> kStartBackRisks = {{
    {"low",
     "Your answers suggest your back pain is likely to settle with usual care and staying "
     "active."},
    {"medium",
     "Your answers suggest your back pain is affecting you in a few ways; your therapist will "
     "help you get moving with confidence."},
    {"high",
     "Your answers suggest your back pain is affecting you in several ways, including how you "
     "feel; your therapist will plan extra support with you."},
}};

constexpr std::array<Wording, 8> kProgressStatuses = {{
    {"ahead",
     "Your pain has eased more than we expected by this point. Keep going with your plan."},
    {"on_track", "Your pain has eased about as much as we expected by this point."},
    {"behind",
     "Your pain has eased a little less than we hoped by this point; your therapist will keep an "
     "eye on it with you."},
    {"off_track",
     "Your pain has not eased as much as we hoped by this point; your therapist will review your "
     "plan with you."},
    {"no_band",
     "Your pain scores are recorded; your therapist will go through how you are doing with you."},
    {"worse",
     "Your pain scores have gone up since you started; please tell your therapist, who will "
     "review your plan with you."},
    {"not_evaluable",
     "Your first pain score was zero, so your therapist will look at how you are doing with you "
     "rather than by a percentage."},
    {"no_data",
     "There are no pain scores to compare yet; they will appear after your next questionnaire."},
}};

constexpr std::array<Wording, 5> kChangeClasses = {{
    {"substantial", "Your daily activities have become a lot easier since you started."},
    {"moderate", "Your daily activities have become somewhat easier since you started."},
    {"not_responder",
     "Your daily activities have not become much easier yet; your therapist will review your "
     "plan with you."},
    {"worsened",
     "Your daily activities have become harder since you started; please tell your therapist, "
     "who will review your plan with you."},
    {"not_evaluable",
     "Your first answers showed little or no difficulty, so your therapist will look at how you "
     "are doing with you."},
}};

}  // namespace

Audience AudienceOf(clinic::Role role) {
  return role == clinic::Role::kPatient ? Audience::kPatient : Audience::kStaff;
}

std::string_view PlainBandSummary(InstrumentId instrument, std::string_view band) {
  if (band.empty()) return {};
  switch (instrument) {
    case InstrumentId::kOdi:
      return Lookup(kOdiBands, band);
    case InstrumentId::kStartBack:
      return Lookup(kStartBackRisks, band);
    case InstrumentId::kNprs:
    case InstrumentId::kRmdq:
    case InstrumentId::kPeg:
      break;
  }
  return kPlainFallback;
}

std::string_view PlainProgressSummary(std::string_view status) {
  return Lookup(kProgressStatuses, status);
}

std::string_view PlainChangeSummary(std::string_view responder_class) {
  return Lookup(kChangeClasses, responder_class);
}

}  // namespace backcare::instrument
