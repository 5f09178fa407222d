// HTTP contract tests against the real kr-server on loopback over the sample corpus: status
// codes, exact error bodies, access keys, limits, HEAD, static files, the request log.
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <xapian.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <memory>
#include <regex>
#include <string>

#include "server/http/access_keys.h"
#include "server/http/routes.h"
#include "tests/support/process.h"
#include "tests/support/server_process.h"
#include "tests/support/test_support.h"

using kr::test::HttpResponse;
using kr::test::ServerProcess;

namespace {

constexpr const char* kSecret = "correct horse battery staple";

/// One index, web folder and server for the whole file.
struct Fixture {
  kr::test::TempDir dir;
  std::unique_ptr<ServerProcess> server;

  Fixture() {
    auto indexed = kr::test::run_process({kr::test::binary_path("indexer/kr-index"), "--corpus",
                                          kr::test::source_path("corpus"), "--index", dir / "index"});
    if (indexed.exit_code != 0) throw std::runtime_error("kr-index failed:\n" + indexed.err);
    kr::test::write_file(dir / "keys",
                         "# test keys\nstaff " + kr::http::AccessKeys::sha256_hex(kSecret) + "\n");
    kr::test::write_file(dir / "web/index.html", "<!doctype html><title>KR</title>");
    kr::test::write_file(dir / "web/static/app.js", "console.log(1);");
    kr::test::write_file(dir / "outside.txt", "not for the web");
    std::filesystem::create_symlink(dir / "outside.txt", dir / "web/leak.txt");
    server = std::make_unique<ServerProcess>(ServerProcess::Options{
        .index_dir = dir / "index", .keys_file = dir / "keys", .web_dir = dir / "web"});
  }
};

Fixture& fixture() {
  static Fixture f;
  return f;
}

HttpResponse get(const std::string& target, const kr::test::Headers& headers = {}) {
  return fixture().server->get(target, headers);
}

Poco::JSON::Object::Ptr json(const HttpResponse& r) {
  Poco::JSON::Parser parser;
  return parser.parse(r.body).extract<Poco::JSON::Object::Ptr>();
}

std::string error_body(const std::string& code, const std::string& message) {
  return R"({"error":{"code":")" + code + R"(","message":")" + message + R"("}})";
}

}  // namespace

TEST_CASE("healthz answers the contract's shape and keys see internal records", "[api]") {
  auto r = get("/healthz");
  REQUIRE(r.status == 200);
  CHECK(r.header("Content-Type") == "application/json; charset=utf-8");
  std::regex shape(
      R"(\{"status":"ok","documents":(\d+),"updated":"\d{4}-\d\d-\d\dT[^"]+","shards":1,"phrase_pairs":true\})");  // the default index pairs frequent words
  std::smatch m;
  REQUIRE(std::regex_match(r.body, m, shape));
  long public_docs = std::stol(m[1]);
  auto internal = get("/healthz", {{"Authorization", std::string("Bearer ") + kSecret}});
  REQUIRE(internal.status == 200);
  CHECK(json(internal)->getValue<long>("documents") >= public_docs);
  CHECK(public_docs > 0);
}

TEST_CASE("every error status of the contract, with its exact body", "[api][errors]") {
  struct Case {
    std::string target;
    int status;
    std::string body;  // exact; empty: only the code is checked
    std::string code;
  };
  const Case cases[] = {
      {"/api/v1/search?per_page=0", 400, error_body("invalid_argument", "per_page must be 1..100, got 0"),
       ""},
      {"/api/v1/search?per_page=1000000", 400,
       error_body("invalid_argument", "per_page must be 1..100, got 1000000"), ""},
      {"/api/v1/search?page=-3", 400, error_body("invalid_argument", "page must be 1..10000, got -3"), ""},
      {"/api/v1/search?year_from=20x", 400,
       error_body("invalid_argument", "year_from must be a four-digit year, got '20x'"), ""},
      {"/api/v1/search?region=atlantis", 400, error_body("unknown_value", "unknown region 'atlantis'"), ""},
      {"/api/v1/search?sort=newest", 400,
       error_body("unknown_value", "sort must be relevance, date or -date, got 'newest'"), ""},
      {"/api/v1/search?q=%FF", 400, error_body("invalid_argument", "parameter 'q' is not valid UTF-8"), ""},
      {"/api/v1/search?colour=red", 400, "", "invalid_argument"},
      {"/api/v1/search?q=diaspora%20AND", 400, "", "invalid_query"},
      {"/api/v1/records/x/similar?scope=planet", 400, "", "unknown_value"},
      {"/api/v1/records/no-such-record", 404, "", "not_found"},
      {"/api/v1/records/no-such-record/similar", 404, "", "not_found"},
      {"/api/v1/nothing", 404, error_body("not_found", "no route for this path"), ""},
      {"/api/v1/factsheet", 400, "", "invalid_argument"},  // no theme, region or pillar
      {"/no/such/page", 404, "", "not_found"},
      {"/healthz?verbose=1", 400, "", "invalid_argument"},
  };
  for (const auto& c : cases) {
    INFO(c.target);
    auto r = get(c.target);
    CHECK(r.status == c.status);
    CHECK(r.header("Content-Type") == "application/json; charset=utf-8");
    if (!c.body.empty()) {
      CHECK(r.body == c.body);
    } else {
      CHECK(json(r)->getObject("error")->getValue<std::string>("code") == c.code);
    }
  }
}

