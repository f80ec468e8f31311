// The data of the in-memory store (internal to src/store/memory): every table as an ordered map,
// and CommittedState, the store's last committed State as an immutable snapshot that a commit
// replaces whole. Read-only transactions share the snapshot; a read-write transaction works on
// its own copy (see transaction.h).
#ifndef BACKCARE_STORE_MEMORY_STATE_H_
#define BACKCARE_STORE_MEMORY_STATE_H_

#include <compare>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include "core/ports/clinic_store.h"
#include "store/common/validation.h"

namespace backcare::store::memory {

struct AdherenceKey {
  std::int64_t clinic_id;
  std::int64_t patient_id;
  std::int64_t days;  // sys_days count
  std::string exercise_id;
  friend auto operator<=>(const AdherenceKey&, const AdherenceKey&) = default;
};

// Everything the store holds.
struct State {
  std::int64_t next_id = 1;  // one id sequence for all tables keeps ids unique and simple
  std::map<std::int64_t, clinic::Clinic> clinics;
  std::map<std::int64_t, clinic::User> users;
  std::map<std::int64_t, clinic::Therapist> therapists;
  std::map<std::int64_t, clinic::Patient> patients;
  std::map<std::int64_t, clinic::Course> courses;
  std::map<std::int64_t, clinic::Session> sessions;
  std::map<std::int64_t, session::SessionNote> notes;
  std::map<std::int64_t, clinic::QuestionnaireResponse> responses;
  std::map<std::int64_t, clinic::ScreeningResult> screenings;
  std::map<std::int64_t, clinic::HomeProgramAssignment> assignments;
  std::map<AdherenceKey, clinic::AdherenceEntry> adherence;
  std::map<std::int64_t, clinic::Alert> alerts;
  std::map<std::int64_t, clinic::ClinicClosure> closures;
  std::map<std::string, clinic::WebSession, std::less<>> web_sessions;  // by id_hash
  // Recovery codes by (clinic, user): code hash -> used at (nullopt while unused).
  std::map<std::pair<std::int64_t, std::int64_t>,
           std::map<std::string, std::optional<clinic::Timestamp>, std::less<>>>
      recovery_codes;
  std::multimap<std::string, clinic::Timestamp, std::less<>> login_failures;  // by key
  std::map<std::string, clinic::AccessLink, std::less<>> access_links;        // by token_hash
  std::map<std::int64_t, clinic::OutgoingEmail> emails;
  std::map<std::string, clinic::CalendarFeed, std::less<>> calendar_feeds;  // by token_hash
  // By (clinic, patient): the settings of patients who changed them.
  std::map<std::pair<std::int64_t, std::int64_t>, clinic::PatientReminders> patient_reminders;
  // (clinic, kind name, patient, key) of every reminder sent -> when.
  std::map<std::tuple<std::int64_t, std::string, std::int64_t, std::string>, clinic::Timestamp>
      sent_reminders;
  std::map<std::string, clinic::UnsubscribeToken, std::less<>> unsubscribe_tokens;  // by hash
  std::map<std::int64_t, clinic::VapidKeys> vapid_keys;                             // by clinic
  std::map<std::int64_t, clinic::PushSubscription> push_subscriptions;
  // By (protocol_id, version): std::string orders bytewise, as the SQL stores list them.
  std::map<std::pair<std::string, int>, clinic::ProtocolVersion> protocols;
  std::map<std::int64_t, std::vector<clinic::AuditEvent>> audit;  // by clinic, in seq order
};

// The last committed State. Thread-safe. A published State is never changed again, so any number
// of threads may read a snapshot while a writer builds the next one.
class CommittedState {
 public:
  // The current snapshot; it stays valid (and unchanged) for as long as the pointer is held.
  std::shared_ptr<const State> Snapshot() const;
  // Makes `state` the committed state.
  void Publish(std::shared_ptr<const State> state);
  // Held by the one open read-write transaction: writers take turns.
  std::mutex& writer_mutex() { return writer_mutex_; }

 private:
  std::mutex writer_mutex_;
  mutable std::mutex state_mutex_;  // guards state_ (the pointer, not the State)
  std::shared_ptr<const State> state_ = std::make_shared<const State>();
};

// The row `id` of `table` (a map of State, const or not) when it belongs to `clinic_id`, or null.
template <typename Table>
auto Find(Table& table, ClinicId clinic_id, std::int64_t id) -> decltype(&table.begin()->second) {
  auto it = table.find(id);
  if (it == table.end() || it->second.clinic_id != clinic_id) {
    return nullptr;
  }
  return &it->second;
}

// The row `id` of `table` in the clinic, or kNotFound "<what> <id> not found".
template <typename Table>
auto Require(Table& table, std::string_view what, ClinicId clinic_id, std::int64_t id)
    -> Result<decltype(Find(table, clinic_id, id))> {
  auto* row = Find(table, clinic_id, id);
  if (row == nullptr) {
    return NotFoundError(what, id);
  }
  return row;
}

// A copy of the row `id` of `table` in the clinic, or kNotFound "<what> <id> not found".
template <typename T>
Result<T> Get(const std::map<std::int64_t, T>& table, std::string_view what, ClinicId clinic_id,
              std::int64_t id) {
  ASSIGN_OR_RETURN(const T* row, Require(table, what, clinic_id, id));
  return *row;
}

// Stores `row` in `table` (a map of `state`) under the next id, in the clinic; returns the id.
template <typename T>
auto Insert(State& state, std::map<std::int64_t, T>& table, T row, ClinicId clinic_id)
    -> decltype(row.id) {
  row.id = decltype(row.id)(state.next_id++);
  row.clinic_id = clinic_id;
  const auto id = row.id;
  table[id.value()] = std::move(row);
  return id;
}

// The rows of `table` for which `pred` holds, in id order.
template <typename T, typename Pred>
std::vector<T> Select(const std::map<std::int64_t, T>& table, Pred pred) {
  std::vector<T> out;
  for (const auto& [id, row] : table) {
    if (pred(row)) {
      out.push_back(row);
    }
  }
  return out;
}

// `at` truncated to whole microseconds, the precision the SQL stores keep.
inline clinic::Timestamp Micros(clinic::Timestamp at) {
  return clinic::FromUnixMicros(clinic::ToUnixMicros(at));
}

}  // namespace backcare::store::memory

#endif  // BACKCARE_STORE_MEMORY_STATE_H_
