#pragma once
/// The query behind /records/{id}/similar: more-like-this on the record's text (Xapian's ESet over
/// the record as relevance set) and its themes, restricted to a scope and to what the caller may see.
#include <xapian.h>

#include "core/taxonomy.h"
#include "server/search/engine.h"

namespace kr::search {

/// Empty query when the scope leaves nothing to search (a record without countries asked for
/// neighbours). The record itself and its other language editions are excluded.
Xapian::Query similar_query(const Xapian::Database& db, Xapian::docid did, SimilarScope scope,
                            const Taxonomy& taxonomy, const Access& access);

}  // namespace kr::search
