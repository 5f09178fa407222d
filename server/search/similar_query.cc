#include "server/search/similar_query.h"

#include <set>

#include "core/index_schema.h"
#include "server/search/query_builder.h"

namespace kr::search {

namespace {

/// Expansion terms: stemmed words and glossary mentions, not ids, facets or raw numbers.
class TextTerms : public Xapian::ExpandDecider {
 public:
  bool operator()(const std::string& term) const override {
    if (term.rfind(schema::kGlossary, 0) == 0) return true;
    return term.size() > 4 && term[0] == 'Z' && !(term[1] >= '0' && term[1] <= '9');
  }
};

std::vector<std::string> doc_terms(const Xapian::Database& db, Xapian::docid did, std::string_view prefix) {
  std::vector<std::string> out;
  std::string p(prefix);
  auto t = db.termlist_begin(did);
  for (t.skip_to(p); t != db.termlist_end(did) && (*t).rfind(p, 0) == 0; ++t) out.push_back(*t);
  return out;
}

Xapian::Query or_of(const std::vector<std::string>& terms) {
  return Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
}

}  // namespace

Xapian::Query similar_query(const Xapian::Database& db, Xapian::docid did, SimilarScope scope,
                            const Taxonomy& taxonomy, const Access& access) {
  Xapian::Enquire enquire(db);
  Xapian::RSet rset;
  rset.add_document(did);
  TextTerms decider;
  // Exact term frequencies: over shards Xapian otherwise estimates them from the shard holding the
  // document, and the expansion terms would differ from one combined index's.
  Xapian::ESet eset = enquire.get_eset(30, rset, Xapian::Enquire::USE_EXACT_TERMFREQ, &decider);
  std::vector<Xapian::Query> parts;
  for (auto it = eset.begin(); it != eset.end(); ++it) parts.emplace_back(*it);
  // Shared themes weigh like a strong word each.
  for (const auto& t : doc_terms(db, did, schema::facet_prefix(Facet::theme)))
    parts.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query(t, 1, 0), 2.0);
  Xapian::Query like(Xapian::Query::OP_OR, parts.begin(), parts.end());

  Xapian::Query scope_filter;
  if (scope == SimilarScope::neighbours) {
    auto own_terms = doc_terms(db, did, schema::facet_prefix(Facet::country));
    std::set<std::string> own, near;
    for (const auto& t : own_terms) own.insert(t.substr(schema::facet_prefix(Facet::country).size()));
    for (const auto& c : own)
      for (const auto& n : taxonomy.neighbourhood(c))
        if (!own.count(n)) near.insert(schema::facet_term(Facet::country, n));
    if (near.empty()) return Xapian::Query();
    scope_filter = or_of({near.begin(), near.end()});
  } else if (scope == SimilarScope::region) {
    auto regions = doc_terms(db, did, schema::facet_prefix(Facet::region));
    if (regions.empty()) return Xapian::Query();
    scope_filter = or_of(regions);
  }

  Xapian::Query q = QueryBuilder::visible_only(like, access);
  if (!scope_filter.empty()) q = Xapian::Query(Xapian::Query::OP_FILTER, q, scope_filter);
  std::vector<std::string> exclude = doc_terms(db, did, schema::kId);
  for (const auto& w : doc_terms(db, did, schema::kWork)) exclude.push_back(w);
  return Xapian::Query(Xapian::Query::OP_AND_NOT, q, or_of(exclude));
}

}  // namespace kr::search
