#include "indexer/index_writer.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cstdlib>
#include <ctime>
#include <filesystem>

#include "core/index_location.h"
#include "core/index_schema.h"

namespace kr::index {

namespace fs = std::filesystem;

namespace {

std::string utc_now_iso() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

/// The scratch folder a rebuilt database is written to before compaction ("db-…" like the others,
/// so a run killed before commit() leaves nothing the next publish_database() does not remove).
std::string scratch_path(const std::string& db_path) { return db_path + ".build"; }

Xapian::WritableDatabase open_database(const std::string& db_path, bool rebuild, int flush_every) {
  // Xapian has no API for its flush threshold, only this variable, read when a database opens.
  // An explicit setting by the user wins.
  ::setenv("XAPIAN_FLUSH_THRESHOLD", std::to_string(flush_every).c_str(), 0);
  if (!rebuild) return Xapian::WritableDatabase(db_path, Xapian::DB_CREATE_OR_OPEN);
  // Not synced: a scratch database is never read, its compacted copy is (compaction syncs).
  return Xapian::WritableDatabase(scratch_path(db_path), Xapian::DB_CREATE_OR_OVERWRITE | Xapian::DB_NO_SYNC);
}

bool is_public(const Xapian::Document& doc) {
  auto t = doc.termlist_begin();
  t.skip_to(schema::facet_term(Facet::audience, "internal"));
  return t == doc.termlist_end() || *t != schema::facet_term(Facet::audience, "internal");
}

}  // namespace

Result<std::unique_ptr<IndexWriter>> IndexWriter::open(const std::string& index_dir, bool rebuild) {
  std::error_code ec;
  fs::create_directories(index_dir, ec);
  if (ec)
    return make_error(ErrorCode::io_error, "cannot create index folder " + index_dir + ": " + ec.message());
  std::string lock_path = (fs::path(index_dir) / ".kr-index.lock").string();
  int fd = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) return make_error(ErrorCode::io_error, "cannot open " + lock_path);
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    ::close(fd);
    return make_error(ErrorCode::index_unavailable,
                      "another kr-index is already writing to " + index_dir + " (lock " + lock_path + ")");
  }
  std::string live = live_database_path(index_dir);
  bool fresh = rebuild || live.empty();
  std::string db_path = fresh ? (fs::path(index_dir) / new_database_name()).string() : live;
  try {
    return std::unique_ptr<IndexWriter>(new IndexWriter(index_dir, db_path, fresh, fd));
  } catch (const Xapian::DatabaseLockError& e) {
    ::close(fd);
    return make_error(ErrorCode::index_unavailable,
                      "index database " + db_path + " is locked by another writer: " + e.get_msg());
  } catch (const Xapian::Error& e) {
    ::close(fd);
    return make_error(ErrorCode::index_unavailable,
                      "cannot open index " + db_path + ": " + e.get_description());
  }
}

IndexWriter::IndexWriter(std::string index_dir, std::string db_path, bool rebuild, int lock_fd)
    : index_dir_(std::move(index_dir)),
      db_path_(std::move(db_path)),
      rebuild_(rebuild),
      lock_fd_(lock_fd),
      db_(open_database(db_path_, rebuild, kFlushEvery)) {
  if (rebuild_) build_path_ = scratch_path(db_path_);
  load_indexed_files();
  std::string live = rebuild_ ? live_database_path(index_dir_) : db_path_;
  if (!live.empty()) {
    Xapian::Database recorded = rebuild_ ? Xapian::Database(live) : Xapian::Database(db_);
    pairs_before_ = PairsBefore{recorded.get_metadata(schema::kMetaPhrasePairs),
                                recorded.get_metadata(schema::kMetaPhrasePairWords),
                                recorded.get_metadata(schema::kMetaPhrasePairRecords)};
  }
  // One transaction: a killed run leaves the live database as it was. Inside it Xapian still
  // flushes its inverter every kFlushEvery documents (to unreferenced blocks, made visible only by
  // the commit), which keeps the run's memory bounded. A database built beside the live one is
  // not live until the swap; the transaction spares it a commit per flush.
  db_.begin_transaction(false);
  open_transaction_ = true;
}

IndexWriter::~IndexWriter() {
  if (open_transaction_) cancel();
  db_.close();
  if (lock_fd_ >= 0) ::close(lock_fd_);
}

