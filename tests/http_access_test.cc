// Internal records (corpus/records/*/INTERNAL.txt) over HTTP against one real kr-server over an
// index of corpus/: absent for public callers on every endpoint (hits, totals, facets, spelling,
// completions, records, similar, healthz, factsheet, coverage, the feed), present with a key.
#include <algorithm>
#define CATCH_CONFIG_ENABLE_PAIR_STRINGMAKER  // print facet count maps on failure
#include <catch2/catch.hpp>

#include "tests/support/api_client.h"
#include "tests/support/corpus_expected.h"
#include "tests/support/corpus_facts.h"
#include "tests/support/corpus_model.h"

using kr::test::CorpusRecord;
using kr::test::expected_total;
using kr::test::hit_ids;
using kr::test::url_encode;
using kr::test::visible;
using Poco::JSON::Object;

namespace {

kr::test::ApiServer& api() {
  static kr::test::ApiServer server;
  return server;
}

Object::Ptr search(const std::string& params, bool with_key = false) {
  return api().json("/api/v1/search?" + params, with_key);
}

Object::Ptr search_q(const std::string& q) { return search("q=" + url_encode(q) + "&per_page=100"); }

}  // namespace

TEST_CASE("internal records: absent for public callers everywhere, present with a key", "[access]") {
  auto facts = kr::test::internal_facts();
  REQUIRE(facts.size() >= 5);
  long internal_records = 0, all_records = 0;
  for (const auto& r : kr::test::corpus_model()) {
    ++all_records;
    internal_records += r.audience == "internal";
  }
  REQUIRE(internal_records == static_cast<long>(facts.size()));

  SECTION("totals and healthz documents") {
    CHECK(search("per_page=1")->getValue<long>("total") == expected_total({}, false));
    CHECK(search("per_page=1", true)->getValue<long>("total") == expected_total({}, true));
    CHECK(api().json("/healthz")->getValue<long>("documents") == all_records - internal_records);
    CHECK(api().json("/healthz", true)->getValue<long>("documents") == all_records);
  }
  SECTION("search hits, spelling suggestions and completions") {
    for (const auto& f : facts) {
      for (const auto& word : f.words) {
        INFO(f.id << ": " << word);
        auto pub = search_q(word);
        CHECK(pub->getValue<long>("total") == 0);
        CHECK(hit_ids(search_q(word + " OR migration")).count(f.id) == 0);
        CHECK(hit_ids(search("q=" + url_encode(word) + "&per_page=100", true)).count(f.id) == 1);
        // A one-letter typo must not be corrected into a word only internal records contain.
        auto typo = search_q(word.substr(0, word.size() - 1));
        std::string lower_word = word;
        std::transform(lower_word.begin(), lower_word.end(), lower_word.begin(), ::tolower);
        if (!typo->isNull("suggestion")) {
          std::string s = typo->getValue<std::string>("suggestion");
          std::transform(s.begin(), s.end(), s.begin(), ::tolower);
          CHECK(s.find(lower_word) == std::string::npos);
        }
        auto completions = api().json("/api/v1/suggest?q=" + url_encode(word.substr(0, 4)));
        auto list = completions->getArray("completions");
        for (unsigned i = 0; i < list->size(); ++i) {
          std::string text = list->getObject(i)->getValue<std::string>("text");
          std::transform(text.begin(), text.end(), text.begin(), ::tolower);
          CHECK(text.find(lower_word) == std::string::npos);
        }
      }
    }
  }
  SECTION("facet counts of internal-only countries") {
    for (const auto& f : facts) {
      if (f.country.empty()) continue;
      INFO(f.id << ": " << f.country);
      auto count_of = [&](bool with_key) {
        auto values = search("per_page=1", with_key)->getObject("facets")->getArray("country");
        for (unsigned i = 0; i < values->size(); ++i)
          if (values->getObject(i)->getValue<std::string>("value") == f.country)
            return values->getObject(i)->getValue<long>("count");
        return 0L;
      };
      CHECK(count_of(false) == 0);
      CHECK(count_of(true) >= 1);
      CHECK(search("country=" + f.country)->getValue<long>("total") == 0);
    }
  }
  SECTION("records/{id} in both formats") {
    for (const auto& f : facts) {
      INFO(f.id);
      CHECK(api().get("/api/v1/records/" + f.id).status == 404);
      CHECK(api().get("/api/v1/records/" + f.id + "?format=xml").status == 404);
      CHECK(api().get("/api/v1/records/" + f.id + "/similar").status == 404);
      auto record = api().json("/api/v1/records/" + f.id, true);
      CHECK(record->getValue<std::string>("audience") == "internal");
      CHECK(api().get("/api/v1/records/" + f.id + "?format=xml", true).body.find(f.id) != std::string::npos);
    }
  }
  SECTION("factsheet, coverage and the Atom feed") {
    for (const auto& f : facts) {
      INFO(f.id);
      const CorpusRecord* internal = nullptr;
      for (const auto& r : kr::test::corpus_model())
        if (r.id == f.id) internal = &r;
      REQUIRE(internal);
      REQUIRE_FALSE(internal->themes.empty());
      const std::string& theme = *internal->themes.begin();
      for (bool with_key : {false, true}) {
        auto sheet = api().json("/api/v1/factsheet?format=json&theme=" + theme, with_key);
        long in_scope = 0;
        for (const auto& r : kr::test::corpus_model())
          in_scope += visible(r, with_key) && r.themes.count(theme);
        CHECK(sheet->getObject("figures")->getValue<long>("records") == in_scope);
        std::set<std::string> listed;
        for (const char* list : {"practices", "related"})
          for (unsigned i = 0; i < sheet->getArray(list)->size(); ++i)
            listed.insert(sheet->getArray(list)->getObject(i)->getValue<std::string>("id"));
        if (!with_key) CHECK(listed.count(f.id) == 0);
        auto feed = api().get("/api/v1/search.atom?per_page=100&q=" + url_encode(f.words.at(0)), with_key);
        CHECK(feed.status == 200);
        CHECK((feed.body.find("urn:mieux-kr:record:" + f.id) != std::string::npos) == with_key);
      }
      if (f.country.empty()) continue;
      for (bool with_key : {false, true}) {
        auto coverage = api().json("/api/v1/coverage?rows=country&cols=type", with_key);
        auto rows = kr::test::string_array(coverage->getArray("row_values"));
        auto at = std::find(rows.begin(), rows.end(), f.country);
        REQUIRE(at != rows.end());
        auto line = coverage->getArray("counts")->getArray(static_cast<unsigned>(at - rows.begin()));
        long sum = 0;
        for (unsigned j = 0; j < line->size(); ++j) sum += line->getElement<long>(j);
        CHECK((sum > 0) == with_key);
      }
    }
  }
  SECTION("similar records of every public record") {
    std::set<std::string> internal_ids;
    for (const auto& f : facts) internal_ids.insert(f.id);
    bool reached_with_key = false;
    for (const auto& r : kr::test::corpus_model()) {
      if (r.audience == "internal") continue;
      for (const char* scope : {"all", "neighbours"}) {
        std::string target = "/api/v1/records/" + r.id + "/similar?limit=50&scope=" + scope;
        for (const auto& id : hit_ids(api().json(target))) {
          INFO(target << " -> " << id);
          CHECK(internal_ids.count(id) == 0);
        }
        for (const auto& id : hit_ids(api().json(target, true)))
          reached_with_key = reached_with_key || internal_ids.count(id);
      }
    }
    CHECK(reached_with_key);
  }
}
