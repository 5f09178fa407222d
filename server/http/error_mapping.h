#pragma once
/// THE table from domain error codes (and the few transport-only errors) to HTTP status and the
/// JSON error body `{"error":{"code":"...","message":"..."}}`. No other file picks a 4xx/5xx.
#include <string>

#include "core/error.h"

namespace kr::http {

/// Failures that only exist at the HTTP level (the engine never produces them).
enum class HttpError {
  route_not_found,     ///< 404 not_found
  method_not_allowed,  ///< 405
  payload_too_large,   ///< 413 (headers or body over the limits)
  uri_too_long,        ///< 414
};

/// A complete error answer: status, reason phrase, JSON body.
struct ErrorReply {
  int status = 500;
  std::string reason;  ///< e.g. "Bad Request"; set with setStatusAndReason (PITFALLS)
  std::string body;    ///< {"error":{"code":"...","message":"..."}}
};

/// HTTP status for a domain error code. Example: http_status(ErrorCode::unknown_value) == 400.
int http_status(ErrorCode code) noexcept;
/// Standard reason phrase of a status we send ("Not Found").
const char* reason_phrase(int status) noexcept;

/// The JSON error body for a code name and message.
std::string error_body(const std::string& code, const std::string& message);

ErrorReply error_reply(const Error& error);
ErrorReply error_reply(HttpError error, const std::string& message);

}  // namespace kr::http
