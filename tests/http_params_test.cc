// HTTP layer without a server: strict query-parameter parsing (every 400 of DESIGN.md), path
// decoding, the route table and static-file path safety.
#include <catch2/catch.hpp>
#include <filesystem>
#include <string>
#include <vector>

#include "core/taxonomy.h"
#include "server/http/request_params.h"
#include "server/http/routes.h"
#include "server/http/static_files.h"
#include "tests/support/test_support.h"

using kr::ErrorCode;
using kr::Facet;
using namespace kr::http;

namespace {

const kr::Taxonomy& taxonomy() {
  static const kr::Taxonomy t = [] {
    auto loaded = kr::Taxonomy::load(kr::test::source_path("schemas/taxonomy.xml"));
    if (!loaded) FAIL(loaded.error().to_string());
    return std::move(loaded).value();
  }();
  return t;
}

KnownValue known() {
  return [](Facet f, std::string_view v) { return taxonomy().contains(f, v); };
}

kr::Result<kr::search::SearchRequest> search(const std::string& query) {
  auto params = query_params("/api/v1/search?" + query);
  if (!params) return params.error();
  return parse_search_params(*params, known(), ParamLimits{});
}

QueryParams params_of(const std::string& query) {
  auto p = query_params("/x?" + query);
  REQUIRE(p.ok());
  return *p;
}

}  // namespace

TEST_CASE("search parameters that DESIGN.md answers with 400", "[params]") {
  struct Case {
    const char* query;
    ErrorCode code;
    const char* message_part;
  };
  const Case cases[] = {
      {"per_page=0", ErrorCode::invalid_argument, "per_page must be 1..100"},
      {"per_page=1000000", ErrorCode::invalid_argument, "per_page must be 1..100"},
      {"per_page=101", ErrorCode::invalid_argument, "per_page"},
      {"per_page=99999999999999999999", ErrorCode::invalid_argument, "per_page"},
      {"per_page=abc", ErrorCode::invalid_argument, "per_page must be an integer"},
      {"per_page=", ErrorCode::invalid_argument, "per_page must be an integer"},
      {"per_page=%2B5", ErrorCode::invalid_argument, "per_page"},
      {"per_page=+5", ErrorCode::invalid_argument, "per_page"},  // '+' decodes to a space
      {"per_page=1.5", ErrorCode::invalid_argument, "per_page"},
      {"per_page=10x", ErrorCode::invalid_argument, "per_page"},
      {"page=-3", ErrorCode::invalid_argument, "page must be 1..10000"},
      {"page=0", ErrorCode::invalid_argument, "page"},
      {"page=10001", ErrorCode::invalid_argument, "page"},
      {"page=-", ErrorCode::invalid_argument, "page"},
      {"year_from=20x", ErrorCode::invalid_argument, "year_from must be a four-digit year"},
      {"year_from=201", ErrorCode::invalid_argument, "year_from"},
      {"year_to=20100", ErrorCode::invalid_argument, "year_to"},
      {"year_to=-201", ErrorCode::invalid_argument, "year_to"},
      {"year_from=2020&year_to=2010", ErrorCode::invalid_argument, "after year_to"},
      {"region=atlantis", ErrorCode::unknown_value, "unknown region 'atlantis'"},
      {"type=novel", ErrorCode::unknown_value, "unknown type"},
      {"country=XX", ErrorCode::unknown_value, "unknown country"},
      {"theme=", ErrorCode::unknown_value, "unknown theme"},
      {"pillar=nope", ErrorCode::unknown_value, "unknown pillar"},
      {"lang=klingon", ErrorCode::unknown_value, "unknown lang"},
      {"region=africa-west&region=mars", ErrorCode::unknown_value, "mars"},
      {"sort=newest", ErrorCode::unknown_value, "sort must be relevance, date or -date"},
      {"sort=", ErrorCode::unknown_value, "sort"},
      {"ui_lang=de", ErrorCode::unknown_value, "ui_lang must be en, fr or es"},
      {"q=%FF", ErrorCode::invalid_argument, "'q' is not valid UTF-8"},
      {"q=caf%C3", ErrorCode::invalid_argument, "not valid UTF-8"},
      {"region=%C3%28", ErrorCode::invalid_argument, "not valid UTF-8"},
      {"q=%ED%A0%80", ErrorCode::invalid_argument, "not valid UTF-8"},  // a surrogate
      {"q=%C0%AF", ErrorCode::invalid_argument, "not valid UTF-8"},     // an overlong '/'
      {"%FF=1", ErrorCode::invalid_argument, "name is not valid UTF-8"},
      {"foo=1", ErrorCode::invalid_argument, "unknown parameter 'foo'"},
      {"q=x&facets=no", ErrorCode::invalid_argument, "unknown parameter 'facets'"},
      {"Page=2", ErrorCode::invalid_argument, "unknown parameter 'Page'"},
      {"=x", ErrorCode::invalid_argument, "unknown parameter ''"},
      {"page=1&page=2", ErrorCode::invalid_argument, "'page' given more than once"},
      {"q=a&q=b", ErrorCode::invalid_argument, "'q' given more than once"},
      {"sort=date&sort=date", ErrorCode::invalid_argument, "more than once"},
      {"q=%G1", ErrorCode::invalid_argument, "malformed"},
      {"q=%", ErrorCode::invalid_argument, "malformed"},
  };
  for (const auto& c : cases) {
    INFO(c.query);
    auto r = search(c.query);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == c.code);
    CHECK_THAT(r.error().message, Catch::Matchers::Contains(c.message_part));
  }
}

