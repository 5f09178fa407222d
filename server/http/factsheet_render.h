#pragma once
/// Factsheet renderers: JSON (DESIGN.md's shape), Markdown, and print-ready self-contained HTML
/// (inline CSS and SVG chart, A4 @page, no script, no external asset). Labels in the
/// factsheet's interface language; every corpus text escaped for its format.
#include <string>

#include "core/taxonomy.h"
#include "server/search/factsheet.h"

namespace kr::http {

/// The search page URL reproducing the factsheet's selection. Example: "/?theme=a&region=b".
std::string factsheet_search_url(const search::Factsheet& factsheet);

/// {"title","ui_lang","scope":{"theme":[],"region":[],"pillar":[]},"figures":{"records",
/// "countries","actions","year_from","year_to"},"by_country":[{value,label,count}],
/// "by_year":[{value,count}],"by_type":[…],"action_codes":[…],"practices":[{id,title,date,lang,
/// action,countries,partners,outcomes}],"related":[{id,type,title,date}],"search_url"}.
std::string factsheet_json(const search::Factsheet& factsheet);

/// The same content as Markdown (text escaped so corpus text cannot inject markup).
std::string factsheet_markdown(const search::Factsheet& factsheet, const Taxonomy& taxonomy);

/// A complete, self-contained, print-ready HTML document (factsheet_html.cc).
std::string factsheet_html(const search::Factsheet& factsheet, const Taxonomy& taxonomy);

/// "2014–2022", "2017", or "–" when there are no records.
std::string factsheet_years(const search::Factsheet& factsheet);

}  // namespace kr::http
