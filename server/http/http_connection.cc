#include "server/http/http_connection.h"

#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPServerRequestImpl.h>
#include <Poco/Net/HTTPServerResponseImpl.h>
#include <Poco/Net/HTTPServerSession.h>
#include <Poco/Net/NetException.h>
#include <Poco/Timestamp.h>
#include <poll.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <memory>
#include <ostream>

#include "server/http/handlers.h"
#include "server/http/metrics.h"
#include "server/http/request_handler.h"

namespace kr::http {

namespace {

using Clock = ConnectionWatch::Clock;
using Poco::Net::HTTPServerRequestImpl;
using Poco::Net::HTTPServerResponseImpl;
using Poco::Net::HTTPServerSession;

/// After a refusal, at most this much of what the client still sends is read and dropped, for at
/// most kDrainTime: closing a socket with unread bytes sends a TCP reset, which can destroy the
/// answer before the client reads it (the same reason as in request_handler.cc).
constexpr std::size_t kMaxDrainBytes = 1 << 20;
constexpr auto kDrainTime = std::chrono::seconds(2);

void drain(int fd) {
  ::shutdown(fd, SHUT_WR);  // the answer is complete: the client sees its end now
  const auto deadline = Clock::now() + kDrainTime;
  char buf[16384];
  std::size_t drained = 0;
  while (drained < kMaxDrainBytes) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    pollfd p{fd, POLLIN, 0};
    if (left <= 0 || ::poll(&p, 1, static_cast<int>(left)) <= 0) return;
    const ssize_t n = ::recv(fd, buf, sizeof buf, MSG_DONTWAIT);
    if (n <= 0) return;
    drained += static_cast<std::size_t>(n);
  }
}

/// Poco's session, with what it has already read from the socket and not yet parsed in view
/// (pipelined requests wait there, not in the socket).
class Session : public HTTPServerSession {
 public:
  using HTTPServerSession::buffered;
  using HTTPServerSession::HTTPServerSession;
};

/// Waits until `fd` can be read (a request, end-of-file or an error) for at most `timeout`.
bool wait_readable(int fd, Poco::Timespan timeout) {
  const auto deadline = Clock::now() + std::chrono::microseconds(timeout.totalMicroseconds());
  for (;;) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    pollfd p{fd, POLLIN, 0};
    int n = ::poll(&p, 1, static_cast<int>(std::max<long long>(left, 0)));
    if (n > 0) return true;
    if (n == 0 || errno != EINTR) return false;
  }
}

bool supported_version(const std::string& version) {
  return version == Poco::Net::HTTPMessage::HTTP_1_1 || version == Poco::Net::HTTPMessage::HTTP_1_0;
}

class HttpConnection : public Poco::Net::TCPServerConnection {
 public:
  HttpConnection(const Poco::Net::StreamSocket& socket, const ConnectionContext& context)
      : TCPServerConnection(socket), context_(context) {}

  void run() override {
    // The session closes the socket when destroyed: the watch entry must go first (it is
    // declared after), so that the watcher never shuts down a descriptor already reused.
    Session session(socket(), context_.params);
    ConnectionWatch::Entry watch(context_.watch, socket().impl()->sockfd());
    // The first head's time runs from now (a worker thread took the connection): a client that
    // connects and sends nothing is cut off like one that sends slowly. Later heads' time runs
    // from their first byte; the idle wait between requests is the keep-alive timeout's.
    watch.arm(Clock::now() + context_.head_timeout);
    try {
      // The first request waits as Poco's session does; later ones in more_requests().
      for (bool more = session.hasMoreRequests(); more && !watch.stopped(); more = more_requests(session)) {
        if (served_ > 0) watch.arm(Clock::now() + context_.head_timeout);
        if (!serve_one(session, watch)) break;
        ++served_;
      }
    } catch (const Poco::Exception&) {
      // Timeouts, resets, a socket shut down by the watch: the connection just ends.
    }
    if (watch.expired()) {
      context_.log.connection("request head (or body) not received within " +
                              std::to_string(context_.head_timeout.count()) + " ms: connection closed");
    }
  }

 private:
  /// Whether another request follows on this kept-alive connection: Poco's
  /// HTTPServerSession::hasMoreRequests() with one poll(2) instead of the four system calls of
  /// Poco's Socket::poll (it makes and closes an epoll instance each time).
  bool more_requests(Session& session) {
    if (!session.getKeepAlive()) return false;
    return session.buffered() > 0 ||
           wait_readable(socket().impl()->sockfd(), context_.params->getKeepAliveTimeout());
  }

  /// Whether the answer to the request being served may keep the connection open: Poco's
  /// canKeepAlive(), counted here because more_requests() replaces the session's own count.
  /// max_keep_alive_requests: 0 means no limit.
  bool may_keep_alive() const {
    int max = context_.params->getMaxKeepAliveRequests();
    return max <= 0 || served_ + 1 < max;
  }