TEST_CASE("a query longer than the limit is refused, not cut", "[params]") {
  auto p = params_of("q=" + std::string(11, 'a'));
  auto r = parse_search_params(p, known(), ParamLimits{10, 100});
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().code == ErrorCode::invalid_argument);
  CHECK(parse_search_params(params_of("q=aaaaaaaaaa"), known(), ParamLimits{10, 100}).ok());
}

TEST_CASE("search parameters: defaults", "[params]") {
  auto r = search("");
  REQUIRE(r.ok());
  CHECK(r->q.empty());
  CHECK(r->page == 1);
  CHECK(r->per_page == 10);
  CHECK(r->sort == kr::search::Sort::relevance);
  CHECK(r->ui_lang == kr::UiLang::en);
  CHECK_FALSE(r->year_from);
  CHECK_FALSE(r->year_to);
  for (const auto& f : r->filters) CHECK(f.empty());
  CHECK_FALSE(r->access.internal);
}

TEST_CASE("search parameters: every parameter, decoded", "[params]") {
  auto r = search(
      "q=%22diaspora+strategy%22+AND+caf%C3%A9&region=africa-west&region=africa-ces"
      "&country=GH&type=practice&year_from=2010&year_to=2019&sort=-date&page=3&per_page=100"
      "&ui_lang=fr&region=africa-west&lang=en&lang=fr");
  INFO((r.ok() ? "" : r.error().message));
  REQUIRE(r.ok());
  CHECK(r->q == "\"diaspora strategy\" AND café");
  using V = std::vector<std::string>;
  CHECK(r->filters[static_cast<int>(Facet::region)] == V{"africa-west", "africa-ces"});
  CHECK(r->filters[static_cast<int>(Facet::country)] == V{"GH"});
  CHECK(r->filters[static_cast<int>(Facet::type)] == V{"practice"});
  CHECK(r->filters[static_cast<int>(Facet::lang)] == V{"en", "fr"});
  CHECK(r->filters[static_cast<int>(Facet::theme)].empty());
  CHECK(*r->year_from == 2010);
  CHECK(*r->year_to == 2019);
  CHECK(r->sort == kr::search::Sort::date_desc);
  CHECK(r->page == 3);
  CHECK(r->per_page == 100);
  CHECK(r->ui_lang == kr::UiLang::fr);

  CHECK(search("sort=date")->sort == kr::search::Sort::date_asc);
  CHECK(search("sort=relevance")->sort == kr::search::Sort::relevance);
  CHECK(search("year_from=2015&year_to=2015").ok());
  CHECK(search("page=10000&per_page=1").ok());
  CHECK(search("q=").ok());
  CHECK(search("q=x&&per_page=5&").ok());  // stray separators are not parameters
}

