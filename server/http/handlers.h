#pragma once
/// Thin handlers, one per route, named verb_noun: parse parameters, call the engine, encode JSON.
/// They see a transport-neutral Request and return a Reply; request_handler.cc talks to Poco.
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "core/error.h"
#include "server/http/error_mapping.h"
#include "server/http/metrics.h"
#include "server/http/request_params.h"
#include "server/http/response_cache.h"
#include "server/http/search_gate.h"
#include "server/http/server_config.h"
#include "server/search/engine.h"

namespace kr::http {

/// What a handler needs of a request, already checked against the limits and authorised.
struct Request {
  std::string method;                 ///< GET or HEAD
  std::string target;                 ///< raw request target, for logs
  std::vector<std::string> segments;  ///< percent-decoded path segments ("/a/b" -> {"a","b"})
  QueryParams params;                 ///< decoded query parameters in order
  search::Access access;
};

/// A complete answer.
struct Reply {
  int status = 200;
  std::string content_type = "application/json; charset=utf-8";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  ///< extra response headers
};

/// Everything the handlers share; built once at start-up, read-only afterwards (the engine and
/// metrics are thread-safe).
struct ServerContext {
  search::Engine& engine;
  const ServerConfig& config;
  Metrics& metrics;
  /// Answers of get_search, sized by the configuration; built with the context, shared by its copies.
  std::shared_ptr<ResponseCache> search_cache =
      std::make_shared<ResponseCache>(static_cast<std::size_t>(config.search_cache_mb) << 20);
  /// Computed searches (search_gate.h), config.max_searches at a time (0: two per core).
  std::shared_ptr<SearchGate> search_gate = std::make_shared<SearchGate>(config.search_slots());
};

/// The error replies, via error_mapping's table.
Reply reply_error(const Error& error);
Reply reply_error(HttpError error, const std::string& message);

Reply get_search(const Request& request, ServerContext& context);
Reply get_record(const Request& request, ServerContext& context);      ///< segments[3] is the id
Reply get_similar(const Request& request, ServerContext& context);     ///< segments[3] is the id
Reply get_attachment(const Request& request, ServerContext& context);  ///< segments[3] is the id
Reply get_taxonomy(const Request& request, ServerContext& context);
Reply get_suggest(const Request& request, ServerContext& context);
/// format=html (text/html), md (text/markdown) or json.
Reply get_factsheet(const Request& request, ServerContext& context);
Reply get_coverage(const Request& request, ServerContext& context);
/// The search as an Atom feed (application/atom+xml), newest first.
Reply get_search_atom(const Request& request, ServerContext& context);
Reply get_healthz(const Request& request, ServerContext& context);
Reply get_metrics(const Request& request, ServerContext& context);
/// Files of the web folder: "/" is index.html; traversal outside the folder is refused.
Reply get_static(const Request& request, ServerContext& context);

}  // namespace kr::http
