#pragma once
/// Domain errors and the Result type for failures a user can cause (bad record, bad parameter).
/// Faults (bugs, I/O that should never fail) are exceptions; see STYLE.md.
#include <string>
#include <utility>
#include <variant>

namespace kr {

/// What went wrong, independent of any transport. server/http maps each code to an HTTP status.
enum class ErrorCode {
  invalid_record,     ///< a record violates RECORD-FORMAT.md
  invalid_taxonomy,   ///< the taxonomy file is malformed or inconsistent
  invalid_argument,   ///< a request parameter is malformed or out of range
  invalid_query,      ///< the query string does not parse
  unknown_value,      ///< a facet value, sort or scope not in the vocabulary
  not_found,          ///< no such record
  unauthorized,       ///< an unknown access key
  unsupported,        ///< an attachment format or feature we do not handle
  io_error,           ///< a file could not be read or written
  index_unavailable,  ///< the index cannot be opened or is locked by another writer
  internal,           ///< anything else
};

/// Stable snake_case name of a code, used in JSON error bodies.
const char* error_code_name(ErrorCode code) noexcept;

/// An error with an optional source location (file:line:column for records).
struct Error {
  ErrorCode code = ErrorCode::internal;
  std::string message;
  std::string file;  ///< empty when not about a file
  int line = 0;      ///< 1-based; 0 when unknown
  int column = 0;    ///< 1-based; 0 when unknown

  /// "file:line:column: message" (parts left out when unknown).
  std::string to_string() const;
};

/// Either a value or an Error. Example: `Result<int> r = parse(x); if (!r) log(r.error().message);`
template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}      // NOLINT(google-explicit-constructor)
  Result(Error error) : v_(std::move(error)) {}  // NOLINT(google-explicit-constructor)

  bool ok() const noexcept { return v_.index() == 0; }
  explicit operator bool() const noexcept { return ok(); }

  T& value() & { return std::get<0>(v_); }
  const T& value() const& { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  T* operator->() { return &std::get<0>(v_); }
  const T* operator->() const { return &std::get<0>(v_); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

  const Error& error() const { return std::get<1>(v_); }

 private:
  std::variant<T, Error> v_;
};

/// Result for operations that return nothing on success.
struct Ok {};
using Status = Result<Ok>;

/// Shorthand: `return make_error(ErrorCode::invalid_argument, "per_page must be 1..100");`
inline Error make_error(ErrorCode code, std::string message) {
  return Error{code, std::move(message), {}, 0, 0};
}

}  // namespace kr
