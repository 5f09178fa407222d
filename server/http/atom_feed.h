#pragma once
/// GET /api/v1/search.atom: a search result as an Atom 1.0 feed (RFC 4287), newest first.
/// Entry ids are URNs built from record ids (urn:mieux-kr:record:<id>), entry links point to the
/// search page's record view (/?record=<id>); everything is XML-escaped.
#include <string>

#include "core/taxonomy.h"
#include "server/search/search_request.h"
#include "server/search/search_result.h"

namespace kr::http {

struct FeedLinks {
  std::string self;     ///< the feed's own request target ("/api/v1/search.atom?q=…")
  std::string page;     ///< the same search on the page ("/?q=…")
  std::string updated;  ///< ISO 8601 time of the last index change; "" when unknown
};

/// The feed document. `request` gives the title (query and filter labels in its ui_lang) and the
/// feed id; `result` gives the entries.
std::string search_atom(const search::SearchResult& result, const search::SearchRequest& request,
                        const Taxonomy& taxonomy, const FeedLinks& links);

/// Atom date of a record date: "2017-10" -> "2017-10-01T00:00:00Z", "2017" -> "2017-01-01T00:00:00Z".
std::string atom_date(const std::string& date);

}  // namespace kr::http
