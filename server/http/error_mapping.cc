#include "server/http/error_mapping.h"

#include "core/json_writer.h"

namespace kr::http {

namespace {

struct CodeStatus {
  ErrorCode code;
  int status;
};

// Every ErrorCode appears once. Faults of our own data (records, taxonomy, files) are 500:
// the caller cannot fix them.
constexpr CodeStatus kCodeStatus[] = {
    {ErrorCode::invalid_argument, 400}, {ErrorCode::invalid_query, 400},     {ErrorCode::unknown_value, 400},
    {ErrorCode::unsupported, 400},      {ErrorCode::unauthorized, 401},      {ErrorCode::not_found, 404},
    {ErrorCode::invalid_record, 500},   {ErrorCode::invalid_taxonomy, 500},  {ErrorCode::io_error, 500},
    {ErrorCode::internal, 500},         {ErrorCode::index_unavailable, 503},
};

struct HttpErrorInfo {
  HttpError error;
  int status;
  const char* code;
};

constexpr HttpErrorInfo kHttpErrors[] = {
    {HttpError::route_not_found, 404, "not_found"},
    {HttpError::method_not_allowed, 405, "method_not_allowed"},
    {HttpError::payload_too_large, 413, "payload_too_large"},
    {HttpError::uri_too_long, 414, "uri_too_long"},
};

}  // namespace

int http_status(ErrorCode code) noexcept {
  for (const auto& entry : kCodeStatus) {
    if (entry.code == code) return entry.status;
  }
  return 500;
}

const char* reason_phrase(int status) noexcept {
  switch (status) {
    case 200:
      return "OK";
    case 304:
      return "Not Modified";
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 413:
      return "Payload Too Large";
    case 414:
      return "URI Too Long";
    case 500:
      return "Internal Server Error";
    case 501:
      return "Not Implemented";
    case 503:
      return "Service Unavailable";
    default:
      return status < 400 ? "OK" : status < 500 ? "Bad Request" : "Internal Server Error";
  }
}

std::string error_body(const std::string& code, const std::string& message) {
  std::string out;
  JsonWriter w(out);
  w.begin_object();
  w.key("error");
  w.begin_object();
  w.member("code", code);
  w.member("message", message);
  w.end_object();
  w.end_object();
  return out;
}

ErrorReply error_reply(const Error& error) {
  int status = http_status(error.code);
  // Messages about our own files may name paths: callers see them only for client errors.
  std::string message = status < 500 ? error.to_string() : error.message;
  return {status, reason_phrase(status), error_body(error_code_name(error.code), message)};
}

ErrorReply error_reply(HttpError error, const std::string& message) {
  for (const auto& entry : kHttpErrors) {
    if (entry.error == error) {
      return {entry.status, reason_phrase(entry.status), error_body(entry.code, message)};
    }
  }
  return {500, reason_phrase(500), error_body("internal", message)};
}

}  // namespace kr::http
