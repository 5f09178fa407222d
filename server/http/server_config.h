#pragma once
/// Configuration of kr-server: one plain struct, filled once at start-up from a properties file
/// (--config FILE) < environment (KR_*) < command line, validated, then passed down.
#include <map>
#include <string>
#include <vector>

#include "core/error.h"

namespace kr::http {

struct ServerConfig {
  std::string index_dir;                  ///< required: the kr-index --index folder
  std::string listen = "127.0.0.1:8080";  ///< HOST:PORT
  std::string web_dir;                    ///< search page files; default: the project's server/web
  std::string keys_file;                  ///< empty: no keys, every caller is public
  std::string taxonomy_path;              ///< default: the project's schemas/taxonomy.xml
  /// Shards instead of (or beside) --index: comma-separated folders and tcp://HOST:PORT
  /// databases served by xapian-tcpsrv (docs/SCALING.md).
  std::vector<std::string> shards;
  std::string lexicon;                  ///< spelling/synonyms for remote shards; default INDEX/lexicon
  int shard_timeout_ms = 2000;          ///< connect and per-operation timeout of remote shards
  std::string shard_failure = "error";  ///< a shard down: "error" (503) or "degrade" (answer without it)
  int max_threads = 16;                 ///< Poco worker threads
  int max_queued = 64;                  ///< connections waiting for a thread; more are dropped
  int keep_alive_seconds = 5;           ///< idle keep-alive connections are closed after this
  int max_keep_alive_requests = 1000;
  int request_timeout_seconds = 30;  ///< socket send/receive timeout
  int head_timeout_seconds = 10;     ///< whole request line + headers, however slowly sent; then closed
  int max_uri_length = 8192;         ///< longer request targets -> 414 (Poco itself stops at 16384)
  int max_query_length = 1000;       ///< longest `q` in characters (bytes) -> 400 beyond
  int max_header_bytes = 16384;      ///< sum of header names and values -> 413 beyond
  int max_header_fields = 64;        ///< -> 413 beyond
  int max_body_bytes = 4096;         ///< GET needs no body; -> 413 beyond
  int max_page = 10000;              ///< highest `page` accepted
  int search_cache_mb = 64;          ///< memory for cached search answers; 0 turns the cache off
  /// Searches computed at a time (search_gate.h); the others wait their turn. 0: two per core.
  int max_searches = 0;

  /// max_searches, with 0 read as twice the number of cores.
  int search_slots() const;

  /// Host and port of `listen` (validated by validate()).
  std::string host() const;
  int port() const;

  /// Sets one setting by its key (the names in kSettingKeys: "index", "max_threads", ...).
  /// Errors: invalid_argument for an unknown key or a value that is not a number.
  Status set(const std::string& key, const std::string& value);
  /// Checks ranges and required settings after all sources were applied.
  Status validate() const;
};

/// Keys accepted by ServerConfig::set, in the properties file (`max_threads = 32`), the
/// environment (KR_MAX_THREADS) and on the command line (--max-threads).
extern const std::vector<std::string> kSettingKeys;

/// Settings read from one source, by key.
using SettingMap = std::map<std::string, std::string>;

/// Reads a Poco properties file; unknown keys are errors (a typo must not pass silently).
Result<SettingMap> read_config_file(const std::string& path);
/// KR_<KEY> variables of the environment for every known key (others are ignored).
SettingMap read_environment();

/// Defaults < file < env < cli, then validate(). Example:
/// `auto cfg = build_server_config(file, read_environment(), cli);`
Result<ServerConfig> build_server_config(const SettingMap& file, const SettingMap& env,
                                         const SettingMap& cli);

}  // namespace kr::http
