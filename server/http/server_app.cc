#include "server/http/server_app.h"

#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/TCPServer.h>
#include <Poco/ThreadPool.h>
#include <Poco/Util/HelpFormatter.h>
#include <Poco/Util/Option.h>
#include <Poco/Util/OptionSet.h>

#include <chrono>
#include <iostream>

#include "server/http/access_keys.h"
#include "server/http/connection_watch.h"
#include "server/http/http_connection.h"
#include "server/http/metrics.h"
#include "server/http/request_handler.h"
#include "server/search/engine.h"

namespace kr::http {

namespace {

using Poco::Util::Option;

struct OptionSpec {
  const char* name;      ///< --name on the command line
  const char* key;       ///< ServerConfig key
  const char* argument;  ///< placeholder in --help
  const char* help;
};

constexpr OptionSpec kSettingOptions[] = {
    {"index", "index", "DIR", "index folder written by kr-index (required)"},
    {"listen", "listen", "HOST:PORT", "address to listen on (default 127.0.0.1:8080)"},
    {"keys", "keys", "FILE", "access key file: NAME SHA256HEX per line"},
    {"web", "web", "DIR", "search page files (default: the project's server/web)"},
    {"taxonomy", "taxonomy", "FILE", "taxonomy (default: the project's schemas/taxonomy.xml)"},
    {"max-threads", "max_threads", "N", "worker threads (default 16)"},
    {"max-queued", "max_queued", "N", "connections waiting for a thread (default 64)"},
    {"keep-alive", "keep_alive_seconds", "SECONDS", "keep-alive timeout (default 5)"},
    {"request-timeout", "request_timeout_seconds", "SECONDS", "socket timeout (default 30)"},
    {"head-timeout", "head_timeout_seconds", "SECONDS",
     "a request line and headers not complete after this close the connection (default 10)"},
    {"max-uri-length", "max_uri_length", "BYTES", "longer request targets get 414 (default 8192)"},
    {"max-query-length", "max_query_length", "BYTES", "longest q (default 1000)"},
    {"search-cache-mb", "search_cache_mb", "MB", "memory for cached search answers, 0 = off (default 64)"},
    {"max-searches", "max_searches", "N",
     "searches computed at a time, the others wait in arrival order (default 0 = two per core)"},
    {"shards", "shards", "LIST", "shards to search together: folders and tcp://HOST:PORT, comma-separated"},
    {"lexicon", "lexicon", "DIR",
     "spelling of all shards (and synonyms for remote ones) (default INDEX/lexicon)"},
    {"shard-timeout", "shard_timeout_ms", "MS", "timeout of remote shards (default 2000)"},
    {"shard-failure", "shard_failure", "error|degrade", "a shard down: 503, or answer without it"},
};

// Exit codes of sysexits.h, as Poco's Application uses them.
constexpr int kExitOk = 0, kExitUsage = 64, kExitUnavailable = 69, kExitConfig = 78;

}  // namespace

void ServerApp::defineOptions(Poco::Util::OptionSet& options) {
  ServerApplication::defineOptions(options);  // --daemon, --pidfile, --umask
  options.addOption(Option("help", "h", "print this help and exit").required(false).repeatable(false));
  options.addOption(Option("config", "", "properties file with settings (key = value)")
                        .required(false)
                        .repeatable(false)
                        .argument("FILE"));
  for (const auto& spec : kSettingOptions) {
    options.addOption(
        Option(spec.name, "", spec.help).required(false).repeatable(false).argument(spec.argument));
  }
}

void ServerApp::handleOption(const std::string& name, const std::string& value) {
  ServerApplication::handleOption(name, value);
  if (name == "help") {
    help_ = true;
    stopOptionsProcessing();
  } else if (name == "config") {
    config_file_ = value;
  } else {
    for (const auto& spec : kSettingOptions) {
      if (name == spec.name) cli_[spec.key] = value;
    }
  }
}

void ServerApp::print_help() {
  Poco::Util::HelpFormatter help(options());
  help.setCommand("kr-server");
  help.setUsage("--index DIR [--listen 127.0.0.1:8080] [--config FILE] [--keys FILE] [--web DIR]");
  help.setHeader("Serves the MIEUX Knowledge Register search API and page.");
  std::string keys;  // the one list of settings (server_config.h), not a copy of it
  for (const auto& key : kSettingKeys) keys += (keys.empty() ? "" : " ") + key;
  help.setFooter(
      "Settings come from --config FILE < environment (KR_INDEX, KR_LISTEN, "
      "KR_MAX_THREADS, ...) < command line. Config file keys: " +
      keys + ".");
  help.format(std::cout);
}

int ServerApp::main(const std::vector<std::string>& args) {
  if (help_) {
    print_help();
    return kExitOk;
  }
  if (!args.empty()) {
    std::cerr << "kr-server: unexpected argument '" << args.front() << "' (see --help)\n";
    return kExitUsage;
  }
  SettingMap file;
  if (!config_file_.empty()) {
    auto read = read_config_file(config_file_);
    if (!read) {
      std::cerr << "kr-server: " << read.error().to_string() << "\n";
      return kExitConfig;
    }
    file = std::move(*read);
  }
  auto config = build_server_config(file, read_environment(), cli_);
  if (!config) {
    std::cerr << "kr-server: " << config.error().to_string() << "\n";
    return kExitUsage;
  }
  AccessKeys keys;
  if (!config->keys_file.empty()) {
    auto loaded = AccessKeys::load(config->keys_file);
    if (!loaded) {
      std::cerr << "kr-server: " << loaded.error().to_string() << "\n";
      return kExitConfig;
    }
    keys = std::move(*loaded);
  }
  search::EngineConfig engine_config(config->index_dir, config->taxonomy_path);
  engine_config.shards = config->shards;
  engine_config.lexicon = config->lexicon;
  engine_config.shard_timeout_ms = config->shard_timeout_ms;
  engine_config.degrade = config->shard_failure == "degrade";
  auto engine = search::Engine::open(engine_config);
  if (!engine) {
    std::cerr << "kr-server: " << engine.error().to_string() << "\n";
    return kExitUnavailable;
  }

  Metrics metrics;
  RequestLog log;
  ServerContext context{**engine, *config, metrics};

  Poco::Net::HTTPServerParams::Ptr params = new Poco::Net::HTTPServerParams;
  params->setMaxThreads(config->max_threads);
  params->setMaxQueued(config->max_queued);
  params->setKeepAlive(config->keep_alive_seconds > 0);
  params->setKeepAliveTimeout(Poco::Timespan(config->keep_alive_seconds, 0));
  params->setMaxKeepAliveRequests(config->max_keep_alive_requests);
  params->setTimeout(Poco::Timespan(config->request_timeout_seconds, 0));
  params->setServerName("kr-server");
  // Declared before the pool: connections use it until the pool's threads are joined.
  ConnectionWatch watch;
  // defaultPool() caps at 16 threads (PITFALLS): the server gets its own.
  Poco::ThreadPool pool("kr-http", 2, config->max_threads);
  try {
    // SO_REUSEADDR for quick restarts, but never SO_REUSEPORT (Poco's one-argument constructor sets
    // both): a second kr-server on a busy port must fail, not silently share its connections.
    Poco::Net::ServerSocket socket;
    socket.bind(Poco::Net::SocketAddress(config->host(), static_cast<Poco::UInt16>(config->port())), true,
                false);
    socket.listen(128);
    // A TCPServer with kr-server's own HTTP connection (http_connection.h) in place of
    // Poco::Net::HTTPServer: the same session loop plus a request-head deadline and JSON refusals.
    Poco::Net::HTTPRequestHandlerFactory::Ptr handlers = new RequestHandlerFactory(context, keys, log);
    ConnectionContext connections{params, handlers, std::chrono::seconds(config->head_timeout_seconds),
                                  watch,  metrics,  log};
    Poco::Net::TCPServer server(new HttpConnectionFactory(connections), pool, socket, params);
    server.start();
    std::cerr << "kr-server: listening on " << socket.address().toString() << ", "
              << (*engine)->status(search::Access{true}).documents << " documents, " << keys.size()
              << " access keys\n";
    waitForTerminationRequest();
    server.stop();     // SIGTERM/SIGINT: stop accepting,
    watch.stop_all();  // then end open connections
  } catch (const Poco::Exception& e) {
    std::cerr << "kr-server: cannot listen on " << config->listen << ": " << e.displayText() << "\n";
    return kExitUnavailable;
  }
  pool.joinAll();
  std::cerr << "kr-server: stopped\n";
  return kExitOk;
}

}  // namespace kr::http
