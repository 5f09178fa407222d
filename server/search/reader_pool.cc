#include "server/search/reader_pool.h"

#include <optional>

#include "core/index_schema.h"

namespace kr::search {

namespace {

/// A shard left out because it was down is tried again after this long.
constexpr auto kMissingRetry = std::chrono::seconds(5);

}  // namespace

ReaderPool::ReaderPool(SourcesConfig sources, const Taxonomy& taxonomy, const Analyser& analyser)
    : sources_(std::move(sources)), taxonomy_(taxonomy), analyser_(analyser) {}

std::unique_ptr<Reader> ReaderPool::open_reader() {
  auto r = std::make_unique<Reader>();
  r->index = sources_.open();
  r->db = r->index.db;
  r->has_remote = r->index.has_remote;
  r->queries = std::make_unique<QueryBuilder>(analyser_, r->db, r->index.spelling, r->index.has_remote);
  attach_facets(*r);
  return r;
}

std::unique_ptr<Reader> ReaderPool::acquire() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!idle_.empty()) {
      auto r = std::move(idle_.back());
      idle_.pop_back();
      return r;
    }
  }
  return open_reader();
}

void ReaderPool::release(std::unique_ptr<Reader> reader) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (reader->index.identity != facets_identity_) {
    // A database swapped out while this reader searched it: closed now (after the lock, as
    // `reader` is declared before it), not kept idle with the old files open.
    return;
  }
  let_go_of_old_facets(*reader);
  idle_.push_back(std::move(reader));
}

void ReaderPool::refresh(Reader& r) {
  std::string now = sources_.current_identity();
  bool swapped = !now.empty() && now != r.index.identity;  // a --rebuild swapped some database in
  bool retry =
      !r.index.missing.empty() && std::chrono::steady_clock::now() - r.index.opened_at > kMissingRetry;
  if (swapped || retry) {
    r.index = sources_.open();
    r.db = r.index.db;
    r.has_remote = r.index.has_remote;
    r.queries = std::make_unique<QueryBuilder>(analyser_, r.db, r.index.spelling, r.index.has_remote);
    attach_facets(r);
    return;
  }
  r.db.reopen();  // cheap when nothing changed
  if (IndexSources::content_token(r.index) != r.revision) attach_facets(r);
}

void ReaderPool::attach_facets(Reader& r) {
  // A rebuilt database starts again at revision 1: the identity (database paths) is part of the key.
  // Shards left out change the combination (and its docids) too.
  r.revision = IndexSources::content_token(r.index);
  r.content_key = r.index.identity;
  for (const auto& m : r.index.missing) r.content_key += "missing " + m + "\n";
  r.content_key += "@" + r.revision;
  r.phrase_pairs = false;
  r.pair_words.reset();
  std::optional<std::string> words;  // every shard must pair the same words
  for (const auto& m : r.index.members) {
    if (m.get_doccount() == 0) continue;  // the lexicon of remote shards, an empty shard
    std::string these = m.get_metadata(schema::kMetaPhrasePairWords);
    r.phrase_pairs = m.get_metadata(schema::kMetaPhrasePairs) == "1" && (!words || *words == these);
    if (!r.phrase_pairs) break;
    words = std::move(these);
  }
  if (r.phrase_pairs && words)
    r.pair_words = std::make_shared<schema::PairWords>(schema::PairWords::decode(*words));
  else
    r.phrase_pairs = false;
  std::vector<std::unique_ptr<Reader>> stale;
  std::lock_guard<std::mutex> lock(mutex_);
  if (!facets_ || facets_key_ != r.content_key) {
    facets_ = FacetTable::build(r.db, taxonomy_);
    facets_key_ = r.content_key;
    facets_identity_ = r.index.identity;
    stale = drop_stale_idle();
  }
  r.facets = facets_;
}  // `stale` is destroyed after the lock is released (declared before it)

std::vector<std::unique_ptr<Reader>> ReaderPool::drop_stale_idle() {
  std::vector<std::unique_ptr<Reader>> stale;
  std::vector<std::unique_ptr<Reader>> kept;
  for (auto& idle : idle_) {
    if (idle->index.identity != facets_identity_) {
      stale.push_back(std::move(idle));
      continue;
    }
    let_go_of_old_facets(*idle);
    kept.push_back(std::move(idle));
  }
  idle_ = std::move(kept);
  return stale;
}

void ReaderPool::let_go_of_old_facets(Reader& r) {
  if (r.facets == facets_) return;
  r.facets.reset();
  r.revision.clear();  // refresh() attaches the current table before the next search
}

}  // namespace kr::search
