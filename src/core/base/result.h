// Result<T> and Status: the one way backcare reports an expected failure.
//
// An Error carries a code from a small set (see ErrorCode), a message that names the place
// ("plan.toml:14:3: phases[2].cadence.sessions_per_week: expected > 0, got 0"), and, for
// validation failures, every field error found at once. Bugs are not Errors: they are
// BACKCARE_CHECK failures (check.h). Result's method names follow std::expected so the type can
// become an alias once the toolchain has it.
#ifndef BACKCARE_CORE_BASE_RESULT_H_
#define BACKCARE_CORE_BASE_RESULT_H_

#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "core/base/check.h"

namespace backcare {

// Each code maps to exactly one HTTP status and one CLI exit code (ExitCodeFor, HttpStatusFor).
enum class ErrorCode {
  kInvalidInput,        // malformed or fails validation; carries field errors      (400/422, 2)
  kNotFound,            // absent, or not visible to this user                       (404, 3)
  kConflict,            // version clash or uniqueness violation                      (409, 4)
  kFailedPrecondition,  // not allowed in this state (e.g. editing a signed note)    (409, 4)
  kGone,                // valid once, no longer: a used or expired one-time link    (410, 4)
  kPermissionDenied,    // authenticated but not allowed                              (403, 5)
  kUnauthenticated,     // no valid credentials                                       (401, 5)
  kUnavailable,         // store busy or down; the caller may retry                   (503, 6)
  kDataCorruption,      // stored data fails validation on load                       (500, 7)
  kInternal,            // a bug                                                      (500, 70)
};

// Lower-case snake name of a code, as used in JSON ("invalid_input").
std::string_view ErrorCodeName(ErrorCode code);
int ExitCodeFor(ErrorCode code);
int HttpStatusFor(ErrorCode code);

// One problem with one field. `path` is the field path ("phases[1].end_week"); `location` is
// "file:line:column" when the input came from a file, else empty.
struct FieldError {
  std::string location;
  std::string path;
  std::string message;

  // "location: path: message", omitting empty parts.
  std::string ToString() const;
  friend bool operator==(const FieldError&, const FieldError&) = default;
};

struct Error {
  ErrorCode code = ErrorCode::kInternal;
  std::string message;
  std::vector<FieldError> fields;

  // The message followed by one line per field error.
  std::string ToString() const;
};

Error InvalidInput(std::string message, std::vector<FieldError> fields = {});
Error NotFound(std::string message);
Error Conflict(std::string message);
Error FailedPrecondition(std::string message);
Error Gone(std::string message);
Error PermissionDenied(std::string message);
Error Unauthenticated(std::string message);
Error Unavailable(std::string message);
Error DataCorruption(std::string message);
Error Internal(std::string message);

// Holds either a T or an Error. Constructible implicitly from either, so functions can
// `return value;` or `return NotFound("...");`.
template <typename T>
class [[nodiscard]] Result {
 public:
  using value_type = T;

  Result(const T& value) : state_(std::in_place_index<0>, value) {}  // NOLINT: implicit by design
  Result(T&& value) : state_(std::in_place_index<0>, std::move(value)) {}    // NOLINT
  Result(Error error) : state_(std::in_place_index<1>, std::move(error)) {}  // NOLINT
  template <typename U>
  requires(std::is_constructible_v<T, U&&> && !std::is_same_v<std::decay_t<U>, T> &&
           !std::is_same_v<std::decay_t<U>, Error> && !std::is_same_v<std::decay_t<U>, Result<T>>)
      Result(U&& value)
      : state_(std::in_place_index<0>, std::forward<U>(value)) {}  // NOLINT

  bool has_value() const { return state_.index() == 0; }
  explicit operator bool() const { return has_value(); }

  T& value() & {
    BACKCARE_CHECK(has_value());
    return std::get<0>(state_);
  }
  const T& value() const& {
    BACKCARE_CHECK(has_value());
    return std::get<0>(state_);
  }
  T&& value() && {
    BACKCARE_CHECK(has_value());
    return std::get<0>(std::move(state_));
  }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T&& operator*() && { return std::move(*this).value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  template <typename U>
  T value_or(U&& fallback) const& {
    return has_value() ? std::get<0>(state_) : static_cast<T>(std::forward<U>(fallback));
  }

  const Error& error() const& {
    BACKCARE_CHECK(!has_value());
    return std::get<1>(state_);
  }
  Error&& error() && {
    BACKCARE_CHECK(!has_value());
    return std::get<1>(std::move(state_));
  }

 private:
  std::variant<T, Error> state_;
};

// Success or an Error.
template <>
class [[nodiscard]] Result<void> {
 public:
  using value_type = void;

  Result() = default;
  Result(Error error) : error_(std::move(error)), ok_(false) {}  // NOLINT: implicit by design

  bool has_value() const { return ok_; }
  explicit operator bool() const { return ok_; }
  void value() const { BACKCARE_CHECK(ok_); }

  const Error& error() const& {
    BACKCARE_CHECK(!ok_);
    return error_;
  }
  Error&& error() && {
    BACKCARE_CHECK(!ok_);
    return std::move(error_);
  }

 private:
  Error error_;
  bool ok_ = true;
};

using Status = Result<void>;

inline Status OkStatus() { return {}; }

}  // namespace backcare

#define BACKCARE_CONCAT_INNER_(a, b) a##b
#define BACKCARE_CONCAT_(a, b) BACKCARE_CONCAT_INNER_(a, b)

// Returns the error of `expr` (a Result or Status) from the enclosing function.
#define RETURN_IF_ERROR(expr)                     \
  do {                                            \
    auto backcare_status_ = (expr);               \
    if (!backcare_status_) {                      \
      return std::move(backcare_status_).error(); \
    }                                             \
  } while (false)

// `ASSIGN_OR_RETURN(auto x, Compute());` declares x from the value or returns the error.
#define ASSIGN_OR_RETURN(decl, expr) \
  ASSIGN_OR_RETURN_IMPL_(BACKCARE_CONCAT_(backcare_result_, __LINE__), decl, expr)
#define ASSIGN_OR_RETURN_IMPL_(tmp, decl, expr) \
  auto tmp = (expr);                            \
  if (!tmp) {                                   \
    return std::move(tmp).error();              \
  }                                             \
  decl = std::move(tmp).value()

#endif  // BACKCARE_CORE_BASE_RESULT_H_