TEST_CASE("similar, record, taxonomy and suggest parameters", "[params]") {
  using kr::search::SimilarScope;
  auto similar = parse_similar_params(params_of(""));
  REQUIRE(similar.ok());
  CHECK(similar->scope == SimilarScope::neighbours);
  CHECK(similar->limit == 10);
  CHECK(parse_similar_params(params_of("scope=region&limit=50"))->scope == SimilarScope::region);
  CHECK(parse_similar_params(params_of("scope=all&limit=1"))->limit == 1);
  CHECK(std::string(scope_name(SimilarScope::neighbours)) == "neighbours");

  struct Case {
    const char* query;
    ErrorCode code;
  };
  for (auto [query, code] :
       {Case{"scope=planet", ErrorCode::unknown_value}, Case{"scope=", ErrorCode::unknown_value},
        Case{"limit=0", ErrorCode::invalid_argument}, Case{"limit=51", ErrorCode::invalid_argument},
        Case{"limit=ten", ErrorCode::invalid_argument}, Case{"limit=5&limit=6", ErrorCode::invalid_argument},
        Case{"page=2", ErrorCode::invalid_argument}}) {
    INFO(query);
    auto r = parse_similar_params(params_of(query));
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == code);
  }

  CHECK(*parse_record_params(params_of("")) == false);
  CHECK(*parse_record_params(params_of("format=json")) == false);
  CHECK(*parse_record_params(params_of("format=xml")) == true);
  CHECK(parse_record_params(params_of("format=pdf")).error().code == ErrorCode::unknown_value);
  CHECK(parse_record_params(params_of("fmt=xml")).error().code == ErrorCode::invalid_argument);

  CHECK(*parse_taxonomy_params(params_of("")) == kr::UiLang::en);
  CHECK(*parse_taxonomy_params(params_of("ui_lang=es")) == kr::UiLang::es);
  CHECK(parse_taxonomy_params(params_of("ui_lang=EN")).error().code == ErrorCode::unknown_value);

  auto suggest = parse_suggest_params(params_of("q=dias&limit=5"), ParamLimits{});
  REQUIRE(suggest.ok());
  CHECK(suggest->q == "dias");
  CHECK(suggest->limit == 5);
  CHECK_FALSE(parse_suggest_params(params_of("limit=0"), ParamLimits{}).ok());
  CHECK_FALSE(parse_suggest_params(params_of("q=%FF"), ParamLimits{}).ok());

  CHECK(parse_no_params(params_of("")).ok());
  auto none = parse_no_params(params_of("verbose=1"));
  REQUIRE_FALSE(none.ok());
  CHECK_THAT(none.error().message, Catch::Matchers::Contains("takes no parameters"));
}

TEST_CASE("path segments are split, then decoded", "[routes]") {
  using V = std::vector<std::string>;
  CHECK(*path_segments("/") == V{});
  CHECK(*path_segments("/?q=x") == V{});
  CHECK(*path_segments("/api/v1/search?q=a/b") == V{"api", "v1", "search"});
  CHECK(*path_segments("/api/v1/records/a%20b%2Fc") == V{"api", "v1", "records", "a b/c"});
  CHECK(*path_segments("/a//b/") == V{"a", "", "b", ""});
  CHECK(*path_segments("/caf%C3%A9") == V{"café"});
  CHECK_FALSE(path_segments("/%FF").ok());
  CHECK_FALSE(path_segments("/%G1").ok());
  CHECK_FALSE(path_segments("*").ok());
  CHECK_FALSE(path_segments("http://example.org/").ok());
}

