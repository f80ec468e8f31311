#include "core/screening/findings.h"

#include <algorithm>

#include "core/screening/catalog.h"

namespace backcare::screening {
namespace {

bool Contains(std::span<const Finding> findings, std::string_view condition) {
  return std::any_of(findings.begin(), findings.end(),
                     [&](const Finding& finding) { return finding.condition == condition; });
}

}  // namespace

bool IsRedFlag(std::string_view condition) {
  const Condition* found = FindCondition(condition);
  return found != nullptr && !AllowsTreatment(found->decision);
}

Result<std::vector<Finding>> CarryForward(std::span<const Finding> active,
                                          std::span<const Finding> found,
                                          std::span<const Resolution> resolved) {
  std::vector<FieldError> errors;
  for (std::size_t i = 0; i < resolved.size(); ++i) {
    const std::string at = "resolved[" + std::to_string(i) + "].";
    const std::string& condition = resolved[i].condition;
    if (!Contains(active, condition)) {
      errors.push_back({"", at + "condition", "'" + condition + "' is not an active finding"});
    } else if (Contains(found, condition)) {
      errors.push_back({"", at + "condition", "'" + condition + "' is both found and resolved"});
    } else if (std::any_of(resolved.begin(), resolved.begin() + static_cast<std::ptrdiff_t>(i),
                           [&](const Resolution& r) { return r.condition == condition; })) {
      errors.push_back({"", at + "condition", "'" + condition + "' is resolved twice"});
    }
    if (resolved[i].reason.empty()) {
      errors.push_back({"", at + "reason", "expected a reason"});
    } else if (resolved[i].reason.size() > kMaxReasonLength) {
      errors.push_back({"", at + "reason", "expected at most 500 characters"});
    }
  }
  if (!errors.empty()) {
    return InvalidInput("screening resolutions are invalid", std::move(errors));
  }
  for (const Resolution& resolution : resolved) {
    if (IsRedFlag(resolution.condition)) {
      return FailedPrecondition("'" + resolution.condition +
                                "' is a red flag: it is closed by recording the referral's "
                                "outcome (medical clearance or discontinuation), not by a "
                                "re-screen");
    }
  }

  std::vector<Finding> result;
  const auto keep = [&](const Finding& finding) {
    if (std::find(result.begin(), result.end(), finding) == result.end()) {
      result.push_back(finding);
    }
  };
  for (const Finding& finding : active) {
    if (std::none_of(resolved.begin(), resolved.end(),
                     [&](const Resolution& r) { return r.condition == finding.condition; })) {
      keep(finding);
    }
  }
  for (const Finding& finding : found) {
    keep(finding);
  }
  return result;
}

Cleared ClearRedFlags(std::span<const Finding> active) {
  Cleared cleared;
  for (const Finding& finding : active) {
    if (IsRedFlag(finding.condition)) {
      cleared.resolved_ids.push_back(finding.condition);
    } else {
      cleared.remaining.push_back(finding);
    }
  }
  return cleared;
}

}  // namespace backcare::screening
