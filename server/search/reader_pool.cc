#include "server/search/reader_pool.h"

#include "core/index_location.h"

namespace kr::search {

ReaderPool::ReaderPool(std::string index_dir, const Taxonomy& taxonomy, const Analyser& analyser)
    : index_dir_(std::move(index_dir)), taxonomy_(taxonomy), analyser_(analyser) {}

std::unique_ptr<Reader> ReaderPool::open_reader() {
  auto r = std::make_unique<Reader>();
  r->path = live_database_path(index_dir_);
  if (r->path.empty()) throw Xapian::DatabaseOpeningError("no index in " + index_dir_);
  r->db = Xapian::Database(r->path);
  r->queries = std::make_unique<QueryBuilder>(analyser_, r->db);
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
  idle_.push_back(std::move(reader));
}

void ReaderPool::refresh(Reader& r) {
  std::string live = live_database_path(index_dir_);
  bool swapped = !live.empty() && live != r.path;
  if (swapped) {
    r.path = live;
    r.db = Xapian::Database(live);  // a --rebuild swapped the index in
  } else {
    r.db.reopen();  // cheap when nothing changed
  }
  // A rebuilt database starts again at revision 1: a swap always needs the new facet table.
  if (swapped || r.db.get_revision() != r.revision) attach_facets(r);
}

void ReaderPool::attach_facets(Reader& r) {
  r.revision = r.db.get_revision();
  std::lock_guard<std::mutex> lock(mutex_);
  if (!facets_ || facets_path_ != r.path || facets_revision_ != r.revision) {
    facets_ = FacetTable::build(r.db, taxonomy_);
    facets_path_ = r.path;
    facets_revision_ = r.revision;
  }
  r.facets = facets_;
}

}  // namespace kr::search
