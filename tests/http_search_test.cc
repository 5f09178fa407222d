// Search over HTTP against one real kr-server over an index of corpus/: what a user typing queries,
// ticking facets, paging and sorting sees. Expected facet counts and totals come from an independent
// reading of the corpus XML (tests/support/corpus_model.h), never from the engine.
#include <pugixml.hpp>

#include <algorithm>
#define CATCH_CONFIG_ENABLE_PAIR_STRINGMAKER  // print facet count maps on failure
#include <catch2/catch.hpp>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>

#include "core/taxonomy.h"
#include "tests/support/api_client.h"
#include "tests/support/corpus_expected.h"
#include "tests/support/corpus_facts.h"
#include "tests/support/corpus_model.h"

using kr::test::CorpusRecord;
using kr::test::expected_counts;
using kr::test::expected_total;
using kr::test::Filters;
using kr::test::hit_ids;
using kr::test::to_params;
using kr::test::url_encode;
using Poco::JSON::Object;

namespace {

kr::test::ApiServer& api() {
  static kr::test::ApiServer server;
  return server;
}

Object::Ptr search(const std::string& params, bool with_key = false) {
  return api().json("/api/v1/search?" + params, with_key);
}

Object::Ptr search_q(const std::string& q, const std::string& more = "per_page=100") {
  return search("q=" + url_encode(q) + "&" + more);
}

std::string hit_field(const Object::Ptr& body, unsigned i, const std::string& field) {
  return body->getArray("hits")->getObject(i)->getValue<std::string>(field);
}

void check_facets(const Filters& filters, bool with_key) {
  auto body = search(to_params(filters), with_key);
  INFO("filters " << to_params(filters) << (with_key ? " with key" : " public"));
  CHECK(body->getValue<long>("total") == expected_total(filters, with_key));
  for (const char* facet : {"type", "region", "country", "theme", "pillar", "lang", "year"}) {
    INFO("facet " << facet);
    std::map<std::string, long> got;
    auto values = body->getObject("facets")->getArray(facet);
    for (std::size_t i = 0; i < values->size(); ++i) {
      auto v = values->getObject(static_cast<unsigned>(i));
      auto value = v->getValue<std::string>("value");
      long count = v->getValue<long>("count");
      bool selected = filters.count(facet) && filters.at(facet).count(value);
      CHECK(v->getValue<bool>("selected") == selected);
      CHECK_FALSE(v->getValue<std::string>("label").empty());
      if (count > 0 || selected) got[value] = count;
    }
    auto want = expected_counts(facet, filters, with_key);
    if (filters.count(facet))  // a ticked value stays listed even when nothing else matches it
      for (const auto& v : filters.at(facet)) want.emplace(v, 0);
    CHECK(got == want);
  }
}

/// The taxonomy's neighbourhood of a country, read from the XML here: border neighbours plus fellow
/// members of regional organisations no larger than kMaxNeighbourhoodMembers.
std::set<std::string> neighbourhood(const std::string& code) {
  static const auto doc = [] {
    auto d = std::make_shared<pugi::xml_document>();
    d->load_file(kr::test::source_path("schemas/taxonomy.xml").c_str());
    return d;
  }();
  auto words = [](const char* text) {
    std::set<std::string> out;
    std::istringstream in(text);
    for (std::string w; in >> w;) out.insert(w);
    return out;
  };
  std::set<std::string> out;
  auto root = doc->child("taxonomy");
  for (auto c : root.child("countries").children("country"))
    if (code == c.attribute("code").value()) out = words(c.child("neighbours").text().get());
  for (auto o : root.child("organisations").children("organisation")) {
    auto members = words(o.child("members").text().get());
    if (members.size() <= kr::kMaxNeighbourhoodMembers && members.count(code))
      out.insert(members.begin(), members.end());
  }
  out.erase(code);
  return out;
}

}  // namespace

