#include "server/http/request_handler.h"

#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerRequestImpl.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/HTTPServerSession.h>

#include <chrono>
#include <cstdio>
#include <istream>
#include <limits>
#include <optional>
#include <sstream>

#include "server/http/routes.h"

namespace kr::http {

namespace {

constexpr std::size_t kMaxLoggedTarget = 2048;

/// The target as logged: control bytes escaped, long targets cut.
std::string loggable(const std::string& target) {
  std::string out;
  for (std::size_t i = 0; i < target.size() && i < kMaxLoggedTarget; ++i) {
    auto c = static_cast<unsigned char>(target[i]);
    if (c < 0x20 || c == 0x7F) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", c);
      out += buf;
    } else {
      out += static_cast<char>(c);
    }
  }
  if (target.size() > kMaxLoggedTarget) out += "...";
  return out;
}

class RequestHandler : public Poco::Net::HTTPRequestHandler {
 public:
  RequestHandler(ServerContext& context, const AccessKeys& keys, RequestLog& log)
      : context_(context), keys_(keys), log_(log) {}

  void handleRequest(Poco::Net::HTTPServerRequest& req, Poco::Net::HTTPServerResponse& resp) override {
    auto start = std::chrono::steady_clock::now();
    std::string route_name = "none";
    bool close = false;
    Reply reply = answer(req, route_name, close);
    if (close) {
      resp.setKeepAlive(false);
      // Read (and drop) a bounded part of an unread body first: closing a socket with unread
      // bytes sends a TCP reset, which can destroy the error answer before the client reads it.
      if (has_body(req)) drain(req, kMaxDrainBytes);
    }
    write(req, resp, reply);
    double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    context_.metrics.record(route_name, reply.status, seconds);
    log_.request(req.getMethod(), req.getURI(), reply.status, seconds * 1000);
  }

 private:
  /// Limits, method, access, then the route. `close` is set when unread body bytes remain.
  Reply answer(Poco::Net::HTTPServerRequest& req, std::string& route_name, bool& close) {
    const ServerConfig& cfg = context_.config;
    const std::string& target = req.getURI();
    if (target.size() > static_cast<std::size_t>(cfg.max_uri_length)) {
      close = has_body(req);
      return reply_error(HttpError::uri_too_long, "the request target is longer than " +
                                                      std::to_string(cfg.max_uri_length) + " bytes");
    }
    if (auto too_large = check_headers(req)) {
      close = true;
      return *too_large;
    }
    if (req.getMethod() != "GET" && req.getMethod() != "HEAD") {
      close = has_body(req);
      return reply_error(HttpError::method_not_allowed,
                         "method " + req.getMethod() + " is not allowed; use GET or HEAD");
    }
    if (has_body(req)) {  // within the limit: read it so the connection stays usable
      req.stream().ignore(std::numeric_limits<std::streamsize>::max());
    }
    std::optional<std::string> authorization;
    if (req.has("Authorization")) authorization = req.get("Authorization");
    auto access = keys_.authorize(authorization);
    if (!access) return reply_error(access.error());

    auto segments = path_segments(target);
    if (!segments) return reply_error(segments.error());
    const Route* route = match_route(*segments);
    if (!route) return reply_error(HttpError::route_not_found, "no route for this path");
    route_name = route->name;
    auto params = query_params(target);
    if (!params) return reply_error(params.error());

    Request request{req.getMethod(), target, std::move(*segments), std::move(*params), *access};
    return dispatch(*route, request, context_, [&](const std::string& message) {
      context_.metrics.record_fault(route->name);
      log_.fault(route->name, message);
    });
  }

  static constexpr std::streamsize kMaxDrainBytes = 1 << 20;

  static void drain(Poco::Net::HTTPServerRequest& req, std::streamsize limit) {
    try {
      req.stream().ignore(limit);
    } catch (const Poco::Exception&) {
      // A client that stops sending: the socket timeout ends the wait; answer anyway.
    }
  }

