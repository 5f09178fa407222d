// HTTP layer without a server: JSON escaping and response shapes, the error table and body,
// access keys, metrics text and configuration precedence.
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <string>
#include <thread>

#include "core/json_writer.h"
#include "core/taxonomy.h"
#include "server/http/access_keys.h"
#include "server/http/error_mapping.h"
#include "server/http/metrics.h"
#include "server/http/response_json.h"
#include "server/http/server_config.h"
#include "tests/support/test_support.h"

using kr::ErrorCode;
using namespace kr::http;
using kr::append_json_number;
using kr::append_json_string;
using kr::JsonWriter;

namespace {

std::string json_string(std::string_view s) {
  std::string out;
  append_json_string(out, s);
  return out;
}

std::string json_number(double d, int decimals = 6) {
  std::string out;
  append_json_number(out, d, decimals);
  return out;
}

/// Parses with Poco::JSON: fails the test when `json` is not valid JSON.
Poco::JSON::Object::Ptr parse_object(const std::string& json) {
  Poco::JSON::Parser parser;
  auto value = parser.parse(json);
  return value.extract<Poco::JSON::Object::Ptr>();
}

}  // namespace

TEST_CASE("JSON strings are escaped and valid UTF-8 passes through", "[json]") {
  CHECK(json_string("") == R"("")");
  CHECK(json_string("plain") == R"("plain")");
  CHECK(json_string("a\"b\\c/d") == R"("a\"b\\c/d")");
  CHECK(json_string("line\nnext\r\ttab") == R"("line\nnext\r\ttab")");
  CHECK(json_string(std::string("nul\0end", 7)) == R"("nul\u0000end")");
  CHECK(json_string("\x01\x1f\x7f") == R"("\u0001\u001f\u007f")");
  CHECK(json_string("\b\f") == R"("\u0008\u000c")");
  CHECK(json_string("Côte d’Ivoire — 日本 😀") == "\"Côte d’Ivoire — 日本 😀\"");
  CHECK(json_string("<mark>x</mark> & y") == R"("<mark>x</mark> & y")");
  CHECK(json_string("a\u2028b\u2029c") == R"("a\u2028b\u2029c")");
}

TEST_CASE("JSON strings: invalid UTF-8 becomes U+FFFD, never raw bytes", "[json]") {
  CHECK(json_string("a\xFF"
                    "b") == R"("a\ufffdb")");
  CHECK(json_string("caf\xC3") == R"("caf\ufffd")");                          // truncated
  CHECK(json_string("\xC0\xAF") == R"("\ufffd\ufffd")");                      // overlong '/'
  CHECK(json_string("\xED\xA0\x80") == R"("\ufffd\ufffd\ufffd")");            // surrogate
  CHECK(json_string("\xF4\x90\x80\x80") == R"("\ufffd\ufffd\ufffd\ufffd")");  // > U+10FFFF
  CHECK(json_string("\x80") == R"("\ufffd")");
}

TEST_CASE("JSON numbers", "[json]") {
  CHECK(json_number(0) == "0");
  CHECK(json_number(42) == "42");
  CHECK(json_number(0.8) == "0.8");
  CHECK(json_number(0.93456, 2) == "0.93");
  CHECK(json_number(-0.0001, 2) == "0");
  CHECK(json_number(1.5e9) == "1500000000");
  CHECK(json_number(std::nan("")) == "null");
  CHECK(json_number(std::numeric_limits<double>::infinity()) == "null");
}

TEST_CASE("JsonWriter places commas and nests", "[json]") {
  std::string out;
  JsonWriter w(out);
  w.begin_object();
  w.member("a", 1);
  w.member("b", "x");
  w.key("c");
  w.begin_array();
  w.value(true);
  w.null();
  w.begin_object();
  w.end_object();
  w.begin_array();
  w.end_array();
  w.end_array();
  w.key("d");
  w.raw(R"({"k":[1,2]})");
  w.member("e", 2.5);
  w.member("f", 7L);
  w.end_object();
  CHECK(out == R"({"a":1,"b":"x","c":[true,null,{},[]],"d":{"k":[1,2]},"e":2.5,"f":7})");
}

