// BACKCARE_CHECK: the one way to state an invariant whose failure is a bug, not an input error.
// A failed check prints the condition and place to stderr and aborts; it is never compiled out.
#ifndef BACKCARE_CORE_BASE_CHECK_H_
#define BACKCARE_CORE_BASE_CHECK_H_

namespace backcare::internal {
[[noreturn]] void CheckFailed(const char* condition, const char* file, int line);
}  // namespace backcare::internal

#define BACKCARE_CHECK(condition)                                        \
  do {                                                                   \
    if (!(condition)) {                                                  \
      ::backcare::internal::CheckFailed(#condition, __FILE__, __LINE__); \
    }                                                                    \
  } while (false)

#endif  // BACKCARE_CORE_BASE_CHECK_H_
