// GET /api/v1/coverage and GET /api/v1/search.atom over the real kr-server on loopback: the
// matrix equals the corpus XML's counts (every vocabulary value, zeros included; filters; public
// vs key), and the feed is well-formed Atom, newest first, without internal records for the public.
#include <algorithm>
#include <catch2/catch.hpp>
#include <regex>

#include "tests/factsheet_fixture.h"

using fixture::get;
using fixture::json;

namespace {

using Filters = std::map<std::string, std::set<std::string>>;  // facet -> values (OR), AND across

bool passes(const kr::test::CorpusRecord& r, const Filters& filters) {
  for (const auto& [facet, wanted] : filters) {
    auto has = kr::test::facet_values(r, facet);
    if (std::none_of(wanted.begin(), wanted.end(), [&](const std::string& w) { return has.count(w) > 0; }))
      return false;
  }
  return true;
}

/// Every value of a facet as the contract lists it: the vocabulary, or the visible years.
std::vector<std::string> all_values(const std::string& facet, bool key) {
  if (facet == "year") {
    std::set<std::string> years;
    for (const auto& r : fixture::visible_records(key)) years.insert(r.year);
    return {years.begin(), years.end()};
  }
  if (facet == "country") return fixture::taxonomy_ids("countries", "country");
  if (facet == "lang") return fixture::taxonomy_ids("languages", "language");
  return fixture::taxonomy_ids(facet + "s", facet);
}

struct Matrix {
  std::vector<std::string> rows, cols;
  std::vector<std::vector<long>> counts;
};

Matrix expected_matrix(const std::string& rows, const std::string& cols, const Filters& filters, bool key) {
  Matrix m{all_values(rows, key), all_values(cols, key), {}};
  m.counts.assign(m.rows.size(), std::vector<long>(m.cols.size(), 0));
  auto index = [](const std::vector<std::string>& v, const std::string& x) {
    return static_cast<std::size_t>(std::find(v.begin(), v.end(), x) - v.begin());
  };
  for (const auto& r : fixture::visible_records(key)) {
    if (!passes(r, filters)) continue;
    for (const auto& a : kr::test::facet_values(r, rows))
      for (const auto& b : kr::test::facet_values(r, cols))
        ++m.counts.at(index(m.rows, a)).at(index(m.cols, b));
  }
  return m;
}

std::vector<std::string> strings(const Poco::JSON::Array::Ptr& a) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < a->size(); ++i) out.push_back(a->getElement<std::string>(i));
  return out;
}

std::string query_of(const Filters& filters) {
  std::string q;
  for (const auto& [facet, values] : filters)
    for (const auto& v : values) q += "&" + facet + "=" + v;
  return q;
}

}  // namespace

TEST_CASE("coverage equals the corpus's counts, zeros included, with and without filters, public and key",
          "[coverage]") {
  struct Case {
    std::string rows, cols;
    Filters filters;
  };
  const Case cases[] = {
      {"region", "pillar", {}}, {"region", "pillar", {{"lang", {"fr"}}}},
      {"theme", "type", {}},    {"theme", "type", {{"region", {"africa-west", "lac"}}}},
      {"country", "type", {}},  {"year", "region", {{"type", {"practice"}}}},
  };
  for (bool key : {false, true}) {
    for (const auto& c : cases) {
      std::string target = "/api/v1/coverage?rows=" + c.rows + "&cols=" + c.cols + query_of(c.filters);
      INFO(target << (key ? " with key" : " public"));
      auto r = get(target, key);
      REQUIRE(r.status == 200);
      CHECK(r.header("Content-Type") == "application/json; charset=utf-8");
      auto body = json(r.body);
      Matrix want = expected_matrix(c.rows, c.cols, c.filters, key);
      CHECK(body->getValue<std::string>("rows") == c.rows);
      CHECK(body->getValue<std::string>("cols") == c.cols);
      CHECK(strings(body->getArray("row_values")) == want.rows);
      CHECK(strings(body->getArray("col_values")) == want.cols);
      auto counts = body->getArray("counts");
      REQUIRE(counts->size() == want.rows.size());
      std::vector<std::vector<long>> got;
      for (std::size_t i = 0; i < counts->size(); ++i) {
        auto line = counts->getArray(i);
        got.emplace_back();
        for (std::size_t k = 0; k < line->size(); ++k) got.back().push_back(line->getElement<long>(k));
      }
      CHECK(got == want.counts);
      auto labels = body->getObject("labels");
      for (const auto& v : want.rows) CHECK(labels->has(v));
      for (const auto& v : want.cols) CHECK(labels->has(v));
    }
  }
}

