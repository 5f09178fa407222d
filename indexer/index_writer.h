#pragma once
/// Writes one index folder (layout in core/index_location.h): replace and delete by record id,
/// keeping the spelling table equal to the words of PUBLIC records only, all inside one Xapian
/// transaction so that an interrupted run leaves the previous revision searchable.
#include <map>
#include <memory>
#include <string>

#include <xapian.h>

#include "core/analyser.h"
#include "core/error.h"

namespace kr::index {

/// What the index held for a record file before this run.
struct IndexedFile {
  std::string id;
  std::string fingerprint;
  std::string source_path;  ///< attachment, relative to the corpus; may be empty
};

class IndexWriter {
 public:
  /// Opens (or creates) the live database of `index_dir`; with `rebuild`, a new empty database
  /// beside it that commit() swaps in. Fails with index_unavailable when another kr-index holds
  /// the folder.
  static Result<std::unique_ptr<IndexWriter>> open(const std::string& index_dir, bool rebuild);
  ~IndexWriter();

  /// Record files indexed before this run, by corpus-relative path.
  const std::map<std::string, IndexedFile>& indexed_files() const { return indexed_; }

  /// Adds or replaces the document of record `id`.
  void replace(const std::string& id, const Xapian::Document& doc);
  /// Removes record `id`; false when it was not indexed.
  bool remove(const std::string& id);

  /// Commits everything in one revision (and swaps a rebuilt database in). Stores the synonyms.
  void commit(const Analyser& analyser, const std::string& corpus_root);
  /// Drops every change of this run.
  void cancel();

  Xapian::doccount document_count() const { return db_.get_doccount(); }

 private:
  IndexWriter(std::string index_dir, std::string db_path, bool rebuild, int lock_fd);
  void load_indexed_files();
  void add_spellings(const Xapian::Document& doc, bool add);

  std::string index_dir_, db_path_;
  bool rebuild_;
  int lock_fd_;
  Xapian::WritableDatabase db_;
  std::map<std::string, IndexedFile> indexed_;
  bool open_transaction_ = false;
  /// A database built beside the live one commits every kRebuildBatch documents.
  static constexpr int kRebuildBatch = 10000;
  int uncommitted_ = 0;
};

}  // namespace kr::index
