#pragma once
/// kr-server's HTTP connection: Poco's session loop (HTTPServerSession, HTTPServerRequestImpl and
/// HTTPServerResponseImpl still parse), with two things Poco's HTTPServerConnection cannot do: a
/// deadline for receiving each request head (ConnectionWatch), and the contract's JSON errors
/// (400/413/414) for requests Poco's parser refuses before any handler runs. The wait between
/// kept-alive requests is one poll(2) (Poco's makes an epoll instance per wait); answers are
/// written in one piece by the request handler.
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/TCPServerConnection.h>
#include <Poco/Net/TCPServerConnectionFactory.h>

#include <chrono>
#include <string>

#include "server/http/connection_watch.h"

namespace kr::http {

class Metrics;
class RequestLog;
struct Reply;

/// The answer to a request head Poco's parser refused, from the exception message it threw.
/// Examples: "HTTP request URI invalid or too long" -> 414, "Too many header fields" -> 413,
/// "Invalid HTTP version string" -> 400.
Reply refusal_reply(const std::string& poco_message);

/// What every connection of the server shares; the objects referred to outlive the server.
struct ConnectionContext {
  Poco::Net::HTTPServerParams::Ptr params;
  Poco::Net::HTTPRequestHandlerFactory::Ptr handlers;
  std::chrono::milliseconds head_timeout;  ///< whole request line + headers, from the first byte
  ConnectionWatch& watch;
  Metrics& metrics;
  RequestLog& log;
};

class HttpConnectionFactory : public Poco::Net::TCPServerConnectionFactory {
 public:
  explicit HttpConnectionFactory(ConnectionContext context) : context_(std::move(context)) {}
  Poco::Net::TCPServerConnection* createConnection(const Poco::Net::StreamSocket& socket) override;

 private:
  ConnectionContext context_;
};

}  // namespace kr::http