TEST_CASE("coverage hides internal-only values from the public but keeps every vocabulary row",
          "[coverage][access]") {
  // SZ (Eswatini) only occurs in an internal record (corpus/records/practices/INTERNAL.txt).
  std::string country;
  for (const auto& f : kr::test::internal_facts())
    if (!f.country.empty()) country = f.country;
  REQUIRE_FALSE(country.empty());
  auto row_total = [&](bool key) {
    auto body = json(get("/api/v1/coverage?rows=country&cols=type", key).body);
    auto rows = strings(body->getArray("row_values"));
    auto at = static_cast<std::size_t>(std::find(rows.begin(), rows.end(), country) - rows.begin());
    REQUIRE(at < rows.size());  // listed even when zero
    long sum = 0;
    auto line = body->getArray("counts")->getArray(at);
    for (std::size_t k = 0; k < line->size(); ++k) sum += line->getElement<long>(k);
    return sum;
  };
  CHECK(row_total(false) == 0);
  CHECK(row_total(true) > 0);
}

TEST_CASE("coverage labels follow ui_lang", "[coverage]") {
  auto fr = json(get("/api/v1/coverage?rows=region&cols=pillar&ui_lang=fr").body);
  CHECK(fr->getObject("labels")->getValue<std::string>("africa-west") ==
        fixture::taxonomy_label("regions", "region", "africa-west", "fr"));
  auto es = json(get("/api/v1/coverage?rows=region&cols=pillar&ui_lang=es").body);
  CHECK(es->getObject("labels")->getValue<std::string>("legal-migration") ==
        fixture::taxonomy_label("pillars", "pillar", "legal-migration", "es"));
}

TEST_CASE("coverage parameters are checked", "[coverage][errors]") {
  struct Case {
    std::string query, code;
  };
  const Case cases[] = {
      {"", "invalid_argument"},
      {"rows=region", "invalid_argument"},
      {"cols=pillar", "invalid_argument"},
      {"rows=region&cols=region", "invalid_argument"},
      {"rows=audience&cols=pillar", "unknown_value"},
      {"rows=colour&cols=pillar", "unknown_value"},
      {"rows=region&cols=pillar&rows=theme", "invalid_argument"},
      {"rows=region&cols=pillar&page=2", "invalid_argument"},
      {"rows=region&cols=pillar&region=atlantis", "unknown_value"},
      {"rows=region&cols=pillar&year_from=20x", "invalid_argument"},
      {"rows=region&cols=pillar&q=diaspora%20AND", "invalid_query"},
  };
  for (const auto& c : cases) {
    INFO(c.query);
    auto r = get("/api/v1/coverage?" + c.query);
    CHECK(r.status == 400);
    CHECK(fixture::error_code(r) == c.code);
  }
}

namespace {

struct Feed {
  pugi::xml_document doc;
  pugi::xml_node feed;
  std::vector<pugi::xml_node> entries;
};

/// Parses a feed and checks what Atom (RFC 4287) requires of every feed we send.
void parse_feed(const std::string& body, Feed& f) {
  auto parsed = f.doc.load_string(body.c_str());
  INFO(parsed.description() << " at " << parsed.offset);
  REQUIRE(parsed);
  f.feed = f.doc.child("feed");
  REQUIRE(f.feed);
  CHECK(std::string(f.feed.attribute("xmlns").value()) == "http://www.w3.org/2005/Atom");
  auto count = [](pugi::xml_node n, const char* name) {
    return std::distance(n.children(name).begin(), n.children(name).end());
  };
  CHECK(count(f.feed, "id") == 1);
  CHECK(count(f.feed, "title") == 1);
  CHECK(count(f.feed, "updated") == 1);
  CHECK_FALSE(std::string(f.feed.child("author").child_value("name")).empty());
  std::regex rfc3339(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d))");
  CHECK(std::regex_match(std::string(f.feed.child_value("updated")), rfc3339));
  for (auto e : f.feed.children("entry")) {
    f.entries.push_back(e);
    CHECK(count(e, "id") == 1);
    CHECK(count(e, "title") == 1);
    CHECK(count(e, "updated") == 1);
    CHECK(std::regex_match(std::string(e.child_value("updated")), rfc3339));
  }
}

