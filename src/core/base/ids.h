// Strong ID types: a PatientId cannot be passed where a CourseId is expected.
// IDs are positive 64-bit integers assigned by the store; 0 means "not yet assigned".
#ifndef BACKCARE_CORE_BASE_IDS_H_
#define BACKCARE_CORE_BASE_IDS_H_

#include <compare>
#include <cstdint>
#include <functional>

namespace backcare {

template <typename Tag>
class StrongId {
 public:
  constexpr StrongId() = default;
  constexpr explicit StrongId(std::int64_t value) : value_(value) {}

  constexpr std::int64_t value() const { return value_; }
  constexpr bool is_assigned() const { return value_ > 0; }

  friend constexpr auto operator<=>(StrongId, StrongId) = default;

 private:
  std::int64_t value_ = 0;
};

using ClinicId = StrongId<struct ClinicIdTag>;
using UserId = StrongId<struct UserIdTag>;
using TherapistId = StrongId<struct TherapistIdTag>;
using PatientId = StrongId<struct PatientIdTag>;
using CourseId = StrongId<struct CourseIdTag>;
using SessionId = StrongId<struct SessionIdTag>;
using NoteId = StrongId<struct NoteIdTag>;
using ResponseId = StrongId<struct ResponseIdTag>;
using RoomId = StrongId<struct RoomIdTag>;
using AlertId = StrongId<struct AlertIdTag>;
using ClosureId = StrongId<struct ClosureIdTag>;
using EmailId = StrongId<struct EmailIdTag>;
using PushSubscriptionId = StrongId<struct PushSubscriptionIdTag>;

}  // namespace backcare

template <typename Tag>
struct std::hash<backcare::StrongId<Tag>> {
  std::size_t operator()(backcare::StrongId<Tag> id) const noexcept {
    return std::hash<std::int64_t>{}(id.value());
  }
};

#endif  // BACKCARE_CORE_BASE_IDS_H_
