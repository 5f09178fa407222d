#pragma once
/// The Poco side of the HTTP layer: limits (413/414), method (405), access (401), routing,
/// one log line per request, metrics. Everything else is in routes/handlers.
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>

#include <mutex>

#include "server/http/access_keys.h"
#include "server/http/handlers.h"

namespace kr::http {

/// One line per request on stderr: `METHOD TARGET STATUS MILLISECONDSms`. Never headers.
class RequestLog {
 public:
  void request(const std::string& method, const std::string& target, int status, double ms);
  void fault(const std::string& route, const std::string& message);
  /// A connection ended without an answer (e.g. its request head came too slowly).
  void connection(const std::string& message);

 private:
  std::mutex mutex_;
};

class RequestHandlerFactory : public Poco::Net::HTTPRequestHandlerFactory {
 public:
  RequestHandlerFactory(ServerContext context, const AccessKeys& keys, RequestLog& log)
      : context_(context), keys_(keys), log_(log) {}
  Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest& request) override;

 private:
  ServerContext context_;
  const AccessKeys& keys_;
  RequestLog& log_;
};

}  // namespace kr::http
