// GET /api/v1/factsheet over the real kr-server on loopback: figures equal what the corpus XML
// says, internal records count only with a key, the HTML is print-ready and self-contained (and
// prints to a PDF that still says it), Markdown carries the same facts, bad parameters are 400s.
#include <catch2/catch.hpp>
#include <filesystem>
#include <regex>

#include "tests/factsheet_fixture.h"

using fixture::get;
using fixture::json;

namespace {

struct Scope {
  std::vector<std::string> themes, regions, pillars;

  std::string query() const {
    std::string q;
    for (const auto& [name, list] :
         {std::pair{"theme", &themes}, std::pair{"region", &regions}, std::pair{"pillar", &pillars}})
      for (const auto& v : *list) q += std::string(q.empty() ? "" : "&") + name + "=" + v;
    return q;
  }
  bool contains(const kr::test::CorpusRecord& r) const {
    auto any = [](const std::vector<std::string>& wanted, const std::set<std::string>& has) {
      if (wanted.empty()) return true;
      for (const auto& w : wanted)
        if (has.count(w)) return true;
      return false;
    };
    return any(themes, r.themes) && any(regions, r.regions) && any(pillars, r.pillars);
  }
};

/// What a factsheet for `scope` must say, computed from the corpus model.
struct Expected {
  long records = 0;
  std::map<std::string, long> by_country, by_year;
  std::set<std::string> actions, ids, practice_ids;
};

Expected expected(const Scope& scope, bool key) {
  Expected e;
  for (const auto& r : fixture::visible_records(key)) {
    if (!scope.contains(r)) continue;
    ++e.records;
    e.ids.insert(r.id);
    if (r.type == "practice") e.practice_ids.insert(r.id);
    for (const auto& c : r.countries) ++e.by_country[c];
    ++e.by_year[r.year];
    auto action = fixture::action_codes().find(r.id);
    if (action != fixture::action_codes().end()) e.actions.insert(action->second);
  }
  return e;
}

std::map<std::string, long> counts_of(const Poco::JSON::Array::Ptr& list) {
  std::map<std::string, long> out;
  for (std::size_t i = 0; i < list->size(); ++i)
    out[list->getObject(i)->getValue<std::string>("value")] = list->getObject(i)->getValue<long>("count");
  return out;
}

const Scope kScopes[] = {
    {{"diaspora-engagement"}, {}, {}},
    {{}, {"africa-west"}, {}},
    {{"trafficking-smuggling"}, {"lac"}, {}},
    {{}, {}, {"legal-migration"}},
};

}  // namespace

TEST_CASE("factsheet JSON figures equal the corpus for a theme, a region, a theme+region and a pillar",
          "[factsheet]") {
  for (bool key : {false, true}) {
    for (const auto& scope : kScopes) {
      INFO(scope.query() << (key ? " with key" : " public"));
      Expected want = expected(scope, key);
      REQUIRE(want.records > 0);  // a scope with nothing in it would test nothing
      auto r = get("/api/v1/factsheet?format=json&" + scope.query(), key);
      REQUIRE(r.status == 200);
      CHECK(r.header("Content-Type") == "application/json; charset=utf-8");
      auto fs = json(r.body);
      CHECK_FALSE(fs->getValue<std::string>("title").empty());
      auto figures = fs->getObject("figures");
      CHECK(figures->getValue<long>("records") == want.records);
      CHECK(figures->getValue<long>("countries") == static_cast<long>(want.by_country.size()));
      CHECK(figures->getValue<long>("actions") == static_cast<long>(want.actions.size()));
      CHECK(figures->getValue<int>("year_from") == std::stoi(want.by_year.begin()->first));
      CHECK(figures->getValue<int>("year_to") == std::stoi(want.by_year.rbegin()->first));
      CHECK(counts_of(fs->getArray("by_country")) == want.by_country);
      CHECK(counts_of(fs->getArray("by_year")) == want.by_year);
      CHECK(fs->getValue<std::string>("search_url") == "/?" + scope.query());
      auto scope_json = fs->getObject("scope");
      CHECK(scope_json->getArray("theme")->size() == scope.themes.size());
      CHECK(scope_json->getArray("region")->size() == scope.regions.size());
      CHECK(scope_json->getArray("pillar")->size() == scope.pillars.size());

      // Key practices are practices of the scope, newest first, with partners and outcomes.
      auto practices = fs->getArray("practices");
      CHECK(practices->size() <= 8);
      if (!want.practice_ids.empty()) CHECK(practices->size() > 0);
      std::string previous = "9999";
      for (std::size_t i = 0; i < practices->size(); ++i) {
        auto p = practices->getObject(i);
        std::string id = p->getValue<std::string>("id");
        INFO(id);
        CHECK(want.practice_ids.count(id) == 1);
        CHECK_FALSE(p->getValue<std::string>("title").empty());
        CHECK_FALSE(p->getValue<std::string>("outcomes").empty());
        CHECK(p->getArray("partners")->size() > 0);
        CHECK(p->getValue<std::string>("date") <= previous);
        previous = p->getValue<std::string>("date");
      }
      auto related = fs->getArray("related");
      for (std::size_t i = 0; i < related->size(); ++i) {
        std::string type = related->getObject(i)->getValue<std::string>("type");
        CHECK((type == "handbook" || type == "report"));
        if (!key)
          CHECK(fixture::internal_ids().count(related->getObject(i)->getValue<std::string>("id")) == 0);
      }
    }
  }
}

