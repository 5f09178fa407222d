#include "indexer/index_writer.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <chrono>
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

std::string new_database_name() {
  auto ns = std::chrono::system_clock::now().time_since_epoch().count();
  return "db-" + std::to_string(ns);
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
      db_(db_path_, Xapian::DB_CREATE_OR_OPEN) {
  load_indexed_files();
  // The live database changes in one transaction: a killed run leaves it as it was. A database
  // being built beside it is not live until the swap, so it may commit in batches, which keeps
  // Xapian's in-memory inverter (and the run's memory) bounded.
  if (!rebuild_) {
    db_.begin_transaction(false);
    open_transaction_ = true;
  }
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

void IndexWriter::add_spellings(const Xapian::Document& doc, bool add) {
  if (!is_public(doc)) return;  // words of internal records never reach the spelling table
  for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
    const std::string& term = *t;
    if (!Analyser::is_spelling_word(term)) continue;
    if (add)
      db_.add_spelling(term, 1);
    else
      db_.remove_spelling(term, 1);
  }
}

void IndexWriter::replace(const std::string& id, const Xapian::Document& doc) {
  std::string idterm = schema::id_term(id);
  auto p = db_.postlist_begin(idterm);
  if (p != db_.postlist_end(idterm)) add_spellings(db_.get_document(*p), false);
  add_spellings(doc, true);
  db_.replace_document(idterm, doc);
  if (rebuild_ && ++uncommitted_ >= kRebuildBatch) {
    db_.commit();
    uncommitted_ = 0;
  }
}

bool IndexWriter::remove(const std::string& id) {
  std::string idterm = schema::id_term(id);
  auto p = db_.postlist_begin(idterm);
  if (p == db_.postlist_end(idterm)) return false;
  add_spellings(db_.get_document(*p), false);
  db_.delete_document(idterm);
  return true;
}

void IndexWriter::commit(const Analyser& analyser, const std::string& corpus_root) {
  analyser.write_synonyms(db_);
  db_.set_metadata(schema::kMetaCorpus, corpus_root);
  db_.set_metadata(schema::kMetaUpdated, utc_now_iso());
  if (open_transaction_) db_.commit_transaction();
  open_transaction_ = false;
  db_.commit();
  if (!rebuild_) return;
  // Swap the new database in: rename() of a symlink is atomic, readers see old or new, never half.
  fs::path dir(index_dir_);
  std::string old_live = live_database_path(index_dir_);
  fs::path tmp_link = dir / (std::string(kCurrentLink) + ".tmp");
  std::error_code ec;
  fs::remove(tmp_link, ec);
  fs::create_directory_symlink(fs::path(db_path_).filename(), tmp_link);
  fs::rename(tmp_link, dir / kCurrentLink);
  // Keep the database it replaced (readers may still be reading it until they reopen) and
  // remove older generations.
  std::string keep_old = old_live.empty() ? std::string() : fs::path(old_live).filename().string();
  std::string keep_new = fs::path(db_path_).filename().string();
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    std::string name = entry.path().filename().string();
    if (name.rfind("db-", 0) == 0 && name != keep_old && name != keep_new && entry.is_directory())
      fs::remove_all(entry.path(), ec);
  }
}

void IndexWriter::cancel() {
  if (open_transaction_) {
    db_.cancel_transaction();
    open_transaction_ = false;
  }
  if (rebuild_) {
    db_.close();
    std::error_code ec;
    fs::remove_all(db_path_, ec);
  }
}

}  // namespace kr::index