TEST_CASE("the error table and the error body", "[errors]") {
  struct Case {
    ErrorCode code;
    int status;
  };
  for (auto [code, status] : {Case{ErrorCode::invalid_argument, 400}, Case{ErrorCode::invalid_query, 400},
                              Case{ErrorCode::unknown_value, 400}, Case{ErrorCode::unsupported, 400},
                              Case{ErrorCode::unauthorized, 401}, Case{ErrorCode::not_found, 404},
                              Case{ErrorCode::invalid_record, 500}, Case{ErrorCode::invalid_taxonomy, 500},
                              Case{ErrorCode::io_error, 500}, Case{ErrorCode::internal, 500},
                              Case{ErrorCode::index_unavailable, 503}}) {
    INFO(kr::error_code_name(code));
    CHECK(http_status(code) == status);
    auto reply = error_reply(kr::make_error(code, "why"));
    CHECK(reply.status == status);
    CHECK(reply.body ==
          std::string(R"({"error":{"code":")") + kr::error_code_name(code) + R"(","message":"why"}})");
  }
  auto bad = error_reply(kr::make_error(ErrorCode::invalid_query, "syntax \"error\" at 'AND'"));
  CHECK(bad.reason == "Bad Request");
  CHECK(bad.body == R"({"error":{"code":"invalid_query","message":"syntax \"error\" at 'AND'"}})");

  struct HttpCase {
    HttpError error;
    int status;
    const char* code;
    const char* reason;
  };
  for (const auto& c :
       {HttpCase{HttpError::route_not_found, 404, "not_found", "Not Found"},
        HttpCase{HttpError::method_not_allowed, 405, "method_not_allowed", "Method Not Allowed"},
        HttpCase{HttpError::payload_too_large, 413, "payload_too_large", "Payload Too Large"},
        HttpCase{HttpError::uri_too_long, 414, "uri_too_long", "URI Too Long"}}) {
    auto reply = error_reply(c.error, "m");
    CHECK(reply.status == c.status);
    CHECK(reply.reason == c.reason);
    CHECK(reply.body == std::string(R"({"error":{"code":")") + c.code + R"(","message":"m"}})");
  }
}

TEST_CASE("search result JSON has the exact shape of DESIGN.md", "[json]") {
  kr::search::SearchResult r;
  r.query = "diaspora";
  r.total = 42;
  r.took_ms = 0.8123;
  kr::search::Hit hit;
  hit.id = "mg-2017-03-diaspora-strategy";
  hit.type = "practice";
  hit.title = "Stratégie \"diaspora\"";
  hit.date = "2017-10";
  hit.lang = "en";
  hit.countries = {"MG"};
  hit.regions = {"africa-ces"};
  hit.themes = {"diaspora-engagement"};
  hit.pillars = {"migration-development"};
  hit.action_code = "2017-03";
  hit.action_name = "Madagascar I";
  hit.score = 0.93;
  hit.snippet = "… national <mark>diaspora</mark> engagement …";
  hit.editions = {{"mg-2017-03-fr", "fr", "Stratégie"}};
  r.hits.push_back(hit);
  hit.id = "b";
  hit.action_code.clear();
  hit.editions.clear();
  hit.countries.clear();
  r.hits.push_back(hit);
  r.facets.push_back({kr::Facet::type, {{"practice", "Practice", 40, true}}});
  r.facets.push_back(
      {kr::Facet::region, {{"africa-ces", "Central, Eastern and Southern Africa", 12, false}}});
  r.facets.push_back({kr::Facet::year, {{"2017", "2017", 3, false}}});

  std::string expected =
      R"({"query":"diaspora","suggestion":null,"total":42,"page":1,"per_page":10,"took_ms":0.812,)"
      R"("hits":[{"id":"mg-2017-03-diaspora-strategy","type":"practice","title":"Stratégie \"diaspora\"",)"
      R"("date":"2017-10","lang":"en","countries":["MG"],"regions":["africa-ces"],)"
      R"("themes":["diaspora-engagement"],"pillars":["migration-development"],)"
      R"("action":{"code":"2017-03","name":"Madagascar I"},"score":0.93,)"
      R"("snippet":"… national <mark>diaspora</mark> engagement …",)"
      R"("editions":[{"id":"mg-2017-03-fr","lang":"fr","title":"Stratégie"}]},)"
      R"({"id":"b","type":"practice","title":"Stratégie \"diaspora\"","date":"2017-10","lang":"en",)"
      R"("countries":[],"regions":["africa-ces"],"themes":["diaspora-engagement"],)"
      R"("pillars":["migration-development"],"action":null,"score":0.93,)"
      R"("snippet":"… national <mark>diaspora</mark> engagement …","editions":[]}],)"
      R"("facets":{"region":[{"value":"africa-ces","label":"Central, Eastern and Southern Africa",)"
      R"("count":12,"selected":false}],"country":[],"theme":[],"pillar":[],)"
      R"("type":[{"value":"practice","label":"Practice","count":40,"selected":true}],"lang":[],)"
      R"("year":[{"value":"2017","label":"2017","count":3,"selected":false}]}})";
  CHECK(search_result_json(r) == expected);

  r.suggestion = "diaspora";
  r.hits.clear();
  auto parsed = parse_object(search_result_json(r));
  CHECK(parsed->getValue<std::string>("suggestion") == "diaspora");
  CHECK(parsed->getArray("hits")->size() == 0);
}

