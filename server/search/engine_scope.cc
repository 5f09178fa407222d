// Engine operations over the records of a scope, used to assemble documents such as
// factsheets: the Action codes of a scope, and a visible record's stored Record.
#include "core/index_schema.h"
#include "core/record_json.h"
#include "server/search/doc_set.h"
#include "server/search/engine.h"
#include "server/search/engine_impl.h"
#include "server/search/match_walk.h"

namespace kr::search {

Result<std::vector<ActionCount>> Engine::action_counts(const SearchRequest& request) {
  return impl_->pool.with_reader([&](Reader& r) -> Result<std::vector<ActionCount>> {
    auto built = r.queries->build(request, *r.facets);
    if (!built) return built.error();
    // One unweighted pass marks the scope; then each Action's (short) posting list is checked
    // against the marks: no query per Action, no document read.
    DocSet matched(r.db.get_lastdocid());
    DocSetSpy spy(matched);
    walk_matches(r, built->filtered, spy);
    std::vector<ActionCount> out;
    const std::string prefix(schema::kActionCode);
    for (auto t = r.db.allterms_begin(prefix); t != r.db.allterms_end(prefix); ++t) {
      long n = 0;
      for (auto p = r.db.postlist_begin(*t); p != r.db.postlist_end(*t); ++p)
        n += matched.contains(*p) ? 1 : 0;
      if (n > 0) out.push_back(ActionCount{(*t).substr(prefix.size()), n});
    }
    return out;
  });
}

Result<Record> Engine::stored_record(const std::string& id, const Access& access) {
  return impl_->pool.with_reader([&](Reader& r) -> Result<Record> {
    Xapian::Enquire e(r.db);
    e.set_query(QueryBuilder::visible_only(Xapian::Query(schema::id_term(id)), access));
    e.set_weighting_scheme(Xapian::BoolWeight());
    Xapian::MSet m = e.get_mset(0, 1);
    if (m.empty()) return make_error(ErrorCode::not_found, "no record with id \"" + id + "\"");
    auto stored = decode_stored_record(m.begin().get_document().get_data());
    if (!stored) return stored.error();
    return std::move(stored->record);
  });
}

}  // namespace kr::search