TEST_CASE("unknown keys get 401 and no key is public", "[api][access]") {
  for (const char* header : {"Bearer wrong", "Basic dXNlcjpwdw==", "Bearer"}) {
    INFO(header);
    auto r = get("/api/v1/search", {{"Authorization", header}});
    CHECK(r.status == 401);
    CHECK(r.header("WWW-Authenticate") == "Bearer");
    CHECK(r.body ==
          error_body("unauthorized", json(r)->getObject("error")->getValue<std::string>("message")));
  }
  CHECK(get("/api/v1/search").status == 200);
  CHECK(get("/api/v1/search", {{"Authorization", std::string("bearer ") + kSecret}}).status == 200);
}

TEST_CASE("methods other than GET and HEAD get 405 with Allow", "[api][errors]") {
  for (const char* method : {"POST", "PUT", "DELETE", "PATCH", "OPTIONS"}) {
    INFO(method);
    auto r = fixture().server->request(method, "/api/v1/search");
    CHECK(r.status == 405);
    CHECK(r.header("Allow") == "GET, HEAD");
    CHECK(json(r)->getObject("error")->getValue<std::string>("code") == "method_not_allowed");
  }
}

TEST_CASE("HEAD is GET without a body", "[api]") {
  auto get_r = get("/api/v1/taxonomy");
  auto head_r = fixture().server->request("HEAD", "/api/v1/taxonomy");
  CHECK(head_r.status == 200);
  CHECK(head_r.body.empty());
  CHECK(head_r.header("Content-Length") == std::to_string(get_r.body.size()));
  CHECK(fixture().server->request("HEAD", "/nothing").status == 404);
}

TEST_CASE("size limits answer 413 and 414", "[api][limits]") {
  auto long_uri = get("/api/v1/search?q=" + std::string(9000, 'a'));
  CHECK(long_uri.status == 414);
  CHECK(json(long_uri)->getObject("error")->getValue<std::string>("code") == "uri_too_long");

  auto body = fixture().server->request("GET", "/healthz", {}, std::string(10000, 'x'));
  CHECK(body.status == 413);
  CHECK(json(body)->getObject("error")->getValue<std::string>("code") == "payload_too_large");

  kr::test::Headers many;
  for (int i = 0; i < 80; ++i) many.emplace_back("X-Header-" + std::to_string(i), "v");
  CHECK(get("/healthz", many).status == 413);
  // Total header bytes over max_header_bytes (16384); each value stays under Poco's own 8192.
  CHECK(get("/healthz", {{"X-Big", std::string(6000, 'b')},
                         {"X-Big2", std::string(6000, 'b')},
                         {"X-Big3", std::string(6000, 'b')}})
            .status == 413);
  CHECK(get("/api/v1/search?q=" + std::string(1001, 'a')).status == 400);  // max_query_length
}

TEST_CASE("search, record, similar, taxonomy and suggest answer JSON", "[api]") {
  auto r = get("/api/v1/search?q=diaspora&per_page=2&ui_lang=fr");
  REQUIRE(r.status == 200);
  auto body = json(r);
  CHECK(body->getValue<std::string>("query") == "diaspora");
  CHECK(body->getValue<int>("per_page") == 2);
  CHECK(body->getArray("hits")->size() <= 2);
  for (const char* facet : {"region", "country", "theme", "pillar", "type", "lang", "year"}) {
    INFO(facet);
    CHECK(body->getObject("facets")->isArray(facet));
  }
  REQUIRE(body->getArray("hits")->size() > 0);
  std::string id = body->getArray("hits")->getObject(0)->getValue<std::string>("id");

  auto record = get("/api/v1/records/" + id);
  REQUIRE(record.status == 200);
  CHECK(json(record)->getValue<std::string>("id") == id);
  auto xml = get("/api/v1/records/" + id + "?format=xml");
  REQUIRE(xml.status == 200);
  CHECK(xml.header("Content-Type") == "application/xml");
  CHECK(xml.body.find("<record") != std::string::npos);
  auto similar = get("/api/v1/records/" + id + "/similar?scope=all&limit=3");
  REQUIRE(similar.status == 200);
  CHECK(json(similar)->getArray("hits")->size() <= 3);

  auto taxonomy = get("/api/v1/taxonomy?ui_lang=es");
  REQUIRE(taxonomy.status == 200);
  CHECK(json(taxonomy)->getValue<std::string>("ui_lang") == "es");
  auto suggest = get("/api/v1/suggest?q=dias");
  REQUIRE(suggest.status == 200);
  CHECK(json(suggest)->isArray("completions"));
}

