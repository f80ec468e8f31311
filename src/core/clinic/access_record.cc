#include "core/clinic/access_record.h"

namespace backcare::clinic {
namespace {

struct PrefixWord {
  std::string_view prefix;
  std::string_view record;
};

// The record word of each action prefix the app layer audits about a patient's records.
constexpr PrefixWord kRecordOfPrefix[] = {
    {"chart", "chart"},
    {"patient", "contact"},  // patient.read is the chart: see ClassifyAccess
    {"note", "notes"},
    {"session", "sessions"},
    {"plan", "plan"},
    {"response", "questionnaires"},
    {"progress", "progress"},
    {"portal", "questionnaires"},  // portal.read: which check-in is due
    {"report", "report"},          // the printable progress report
    {"home_program", "home_program"},
    {"adherence", "home_program"},
    {"screening", "screening"},
    {"referral", "screening"},
    {"course", "course"},
    {"cohort", "course"},
    {"alert", "alerts"},
    {"access_log", "access_log"},
};

}  // namespace

AccessRecord ClassifyAccess(std::string_view action) {
  const std::size_t dot = action.find('.');
  const std::string_view prefix = action.substr(0, dot);
  const std::string_view verb =
      dot == std::string_view::npos ? std::string_view() : action.substr(dot + 1);
  const bool export_verb = verb.starts_with("export");
  AccessRecord out;
  out.kind =
      verb == "read" || verb == "list" || export_verb ? AccessKind::kRead : AccessKind::kChange;
  out.record = "record";
  if (export_verb) {
    out.record = "export";
  } else if (action == "patient.read") {
    out.record = "chart";
  } else {
    for (const PrefixWord& entry : kRecordOfPrefix) {
      if (entry.prefix == prefix) {
        out.record = entry.record;
        break;
      }
    }
  }
  return out;
}

std::string_view AccessKindName(AccessKind kind) {
  return kind == AccessKind::kRead ? "read" : "change";
}

}  // namespace backcare::clinic
