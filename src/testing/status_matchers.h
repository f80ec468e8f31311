// GoogleTest assertions for Result<T> and Status. Every test asserts on results through these, so
// a regression that makes a call succeed (or fail) fails that one test with the error's text,
// instead of tripping the BACKCARE_CHECK inside Result::error() and aborting the whole binary.
//
//   ASSERT_OK(store.Commit());                       // ok, or the error's ToString()
//   ASSERT_OK_AND_ASSIGN(PatientId id, tx->CreatePatient(clinic, patient));
//   ASSERT_ERROR(tx->GetPatient(clinic, id), ErrorCode::kNotFound);
//   ASSERT_ERROR_AND_ASSIGN(Error error, Parse(text), ErrorCode::kInvalidInput);
//   EXPECT_EQ(error.message, "...");
//
// Header-only (gtest and core/base only), so the core's tests use it without linking anything
// above the core. Part of the test-support layer src/testing/: only *_test.cc files and
// src/testing/ may include it (tests/layering_check.sh).
#ifndef BACKCARE_TESTING_STATUS_MATCHERS_H_
#define BACKCARE_TESTING_STATUS_MATCHERS_H_

#include <gtest/gtest.h>

#include <string>
#include <utility>

#include "core/base/result.h"

namespace backcare::testing {

// "ok" or the error's code name and text, for failure messages.
template <typename R>
std::string Describe(const R& result) {
  if (result.has_value()) {
    return "ok";
  }
  return std::string(ErrorCodeName(result.error().code)) + ": " + result.error().ToString();
}

template <typename R>
::testing::AssertionResult IsOk(const R& result) {
  if (result.has_value()) {
    return ::testing::AssertionSuccess();
  }
  return ::testing::AssertionFailure() << "expected ok, got " << Describe(result);
}

template <typename R>
::testing::AssertionResult IsError(const R& result, ErrorCode code) {
  if (result.has_value()) {
    return ::testing::AssertionFailure()
           << "expected " << ErrorCodeName(code) << ", got ok (the call succeeded)";
  }
  if (result.error().code != code) {
    return ::testing::AssertionFailure()
           << "expected " << ErrorCodeName(code) << ", got " << Describe(result);
  }
  return ::testing::AssertionSuccess();
}

}  // namespace backcare::testing

#define EXPECT_OK(expr) EXPECT_TRUE(::backcare::testing::IsOk((expr)))
#define ASSERT_OK(expr) ASSERT_TRUE(::backcare::testing::IsOk((expr)))
#define EXPECT_ERROR(expr, code) EXPECT_TRUE(::backcare::testing::IsError((expr), (code)))
#define ASSERT_ERROR(expr, code) ASSERT_TRUE(::backcare::testing::IsError((expr), (code)))

// Declares `decl` from the value of `expr`, or fails the test (returning from it) with the error.
#define ASSERT_OK_AND_ASSIGN(decl, expr) \
  BACKCARE_ASSERT_OK_AND_ASSIGN_IMPL_(BACKCARE_CONCAT_(backcare_ok_, __LINE__), decl, expr)
#define BACKCARE_ASSERT_OK_AND_ASSIGN_IMPL_(tmp, decl, expr) \
  auto tmp = (expr);                                         \
  ASSERT_TRUE(::backcare::testing::IsOk(tmp));               \
  decl = std::move(tmp).value()

// Declares `decl` (an Error) from the error of `expr`, or fails the test when `expr` succeeded
// or failed with another code.
#define ASSERT_ERROR_AND_ASSIGN(decl, expr, code)                                               \
  BACKCARE_ASSERT_ERROR_AND_ASSIGN_IMPL_(BACKCARE_CONCAT_(backcare_err_, __LINE__), decl, expr, \
                                         code)
#define BACKCARE_ASSERT_ERROR_AND_ASSIGN_IMPL_(tmp, decl, expr, code) \
  auto tmp = (expr);                                                  \
  ASSERT_TRUE(::backcare::testing::IsError(tmp, (code)));             \
  decl = std::move(tmp).error()

#endif  // BACKCARE_TESTING_STATUS_MATCHERS_H_