  static bool has_body(const Poco::Net::HTTPServerRequest& req) {
    return req.getContentLength64() > 0 || req.getChunkedTransferEncoding();
  }

  /// 413 when header fields, header bytes or the body exceed the configured limits.
  std::optional<Reply> check_headers(const Poco::Net::HTTPServerRequest& req) const {
    const ServerConfig& cfg = context_.config;
    if (req.size() > static_cast<std::size_t>(cfg.max_header_fields)) {
      return reply_error(HttpError::payload_too_large,
                         "more than " + std::to_string(cfg.max_header_fields) + " header fields");
    }
    std::size_t bytes = 0;
    for (const auto& [name, value] : req) bytes += name.size() + value.size() + 4;
    if (bytes > static_cast<std::size_t>(cfg.max_header_bytes)) {
      return reply_error(HttpError::payload_too_large,
                         "headers larger than " + std::to_string(cfg.max_header_bytes) + " bytes");
    }
    if (req.getChunkedTransferEncoding() || req.getContentLength64() > cfg.max_body_bytes) {
      return reply_error(
          HttpError::payload_too_large,
          "request bodies larger than " + std::to_string(cfg.max_body_bytes) + " bytes are not accepted");
    }
    return std::nullopt;
  }

  static void write(Poco::Net::HTTPServerRequest& req, Poco::Net::HTTPServerResponse& resp,
                    const Reply& reply) {
    resp.setStatusAndReason(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(reply.status),
                            reason_phrase(reply.status));
    resp.setContentType(reply.content_type);
    resp.setContentLength64(static_cast<Poco::Int64>(reply.body.size()));
    resp.set("X-Content-Type-Options", "nosniff");
    for (const auto& [name, value] : reply.headers) resp.set(name, value);
    // The head and the body in one buffer, written at once: Poco's send() stream writes in 4 KB
    // pieces (six system calls for an average search answer, and as many TCP segments).
    std::ostringstream head;
    resp.write(head);  // status line, fields, blank line
    std::string out = std::move(head).str();
    if (req.getMethod() != "HEAD") out += reply.body;
    auto& request = dynamic_cast<Poco::Net::HTTPServerRequestImpl&>(req);
    // One send() may take only part of it (a signal, the socket's send timeout): the rest follows.
    std::size_t sent = 0;
    try {
      while (sent < out.size()) {
        int n = request.session().socket().sendBytes(out.data() + sent, static_cast<int>(out.size() - sent));
        if (n <= 0) break;
        sent += static_cast<std::size_t>(n);
      }
    } catch (const Poco::Exception&) {  // a reset or timeout: the answer is not all sent
    }
    if (sent < out.size()) resp.setKeepAlive(false);  // the client is gone or stalled: the connection ends
  }

  ServerContext& context_;
  const AccessKeys& keys_;
  RequestLog& log_;
};

}  // namespace

void RequestLog::request(const std::string& method, const std::string& target, int status, double ms) {
  std::string line = loggable(method) + " " + loggable(target) + " " + std::to_string(status) + " ";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1fms\n", ms);
  line += buf;
  std::lock_guard lock(mutex_);
  std::fputs(line.c_str(), stderr);
}

void RequestLog::fault(const std::string& route, const std::string& message) {
  std::string line = "error: route " + route + ": " + loggable(message) + "\n";
  std::lock_guard lock(mutex_);
  std::fputs(line.c_str(), stderr);
}

void RequestLog::connection(const std::string& message) {
  std::string line = "connection: " + loggable(message) + "\n";
  std::lock_guard lock(mutex_);
  std::fputs(line.c_str(), stderr);
}

Poco::Net::HTTPRequestHandler* RequestHandlerFactory::createRequestHandler(
    const Poco::Net::HTTPServerRequest&) {
  return new RequestHandler(context_, keys_, log_);
}

}  // namespace kr::http
