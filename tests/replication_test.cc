// Replicas on Xapian's own replication (issue 7): xapian-replicate keeps a copy of the index in
// step with the master; a kr-server on the master and one on the copy, behind nginx as the load
// balancer (all on loopback), give the same answers — after an incremental re-index and after a
// --rebuild too.
#include <catch2/catch.hpp>

#include <chrono>
#include <filesystem>
#include <memory>
#include <regex>
#include <thread>

#include "core/index_location.h"
#include "tests/support/process.h"
#include "tests/support/server_process.h"
#include "tests/support/test_support.h"

namespace fs = std::filesystem;
using kr::test::binary_path;
using kr::test::ServerProcess;
using kr::test::source_path;
using kr::test::TempDir;

namespace {

std::string answer(const std::string& body) {
  static const std::regex took(R"("took_ms":[0-9.eE+-]+)");
  return std::regex_replace(body, took, "\"took_ms\":0");
}

struct Replicated {
  TempDir dir;
  int replication_port = kr::test::free_port();
  std::unique_ptr<kr::test::BackgroundProcess> replication_server, nginx;
  std::unique_ptr<ServerProcess> on_master, on_replica;
  int nginx_port = 0;

  /// kr-index on the master; changesets let replication send only what changed.
  kr::test::ProcessResult index(const std::vector<std::string>& extra = {}) {
    std::vector<std::string> argv = {"/usr/bin/env",
                                     "XAPIAN_MAX_CHANGESETS=10",
                                     binary_path("indexer/kr-index"),
                                     "--no-progress",
                                     "--corpus",
                                     dir / "corpus",
                                     "--index",
                                     dir / "master"};
    argv.insert(argv.end(), extra.begin(), extra.end());
    return kr::test::run_process(argv);
  }
  /// One round of xapian-replicate, as its periodic mode would do.
  void replicate() {
    for (int attempt = 0; attempt < 50; ++attempt) {
      auto r = kr::test::run_process({"/usr/bin/xapian-replicate", "-h", "127.0.0.1", "-p",
                                      std::to_string(replication_port), "-m", "current", "-o", "-r", "0",
                                      "-q", dir / "replica"});
      if (r.exit_code == 0 && !kr::live_database_path(dir / "replica").empty()) return;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));  // server still starting
    }
    FAIL("xapian-replicate did not succeed");
  }

  Replicated() {
    fs::copy(source_path("corpus"), dir / "corpus", fs::copy_options::recursive);
    auto indexed = index();
    if (indexed.exit_code != 0) throw std::runtime_error("kr-index failed:\n" + indexed.err);
    replication_server = std::make_unique<kr::test::BackgroundProcess>(
        std::vector<std::string>{"/usr/bin/xapian-replicate-server", "-I", "127.0.0.1", "-p",
                                 std::to_string(replication_port), dir / "master"},
        dir / "replicate-server.log");
    replicate();
    on_master = std::make_unique<ServerProcess>(ServerProcess::Options{.index_dir = dir / "master"});
    on_replica = std::make_unique<ServerProcess>(ServerProcess::Options{.index_dir = dir / "replica"});

    nginx_port = kr::test::free_port();
    fs::create_directories(dir / "nginx/tmp");
    kr::test::write_file(
        dir / "nginx/nginx.conf",
        "worker_processes 1;\ndaemon off;\npid " + dir / "nginx/nginx.pid" + ";\nerror_log " +
            dir / "nginx/error.log" + ";\nevents { worker_connections 64; }\nhttp {\n  access_log off;\n" +
            "  client_body_temp_path " + dir / "nginx/tmp" + ";\n  proxy_temp_path " + dir / "nginx/tmp" +
            ";\n  fastcgi_temp_path " + dir / "nginx/tmp" + ";\n  uwsgi_temp_path " + dir / "nginx/tmp" +
            ";\n  scgi_temp_path " + dir / "nginx/tmp" +
            ";\n  upstream kr {\n    server 127.0.0.1:" + std::to_string(on_master->port()) +
            ";\n    server 127.0.0.1:" + std::to_string(on_replica->port()) +
            ";\n  }\n  server {\n    listen 127.0.0.1:" + std::to_string(nginx_port) +
            ";\n    location / { proxy_pass http://kr; }\n  }\n}\n");
    nginx = std::make_unique<kr::test::BackgroundProcess>(
        std::vector<std::string>{"/usr/sbin/nginx", "-p", dir / "nginx", "-c", dir / "nginx/nginx.conf", "-e",
                                 dir / "nginx/error.log"},
        dir / "nginx/out.log");
    for (int i = 0; i < 100; ++i) {
      try {
        if (kr::test::http_get(nginx_port, "/healthz").status == 200) return;
      } catch (const std::exception&) {
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    throw std::runtime_error("nginx did not start: " + kr::test::read_file(dir / "nginx/error.log"));
  }

  /// Both servers, and nginx (round robin: consecutive requests reach both), answer `target` the same.
  void check_same(const std::string& target) {
    INFO(target);
    auto want = on_master->get(target);
    CHECK(want.status == 200);
    CHECK(answer(on_replica->get(target).body) == answer(want.body));
    for (int i = 0; i < 4; ++i)
      CHECK(answer(kr::test::http_get(nginx_port, target).body) == answer(want.body));
  }
};

const std::vector<std::string> kTargets = {
    "/api/v1/search?q=diaspora",
    "/api/v1/search?q=THB+handbook&ui_lang=fr",
    "/api/v1/search?q=&country=MA&country=TN&sort=-date",
    "/api/v1/search?q=diaspra",
    "/api/v1/suggest?q=traf",
    "/api/v1/records/md-2015-diaspora-strategy",
    "/api/v1/records/md-2015-diaspora-strategy/similar?scope=neighbours",
    "/api/v1/factsheet?theme=diaspora-engagement",
    "/healthz",
};

}  // namespace

TEST_CASE("Two kr-servers on a master and its xapian-replicate copy answer the same behind nginx") {
  Replicated r;
  for (const auto& t : kTargets) r.check_same(t);

  SECTION("after an incremental re-index of the master, replicated") {
    std::string file = r.dir / "corpus/records/practices/md-2015-diaspora-strategy.xml";
    std::string xml = kr::test::read_file(file);
    auto at = xml.find("</title>");
    REQUIRE(at != std::string::npos);
    kr::test::write_file(file, xml.insert(at, " quokkaword"));
    REQUIRE(r.index().exit_code == 0);
    CHECK(r.on_replica->get("/api/v1/search?q=quokkaword").body.find("\"total\":0") != std::string::npos);
    r.replicate();
    CHECK(r.on_replica->get("/api/v1/search?q=quokkaword").body.find("\"total\":1") != std::string::npos);
    r.check_same("/api/v1/search?q=quokkaword");
    for (const auto& t : kTargets) r.check_same(t);
  }
  SECTION("after a --rebuild of the master (a new database: a full copy), replicated") {
    fs::remove(r.dir / "corpus/records/practices/md-2015-diaspora-strategy.xml");
    REQUIRE(r.index({"--rebuild"}).exit_code == 0);
    r.replicate();
    CHECK(r.on_replica->get("/api/v1/records/md-2015-diaspora-strategy").status == 404);
    r.check_same("/api/v1/search?q=diaspora+strategy");
    r.check_same("/healthz");
  }
}