TEST_CASE("plain, accent-less, misspelled and acronym queries find what a user means", "[search]") {
  auto plain = search_q("diaspora");
  CHECK(plain->getValue<long>("total") > 5);
  CHECK(plain->isNull("suggestion"));

  // "cote d'ivoire" typed without the circumflex finds the Côte d'Ivoire records first and
  // highlights the word as written in the record.
  auto ci = search_q("cote d'ivoire");
  REQUIRE(ci->getArray("hits")->size() > 0);
  auto first = ci->getArray("hits")->getObject(0);
  auto countries = kr::test::string_array(first->getArray("countries"));
  CHECK(std::find(countries.begin(), countries.end(), "CI") != countries.end());
  CHECK(first->getValue<std::string>("snippet").find("<mark>Côte</mark>") != std::string::npos);

  auto typo = search_q("diaspra");
  REQUIRE_FALSE(typo->isNull("suggestion"));
  CHECK(typo->getValue<std::string>("suggestion") == "diaspora");

  // THB finds the records that only ever spell it out.
  std::set<std::string> spelled_out;
  for (const auto& path : kr::test::corpus_record_files()) {
    std::string xml = kr::test::read_file(path);
    std::string lower = xml;
    std::transform(lower.begin(), lower.end(), lower.begin(), ::tolower);
    if (lower.find("trafficking in human beings") == std::string::npos) continue;
    if (lower.find("thb") != std::string::npos || lower.find("<source") != std::string::npos ||
        lower.find("audience=\"internal\"") != std::string::npos)
      continue;
    std::smatch m;
    REQUIRE(std::regex_search(xml, m, std::regex(R"(<record[^>]*\sid="([^"]+)\")")));
    spelled_out.insert(m[1]);
  }
  REQUIRE(spelled_out.size() >= 2);
  auto thb = hit_ids(search_q("THB"));
  for (const auto& id : spelled_out) {
    INFO(id);
    CHECK(thb.count(id));
  }
  CHECK(search_q("TRATA")->getValue<long>("total") == search_q("trata")->getValue<long>("total"));
}

TEST_CASE("French and Spanish queries find records in those languages", "[search]") {
  auto fr = search_q("migrations environnementales");
  REQUIRE(fr->getArray("hits")->size() > 0);
  CHECK(hit_field(fr, 0, "lang") == "fr");
  // Spanish stemming: plural "migraciones ambientales" matches "migración ambiental".
  auto es = search_q("migraciones ambientales");
  REQUIRE(es->getArray("hits")->size() > 1);
  CHECK(hit_field(es, 0, "lang") == "es");
  CHECK(hit_field(es, 1, "lang") == "es");
  // A glossary term finds its records in every language: Spanish ones and the English THB ones.
  std::set<std::string> langs;
  auto trata = search_q("trata de personas");
  for (unsigned i = 0; i < trata->getArray("hits")->size(); ++i) langs.insert(hit_field(trata, i, "lang"));
  CHECK(langs.count("es"));
  CHECK(langs.count("en"));
  // French stemming: "politiques nationales" matches "politique nationale".
  auto fr_only = search("q=" + url_encode("politiques nationales") + "&lang=fr&per_page=100");
  auto hits = fr_only->getArray("hits");
  REQUIRE(hits->size() > 0);
  for (unsigned i = 0; i < hits->size(); ++i) CHECK(hit_field(fr_only, i, "lang") == "fr");
}

TEST_CASE("facet counts are exact, with and without filters", "[search][facets]") {
  for (bool with_key : {false, true}) {
    check_facets({}, with_key);
    check_facets({{"region", {"africa-west"}}}, with_key);
    check_facets({{"type", {"practice"}}, {"lang", {"fr"}}}, with_key);
    check_facets({{"pillar", {"legal-migration"}}, {"country", {"MA", "SN"}}}, with_key);
  }
}

TEST_CASE("multi-select: each facet counted with every filter but its own", "[search][facets]") {
  Filters two_regions_one_theme = {{"region", {"africa-west", "asia"}}, {"theme", {"labour-migration"}}};
  check_facets(two_regions_one_theme, false);
  check_facets(two_regions_one_theme, true);
  // Ticking a second region adds exactly what the first answer's region count promised.
  auto one = search("region=africa-west&theme=labour-migration&per_page=1");
  long asia = 0;
  auto regions = one->getObject("facets")->getArray("region");
  for (unsigned i = 0; i < regions->size(); ++i)
    if (regions->getObject(i)->getValue<std::string>("value") == "asia")
      asia = regions->getObject(i)->getValue<long>("count");
  REQUIRE(asia > 0);
  auto both = search("region=africa-west&region=asia&theme=labour-migration&per_page=1");
  CHECK(both->getValue<long>("total") <= one->getValue<long>("total") + asia);
  CHECK(both->getValue<long>("total") > one->getValue<long>("total"));
}

TEST_CASE("pages do not overlap and together give the total", "[search][paging]") {
  const std::string q = "q=diaspora&per_page=4&page=";
  long total = search(q + "1")->getValue<long>("total");
  REQUIRE(total > 8);
  REQUIRE(total < 100);
  std::set<std::string> seen;
  long pages = (total + 3) / 4;
  for (long page = 1; page <= pages; ++page) {
    auto body = search(q + std::to_string(page));
    CHECK(body->getValue<long>("page") == page);
    auto ids = hit_ids(body, false);
    CHECK(static_cast<long>(ids.size()) == std::min<long>(4, total - (page - 1) * 4));
    for (const auto& id : ids) {
      INFO("page " << page << " repeats " << id);
      CHECK(seen.insert(id).second);
    }
  }
  CHECK(static_cast<long>(seen.size()) == total);
  auto beyond = search(q + std::to_string(pages + 1));
  CHECK(beyond->getArray("hits")->size() == 0);
  CHECK(beyond->getValue<long>("total") == total);
}

TEST_CASE("sort=date and sort=-date order hits by date", "[search][sort]") {
  for (const char* sort : {"date", "-date"}) {
    INFO(sort);
    std::vector<std::string> dates;
    for (int page = 1; page <= 2; ++page) {
      auto body = search(std::string("sort=") + sort + "&per_page=100&page=" + std::to_string(page));
      auto hits = body->getArray("hits");
      for (unsigned i = 0; i < hits->size(); ++i) dates.push_back(hit_field(body, i, "date"));
    }
    REQUIRE(dates.size() > 50);
    for (std::size_t i = 1; i < dates.size(); ++i) {
      INFO(dates[i - 1] << " then " << dates[i]);
      // YYYY-MM precision is what all records have; a year-only date sorts within its year.
      std::string a = dates[i - 1].substr(0, 7), b = dates[i].substr(0, 7);
      if (a.size() < 7 || b.size() < 7) a.resize(4), b.resize(4);
      CHECK((std::string(sort) == "date" ? a <= b : a >= b));
    }
    CHECK(dates.front() != dates.back());
  }
}

TEST_CASE("snippets mark the matches and are HTML-escaped", "[search][snippets]") {
  auto body = search_q("lettre morte");
  REQUIRE(body->getArray("hits")->size() > 0);
  std::string snippet = hit_field(body, 0, "snippet");
  CHECK(snippet.find("<mark>lettre</mark>") != std::string::npos);
  CHECK(snippet.find("M&amp;D") != std::string::npos);  // the record says "M&D"
  for (const char* q : {"diaspora", "lettre morte", "4 Ps", "trata de personas", "cote d'ivoire"}) {
    auto hits = search_q(q);
    for (unsigned i = 0; i < hits->getArray("hits")->size(); ++i) {
      std::string s = hit_field(hits, i, "snippet");
      INFO(q << ": " << s);
      std::string bare = std::regex_replace(s, std::regex("</?mark>"), "");
      CHECK(bare.find_first_of("<>") == std::string::npos);
      CHECK_FALSE(std::regex_search(bare, std::regex("&(?!(amp|lt|gt|quot|#39|apos);)")));
    }
  }
}

TEST_CASE("similar?scope=neighbours keeps to neighbouring countries", "[similar]") {
  int with_hits = 0;
  bool scope_matters = false;
  for (const auto& r : kr::test::corpus_model()) {
    if (r.type != "practice" || r.audience == "internal" || r.countries.empty()) continue;
    std::set<std::string> near;
    for (const auto& c : r.countries)
      for (const auto& n : neighbourhood(c))
        if (!r.countries.count(n)) near.insert(n);
    auto body = api().json("/api/v1/records/" + r.id + "/similar?scope=neighbours&limit=50");
    auto hits = body->getArray("hits");
    with_hits += hits->size() > 0;
    for (unsigned i = 0; i < hits->size(); ++i) {
      auto hit_countries = kr::test::string_array(hits->getObject(i)->getArray("countries"));
      INFO(r.id << " -> " << hits->getObject(i)->getValue<std::string>("id"));
      CHECK(std::any_of(hit_countries.begin(), hit_countries.end(),
                        [&](const auto& c) { return near.count(c) > 0; }));
      CHECK(hits->getObject(i)->getValue<std::string>("id") != r.id);
    }
    // Scope "all" reaches further than the neighbours for at least one record.
    auto all = api().json("/api/v1/records/" + r.id + "/similar?scope=all&limit=50");
    if (all->getArray("hits")->size() > hits->size()) scope_matters = true;
  }
  CHECK(with_hits >= 10);
  CHECK(scope_matters);
}

TEST_CASE("a record's attached document is served as it is, sandboxed, and only to who may see it",
          "[records]") {
  for (const auto& fact : kr::test::attachment_facts()) {
    INFO(fact.id << " " << fact.file);
    auto r = api().get("/api/v1/records/" + fact.id + "/attachment");
    REQUIRE(r.status == 200);
    std::string expected =
        kr::test::read_file(kr::test::source_path("corpus/records/publications/" + fact.file));
    CHECK(r.body == expected);
    bool sandboxed = false;
    for (const auto& [name, value] : r.headers)
      sandboxed |= name == "Content-Security-Policy" && value == "sandbox";
    CHECK(sandboxed);
  }
  // A record without an attachment, an unknown id, an internal record without a key: 404.
  CHECK(api().get("/api/v1/records/mg-2017-03-diaspora-strategy/attachment").status == 404);
  CHECK(api().get("/api/v1/records/no-such-record/attachment").status == 404);
  for (const auto& fact : kr::test::internal_facts())
    CHECK(api().get("/api/v1/records/" + fact.id + "/attachment").status == 404);
}
