// vigil core: errors as values.
//
// An Error is what a user can cause (a malformed file, a bad flag, a tampered signature): it
// names the file and, where known, the 1-based line and column, and says what is wrong in one
// sentence. Functions that can fail on user input return Expected<T>; they never throw for
// such input and never abort. Programming errors (broken invariants) may still assert.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace vigil {

struct Error {
  std::string file;     // path as the user gave it; empty when the error is not about a file
  uint32_t line = 0;    // 1-based; 0 = unknown
  uint32_t column = 0;  // 1-based; 0 = unknown
  std::string message;  // one sentence, no trailing newline

  // "file:line:column: message", leaving out what is unknown.
  std::string to_string() const;
};

Error make_error(std::string file, std::string message);
Error make_error(std::string file, uint32_t line, uint32_t column, std::string message);

// A value or an Error. Small on purpose: C++20 has no std::expected.
template <class T>
class [[nodiscard]] Expected {
 public:
  Expected(T value) : v_(std::move(value)) {}          // NOLINT(google-explicit-constructor)
  Expected(Error error) : v_(std::move(error)) {}      // NOLINT(google-explicit-constructor)

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & { return std::get<0>(v_); }
  const T& value() const& { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

  const Error& error() const { return std::get<1>(v_); }

 private:
  std::variant<T, Error> v_;
};

// Expected<void>.
class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(Error error) : error_(std::move(error)) {}  // NOLINT(google-explicit-constructor)
  bool ok() const { return !error_.has_value(); }
  explicit operator bool() const { return ok(); }
  const Error& error() const { return *error_; }

 private:
  std::optional<Error> error_;
};

}  // namespace vigil
