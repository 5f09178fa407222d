#pragma once
/// Strict parsing of query parameters into engine requests (DESIGN.md "HTTP API"): anything
/// malformed, out of range, unknown, duplicated or not UTF-8 is an error, never clamped or dropped.
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/error.h"
#include "core/taxonomy.h"
#include "server/search/coverage.h"
#include "server/search/engine.h"
#include "server/search/factsheet.h"
#include "server/search/search_request.h"

namespace kr::http {

/// Decoded name/value pairs in request order (what Poco::URI::getQueryParameters returns).
using QueryParams = std::vector<std::pair<std::string, std::string>>;

/// True when `value` is a known value of `facet` (in production: Taxonomy::contains).
using KnownValue = std::function<bool(Facet facet, std::string_view value)>;

/// Limits that come from the server configuration.
struct ParamLimits {
  int max_query_length = 1000;  ///< bytes of `q`
  int max_page = 10000;
};

/// Decodes the query of a request target ("/path?a=1&b=%C3%A9"); invalid_argument when the
/// percent-encoding is malformed. Example: query_params("/x?a=1&a=2") -> {{"a","1"},{"a","2"}}.
Result<QueryParams> query_params(const std::string& target);

/// /api/v1/search: q, type, region, country, theme, pillar, lang (repeatable), year_from, year_to,
/// sort, page, per_page, ui_lang. `access` is not set here.
Result<search::SearchRequest> parse_search_params(const QueryParams& params, const KnownValue& known,
                                                  const ParamLimits& limits);

struct SimilarParams {
  search::SimilarScope scope = search::SimilarScope::neighbours;
  int limit = 10;  ///< 1..50
};
/// /api/v1/records/{id}/similar: scope=neighbours|region|all, limit=1..50.
Result<SimilarParams> parse_similar_params(const QueryParams& params);

/// /api/v1/records/{id}: format=json|xml; true for xml.
Result<bool> parse_record_params(const QueryParams& params);

/// /api/v1/taxonomy: ui_lang=en|fr|es (default en).
Result<UiLang> parse_taxonomy_params(const QueryParams& params);

struct SuggestParams {
  std::string q;
  int limit = 10;  ///< 1..50
};
/// /api/v1/suggest: q (required, may be empty), limit.
Result<SuggestParams> parse_suggest_params(const QueryParams& params, const ParamLimits& limits);

enum class FactsheetFormat { html, markdown, json };
struct FactsheetParams {
  search::FactsheetRequest request;  ///< `access` is not set here
  FactsheetFormat format = FactsheetFormat::html;
};
/// /api/v1/factsheet: theme, region, pillar (repeatable, taxonomy values, at least one in all),
/// format=html|md|json (default html), ui_lang.
Result<FactsheetParams> parse_factsheet_params(const QueryParams& params, const KnownValue& known);

/// /api/v1/coverage: rows and cols (two different facet names: type region country theme pillar
/// lang year) and the search filters (q, type, region, country, theme, pillar, lang, year_from,
/// year_to, ui_lang). `access` is not set here.
Result<search::CoverageRequest> parse_coverage_params(const QueryParams& params, const KnownValue& known,
                                                      const ParamLimits& limits);

/// /api/v1/search.atom: the search parameters; sort is forced to -date (newest first) and
/// per_page defaults to 20.
Result<search::SearchRequest> parse_feed_params(const QueryParams& params, const KnownValue& known,
                                                const ParamLimits& limits);

/// Routes without parameters (healthz, metrics, static files): any parameter is an error.
Status parse_no_params(const QueryParams& params);

/// Name of a scope as in the API ("neighbours").
const char* scope_name(search::SimilarScope scope) noexcept;

}  // namespace kr::http