TEST_CASE("similar, completions and status JSON", "[json]") {
  CHECK(similar_json("x", "region", {}) == R"({"id":"x","scope":"region","hits":[]})");
  CHECK(completions_json("dias", {{"diaspora", 12}, {"diasporas", 1}}) ==
        R"({"query":"dias","completions":[{"text":"diaspora","count":12},)"
        R"({"text":"diasporas","count":1}]})");
  kr::search::IndexStatus status;
  status.documents = 27;
  status.updated = "2024-05-01T10:00:00Z";
  CHECK(status_json(status) ==
        R"({"status":"ok","documents":27,"updated":"2024-05-01T10:00:00Z","shards":1,"phrase_pairs":false})");
  status.phrase_pairs = true;
  CHECK(status_json(status).find(R"("shards":1,"phrase_pairs":true})") != std::string::npos);
}

TEST_CASE("taxonomy JSON: every vocabulary, labels in ui_lang and all three", "[json]") {
  auto taxonomy = kr::Taxonomy::load(kr::test::source_path("schemas/taxonomy.xml"));
  REQUIRE(taxonomy.ok());
  auto json = parse_object(taxonomy_json(*taxonomy, kr::UiLang::fr));
  CHECK(json->getValue<std::string>("ui_lang") == "fr");
  for (const char* key : {"types", "regions", "countries", "organisations", "themes", "pillars", "languages",
                          "audiences", "glossary"}) {
    INFO(key);
    REQUIRE(json->isArray(key));
  }
  CHECK(json->getArray("countries")->size() == taxonomy->countries().size());
  CHECK(json->getArray("regions")->size() == taxonomy->regions().size());
  auto region = json->getArray("regions")->getObject(0);
  const auto& first = taxonomy->regions().front();
  CHECK(region->getValue<std::string>("id") == first.id);
  CHECK(region->getValue<std::string>("label") == first.labels.in(kr::UiLang::fr));
  CHECK(region->getObject("labels")->getValue<std::string>("es") == first.labels.in(kr::UiLang::es));
  auto country = json->getArray("countries")->getObject(0);
  CHECK(country->has("region"));
  CHECK(country->isArray("neighbours"));
  if (!taxonomy->organisations().empty()) {
    CHECK(json->getArray("organisations")->getObject(0)->isArray("members"));
  }
  if (!taxonomy->glossary().empty()) {
    CHECK(json->getArray("glossary")->getObject(0)->isArray("forms"));
  }
}

