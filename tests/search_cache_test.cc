// The search answer cache (server/http/response_cache.h): a cached answer is the answer the engine
// computes, is never given to a caller of another access level, is dropped after a re-index, and
// is counted in /metrics. Real kr-servers over an index of corpus/: one with the cache (the
// default), one with search_cache_mb=0.
#include <catch2/catch.hpp>
#include <filesystem>
#include <thread>

#include "server/http/response_cache.h"
#include "tests/support/api_client.h"
#include "tests/support/corpus_facts.h"

namespace fs = std::filesystem;
using kr::test::url_encode;

namespace {

kr::test::ApiServer& cached() {
  static kr::test::ApiServer server;
  return server;
}

/// A second server over the same index with the cache off.
kr::test::ServerProcess& uncached() {
  static kr::test::ServerProcess server(kr::test::ServerProcess::Options{.index_dir = cached().index_dir(),
                                                                         .keys_file = cached().dir() / "keys",
                                                                         .env = {"KR_SEARCH_CACHE_MB=0"}});
  return server;
}

/// The answer without took_ms (the time of the computation, kept with a cached answer).
std::string without_time(const std::string& body) {
  auto json = kr::test::parse_json(body);
  json->remove("took_ms");
  std::ostringstream out;
  json->stringify(out);
  return out.str();
}

long metric(const kr::test::HttpResponse& metrics, const std::string& name) {
  auto at = metrics.body.find("\n" + name + " ");
  if (at == std::string::npos) throw std::runtime_error("no metric " + name + " in:\n" + metrics.body);
  return std::stol(metrics.body.substr(at + name.size() + 2));
}

long hits(kr::test::ApiServer& api) { return metric(api.get("/metrics"), "kr_search_cache_hits_total"); }
long misses(kr::test::ApiServer& api) { return metric(api.get("/metrics"), "kr_search_cache_misses_total"); }

}  // namespace

TEST_CASE("a cached answer is the answer the engine computes", "[cache]") {
  const std::vector<std::string> targets = {
      "/api/v1/search?q=diaspora&region=africa-west&region=asia",
      "/api/v1/search?q=migration&sort=-date&ui_lang=fr&page=2",
      "/api/v1/search?type=practice&lang=fr&theme=labour-migration",
      "/api/v1/search?q=traf*&per_page=50",
      "/api/v1/search?q=" + url_encode("\"labour migration\"") + "&year_from=2015",
      "/api/v1/search?q=" + url_encode("cote d'ivoire") + "&sort=date",
  };
  for (bool with_key : {false, true}) {
    for (const auto& target : targets) {
      INFO(target << (with_key ? " with key" : " public"));
      long hits_before = hits(cached());
      auto first = cached().get(target, with_key);
      auto again = cached().get(target, with_key);
      REQUIRE(first.status == 200);
      CHECK(again.body == first.body);  // the stored answer itself
      CHECK(hits(cached()) == hits_before + 1);
      auto headers =
          with_key
              ? kr::test::Headers{{"Authorization", std::string("Bearer ") + kr::test::ApiServer::kSecret}}
              : kr::test::Headers{};
      auto computed = uncached().get(target, headers);
      REQUIRE(computed.status == 200);
      CHECK(without_time(again.body) == without_time(computed.body));
    }
  }
}

TEST_CASE("filter order does not split the cache, other parameters do", "[cache]") {
  long h = hits(cached());
  auto a = cached().get("/api/v1/search?q=policy&region=asia&region=africa-west&theme=labour-migration");
  auto b = cached().get("/api/v1/search?theme=labour-migration&region=africa-west&q=policy&region=asia");
  CHECK(hits(cached()) == h + 1);
  CHECK(a.body == b.body);
  auto page2 =
      cached().get("/api/v1/search?q=policy&region=asia&region=africa-west&theme=labour-migration&page=2");
  auto fr = cached().get(
      "/api/v1/search?q=policy&region=asia&region=africa-west&theme=labour-migration&ui_lang=fr");
  CHECK(hits(cached()) == h + 1);
  CHECK(page2.body != a.body);
  CHECK(fr.body != a.body);
}

TEST_CASE("an answer cached for a key holder never reaches a public caller", "[cache][access]") {
  auto facts = kr::test::internal_facts();
  REQUIRE(!facts.empty());
  for (const auto& f : facts) {
    for (const auto& word : f.words) {
      INFO(f.id << ": " << word);
      std::string target = "/api/v1/search?q=" + url_encode(word) + "&per_page=100";
      // Internal first, so its answer is in the cache when the public caller asks.
      auto internal = cached().json(target, true);
      auto pub = cached().json(target, false);
      auto internal_again = cached().json(target, true);
      CHECK(kr::test::hit_ids(internal).count(f.id) == 1);
      CHECK(kr::test::hit_ids(internal_again).count(f.id) == 1);
      CHECK(kr::test::hit_ids(pub).count(f.id) == 0);
      CHECK(pub->getValue<long>("total") == 0);
    }
  }
}

