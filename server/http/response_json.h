#pragma once
/// JSON encodings of the API responses (shapes fixed by DESIGN.md "HTTP API").
#include <string>
#include <vector>

#include "core/taxonomy.h"
#include "server/search/engine.h"
#include "server/search/search_result.h"

namespace kr {
class JsonWriter;
}  // namespace kr

namespace kr::http {

/// One hit:
/// {id,type,title,date,lang,countries,regions,themes,pillars,action,score,snippet,editions}.
void write_hit(JsonWriter& w, const search::Hit& hit);

/// GET /api/v1/search: {query,suggestion,total,page,per_page,took_ms,hits,facets{region,...,year}}.
std::string search_result_json(const search::SearchResult& result);

/// GET /api/v1/records/{id}/similar: {"id":..,"scope":..,"hits":[...]}.
std::string similar_json(const std::string& id, const std::string& scope,
                         const std::vector<search::Hit>& hits);

/// GET /api/v1/taxonomy: every vocabulary with `label` in ui_lang and `labels` {en,fr,es};
/// countries with region and neighbours, organisations with members, the glossary.
std::string taxonomy_json(const Taxonomy& taxonomy, UiLang ui_lang);

/// GET /api/v1/suggest: {"query":..,"completions":[{"text":..,"count":N}]}.
std::string completions_json(const std::string& query, const std::vector<search::Completion>& completions);

/// GET /healthz: {"status":"ok","documents":N,"updated":"<ISO time>"}.
std::string status_json(const search::IndexStatus& status);

}  // namespace kr::http