TEST_CASE("factsheet outcomes come from the Results section", "[factsheet]") {
  auto fs = json(get("/api/v1/factsheet?format=json&theme=diaspora-engagement&region=africa-ces").body);
  auto practices = fs->getArray("practices");
  bool found = false;
  for (std::size_t i = 0; i < practices->size(); ++i) {
    auto p = practices->getObject(i);
    if (p->getValue<std::string>("id") != "mg-2017-03-diaspora-strategy") continue;
    found = true;
    // The first words of that record's <section title="Results">, not of its summary.
    CHECK(p->getValue<std::string>("outcomes").rfind("Officials gained a much clearer picture", 0) == 0);
    CHECK(p->getObject("action")->getValue<std::string>("code") == "2017-03");
  }
  CHECK(found);
}

TEST_CASE("internal records count in a factsheet only with a key", "[factsheet][access]") {
  // A theme of an internal record: its factsheet differs between public and key callers.
  const auto internal = fixture::internal_ids();
  std::string theme;
  for (const auto& r : kr::test::corpus_model())
    if (internal.count(r.id) && !r.themes.empty()) theme = *r.themes.begin();
  REQUIRE_FALSE(theme.empty());
  Scope scope{{theme}, {}, {}};
  auto pub = json(get("/api/v1/factsheet?format=json&theme=" + theme).body);
  auto staff = json(get("/api/v1/factsheet?format=json&theme=" + theme, true).body);
  long pub_records = pub->getObject("figures")->getValue<long>("records");
  long staff_records = staff->getObject("figures")->getValue<long>("records");
  CHECK(pub_records == expected(scope, false).records);
  CHECK(staff_records == expected(scope, true).records);
  CHECK(staff_records > pub_records);
  for (const char* name : {"practices", "related"}) {
    auto list = pub->getArray(name);
    for (std::size_t i = 0; i < list->size(); ++i)
      CHECK(internal.count(list->getObject(i)->getValue<std::string>("id")) == 0);
  }
  // The HTML and Markdown say the same number.
  CHECK(get("/api/v1/factsheet?format=md&theme=" + theme)
            .body.find("- Records: " + std::to_string(pub_records) + "\n") != std::string::npos);
  CHECK(fixture::server()
            .server->get("/api/v1/factsheet?theme=" + theme, {{"Authorization", "Bearer wrong"}})
            .status == 401);
}

TEST_CASE("the HTML factsheet is print-ready, self-contained, escaped and in the interface language",
          "[factsheet][html]") {
  Scope scope{{"diaspora-engagement"}, {}, {}};
  auto json_fs = json(get("/api/v1/factsheet?format=json&" + scope.query()).body);
  std::string title = json_fs->getValue<std::string>("title");
  long records = json_fs->getObject("figures")->getValue<long>("records");
  auto r = get("/api/v1/factsheet?" + scope.query());  // html is the default
  REQUIRE(r.status == 200);
  CHECK(r.header("Content-Type") == "text/html; charset=utf-8");
  const std::string& html = r.body;
  CHECK(html.rfind("<!doctype html>", 0) == 0);
  CHECK(html.find("<h1>" + title + "</h1>") != std::string::npos);
  CHECK(html.find("<dd>" + std::to_string(records) + "</dd>") != std::string::npos);
  CHECK(html.find("<svg") != std::string::npos);
  CHECK(html.find("@page") != std::string::npos);
  CHECK(html.find("size: A4") != std::string::npos);
  CHECK(html.find("@media print") != std::string::npos);
  // Self-contained: no script, stylesheet link, image or font fetched from anywhere.
  for (const char* outside : {"<script", "<link", "<img", "src=", "url(", "@import", "href=\"http"}) {
    INFO(outside);
    CHECK(html.find(outside) == std::string::npos);
  }
  // Corpus text is escaped: "Côte d'Ivoire" (a country of this scope) never appears raw.
  CHECK(html.find("d&#39;Ivoire") != std::string::npos);
  CHECK(html.find("d'Ivoire") == std::string::npos);

  auto fr = get("/api/v1/factsheet?ui_lang=fr&" + scope.query()).body;
  CHECK(fr.find("<html lang=\"fr\">") != std::string::npos);
  CHECK(fr.find("Chiffres clés") != std::string::npos);
  std::string fr_title = fixture::taxonomy_label("themes", "theme", "diaspora-engagement", "fr");
  REQUIRE_FALSE(fr_title.empty());
  CHECK(fr.find("<h1>" + fr_title + "</h1>") != std::string::npos);
  auto es = get("/api/v1/factsheet?ui_lang=es&" + scope.query()).body;
  CHECK(es.find("Cifras clave") != std::string::npos);
}