TEST_CASE("static files: the page, and nothing outside the web folder", "[api][static]") {
  auto page = get("/");
  CHECK(page.status == 200);
  CHECK(page.header("Content-Type") == "text/html; charset=utf-8");
  CHECK(page.body == "<!doctype html><title>KR</title>");
  CHECK(get("/static/app.js").body == "console.log(1);");
  for (const char* target :
       {"/static/../../outside.txt", "/static/%2e%2e/%2e%2e/outside.txt", "/static/..%2F..%2Foutside.txt",
        "/%2E%2E/outside.txt", "/static/%2e%2e%5c%2e%2e%5coutside.txt", "/leak.txt"}) {
    INFO(target);
    auto r = get(target);
    CHECK((r.status == 400 || r.status == 404));
    CHECK(r.body.find("not for the web") == std::string::npos);
  }
}

TEST_CASE("one log line per request, never the key", "[api][log]") {
  get("/healthz?", {{"Authorization", std::string("Bearer ") + kSecret}});
  get("/api/v1/records/no-such-record");
  CHECK(fixture().server->wait_for_output("GET /api/v1/records/no-such-record 404 "));
  CHECK(fixture().server->wait_for_output("GET /healthz? 200 "));
  std::string log = fixture().server->output();
  CHECK(log.find(kSecret) == std::string::npos);
  CHECK(log.find(kr::http::AccessKeys::sha256_hex(kSecret)) == std::string::npos);
  auto metrics = get("/metrics");
  CHECK(metrics.status == 200);
  CHECK(metrics.body.find("kr_http_requests_total{route=\"record\",status=\"404\"}") != std::string::npos);
  CHECK(metrics.body.find("kr_index_documents ") != std::string::npos);
}

TEST_CASE("settings: config file < environment < command line", "[api][config]") {
  kr::test::TempDir dir;
  kr::test::write_file(dir / "kr.properties", "max_uri_length = 100\nmax_query_length = 10\n");
  ServerProcess server({.index_dir = fixture().dir / "index",
                        .config_file = dir / "kr.properties",
                        .extra_args = {"--max-query-length=20"},
                        .env = {"KR_MAX_URI_LENGTH=200"}});
  CHECK(server.get("/api/v1/search?q=" + std::string(150, 'a')).status == 400);  // q > 20
  CHECK(server.get("/api/v1/search?q=" + std::string(15, 'a')).status == 200);
  CHECK(server.get("/api/v1/search?q=" + std::string(250, 'a')).status == 414);  // env: 200
  CHECK(server.stop() == 0);
}

TEST_CASE("kr-server --help, and bad settings fail at start", "[api][cli]") {
  auto help = kr::test::run_process({kr::test::binary_path("server/kr-server"), "--help"});
  CHECK(help.exit_code == 0);
  CHECK(help.out.find("--index") != std::string::npos);
  CHECK(help.out.find("--listen") != std::string::npos);
  auto missing = kr::test::run_process({kr::test::binary_path("server/kr-server")});
  CHECK(missing.exit_code != 0);
  CHECK(missing.err.find("--index DIR is required") != std::string::npos);
  auto bad = kr::test::run_process(
      {kr::test::binary_path("server/kr-server"), "--index", "/nonexistent", "--max-threads", "0"});
  CHECK(bad.exit_code != 0);
}

TEST_CASE("the handler wrapper turns any exception into a logged JSON 500", "[api][errors]") {
  auto engine =
      kr::search::Engine::open({fixture().dir / "index", kr::test::source_path("schemas/taxonomy.xml")});
  REQUIRE(engine.ok());
  kr::http::ServerConfig config;
  kr::http::Metrics metrics;
  kr::http::ServerContext context{**engine, config, metrics};
  using kr::http::Reply;
  using kr::http::Request;
  using kr::http::ServerContext;
  const kr::http::Handler throwing[] = {
      [](const Request&, ServerContext&) -> Reply { throw Xapian::QueryParserError("bad query"); },
      [](const Request&, ServerContext&) -> Reply { throw Xapian::DatabaseModifiedError("gone"); },
      [](const Request&, ServerContext&) -> Reply { throw std::runtime_error("boom"); },
      [](const Request&, ServerContext&) -> Reply { throw 42; },
  };
  for (auto handler : throwing) {
    kr::http::Route route{"test", {}, handler};
    std::string fault;
    Reply reply =
        kr::http::dispatch(route, Request{}, context, [&](const std::string& message) { fault = message; });
    CHECK(reply.status == 500);
    CHECK(reply.body == error_body("internal", "internal error"));
    CHECK_FALSE(fault.empty());
  }
}
