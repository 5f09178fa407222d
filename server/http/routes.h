#pragma once
/// THE route table: path patterns to handlers, and dispatch() which wraps every handler so that
/// no exception (std::exception, Xapian::Error, anything) escapes: it becomes a logged JSON 500.
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "server/http/handlers.h"

namespace kr::http {

using Handler = Reply (*)(const Request&, ServerContext&);

struct Route {
  const char* name;  ///< metric label and log name: "search", "record", ...
  /// Segments to match; "{id}" matches any one segment, "**" any number (including none).
  std::vector<std::string_view> pattern;
  Handler handler;
};

/// The routes in match order (first match wins).
const std::vector<Route>& routes();

/// The first route matching `segments`, or nullptr.
const Route* match_route(const std::vector<std::string>& segments);

/// Splits the path of a raw request target into percent-decoded segments ("/" -> {}).
/// invalid_argument when the target is not origin-form ("/...") or its encoding is malformed.
Result<std::vector<std::string>> path_segments(const std::string& target);

/// Runs `route`'s handler; a thrown exception becomes a JSON 500 and is reported through
/// `on_fault(message)` (for the log and the metrics).
Reply dispatch(const Route& route, const Request& request, ServerContext& context,
               const std::function<void(const std::string&)>& on_fault);

}  // namespace kr::http
