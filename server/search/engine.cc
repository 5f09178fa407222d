#include "server/search/engine.h"

#include <algorithm>
#include <chrono>
#include <ctime>
#include <filesystem>

#include "core/analyser.h"
#include "core/index_schema.h"
#include "core/record_json.h"
#include "server/search/date_window.h"
#include "server/search/engine_impl.h"
#include "server/search/facet_counter.h"
#include "server/search/hit_builder.h"
#include "server/search/known_matches.h"
#include "server/search/match_set.h"
#include "server/search/match_walk.h"
#include "server/search/phrase_pairs.h"
#include "server/search/reader_pool.h"
#include "server/search/similar_query.h"

namespace kr::search {

namespace {

/// Facets in the order of API responses (DESIGN.md).
constexpr Facet kResponseFacets[] = {Facet::region, Facet::country, Facet::theme, Facet::pillar,
                                     Facet::type,   Facet::lang,    Facet::year};

/// Small vocabularies list every value (zeros included, so a page can show them disabled);
/// countries, languages and years list the values that some record visible to the caller has
/// (zeros for the current query included), plus selected ones.
bool lists_zeros(Facet f) {
  return f == Facet::region || f == Facet::theme || f == Facet::pillar || f == Facet::type;
}

std::optional<Xapian::docid> find_id(const Xapian::Database& db, const std::string& id) {
  std::string term = schema::id_term(id);
  auto p = db.postlist_begin(term);
  if (p == db.postlist_end(term)) return std::nullopt;
  return *p;
}

bool visible(const Xapian::Database& db, Xapian::docid did, const Access& access) {
  if (access.internal) return true;
  std::string internal = schema::facet_term(Facet::audience, "internal");
  auto t = db.termlist_begin(did);
  t.skip_to(internal);
  return t == db.termlist_end(did) || *t != internal;
}

/// `q` for Xapian's matcher: with the pairs of its phrases as a filter when the index has them.
Xapian::Query with_pairs(const Reader& r, const Xapian::Query& q) {
  return r.phrase_pairs ? filter_by_phrase_pairs(q, *r.pair_words) : q;
}

/// The query the ranked pass runs for `q`, whose matches the counting pass found (`matched`):
/// with phrase pairs, the phrases' pairs as a filter (with_pairs); and, over one database, when a
/// required phrase still needs its positions checked, restricted to `matched` so that they are not
/// checked again in every candidate (BENCHMARKS.md §12). Same hits, weights and percentages as `q`.
Xapian::Query ranked_query(const Reader& r, const Xapian::Query& q, const DocSet& matched) {
  bool needs_positions = true;
  Xapian::Query ranked = r.phrase_pairs ? filter_by_phrase_pairs(q, *r.pair_words, &needs_positions) : q;
  return needs_positions && r.index.members.size() <= 1 ? within_known_matches(ranked, matched) : ranked;
}

/// Every document `q` matches, unweighted: from the posting lists over one database (§6), through
/// Xapian's matcher over shards (walk_matches maps docids to the combined database's; also right
/// when a shard is remote).
DocSet matches(Reader& r, const Xapian::Query& q) {
  if (r.index.members.size() <= 1) return match_set(r.db, q, r.pair_words.get());
  DocSet matched(r.facets->last_docid());
  DocSetSpy spy(matched);
  walk_matches(r, with_pairs(r, q), spy);
  return matched;
}

double age_of(const std::string& iso) {
  std::tm tm{};
  if (!strptime(iso.c_str(), "%Y-%m-%dT%H:%M:%SZ", &tm)) return 0;
  return std::difftime(std::time(nullptr), timegm(&tm));
}

}  // namespace

std::vector<FacetCounts> Engine::Impl::facet_counts(const SearchRequest& req, const FacetTable& table,
                                                    const FacetCounter& counter) const {
  std::vector<FacetCounts> out;
  for (Facet f : kResponseFacets) {
    FacetCounts fc{f, {}};
    const auto& values = table.values(f);
    const auto& counts = counter.counts(f);
    const auto& selected = req.filters[static_cast<int>(f)];
    for (std::size_t k = 0; k < values.size(); ++k) {
      bool sel = std::find(selected.begin(), selected.end(), values[k]) != selected.end();
      if (f == Facet::year && (req.year_from || req.year_to)) {
        int y = std::stoi(values[k]);
        sel = y >= req.year_from.value_or(0) && y <= req.year_to.value_or(9999);
      }
      bool listed = lists_zeros(f) || table.present(f, static_cast<unsigned>(k), req.access.internal);
      if (counts[k] == 0 && !sel && !listed) continue;
      fc.values.push_back(FacetValue{values[k], taxonomy.label(f, values[k], req.ui_lang), counts[k], sel});
    }
    if (f == Facet::country || f == Facet::lang) {
      std::stable_sort(fc.values.begin(), fc.values.end(),
                       [](const FacetValue& a, const FacetValue& b) { return a.count > b.count; });
    } else if (f == Facet::year) {
      std::reverse(fc.values.begin(), fc.values.end());
    }
    out.push_back(std::move(fc));
  }
  return out;
}

Result<SearchResult> Engine::Impl::search(Reader& r, const SearchRequest& req) {
  auto started = std::chrono::steady_clock::now();
  auto built = r.queries->build(req, *r.facets);
  if (!built) return built.error();
  SearchResult res;
  res.query = req.q;
  res.page = req.page;
  res.per_page = req.per_page;

  // Exact multi-select counts and the total, over every text match without the facet filters.
  // Without text, straight from the facet table; otherwise the exact match set, unweighted (cheaper
  // than counting inside the ranked pass, which would lose BM25's pruning: BENCHMARKS.md §4), from
  // the posting lists themselves rather than Xapian's matcher with a MatchSpy (half the time, §6).
  // The documents passing every filter are then known, and the hits' editions are chosen with them.
  FacetCounter counter(*r.facets, built->selection);
  if (built->all_text) {
    counter.add_all_visible(req.access.internal);
  } else {
    counter.add_all(matches(r, built->text));
  }

  // The ranked page, one hit per work. Sorted by date, only the years that can hold the page.
  Xapian::Enquire enquire(r.db);
  Xapian::Query ranked = ranked_query(r, built->filtered, counter.passing());
  if (req.sort != Sort::relevance) {
    auto need = static_cast<std::size_t>(req.page) * static_cast<std::size_t>(req.per_page);
    if (auto window = date_window(*r.facets, counter.passing(), need, req.sort == Sort::date_desc))
      ranked = Xapian::Query(Xapian::Query::OP_FILTER, ranked, *window);
  }
  enquire.set_query(ranked);
  enquire.set_collapse_key(schema::kSlotWork);
  if (req.sort == Sort::date_desc) enquire.set_sort_by_value_then_relevance(schema::kSlotDate, true);
  if (req.sort == Sort::date_asc) enquire.set_sort_by_value_then_relevance(schema::kSlotDate, false);
  auto offset = static_cast<Xapian::doccount>((req.page - 1) * req.per_page);
  Xapian::MSet mset = enquire.get_mset(offset, static_cast<Xapian::doccount>(req.per_page));
  res.total = counter.total();
  res.missing_shards = r.index.missing;
  if (req.with_facets) res.facets = facet_counts(req, *r.facets, counter);
  HitBuilder hits(r, built->terms, req.access, req.ui_lang);
  for (auto it = mset.begin(); it != mset.end(); ++it) {
    double score = req.sort == Sort::relevance ? it.get_percent() / 100.0 : 0.0;
    if (auto hit = hits.build(*it, it.get_document(), score, built->filtered, &counter.passing()))
      res.hits.push_back(std::move(*hit));
  }

  if (!req.q.empty() && res.total < 3) res.suggestion = suggestion(r, req, res.total, *built);
  res.took_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  return res;
}

/// A corrected query, offered only when it finds more than the query as typed (Xapian also
/// "corrects" words that match through stems or synonyms).
std::optional<std::string> Engine::Impl::suggestion(Reader& r, const SearchRequest& req, long total,
                                                    const BuiltQuery&) {
  std::string corrected = r.queries->corrected(req.q);
  if (corrected.empty()) return std::nullopt;
  SearchRequest again = req;
  again.q = corrected;
  auto built = r.queries->build(again, *r.facets);
  if (!built) return std::nullopt;
  // Counted like the search's own matches.
  if (static_cast<long>(matches(r, built->filtered).size()) <= total) return std::nullopt;
  return corrected;
}
Engine::Engine(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Engine::~Engine() = default;

Result<std::unique_ptr<Engine>> Engine::open(const EngineConfig& config) {
  auto taxonomy = Taxonomy::load(config.taxonomy_path);
  if (!taxonomy) return taxonomy.error();
  auto impl = std::make_unique<Impl>(config, std::move(taxonomy.value()));
  try {
    impl->pool.with_reader([](Reader&) { return 0; });
  } catch (const Xapian::Error& e) {
    return make_error(ErrorCode::index_unavailable,
                      "cannot open index " + config.index_dir + ": " + e.get_msg());
  }
  return std::unique_ptr<Engine>(new Engine(std::move(impl)));
}

const Taxonomy& Engine::taxonomy() const { return impl_->taxonomy; }

Result<SearchResult> Engine::search(const SearchRequest& request) {
  return impl_->pool.with_reader([&](Reader& r) { return impl_->search(r, request); });
}

Result<RecordView> Engine::record(const std::string& id, const Access& access) {
  return impl_->pool.with_reader([&](Reader& r) -> Result<RecordView> {
    auto did = find_id(r.db, id);
    if (!did || !visible(r.db, *did, access))
      return make_error(ErrorCode::not_found, "no record with id \"" + id + "\"");
    auto stored = decode_stored_record(r.db.get_document(*did).get_data());
    if (!stored) return stored.error();
    // Related links to records the caller may not see (internal, or not in the index) are dropped.
    auto& related = stored->record.related;
    related.erase(std::remove_if(related.begin(), related.end(),
                                 [&](const std::string& ref) {
                                   auto target = find_id(r.db, ref);
                                   return !target || !visible(r.db, *target, access);
                                 }),
                  related.end());
    std::string corpus = r.db.get_metadata(schema::kMetaCorpus);
    RecordView view{record_api_json(stored->record), corpus + "/" + stored->path, {}};
    if (!stored->record.source_href.empty()) {
      // The reader checked at index time that the href stays inside the corpus.
      auto dir = std::filesystem::path(view.xml_path).parent_path();
      view.attachment_path = (dir / stored->record.source_href).lexically_normal().string();
    }
    return view;
  });
}

Result<std::vector<Hit>> Engine::similar(const std::string& id, SimilarScope scope, int limit,
                                         const Access& access) {
  return impl_->pool.with_reader([&](Reader& r) -> Result<std::vector<Hit>> {
    auto did = find_id(r.db, id);
    if (!did || !visible(r.db, *did, access))
      return make_error(ErrorCode::not_found, "no record with id \"" + id + "\"");
    Xapian::Query query = similar_query(r.db, *did, scope, impl_->taxonomy, access);
    std::vector<Hit> out;
    if (query.empty()) return out;
    Xapian::Enquire e(r.db);
    e.set_query(query);
    e.set_collapse_key(schema::kSlotWork);
    Xapian::MSet mset = e.get_mset(0, static_cast<Xapian::doccount>(limit));
    HitBuilder hits(r, {}, access, UiLang::en);
    for (auto it = mset.begin(); it != mset.end(); ++it)
      if (auto hit = hits.build(*it, it.get_document(), it.get_percent() / 100.0, query))
        out.push_back(std::move(*hit));
    return out;
  });
}

std::vector<Completion> Engine::suggest(const std::string& prefix, int limit, const Access& access) {
  return impl_->pool.with_reader([&](Reader& r) {
    std::vector<Completion> out;
    std::string folded = r.queries->normaliser().fold(prefix);
    auto cut = folded.find_last_of(' ');
    std::string head = cut == std::string::npos ? "" : folded.substr(0, cut + 1);
    std::string word = cut == std::string::npos ? folded : folded.substr(cut + 1);
    if (word.empty()) return out;
    int scanned = 0;
    auto spelling = r.db.spellings_begin();  // advanced in step with the sorted terms below
    for (auto t = r.db.allterms_begin(word); t != r.db.allterms_end(word) && scanned < 5000; ++t, ++scanned) {
      const std::string& term = *t;
      if (!Analyser::is_spelling_word(term)) continue;
      // Public callers: the spelling table counts public records only; internal words are absent.
      long count = 0;
      if (access.internal) {
        count = static_cast<long>(t.get_termfreq());
      } else {
        spelling.skip_to(term);
        if (spelling != r.db.spellings_end() && *spelling == term)
          count = static_cast<long>(spelling.get_termfreq());
      }
      if (count > 0) out.push_back(Completion{head + term, count});
    }
    std::stable_sort(out.begin(), out.end(),
                     [](const Completion& a, const Completion& b) { return a.count > b.count; });
    if (out.size() > static_cast<std::size_t>(limit)) out.resize(static_cast<std::size_t>(limit));
    return out;
  });
}

std::string Engine::index_revision() {
  return impl_->pool.with_reader([](Reader& r) { return r.content_key; });
}

IndexStatus Engine::status(const Access& access) {
  return impl_->pool.with_reader([&](Reader& r) {
    IndexStatus s;
    long all = static_cast<long>(r.db.get_doccount());
    long internal = static_cast<long>(r.db.get_termfreq(schema::facet_term(Facet::audience, "internal")));
    s.documents = access.internal ? all : all - internal;
    // The newest commit of any shard (Database::get_metadata reads the first one only).
    for (const auto& m : r.index.members)
      s.updated = std::max(s.updated, m.get_metadata(schema::kMetaUpdated));
    s.age_seconds = age_of(s.updated);
    s.shards = static_cast<int>(r.index.shards);
    s.missing_shards = r.index.missing;
    s.phrase_pairs = r.phrase_pairs;
    return s;
  });
}

}  // namespace kr::search
