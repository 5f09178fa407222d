#include "server/http/server_config.h"

#include <Poco/AutoPtr.h>
#include <Poco/Exception.h>
#include <Poco/Util/PropertyFileConfiguration.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdlib>
#include <filesystem>
#include <thread>

#ifndef KR_PROJECT_SOURCE_DIR
#error "KR_PROJECT_SOURCE_DIR must be defined by the build"
#endif

namespace kr::http {

const std::vector<std::string> kSettingKeys = {"index",
                                               "listen",
                                               "web",
                                               "keys",
                                               "taxonomy",
                                               "max_threads",
                                               "max_queued",
                                               "keep_alive_seconds",
                                               "max_keep_alive_requests",
                                               "request_timeout_seconds",
                                               "head_timeout_seconds",
                                               "max_uri_length",
                                               "max_query_length",
                                               "max_header_bytes",
                                               "max_header_fields",
                                               "max_body_bytes",
                                               "max_page",
                                               "search_cache_mb",
                                               "max_searches",
                                               "shards",
                                               "lexicon",
                                               "shard_timeout_ms",
                                               "shard_failure"};

namespace {

Result<int> parse_int(const std::string& key, const std::string& value) {
  int out = 0;
  const char* end = value.data() + value.size();
  auto [ptr, ec] = std::from_chars(value.data(), end, out);
  if (value.empty() || ec != std::errc() || ptr != end) {
    return make_error(ErrorCode::invalid_argument, key + " must be an integer, got '" + value + "'");
  }
  return out;
}

Status check_range(const char* key, int value, int lo, int hi) {
  if (value < lo || value > hi) {
    return make_error(ErrorCode::invalid_argument, std::string(key) + " must be " + std::to_string(lo) +
                                                       ".." + std::to_string(hi) + ", got " +
                                                       std::to_string(value));
  }
  return Ok{};
}

/// Splits "HOST:PORT" ("[::1]:80" for IPv6); port -1 when malformed.
std::pair<std::string, int> split_listen(const std::string& listen) {
  auto colon = listen.rfind(':');
  if (colon == std::string::npos || colon == 0) return {listen, -1};
  std::string host = listen.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  std::string port_text = listen.substr(colon + 1);
  int port = -1;
  const char* end = port_text.data() + port_text.size();
  auto [ptr, ec] = std::from_chars(port_text.data(), end, port);
  if (port_text.empty() || ec != std::errc() || ptr != end || port < 0 || port > 65535) port = -1;
  return {host, port};
}

/// The settings that hold text, and the integer settings with their allowed ranges.
struct TextSetting {
  const char* key;
  std::string ServerConfig::*member;
};
struct IntSetting {
  const char* key;
  int ServerConfig::*member;
  int lo, hi;
};
const TextSetting kTextSettings[] = {
    {"index", &ServerConfig::index_dir},
    {"listen", &ServerConfig::listen},
    {"web", &ServerConfig::web_dir},
    {"keys", &ServerConfig::keys_file},
    {"taxonomy", &ServerConfig::taxonomy_path},
    {"lexicon", &ServerConfig::lexicon},
    {"shard_failure", &ServerConfig::shard_failure},
};
const IntSetting kIntSettings[] = {
    {"max_threads", &ServerConfig::max_threads, 1, 1024},
    {"max_queued", &ServerConfig::max_queued, 1, 100000},
    {"keep_alive_seconds", &ServerConfig::keep_alive_seconds, 0, 3600},
    {"max_keep_alive_requests", &ServerConfig::max_keep_alive_requests, 0, 1000000},
    {"request_timeout_seconds", &ServerConfig::request_timeout_seconds, 1, 3600},
    {"head_timeout_seconds", &ServerConfig::head_timeout_seconds, 1, 3600},
    {"max_uri_length", &ServerConfig::max_uri_length, 64, 16384},  // Poco rejects longer lines itself
    {"max_query_length", &ServerConfig::max_query_length, 1, 16384},
    {"max_header_bytes", &ServerConfig::max_header_bytes, 256, 1 << 20},
    {"max_header_fields", &ServerConfig::max_header_fields, 1, 100},  // Poco's own field limit is 100
    {"max_body_bytes", &ServerConfig::max_body_bytes, 0, 1 << 20},
    {"max_page", &ServerConfig::max_page, 1, 1000000},
    {"search_cache_mb", &ServerConfig::search_cache_mb, 0, 65536},
    {"max_searches", &ServerConfig::max_searches, 0, 4096},
    {"shard_timeout_ms", &ServerConfig::shard_timeout_ms, 50, 600000},
};

}  // namespace

int ServerConfig::search_slots() const {
  if (max_searches > 0) return max_searches;
  // Two per core: with exactly one, a search stalled on a lock or the disk idles its core
  // (BENCHMARKS.md §14: 2 slots on 2 cores served 13-15% fewer searches, 4 as many as no gate).
  return 2 * std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
}

std::string ServerConfig::host() const { return split_listen(listen).first; }
int ServerConfig::port() const { return split_listen(listen).second; }

Status ServerConfig::set(const std::string& key, const std::string& value) {
  for (const auto& t : kTextSettings) {
    if (key == t.key) {
      this->*t.member = value;
      return Ok{};
    }
  }
  if (key == "shards") {
    shards.clear();
    std::size_t start = 0;
    while (start <= value.size()) {
      std::size_t comma = value.find(',', start);
      std::string item = value.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
      item.erase(0, item.find_first_not_of(" \t"));
      item.erase(item.find_last_not_of(" \t") + 1);
      if (!item.empty()) shards.push_back(item);
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
    return Ok{};
  }
  for (const auto& n : kIntSettings) {
    if (key != n.key) continue;
    auto parsed = parse_int(key, value);
    if (!parsed) return parsed.error();
    this->*n.member = *parsed;
    return Ok{};
  }
  return make_error(ErrorCode::invalid_argument, "unknown setting '" + key + "'");
}

Status ServerConfig::validate() const {
  if (index_dir.empty() && shards.empty()) {
    return make_error(ErrorCode::invalid_argument, "--index DIR is required (or the shards setting)");
  }
  if (shard_failure != "error" && shard_failure != "degrade") {
    return make_error(ErrorCode::invalid_argument,
                      "shard_failure must be 'error' or 'degrade', got '" + shard_failure + "'");
  }
  auto [h, p] = split_listen(listen);
  if (h.empty() || p < 0) {
    return make_error(ErrorCode::invalid_argument,
                      "listen must be HOST:PORT (e.g. 127.0.0.1:8080), got '" + listen + "'");
  }
  for (const auto& n : kIntSettings) {
    if (auto st = check_range(n.key, this->*n.member, n.lo, n.hi); !st) return st;
  }
  return Ok{};
}

Result<SettingMap> read_config_file(const std::string& path) {
  Poco::AutoPtr<Poco::Util::PropertyFileConfiguration> file;
  try {
    file = new Poco::Util::PropertyFileConfiguration(path);
  } catch (const Poco::Exception& e) {
    return make_error(ErrorCode::io_error, "cannot read config file " + path + ": " + e.displayText());
  }
  SettingMap out;
  Poco::Util::AbstractConfiguration::Keys keys;
  file->keys(keys);
  for (const auto& key : keys) {
    if (std::find(kSettingKeys.begin(), kSettingKeys.end(), key) == kSettingKeys.end()) {
      return make_error(ErrorCode::invalid_argument,
                        path + ": unknown setting '" + key + "' (dotted keys are not used)");
    }
    out[key] = file->getRawString(key);
  }
  return out;
}

SettingMap read_environment() {
  SettingMap out;
  for (const auto& key : kSettingKeys) {
    std::string name = "KR_";
    for (char c : key) name += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (const char* v = std::getenv(name.c_str())) out[key] = v;  // the edge: config is read here
  }
  return out;
}

Result<ServerConfig> build_server_config(const SettingMap& file, const SettingMap& env,
                                         const SettingMap& cli) {
  ServerConfig config;
  config.taxonomy_path = KR_PROJECT_SOURCE_DIR "/schemas/taxonomy.xml";
  config.web_dir = KR_PROJECT_SOURCE_DIR "/server/web";
  for (const SettingMap* source : {&file, &env, &cli}) {
    for (const auto& [key, value] : *source) {
      if (auto st = config.set(key, value); !st) return st.error();
    }
  }
  if (auto st = config.validate(); !st) return st.error();
  return config;
}

}  // namespace kr::http