void IndexWriter::load_indexed_files() {
  for (auto it = db_.postlist_begin(""); it != db_.postlist_end(""); ++it) {
    Xapian::Document doc = db_.get_document(*it);
    std::string path = doc.get_value(schema::kSlotPath);
    if (path.empty()) continue;
    std::string id;
    auto t = doc.termlist_begin();
    t.skip_to(std::string(schema::kId));
    if (t != doc.termlist_end() && (*t).rfind(schema::kId, 0) == 0) id = (*t).substr(schema::kId.size());
    indexed_[path] =
        IndexedFile{id, doc.get_value(schema::kSlotFingerprint), doc.get_value(schema::kSlotSourcePath)};
  }
}

void IndexWriter::add_spellings(const Xapian::Document& doc, int sign) {
  if (!is_public(doc)) return;  // words of internal records never reach the spelling table
  auto add = [&](const std::string& term) {
    if (Analyser::is_spelling_word(term)) spelling_delta_[term] += sign;
  };
  // Terms are sorted: those starting with a digit or an upper-case letter (prefixed ones, about
  // half) sit between "0" and "[" and are never spelling words, so the walk skips them.
  auto t = doc.termlist_begin();
  for (; t != doc.termlist_end() && *t < "0"; ++t) add(*t);
  if (t == doc.termlist_end()) return;
  for (t.skip_to("["); t != doc.termlist_end(); ++t) add(*t);
}

void IndexWriter::flush_spellings() {
  for (const auto& [word, delta] : spelling_delta_) {
    if (delta > 0) db_.add_spelling(word, static_cast<Xapian::termcount>(delta));
    if (delta < 0) db_.remove_spelling(word, static_cast<Xapian::termcount>(-delta));
  }
  spelling_delta_.clear();
}

void IndexWriter::replace(const std::string& id, const Xapian::Document& doc) {
  std::string idterm = schema::id_term(id);
  auto p = db_.postlist_begin(idterm);
  add_spellings(doc, +1);
  if (p == db_.postlist_end(idterm)) {
    db_.add_document(doc);
    return;
  }
  add_spellings(db_.get_document(*p), -1);
  db_.replace_document(*p, doc);
}

bool IndexWriter::remove(const std::string& id) {
  std::string idterm = schema::id_term(id);
  auto p = db_.postlist_begin(idterm);
  if (p == db_.postlist_end(idterm)) return false;
  add_spellings(db_.get_document(*p), -1);
  db_.delete_document(*p);
  return true;
}

void IndexWriter::commit(const Analyser& analyser, const std::string& corpus_root) {
  flush_spellings();
  analyser.write_synonyms(db_);
  db_.set_metadata(schema::kMetaCorpus, corpus_root);
  db_.set_metadata(schema::kMetaUpdated, utc_now_iso());
  bool complete = pairs_ && db_.get_termfreq(pairs_->marker()) == db_.get_doccount();
  db_.set_metadata(schema::kMetaPhrasePairs, !pairs_ ? "off" : complete ? "1" : "partial");
  db_.set_metadata(schema::kMetaPhrasePairWords, pairs_ ? pairs_->words().encode() : "");
  db_.set_metadata(schema::kMetaPhrasePairRecords,
                   pairs_ && !pairs_->words().every() ? std::to_string(pairs_chosen_from_) : "");
  if (open_transaction_) db_.commit_transaction();
  open_transaction_ = false;
  db_.commit();
  committed_count_ = db_.get_doccount();
  committed_ = true;
  if (!rebuild_) return;
  db_.close();
  // Compaction writes every B-tree packed and in order: smaller and faster to search than the
  // scratch database, whose blocks the batched flushes split. Same document ids.
  Xapian::Database(build_path_).compact(db_path_, Xapian::DBCOMPACT_NO_RENUMBER);
  std::error_code ec;
  fs::remove_all(build_path_, ec);
  publish_database(index_dir_, db_path_);
}

void IndexWriter::cancel() {
  if (open_transaction_) {
    db_.cancel_transaction();
    open_transaction_ = false;
  }
  if (rebuild_) {
    db_.close();
    std::error_code ec;
    fs::remove_all(build_path_, ec);
    fs::remove_all(db_path_, ec);
  }
}

}  // namespace kr::index
