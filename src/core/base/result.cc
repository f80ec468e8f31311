#include "core/base/result.h"

#include <cstdio>
#include <cstdlib>

namespace backcare {

namespace internal {
void CheckFailed(const char* condition, const char* file, int line) {
  // stderr is the only output a core function may produce, and only on the way to abort().
  std::fprintf(stderr, "backcare: check failed at %s:%d: %s\n", file, line, condition);
  std::abort();
}
}  // namespace internal

std::string_view ErrorCodeName(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidInput:
      return "invalid_input";
    case ErrorCode::kNotFound:
      return "not_found";
    case ErrorCode::kConflict:
      return "conflict";
    case ErrorCode::kFailedPrecondition:
      return "failed_precondition";
    case ErrorCode::kGone:
      return "gone";
    case ErrorCode::kPermissionDenied:
      return "permission_denied";
    case ErrorCode::kUnauthenticated:
      return "unauthenticated";
    case ErrorCode::kUnavailable:
      return "unavailable";
    case ErrorCode::kDataCorruption:
      return "data_corruption";
    case ErrorCode::kInternal:
      return "internal";
  }
  return "internal";
}

int ExitCodeFor(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidInput:
      return 2;
    case ErrorCode::kNotFound:
      return 3;
    case ErrorCode::kConflict:
    case ErrorCode::kFailedPrecondition:
    case ErrorCode::kGone:
      return 4;
    case ErrorCode::kPermissionDenied:
    case ErrorCode::kUnauthenticated:
      return 5;
    case ErrorCode::kUnavailable:
      return 6;
    case ErrorCode::kDataCorruption:
      return 7;
    case ErrorCode::kInternal:
      return 70;
  }
  return 70;
}

int HttpStatusFor(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidInput:
      return 422;
    case ErrorCode::kNotFound:
      return 404;
    case ErrorCode::kConflict:
    case ErrorCode::kFailedPrecondition:
      return 409;
    case ErrorCode::kGone:
      return 410;
    case ErrorCode::kPermissionDenied:
      return 403;
    case ErrorCode::kUnauthenticated:
      return 401;
    case ErrorCode::kUnavailable:
      return 503;
    case ErrorCode::kDataCorruption:
    case ErrorCode::kInternal:
      return 500;
  }
  return 500;
}

std::string FieldError::ToString() const {
  std::string out;
  for (const std::string* part : {&location, &path, &message}) {
    if (part->empty()) continue;
    if (!out.empty()) out += ": ";
    out += *part;
  }
  return out;
}

std::string Error::ToString() const {
  std::string out = message;
  for (const FieldError& field : fields) {
    if (!out.empty()) out += '\n';
    out += field.ToString();
  }
  return out;
}

Error InvalidInput(std::string message, std::vector<FieldError> fields) {
  return Error{ErrorCode::kInvalidInput, std::move(message), std::move(fields)};
}
Error NotFound(std::string message) { return Error{ErrorCode::kNotFound, std::move(message), {}}; }
Error Conflict(std::string message) { return Error{ErrorCode::kConflict, std::move(message), {}}; }
Error FailedPrecondition(std::string message) {
  return Error{ErrorCode::kFailedPrecondition, std::move(message), {}};
}
Error Gone(std::string message) { return Error{ErrorCode::kGone, std::move(message), {}}; }
Error PermissionDenied(std::string message) {
  return Error{ErrorCode::kPermissionDenied, std::move(message), {}};
}
Error Unauthenticated(std::string message) {
  return Error{ErrorCode::kUnauthenticated, std::move(message), {}};
}
Error Unavailable(std::string message) {
  return Error{ErrorCode::kUnavailable, std::move(message), {}};
}
Error DataCorruption(std::string message) {
  return Error{ErrorCode::kDataCorruption, std::move(message), {}};
}
Error Internal(std::string message) { return Error{ErrorCode::kInternal, std::move(message), {}}; }

}  // namespace backcare
