#pragma once
/// Writes one index folder (layout in core/index_location.h): replace and delete by record id,
/// keeping the spelling table equal to the words of PUBLIC records only, all inside one Xapian
/// transaction so that an interrupted run leaves the previous revision searchable.
///
/// Speed (docs/BENCHMARKS.md section 5): Xapian's inverter keeps one std::map per term of the
/// documents changed since its last flush, so its cost per posting grows with the batch; the
/// writer has it flush every kFlushEvery documents (inside the transaction: nothing becomes
/// visible before commit()). A database built beside the live one (first run, --rebuild) is
/// written unsynced into a scratch folder and compacted into its final folder at commit(), which
/// also packs the B-trees that the batched flushes left half full.
#include <map>
#include <memory>
#include <string>
#include <unordered_map>

#include <xapian.h>

#include "core/analyser.h"
#include "core/error.h"
#include "indexer/phrase_pairs.h"

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

  /// The phrase pairs the index was built with before this run (its live database's metadata).
  struct PairsBefore {
    std::string state;        ///< kMetaPhrasePairs
    std::string words;        ///< kMetaPhrasePairWords
    std::string chosen_from;  ///< kMetaPhrasePairRecords
  };
  const PairsBefore& phrase_pairs_before() const { return pairs_before_; }
  /// The pairs this run's documents carry (null: none), and how many record files the corpus had
  /// when their words were chosen; recorded at commit(). `pairs` must outlive the writer's commit().
  void set_phrase_pairs(const PhrasePairer* pairs, std::size_t chosen_from) {
    pairs_ = pairs;
    pairs_chosen_from_ = chosen_from;
  }

  /// Adds or replaces the document of record `id`.
  void replace(const std::string& id, const Xapian::Document& doc);
  /// Removes record `id`; false when it was not indexed.
  bool remove(const std::string& id);

  /// Commits everything in one revision (and swaps a rebuilt database in). Stores the synonyms.
  void commit(const Analyser& analyser, const std::string& corpus_root);
  /// Drops every change of this run.
  void cancel();

  /// Documents in the database (after commit(): in the committed one).
  Xapian::doccount document_count() const { return committed_ ? committed_count_ : db_.get_doccount(); }

 private:
  IndexWriter(std::string index_dir, std::string db_path, bool rebuild, int lock_fd);
  void load_indexed_files();
  void add_spellings(const Xapian::Document& doc, int sign);
  void flush_spellings();

  std::string index_dir_, db_path_;
  bool rebuild_;
  int lock_fd_;
  Xapian::WritableDatabase db_;
  std::map<std::string, IndexedFile> indexed_;
  std::string build_path_;  ///< rebuild: the scratch database compacted into db_path_ at commit()
  bool open_transaction_ = false;
  bool committed_ = false;
  Xapian::doccount committed_count_ = 0;
  /// Phrase pairs: in the index before this run (live database), in this run. commit()
  /// records "1" only when every document has them (kHasPhrasePairs): a record rejected on the run
  /// that turns pairs on keeps its old document without them ("partial", and kr-server checks
  /// phrases by positions alone) until a later run replaces it.
  PairsBefore pairs_before_;
  const PhrasePairer* pairs_ = nullptr;
  std::size_t pairs_chosen_from_ = 0;
  /// Documents between two flushes of Xapian's inverter. Measured on 10k records (CPU of a full
  /// run): 10,000 -> 3,000 -> 1,000 -> 500 saves 25-35%; 100-500 are level. Memory stays bounded.
  static constexpr int kFlushEvery = 500;
  /// Net change of each spelling word's frequency in this run, written once at commit(): one
  /// add_spelling per word and run instead of one per word and document.
  std::unordered_map<std::string, Xapian::termcount_diff> spelling_delta_;
};

}  // namespace kr::index