TEST_CASE("the Markdown factsheet has the title and the figures", "[factsheet][md]") {
  Scope scope{{"trafficking-smuggling"}, {"lac"}, {}};
  auto fs = json(get("/api/v1/factsheet?format=json&" + scope.query()).body);
  auto r = get("/api/v1/factsheet?format=md&" + scope.query());
  REQUIRE(r.status == 200);
  CHECK(r.header("Content-Type") == "text/markdown; charset=utf-8");
  auto figures = fs->getObject("figures");
  CHECK(r.body.rfind("# " + fs->getValue<std::string>("title") + "\n", 0) == 0);
  CHECK(r.body.find("- Records: " + std::to_string(figures->getValue<long>("records")) + "\n") !=
        std::string::npos);
  CHECK(r.body.find("- Actions: " + std::to_string(figures->getValue<long>("actions")) + "\n") !=
        std::string::npos);
  CHECK(r.body.find("- Countries: " + std::to_string(figures->getValue<long>("countries")) + "\n") !=
        std::string::npos);
  CHECK(r.body.find("(/?" + scope.query() + ")") != std::string::npos);
}

TEST_CASE("factsheet parameters are checked", "[factsheet][errors]") {
  struct Case {
    std::string query, code;
  };
  const Case cases[] = {
      {"", "invalid_argument"},             // no scope at all
      {"format=json", "invalid_argument"},  // still no scope
      {"theme=atlantis", "unknown_value"},
      {"region=diaspora-engagement", "unknown_value"},  // a theme is not a region
      {"theme=integration&format=pdf", "unknown_value"},
      {"theme=integration&ui_lang=de", "unknown_value"},
      {"theme=integration&format=md&format=json", "invalid_argument"},
      {"theme=integration&country=GH", "invalid_argument"},  // not a factsheet parameter
      {"theme=%FF", "invalid_argument"},
  };
  for (const auto& c : cases) {
    INFO(c.query);
    auto r = get("/api/v1/factsheet?" + c.query);
    CHECK(r.status == 400);
    CHECK(fixture::error_code(r) == c.code);
  }
}

TEST_CASE("the HTML factsheet prints to an A4 PDF that shows its title and record count",
          "[factsheet][pdf]") {
  std::string chromium, pdftotext;
  for (const char* p : {"/usr/bin/chromium", "/usr/bin/chromium-browser"})
    if (std::filesystem::exists(p)) chromium = p;
  if (std::filesystem::exists("/usr/bin/pdftotext")) pdftotext = "/usr/bin/pdftotext";
  if (chromium.empty() || pdftotext.empty()) {
    WARN("chromium or pdftotext missing (scripts/install-deps.sh installs both): PDF check not run");
    return;
  }
  std::string query = "theme=diaspora-engagement";
  auto fs = json(get("/api/v1/factsheet?format=json&" + query).body);
  kr::test::TempDir out;
  std::string url =
      "http://127.0.0.1:" + std::to_string(fixture::server().server->port()) + "/api/v1/factsheet?" + query;
  auto printed = kr::test::run_process({chromium, "--headless", "--no-sandbox", "--disable-gpu",
                                        "--no-pdf-header-footer", "--user-data-dir=" + (out / "profile"),
                                        "--print-to-pdf=" + (out / "fs.pdf"), url});
  INFO(printed.err);
  REQUIRE(std::filesystem::exists(out / "fs.pdf"));
  auto text = kr::test::run_process({pdftotext, "-layout", out / "fs.pdf", "-"});
  REQUIRE(text.exit_code == 0);
  INFO(text.out);
  CHECK(text.out.find(fs->getValue<std::string>("title")) != std::string::npos);
  CHECK(text.out.find("Key figures") != std::string::npos);
  std::regex count("\\b" + std::to_string(fs->getObject("figures")->getValue<long>("records")) + "\\b");
  CHECK(std::regex_search(text.out, count));
  auto info = kr::test::run_process({"/usr/bin/pdfinfo", out / "fs.pdf"});
  if (info.exit_code == 0) CHECK(info.out.find("(A4)") != std::string::npos);
}
