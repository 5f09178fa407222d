#include "core/error.h"

namespace kr {

const char* error_code_name(ErrorCode code) noexcept {
  switch (code) {
    case ErrorCode::invalid_record:
      return "invalid_record";
    case ErrorCode::invalid_taxonomy:
      return "invalid_taxonomy";
    case ErrorCode::invalid_argument:
      return "invalid_argument";
    case ErrorCode::invalid_query:
      return "invalid_query";
    case ErrorCode::unknown_value:
      return "unknown_value";
    case ErrorCode::not_found:
      return "not_found";
    case ErrorCode::unauthorized:
      return "unauthorized";
    case ErrorCode::unsupported:
      return "unsupported";
    case ErrorCode::io_error:
      return "io_error";
    case ErrorCode::index_unavailable:
      return "index_unavailable";
    case ErrorCode::internal:
      return "internal";
  }
  return "internal";
}

std::string Error::to_string() const {
  std::string out;
  if (!file.empty()) {
    out += file;
    if (line > 0) {
      out += ':' + std::to_string(line);
      if (column > 0) out += ':' + std::to_string(column);
    }
    out += ": ";
  }
  out += message;
  return out;
}

}  // namespace kr