  /// Reads one request and answers it; false when the connection must end.
  bool serve_one(HTTPServerSession& session, ConnectionWatch::Entry& watch) {
    const auto start = Clock::now();
    bool head_read = false;
    try {
      HTTPServerResponseImpl response(session);
      HTTPServerRequestImpl request(response, session, context_.params);  // reads the head
      head_read = true;
      // A body (never needed: the API is GET and HEAD) must arrive within the same deadline, or a
      // client could trickle it instead; the handler reads or drains it before answering.
      if (!request.getChunkedTransferEncoding() && request.getContentLength64() <= 0) watch.disarm();
      if (!supported_version(request.getVersion())) {
        refuse(session, request.getMethod(), request.getURI(),
               reply_error(make_error(ErrorCode::invalid_argument, "unsupported HTTP version")), start);
        return false;
      }
      response.setDate(Poco::Timestamp());
      response.setVersion(request.getVersion());
      response.setKeepAlive(context_.params->getKeepAlive() && request.getKeepAlive() && may_keep_alive());
      if (!context_.params->getSoftwareVersion().empty())
        response.set("Server", context_.params->getSoftwareVersion());
      std::unique_ptr<Poco::Net::HTTPRequestHandler> handler(
          context_.handlers->createRequestHandler(request));
      if (request.getExpectContinue() && response.getStatus() == Poco::Net::HTTPResponse::HTTP_OK) {
        response.sendContinue();
      }
      handler->handleRequest(request, response);  // catches every fault itself (one JSON 500)
      watch.disarm();
      session.setKeepAlive(context_.params->getKeepAlive() && response.getKeepAlive() && may_keep_alive());
      return true;
    } catch (const Poco::Net::NoMessageException&) {
      return false;  // the client closed the connection between requests
    } catch (const Poco::Net::MessageException& e) {
      // Poco's parser refused the head, or the watch cut it off (then nobody is listening). After
      // the head, an answer may have been sent already: the connection just ends.
      if (head_read || watch.expired() || watch.stopped()) return false;
      watch.disarm();
      refuse(session, "-", "(refused by the parser: " + e.message() + ")", refusal_reply(e.message()), start);
      return false;
    }
  }

  /// Sends `reply` as the last answer on this connection, logs and counts it.
  void refuse(HTTPServerSession& session, const std::string& method, const std::string& target,
              const Reply& reply, Clock::time_point start) {
    HTTPServerResponseImpl response(session);
    response.setVersion(Poco::Net::HTTPMessage::HTTP_1_1);
    response.setStatusAndReason(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(reply.status),
                                reason_phrase(reply.status));
    response.setDate(Poco::Timestamp());
    response.setKeepAlive(false);
    response.setContentType(reply.content_type);
    response.setContentLength64(static_cast<Poco::Int64>(reply.body.size()));
    response.set("X-Content-Type-Options", "nosniff");
    std::ostream& out = response.send();
    out.write(reply.body.data(), static_cast<std::streamsize>(reply.body.size()));
    out.flush();
    session.setKeepAlive(false);
    drain(socket().impl()->sockfd());
    const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
    context_.metrics.record("refused", reply.status, seconds);
    context_.log.request(method, target, reply.status, seconds * 1000);
  }

  ConnectionContext context_;
  int served_ = 0;  ///< requests answered on this connection
};

}  // namespace

Reply refusal_reply(const std::string& poco_message) {
  // Poco 1.11's HTTPRequest::read and MessageHeader::read messages. A URI or field that is
  // "invalid" rather than "too long" can only end at end-of-file, when nobody reads the answer.
  const auto has = [&](const char* text) { return poco_message.find(text) != std::string::npos; };
  if (has("URI")) {
    return reply_error(HttpError::uri_too_long, "the request target is longer than 16384 bytes");
  }
  if (has("Too many header fields")) {
    return reply_error(HttpError::payload_too_large, "too many header fields");
  }
  if (has("Field name") || has("field value") || has("Field value")) {
    return reply_error(HttpError::payload_too_large,
                       "a header field is too long (name over 256 or value over 8192 bytes) or not "
                       "ended by CRLF");
  }
  if (has("method")) {
    return reply_error(make_error(ErrorCode::invalid_argument, "malformed request line: invalid method"));
  }
  if (has("version")) {
    return reply_error(
        make_error(ErrorCode::invalid_argument, "malformed request line: invalid HTTP version"));
  }
  return reply_error(make_error(ErrorCode::invalid_argument, "malformed request"));
}

Poco::Net::TCPServerConnection* HttpConnectionFactory::createConnection(
    const Poco::Net::StreamSocket& socket) {
  return new HttpConnection(socket, context_);
}

}  // namespace kr::http
