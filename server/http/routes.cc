#include "server/http/routes.h"

#include <Poco/Exception.h>
#include <Poco/URI.h>
#include <xapian.h>

#include <exception>

#include "core/text.h"

namespace kr::http {

const std::vector<Route>& routes() {
  static const std::vector<Route> table = {
      {"search", {"api", "v1", "search"}, get_search},
      {"search_atom", {"api", "v1", "search.atom"}, get_search_atom},
      {"factsheet", {"api", "v1", "factsheet"}, get_factsheet},
      {"coverage", {"api", "v1", "coverage"}, get_coverage},
      {"record", {"api", "v1", "records", "{id}"}, get_record},
      {"similar", {"api", "v1", "records", "{id}", "similar"}, get_similar},
      {"attachment", {"api", "v1", "records", "{id}", "attachment"}, get_attachment},
      {"taxonomy", {"api", "v1", "taxonomy"}, get_taxonomy},
      {"suggest", {"api", "v1", "suggest"}, get_suggest},
      {"healthz", {"healthz"}, get_healthz},
      {"metrics", {"metrics"}, get_metrics},
      {"static", {}, get_static},
      {"static", {"static", "**"}, get_static},
      {"static", {"{file}"}, get_static},  // web-folder root files: /favicon.ico, /app.js
  };
  return table;
}

namespace {

bool matches(const std::vector<std::string_view>& pattern, const std::vector<std::string>& path) {
  std::size_t i = 0;
  for (; i < pattern.size(); ++i) {
    if (pattern[i] == "**") return true;
    if (i >= path.size()) return false;
    bool wildcard = pattern[i].size() > 2 && pattern[i].front() == '{';
    if (!wildcard && pattern[i] != path[i]) return false;
  }
  return i == path.size();
}

}  // namespace

const Route* match_route(const std::vector<std::string>& segments) {
  // The API namespace never falls through to static files.
  bool api = !segments.empty() && segments.front() == "api";
  for (const auto& route : routes()) {
    if (api && route.handler == get_static) continue;
    if (matches(route.pattern, segments)) return &route;
  }
  return nullptr;
}

Result<std::vector<std::string>> path_segments(const std::string& target) {
  if (target.empty() || target.front() != '/') {
    return make_error(ErrorCode::invalid_argument, "the request target must be a path");
  }
  std::string_view path(target);
  path = path.substr(0, path.find_first_of("?#"));
  std::vector<std::string> out;
  if (path == "/") return out;
  path.remove_prefix(1);
  try {
    while (true) {
      auto slash = path.find('/');
      std::string decoded;
      Poco::URI::decode(std::string(path.substr(0, slash)), decoded);
      if (!is_valid_utf8(decoded)) {
        return make_error(ErrorCode::invalid_argument, "the path is not valid UTF-8");
      }
      out.push_back(std::move(decoded));
      if (slash == std::string_view::npos) break;
      path.remove_prefix(slash + 1);
    }
  } catch (const Poco::SyntaxException& e) {
    return make_error(ErrorCode::invalid_argument, "malformed path encoding: " + e.message());
  }
  return out;
}

Reply dispatch(const Route& route, const Request& request, ServerContext& context,
               const std::function<void(const std::string&)>& on_fault) {
  std::string fault;
  try {
    return route.handler(request, context);
  } catch (const Xapian::NetworkError& e) {  // a remote shard down or too slow (bounded timeouts)
    return reply_error(make_error(ErrorCode::index_unavailable, e.get_msg()));
  } catch (const Xapian::DatabaseOpeningError& e) {  // no index (yet), or a shard folder gone
    return reply_error(make_error(ErrorCode::index_unavailable, e.get_msg()));
  } catch (const Xapian::Error& e) {  // does not derive from std::exception
    fault = e.get_type() + std::string(": ") + e.get_msg();
  } catch (const Poco::Exception& e) {
    fault = e.displayText();
  } catch (const std::exception& e) {
    fault = e.what();
  } catch (...) {
    fault = "unknown exception";
  }
  on_fault(fault);
  return reply_error(make_error(ErrorCode::internal, "internal error"));
}

}  // namespace kr::http
