#pragma once
// Status and Result<T>: errors as values across module boundaries.
//
// A Status is ok or carries a code and a short human-readable message. The message is safe
// to show to an API client (it never contains secrets) and names the offending field.
// Result<T> is either a value or a non-ok Status. Both are cheap to move; neither throws.

#include <cassert>
#include <string>
#include <utility>
#include <variant>

namespace recod {

/// What kind of failure a Status reports; handlers map these to HTTP codes.
enum class StatusCode {
  kOk = 0,
  kInvalidArgument,  ///< malformed input (HTTP 400)
  kNotFound,         ///< unknown customer, route, event, scenario (HTTP 404)
  kUnavailable,      ///< overloaded or shutting down, retry later (HTTP 503)
  kIoError,          ///< storage failed (HTTP 503: nothing was stored)
  kCorruption,       ///< stored data could not be decoded
  kInternal,         ///< a bug
};

class [[nodiscard]] Status final {
 public:
  Status() = default;
  Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {}

  static Status ok() { return {}; }
  static Status invalid(std::string m) { return {StatusCode::kInvalidArgument, std::move(m)}; }
  static Status not_found(std::string m) { return {StatusCode::kNotFound, std::move(m)}; }
  static Status unavailable(std::string m) { return {StatusCode::kUnavailable, std::move(m)}; }
  static Status io_error(std::string m) { return {StatusCode::kIoError, std::move(m)}; }
  static Status corruption(std::string m) { return {StatusCode::kCorruption, std::move(m)}; }
  static Status internal(std::string m) { return {StatusCode::kInternal, std::move(m)}; }

  [[nodiscard]] bool is_ok() const noexcept { return code_ == StatusCode::kOk; }
  [[nodiscard]] StatusCode code() const noexcept { return code_; }
  [[nodiscard]] const std::string& message() const noexcept { return message_; }

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
};

/// A value of type T, or the Status that explains why there is none.
template <typename T>
class [[nodiscard]] Result final {
 public:
  Result(T value) : v_(std::move(value)) {}        // NOLINT(google-explicit-constructor)
  Result(Status status) : v_(std::move(status)) {  // NOLINT(google-explicit-constructor)
    assert(!std::get<Status>(v_).is_ok());
  }

  [[nodiscard]] bool is_ok() const noexcept { return std::holds_alternative<T>(v_); }
  explicit operator bool() const noexcept { return is_ok(); }

  T& value() & { return std::get<T>(v_); }
  const T& value() const& { return std::get<T>(v_); }
  T&& value() && { return std::get<T>(std::move(v_)); }
  T* operator->() { return &std::get<T>(v_); }
  const T* operator->() const { return &std::get<T>(v_); }
  T& operator*() & { return std::get<T>(v_); }
  const T& operator*() const& { return std::get<T>(v_); }

  /// The error; only valid when !is_ok().
  [[nodiscard]] const Status& status() const { return std::get<Status>(v_); }

 private:
  std::variant<T, Status> v_;
};

}  // namespace recod