std::string entry_id(pugi::xml_node e) {
  std::string urn = e.child_value("id");
  const std::string prefix = "urn:mieux-kr:record:";
  REQUIRE(urn.rfind(prefix, 0) == 0);
  return urn.substr(prefix.size());
}

}  // namespace

TEST_CASE("the Atom feed is well-formed, newest first, and public callers get no internal record", "[atom]") {
  for (bool key : {false, true}) {
    INFO((key ? "with key" : "public"));
    auto r = get("/api/v1/search.atom?per_page=100", key);
    REQUIRE(r.status == 200);
    CHECK(r.header("Content-Type") == "application/atom+xml; charset=utf-8");
    Feed feed;
    parse_feed(r.body, feed);
    long total = json(get("/api/v1/search?per_page=1", key).body)->getValue<long>("total");
    CHECK(static_cast<long>(feed.entries.size()) == std::min(100L, total));
    std::map<std::string, const kr::test::CorpusRecord*> model;
    for (const auto& rec : kr::test::corpus_model()) model[rec.id] = &rec;
    const auto internal = fixture::internal_ids();
    std::string previous = "9999";
    int internal_seen = 0;
    std::set<std::string> ids;
    for (auto e : feed.entries) {
      std::string id = entry_id(e);
      INFO(id);
      REQUIRE(model.count(id));
      CHECK(ids.insert(id).second);
      internal_seen += static_cast<int>(internal.count(id));
      std::string updated = e.child_value("updated");
      CHECK(updated <= previous);  // newest first
      previous = updated;
      CHECK(updated.substr(0, 4) == model[id]->year);
      CHECK(std::string(e.child("link").attribute("href").value()) == "/?record=" + id);
      CHECK(std::string(e.child_value("title")) == model[id]->title);
      std::string summary = e.child_value("summary");
      CHECK(summary.find("<mark>") == std::string::npos);
      std::set<std::string> themes;
      for (auto c : e.children("category")) themes.insert(c.attribute("term").value());
      CHECK(themes == model[id]->themes);
    }
    if (key) {
      CHECK(internal_seen > 0);
    } else {
      CHECK(internal_seen == 0);
    }
  }
}

TEST_CASE("an internal record's own words find it in the feed only with a key", "[atom][access]") {
  auto fact = kr::test::internal_facts().front();
  REQUIRE_FALSE(fact.words.empty());
  Feed pub, staff;
  parse_feed(get("/api/v1/search.atom?q=" + fact.words.front()).body, pub);
  parse_feed(get("/api/v1/search.atom?q=" + fact.words.front(), true).body, staff);
  CHECK(pub.entries.empty());
  REQUIRE(staff.entries.size() == 1);
  CHECK(entry_id(staff.entries.front()) == fact.id);
}

TEST_CASE("the feed title reflects the query and filters, newest first even when another sort is asked",
          "[atom]") {
  Feed feed;
  parse_feed(get("/api/v1/search.atom?q=diaspora&region=africa-west&sort=relevance&ui_lang=fr").body, feed);
  std::string title = feed.feed.child_value("title");
  CHECK(title.find("diaspora") != std::string::npos);
  CHECK(title.find(fixture::taxonomy_label("regions", "region", "africa-west", "fr")) != std::string::npos);
  REQUIRE(feed.entries.size() > 1);
  for (std::size_t i = 1; i < feed.entries.size(); ++i)
    CHECK(std::string(feed.entries[i].child_value("updated")) <=
          std::string(feed.entries[i - 1].child_value("updated")));
  // Same search, parameters in another order: same feed id.
  Feed again;
  parse_feed(get("/api/v1/search.atom?region=africa-west&q=diaspora").body, again);
  CHECK(std::string(again.feed.child_value("id")) == std::string(feed.feed.child_value("id")));

  auto bad = get("/api/v1/search.atom?region=atlantis");
  CHECK(bad.status == 400);
  CHECK(fixture::error_code(bad) == "unknown_value");
}
