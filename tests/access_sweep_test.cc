// Access control swept across every endpoint and parameter combination: without a key no
// internal record leaks, by id, hit, count, snippet, suggestion, similar link, feed entry,
// factsheet or coverage cell (DESIGN.md "Access"; facts from corpus/records/*/INTERNAL.txt).
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <cctype>
#include <map>
#include <memory>
#include <regex>
#include <string>
#include <vector>

#include "server/http/access_keys.h"
#include "tests/support/corpus_facts.h"
#include "tests/support/corpus_model.h"
#include "tests/support/process.h"
#include "tests/support/server_process.h"
#include "tests/support/test_support.h"

using kr::test::HttpResponse;
using kr::test::ServerProcess;

namespace {

constexpr const char* kSecret = "sweep secret 7c1f";

struct Fixture {
  kr::test::TempDir dir;
  std::unique_ptr<ServerProcess> server;
  Fixture() {
    auto indexed = kr::test::run_process({kr::test::binary_path("indexer/kr-index"), "--corpus",
                                          kr::test::source_path("corpus"), "--index", dir / "index"});
    if (indexed.exit_code != 0) throw std::runtime_error("kr-index failed:\n" + indexed.err);
    kr::test::write_file(dir / "keys", "staff " + kr::http::AccessKeys::sha256_hex(kSecret) + "\n");
    server = std::make_unique<ServerProcess>(
        ServerProcess::Options{.index_dir = dir / "index", .keys_file = dir / "keys"});
  }
};

Fixture& fixture() {
  static Fixture f;
  return f;
}

HttpResponse get(const std::string& target) { return fixture().server->get(target); }
HttpResponse get_internal(const std::string& target) {
  return fixture().server->get(target, {{"Authorization", std::string("Bearer ") + kSecret}});
}

Poco::JSON::Object::Ptr json(const HttpResponse& r) {
  Poco::JSON::Parser parser;
  return parser.parse(r.body).extract<Poco::JSON::Object::Ptr>();
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

/// What must never appear in a public answer: internal ids, and internal words that are not
/// vocabulary labels (a country name such as "Eswatini" is in the taxonomy for everyone).
std::vector<std::string> secrets() {
  const std::string taxonomy = lower(get("/api/v1/taxonomy").body);
  std::vector<std::string> out;
  for (const auto& fact : kr::test::internal_facts()) {
    out.push_back(fact.id);
    for (const auto& word : fact.words)
      if (taxonomy.find(lower(word)) == std::string::npos) out.push_back(lower(word));
  }
  return out;
}

/// The part of an answer that could leak: search answers echo the caller's own query ("query",
/// the feed's title and links), which is not a leak; hits, facets, suggestions and entries are.
std::string leak_scope(const std::string& target, const std::string& body) {
  if (target.find("search.atom") != std::string::npos) {
    std::string entries;
    for (auto at = body.find("<entry"); at != std::string::npos; at = body.find("<entry", at + 1))
      entries += body.substr(at, body.find("</entry>", at) - at);
    return entries;
  }
  static const std::regex echoed_query(R"re("query":"(?:[^"\\]|\\.)*")re");
  return std::regex_replace(body, echoed_query, "");
}

/// Fails when a public answer names anything internal.
void check_no_leak(const std::string& target, const HttpResponse& r) {
  static const std::vector<std::string> hidden = secrets();
  const std::string body = lower(leak_scope(target, r.body));
  const bool search = target.find("/api/v1/search") != std::string::npos;
  for (const auto& s : hidden) {
    // Elsewhere an answer may echo what the caller sent (a 404 naming the id asked for, the
    // words before the one being completed); search answers are checked with the echo removed.
    if (!search && lower(target).find(s) != std::string::npos) continue;
    INFO(target << " leaks '" << s << "'");
    CHECK(body.find(s) == std::string::npos);
  }
  CHECK(r.status < 500);
}

std::vector<kr::test::CorpusRecord> public_records() {
  std::vector<kr::test::CorpusRecord> out;
  for (const auto& r : kr::test::corpus_model())
    if (r.audience != "internal") out.push_back(r);
  return out;
}

}  // namespace

TEST_CASE("sweep: internal words, ids and countries find nothing without a key", "[access]") {
  std::vector<std::string> queries;
  std::vector<std::string> countries;
  for (const auto& fact : kr::test::internal_facts()) {
    queries.push_back(fact.id);
    queries.push_back("%22" + fact.id + "%22");
    for (const auto& word : fact.words) {
      for (const std::string& q :
           {word, lower(word), word.substr(0, 4) + "*", "title:" + word, "partner:" + word,
            word + "+OR+migration", "NOT+" + word, word.substr(0, word.size() - 1)})
        queries.push_back(q);
    }
    if (!fact.country.empty()) countries.push_back(fact.country);
  }
  REQUIRE(queries.size() >= 14);
  int requests = 0;
  for (const std::string& q : queries) {
    for (const char* extra :
         {"", "&type=practice", "&lang=en", "&sort=-date&per_page=100", "&ui_lang=fr&year_from=2000"}) {
      for (const char* endpoint : {"/api/v1/search", "/api/v1/search.atom"}) {
        const std::string target = endpoint + ("?q=" + q) + extra;
        const HttpResponse r = get(target);
        ++requests;
        check_no_leak(target, r);
      }
    }
    const HttpResponse suggest = get("/api/v1/suggest?limit=50&q=" + q);
    check_no_leak("suggest " + q, suggest);
  }
  for (const auto& c : countries) {
    const std::string target = "/api/v1/search?per_page=100&country=" + c;
    const HttpResponse r = get(target);
    check_no_leak(target, r);
    REQUIRE(r.status == 200);
    CHECK(json(r)->getValue<long>("total") == 0);
    CHECK(get_internal(target).body.find("\"total\":0") == std::string::npos);  // the control
  }
  // The control: with the key the same words do find the internal records.
  for (const auto& fact : kr::test::internal_facts()) {
    INFO(fact.id);
    const auto r = json(get_internal("/api/v1/search?per_page=100&q=" + fact.words.front()));
    CHECK(r->getValue<long>("total") >= 1);
  }
  INFO(requests << " search requests");
  CHECK(requests > 100);
}

TEST_CASE("sweep: internal records, their XML and their similar lists are 404", "[access]") {
  for (const auto& fact : kr::test::internal_facts()) {
    for (const std::string& target :
         {"/api/v1/records/" + fact.id, "/api/v1/records/" + fact.id + "?format=xml",
          "/api/v1/records/" + fact.id + "/similar", "/api/v1/records/" + fact.id + "/similar?scope=all"}) {
      INFO(target);
      const HttpResponse r = get(target);
      CHECK(r.status == 404);
      check_no_leak(target, r);
      CHECK(get_internal(target).status == 200);  // the control
    }
  }
}

TEST_CASE("sweep: no public record links to an internal one", "[access]") {
  int requests = 0;
  for (const auto& record : public_records()) {
    check_no_leak(record.id, get("/api/v1/records/" + record.id));
    for (const char* scope : {"neighbours", "region", "all"}) {
      const std::string target = "/api/v1/records/" + record.id + "/similar?limit=50&scope=" + scope;
      check_no_leak(target, get(target));
      ++requests;
    }
  }
  CHECK(requests >= 300);
}

TEST_CASE("sweep: public facet, coverage and health counts are those of public records", "[access]") {
  const auto records = public_records();
  // Countries only internal records use have no public count (search groups language editions,
  // so facet totals are checked elsewhere; here only what internal records would add).
  const auto search = json(get("/api/v1/search?per_page=1"));
  const auto internal = json(get_internal("/api/v1/search?per_page=1"));
  CHECK(search->getValue<long>("total") < internal->getValue<long>("total"));
  auto count_of = [](const Poco::JSON::Object::Ptr& body, const std::string& value) {
    auto entries = body->getObject("facets")->getArray("country");
    for (std::size_t i = 0; i < entries->size(); ++i) {
      auto e = entries->getObject(static_cast<unsigned>(i));
      if (e->getValue<std::string>("value") == value) return e->getValue<long>("count");
    }
    return 0L;
  };
  for (const auto& fact : kr::test::internal_facts()) {
    if (fact.country.empty()) continue;
    INFO(fact.country);
    CHECK(count_of(search, fact.country) == 0);
    CHECK(count_of(internal, fact.country) > 0);  // the control
  }
  const auto health = json(get("/healthz"));
  CHECK(health->getValue<long>("documents") == static_cast<long>(records.size()));
  CHECK(json(get_internal("/healthz"))->getValue<long>("documents") > health->getValue<long>("documents"));

  const HttpResponse coverage = get("/api/v1/coverage?rows=country&cols=type");
  if (coverage.status == 404) {
    WARN("no /api/v1/coverage route in this build: coverage counts not swept");
    return;
  }
  REQUIRE(coverage.status == 200);
  check_no_leak("coverage", coverage);
  auto body = json(coverage);
  long cells = 0;
  auto rows = body->getArray("counts");
  for (std::size_t i = 0; i < rows->size(); ++i) {
    auto row = rows->getArray(static_cast<unsigned>(i));
    for (std::size_t j = 0; j < row->size(); ++j) cells += row->getElement<long>(static_cast<unsigned>(j));
  }
  long expected_cells = 0;
  for (const auto& r : records) expected_cells += static_cast<long>(r.countries.size());
  CHECK(cells == expected_cells);
  for (const auto& fact : kr::test::internal_facts()) {
    if (fact.country.empty()) continue;
    const std::string by_country = "/api/v1/coverage?rows=country&cols=theme&country=" + fact.country;
    for (const std::string target : {"/api/v1/factsheet?format=json", "/api/v1/factsheet?format=md",
                                     "/api/v1/factsheet?format=html", by_country.c_str()}) {
      const HttpResponse r = get(target);
      INFO(target);
      check_no_leak(target, r);
    }
  }
}