TEST_CASE("access keys: file format", "[keys]") {
  std::string secret_hash = AccessKeys::sha256_hex("s3cret");
  // SHA-256("abc"), a published test vector.
  CHECK(AccessKeys::sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  auto keys = AccessKeys::parse(
      "# staff keys\n\n  alice " + secret_hash + "   # laptop\nbob " + AccessKeys::sha256_hex("other") + "\n",
      "keys.txt");
  REQUIRE(keys.ok());
  CHECK(keys->size() == 2);

  struct Case {
    std::string text;
    int line;
    const char* message_part;
  };
  const Case bad[] = {
      {"alice\n", 1, "expected 'NAME SHA256HEX'"},
      {"# c\nalice " + secret_hash + " extra\n", 2, "expected"},
      {"alice abc123\n", 1, "64 hexadecimal digits"},
      {"alice " + std::string(63, 'a') + "g\n", 1, "64 hexadecimal"},
      {"a " + secret_hash + "\na " + secret_hash + "\n", 2, "duplicate key name 'a'"},
  };
  for (const auto& c : bad) {
    INFO(c.text);
    auto r = AccessKeys::parse(c.text, "keys.txt");
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().line == c.line);
    CHECK(r.error().file == "keys.txt");
    CHECK_THAT(r.error().message, Catch::Matchers::Contains(c.message_part));
  }
  CHECK(AccessKeys::load("/no/such/keys").error().code == ErrorCode::io_error);
}

TEST_CASE("access keys: matching and authorisation", "[keys]") {
  std::string text;
  for (int i = 0; i < 5; ++i) {
    text += "k" + std::to_string(i) + " " + AccessKeys::sha256_hex("secret-" + std::to_string(i)) + "\n";
  }
  auto keys = AccessKeys::parse(text, "k");
  REQUIRE(keys.ok());
  for (int i = 0; i < 5; ++i) {  // first, middle and last keys all match
    CHECK(keys->match("secret-" + std::to_string(i)) == "k" + std::to_string(i));
  }
  CHECK_FALSE(keys->match("secret-5"));
  CHECK_FALSE(keys->match(""));
  CHECK_FALSE(keys->match(AccessKeys::sha256_hex("secret-1")));  // the hash is not the secret

  CHECK_FALSE(keys->authorize(std::nullopt)->internal);
  CHECK(keys->authorize("Bearer secret-3")->internal);
  CHECK(keys->authorize("bearer secret-3")->internal);
  CHECK(keys->authorize("Bearer  secret-3 ")->internal);
  for (const char* header :
       {"Bearer wrong", "Bearer ", "Bearer", "Basic secret-3", "secret-3", "Bearersecret-3", ""}) {
    INFO(header);
    auto r = keys->authorize(std::string(header));
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == ErrorCode::unauthorized);
  }
  AccessKeys none;
  CHECK_FALSE(none.authorize(std::nullopt)->internal);
  CHECK_FALSE(none.authorize("Bearer secret-3").ok());
}

TEST_CASE("metrics text", "[metrics]") {
  Metrics m;
  m.record("search", 200, 0.003);
  m.record("search", 200, 0.2);
  m.record("search", 400, 0.0001);
  m.record_fault("record");
  kr::search::IndexStatus status;
  status.documents = 27;
  status.age_seconds = 12.5;
  std::string text = m.render(status, kr::http::SearchLoad{4, 3, 7});
  CHECK_THAT(text, Catch::Matchers::Contains("kr_http_requests_total{route=\"search\",status=\"200\"} 2\n"));
  CHECK_THAT(text, Catch::Matchers::Contains("kr_http_requests_total{route=\"search\",status=\"400\"} 1\n"));
  CHECK_THAT(text, Catch::Matchers::Contains(
                       "kr_http_request_duration_seconds_bucket{route=\"search\",le=\"0.005\"} 2\n"));
  CHECK_THAT(text, Catch::Matchers::Contains(
                       "kr_http_request_duration_seconds_bucket{route=\"search\",le=\"+Inf\"} 3\n"));
  CHECK_THAT(text, Catch::Matchers::Contains("kr_http_request_duration_seconds_count{route=\"search\"} 3\n"));
  CHECK_THAT(text, Catch::Matchers::Contains("kr_http_faults_total{route=\"record\"} 1\n"));
  CHECK_THAT(text, Catch::Matchers::Contains("kr_index_documents 27\n"));
  CHECK_THAT(text, Catch::Matchers::Contains("kr_index_age_seconds 12.5\n"));
  CHECK_THAT(text, Catch::Matchers::Contains("kr_search_slots 4\n"));
  CHECK_THAT(text, Catch::Matchers::Contains("kr_searches_running 3\n"));
  CHECK_THAT(text, Catch::Matchers::Contains("kr_searches_waiting 7\n"));
}

