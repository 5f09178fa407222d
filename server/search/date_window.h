#pragma once
/// Date-sorted pages without sorting every match: Xapian reads and sorts the date of every
/// matching document (30 ms over 100k), while a page of 10 needs only the newest (or oldest)
/// few years of them. The facet table knows every document's year, so the years that can hold
/// the page are found in memory and the ranked pass is restricted to them.
#include <cstddef>
#include <optional>

#include <xapian.h>

#include "server/search/doc_set.h"
#include "server/search/facet_table.h"

namespace kr::search {

/// A filter on the date slot keeping every document that can appear on a page ending at work
/// number `need` of the matches `passing` sorted newest (or oldest) first, and as few others as
/// whole years allow. A work counts once however many editions it has, so the years kept must
/// hold `need` x the largest number of editions of a work. nullopt when nothing would be left
/// out (the matches span too few years) or a passing document has no year.
std::optional<Xapian::Query> date_window(const FacetTable& table, const DocSet& passing, std::size_t need,
                                         bool newest_first);

}  // namespace kr::search