TEST_CASE("/metrics counts cache hits and misses, search_cache_mb=0 turns the cache off",
          "[cache][metrics]") {
  std::string target = "/api/v1/search?q=" + url_encode("readmission agreement") + "&per_page=3";
  long h = hits(cached()), m = misses(cached());
  cached().get(target);
  cached().get(target);
  cached().get(target);
  CHECK(misses(cached()) == m + 1);
  CHECK(hits(cached()) == h + 2);
  auto metrics = cached().get("/metrics");
  CHECK(metric(metrics, "kr_search_cache_entries") > 0);
  CHECK(metric(metrics, "kr_search_cache_bytes") > 0);

  for (int i = 0; i < 3; ++i) REQUIRE(uncached().get(target).status == 200);
  auto off = uncached().get("/metrics");
  CHECK(metric(off, "kr_search_cache_hits_total") == 0);
  CHECK(metric(off, "kr_search_cache_misses_total") >= 3);
  CHECK(metric(off, "kr_search_cache_entries") == 0);
  // The search gate: two slots per core by default, nothing computing or waiting now.
  CHECK(metric(off, "kr_search_slots") == 2 * static_cast<long>(std::thread::hardware_concurrency()));
  CHECK(metric(off, "kr_searches_running") == 0);
  CHECK(metric(off, "kr_searches_waiting") == 0);
}

TEST_CASE("a re-index drops the cached answers", "[cache][reopen]") {
  kr::test::TempDir corpus;
  fs::copy(kr::test::source_path("corpus"), corpus.path(), fs::copy_options::recursive);
  kr::test::ApiServer api(corpus.path().string());
  const std::string target = "/api/v1/search?q=quillwhistle";
  REQUIRE(api.json(target)->getValue<long>("total") == 0);
  REQUIRE(api.json(target)->getValue<long>("total") == 0);  // now answered from the cache
  REQUIRE(hits(api) == 1);

  const std::string record = corpus / "records/practices/by-2016-02-labour-migration-conventions.xml";
  std::string text = kr::test::read_file(record);
  auto at = text.find("<summary>");
  REQUIRE(at != std::string::npos);
  text.insert(at + 9, "Quillwhistle ");
  kr::test::write_file(record, text);
  kr::test::index_corpus(corpus.path(), api.index_dir());
  CHECK(api.json(target)->getValue<long>("total") == 1);

  kr::test::index_corpus(corpus.path(), api.index_dir(), {"--rebuild"});
  CHECK(api.json(target)->getValue<long>("total") == 1);
  CHECK(api.json("/api/v1/search?q=quillwhistle&per_page=1")->getValue<long>("total") == 1);
}

TEST_CASE("ResponseCache keeps to its bound, least recently used first", "[cache][unit]") {
  auto body = [](char c) { return std::make_shared<const std::string>(std::string(1000, c)); };
  kr::http::ResponseCache cache(8 * 1024);
  for (char c = 'a'; c <= 'j'; ++c) cache.store(std::string(1, c), "r1", body(c));
  CHECK(cache.bytes() <= 8 * 1024);
  CHECK(cache.entries() < 10);
  CHECK(cache.find("a", "r1") == nullptr);  // the oldest went first
  REQUIRE(cache.find("j", "r1") != nullptr);
  CHECK(*cache.find("j", "r1") == std::string(1000, 'j'));
  CHECK(cache.find("j", "r2") == nullptr);  // another index revision: everything dropped
  CHECK(cache.entries() == 0);

  kr::http::ResponseCache off(0);
  off.store("k", "r1", body('k'));
  CHECK(off.find("k", "r1") == nullptr);
  CHECK(!off.enabled());
}

TEST_CASE("the cache key tells apart what changes an answer", "[cache][unit]") {
  kr::search::SearchRequest a;
  a.q = "migration";
  a.filters[static_cast<int>(kr::Facet::region)] = {"asia", "africa-west"};
  auto b = a;
  b.filters[static_cast<int>(kr::Facet::region)] = {"africa-west", "asia"};
  CHECK(kr::http::search_cache_key(a) == kr::http::search_cache_key(b));
  auto variants = std::vector<kr::search::SearchRequest>(8, a);
  variants[0].access.internal = true;
  variants[1].q = "migrations";
  variants[2].page = 2;
  variants[3].per_page = 20;
  variants[4].ui_lang = kr::UiLang::fr;
  variants[5].sort = kr::search::Sort::date_desc;
  variants[6].year_from = 2015;
  variants[7].with_facets = false;
  for (const auto& v : variants) CHECK(kr::http::search_cache_key(v) != kr::http::search_cache_key(a));
  auto moved = a;  // the same value under another facet
  moved.filters[static_cast<int>(kr::Facet::region)].clear();
  moved.filters[static_cast<int>(kr::Facet::theme)] = {"asia", "africa-west"};
  CHECK(kr::http::search_cache_key(moved) != kr::http::search_cache_key(a));
}