TEST_CASE("the route table", "[routes]") {
  auto route_of = [](const std::string& target) -> std::string {
    auto segments = path_segments(target);
    REQUIRE(segments.ok());
    const Route* r = match_route(*segments);
    return r ? r->name : "(none)";
  };
  CHECK(route_of("/api/v1/search") == "search");
  CHECK(route_of("/api/v1/records/mg-2017-03") == "record");
  CHECK(route_of("/api/v1/records/mg-2017-03/similar") == "similar");
  CHECK(route_of("/api/v1/taxonomy") == "taxonomy");
  CHECK(route_of("/api/v1/suggest") == "suggest");
  CHECK(route_of("/healthz") == "healthz");
  CHECK(route_of("/metrics") == "metrics");
  CHECK(route_of("/") == "static");
  CHECK(route_of("/static/app.js") == "static");
  CHECK(route_of("/static/css/site.css") == "static");
  CHECK(route_of("/favicon.ico") == "static");
  // Unknown API paths never fall through to static files.
  CHECK(route_of("/api") == "(none)");
  CHECK(route_of("/api/v1/search/") == "(none)");
  CHECK(route_of("/api/v1/records") == "(none)");
  CHECK(route_of("/api/v1/records/x/similar/y") == "(none)");
  CHECK(route_of("/api/v1/nothing") == "(none)");
  CHECK(route_of("/api/v2/search") == "(none)");
  CHECK(route_of("/api/v1/factsheet") == "factsheet");
  CHECK(route_of("/deep/path") == "(none)");
}

TEST_CASE("static files stay inside the web folder", "[static]") {
  kr::test::TempDir tmp;
  std::string web = tmp / "web";
  kr::test::write_file(web + "/index.html", "<!doctype html>");
  kr::test::write_file(web + "/app.js", "1");
  kr::test::write_file(web + "/static/site.css", "body{}");
  kr::test::write_file(web + "/.secret", "x");
  kr::test::write_file(tmp / "outside.txt", "secret");
  std::filesystem::create_symlink(tmp / "outside.txt", web + "/link.txt");
  std::filesystem::create_directories(web + "/sub");

  using V = std::vector<std::string>;
  auto ok = [&](const V& segments) {
    auto f = resolve_static_file(web, segments);
    INFO((f.ok() ? "" : f.error().message));
    REQUIRE(f.ok());
    return std::filesystem::path(f->path).filename().string() + " " + f->content_type;
  };
  CHECK(ok({}) == "index.html text/html; charset=utf-8");
  CHECK(ok({"app.js"}) == "app.js text/javascript; charset=utf-8");
  CHECK(ok({"static", "site.css"}) == "site.css text/css; charset=utf-8");
  CHECK(ok({"static", "app.js"}) == "app.js text/javascript; charset=utf-8");  // web/app.js

  struct Case {
    V segments;
    ErrorCode code;
  };
  const Case refused[] = {
      {{".."}, ErrorCode::invalid_argument},
      {{"static", "..", "..", "outside.txt"}, ErrorCode::invalid_argument},
      {{"static", "."}, ErrorCode::invalid_argument},
      {{"../outside.txt"}, ErrorCode::invalid_argument},  // a decoded %2F
      {{"..\\outside.txt"}, ErrorCode::invalid_argument},
      {{std::string("a\0b", 3)}, ErrorCode::invalid_argument},
      {{".secret"}, ErrorCode::not_found},
      {{"link.txt"}, ErrorCode::not_found},  // a symlink leading outside
      {{"sub"}, ErrorCode::not_found},       // a directory
      {{"missing.js"}, ErrorCode::not_found},
      {{"static", ""}, ErrorCode::not_found},
  };
  for (const auto& c : refused) {
    INFO(c.segments.back());
    auto f = resolve_static_file(web, c.segments);
    REQUIRE_FALSE(f.ok());
    CHECK(f.error().code == c.code);
  }
  // Encoded traversal reaches resolve_static_file decoded, so it is caught the same way.
  auto encoded = path_segments("/static/%2e%2e/%2E%2E/outside.txt");
  REQUIRE(encoded.ok());
  CHECK_FALSE(resolve_static_file(web, *encoded).ok());
  CHECK_FALSE(resolve_static_file(tmp / "no-such-dir", {}).ok());
}
