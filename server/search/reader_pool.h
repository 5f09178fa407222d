#pragma once
/// Per-thread Xapian readers, lent out one request at a time. Before each use a reader follows
/// the index: a new revision is picked up with reopen(), a --rebuild swap by opening the new
/// database. The facet table is built once per revision and shared by all readers.
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <xapian.h>

#include "core/analyser.h"
#include "core/taxonomy.h"
#include "server/search/facet_table.h"
#include "server/search/query_builder.h"

namespace kr::search {

struct Reader {
  std::string path;  ///< the database it has open
  Xapian::Database db;
  Xapian::rev revision = 0;
  std::shared_ptr<const FacetTable> facets;
  std::unique_ptr<QueryBuilder> queries;  ///< refers to db
};

class ReaderPool {
 public:
  ReaderPool(std::string index_dir, const Taxonomy& taxonomy, const Analyser& analyser);

  /// Runs `fn` with an up-to-date reader. A database changed or replaced under it
  /// (DatabaseModifiedError, files of a swapped-out index gone) is retried once on a fresh reader.
  template <class Fn>
  auto with_reader(Fn&& fn) -> decltype(fn(std::declval<Reader&>())) {
    auto reader = acquire();
    try {
      refresh(*reader);
      auto result = fn(*reader);
      release(std::move(reader));
      return result;
    } catch (const Xapian::DatabaseError&) {
      reader = open_reader();
      auto result = fn(*reader);
      release(std::move(reader));
      return result;
    }
  }

  /// Opens a reader now; throws Xapian::DatabaseOpeningError when there is no index.
  std::unique_ptr<Reader> open_reader();

 private:
  std::unique_ptr<Reader> acquire();
  void release(std::unique_ptr<Reader> reader);
  void refresh(Reader& reader);
  void attach_facets(Reader& reader);

  std::string index_dir_;
  const Taxonomy& taxonomy_;
  const Analyser& analyser_;
  std::mutex mutex_;
  std::vector<std::unique_ptr<Reader>> idle_;
  std::string facets_path_;
  Xapian::rev facets_revision_ = 0;
  std::shared_ptr<const FacetTable> facets_;
};

}  // namespace kr::search
