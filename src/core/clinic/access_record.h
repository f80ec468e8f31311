// What a patient's access log shows of an audit event: whether the event read or changed the
// patient's records, and a plain, stable word for the kind of record it touched ("chart",
// "notes", ...). The words are part of the API (GET /api/v1/patients/{id}/access-log) and the
// portal translates them; the one table mapping an action to its word is in access_record.cc.
#ifndef BACKCARE_CORE_CLINIC_ACCESS_RECORD_H_
#define BACKCARE_CORE_CLINIC_ACCESS_RECORD_H_

#include <string_view>

namespace backcare::clinic {

enum class AccessKind { kRead, kChange };

struct AccessRecord {
  AccessKind kind = AccessKind::kChange;
  std::string_view record;  // a static string, e.g. "chart"
  friend bool operator==(const AccessRecord&, const AccessRecord&) = default;
};

// The kind and record word of an audit action ("<prefix>.<verb>", e.g. "note.sign"). The kind is
// kRead for a verb "read" or "list" or one starting with "export" (e.g. "export_download"), and
// kChange for every other verb. The record word comes from the prefix through one table (e.g.
// "note" -> "notes", "response" -> "questionnaires"), with these by the whole action:
// "patient.read" -> "chart" (it reads the chart), any other "patient." action -> "contact",
// "cohort.generate" -> "course", "adherence.*" -> "home_program", "referral.*" -> "screening",
// and any action whose verb starts with "export" -> "export". An action the table does not know
// gets "record" (never an error: the log shows every event about the patient).
AccessRecord ClassifyAccess(std::string_view action);

// "read" or "change".
std::string_view AccessKindName(AccessKind kind);

}  // namespace backcare::clinic

#endif  // BACKCARE_CORE_CLINIC_ACCESS_RECORD_H_