TEST_CASE("server configuration: file < environment < command line, validated", "[config]") {
  auto cfg = build_server_config({{"index", "/from-file"}, {"max_threads", "8"}, {"listen", "0.0.0.0:1"}},
                                 {{"index", "/from-env"}, {"max_threads", "32"}}, {{"index", "/from-cli"}});
  REQUIRE(cfg.ok());
  CHECK(cfg->index_dir == "/from-cli");
  CHECK(cfg->max_threads == 32);
  CHECK(cfg->host() == "0.0.0.0");
  CHECK(cfg->port() == 1);
  CHECK(cfg->max_uri_length == 8192);
  CHECK_THAT(cfg->taxonomy_path, Catch::Matchers::EndsWith("/schemas/taxonomy.xml"));
  CHECK_THAT(cfg->web_dir, Catch::Matchers::EndsWith("/server/web"));

  auto defaults = build_server_config({}, {}, {{"index", "/i"}});
  REQUIRE(defaults.ok());
  CHECK(defaults->host() == "127.0.0.1");
  CHECK(defaults->port() == 8080);
  CHECK(defaults->search_slots() ==
        2 * static_cast<int>(std::thread::hardware_concurrency()));  // two per core
  auto three = build_server_config({}, {}, {{"index", "/i"}, {"max_searches", "3"}});
  REQUIRE(three.ok());
  CHECK(three->search_slots() == 3);

  const std::pair<kr::http::SettingMap, const char*> bad[] = {
      {{}, "--index DIR is required"},
      {{{"index", "/i"}, {"listen", "localhost"}}, "listen must be HOST:PORT"},
      {{{"index", "/i"}, {"listen", "h:70000"}}, "listen must be HOST:PORT"},
      {{{"index", "/i"}, {"max_threads", "0"}}, "max_threads must be 1..1024"},
      {{{"index", "/i"}, {"max_threads", "lots"}}, "max_threads must be an integer"},
      {{{"index", "/i"}, {"max_uri_length", "20000"}}, "max_uri_length"},
      {{{"index", "/i"}, {"max_searches", "-1"}}, "max_searches"},
      {{{"index", "/i"}, {"colour", "blue"}}, "unknown setting 'colour'"},
  };
  for (const auto& [cli, message] : bad) {
    INFO(message);
    auto r = build_server_config({}, {}, cli);
    REQUIRE_FALSE(r.ok());
    CHECK_THAT(r.error().message, Catch::Matchers::Contains(message));
  }

  kr::test::TempDir tmp;
  kr::test::write_file(tmp / "kr.properties", "# comment\nindex = /data/index\nmax_queued = 128\n");
  auto file = read_config_file(tmp / "kr.properties");
  REQUIRE(file.ok());
  CHECK(file->at("index") == "/data/index");
  CHECK(file->at("max_queued") == "128");
  kr::test::write_file(tmp / "bad.properties", "kr.index = /x\n");
  CHECK_FALSE(read_config_file(tmp / "bad.properties").ok());
  CHECK(read_config_file(tmp / "missing.properties").error().code == ErrorCode::io_error);
}
