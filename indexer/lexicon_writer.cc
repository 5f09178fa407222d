#include "indexer/lexicon_writer.h"

#include <filesystem>

#include <xapian.h>

#include "core/index_location.h"
#include "core/shard_layout.h"

namespace kr::index {

namespace fs = std::filesystem;

Status write_lexicon(const std::string& index_dir, int shards) {
  std::string dir = lexicon_dir(index_dir);
  std::string db_path;
  try {
    Xapian::Database all;
    for (int k = 0; k < shards; ++k) {
      std::string live = live_database_path(shard_dir(index_dir, k));
      if (!live.empty()) all.add_database(Xapian::Database(live));
    }
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) return make_error(ErrorCode::io_error, "cannot create " + dir + ": " + ec.message());
    db_path = (fs::path(dir) / new_database_name()).string();
    Xapian::WritableDatabase out(db_path, Xapian::DB_CREATE);
    for (auto w = all.spellings_begin(); w != all.spellings_end(); ++w)
      out.add_spelling(*w, w.get_termfreq());
    for (auto k = all.synonym_keys_begin(); k != all.synonym_keys_end(); ++k)
      for (auto s = all.synonyms_begin(*k); s != all.synonyms_end(*k); ++s) out.add_synonym(*k, *s);
    out.commit();
    out.close();
  } catch (const Xapian::Error& e) {
    std::error_code ec;
    if (!db_path.empty()) fs::remove_all(db_path, ec);
    return make_error(ErrorCode::io_error, "cannot write the lexicon " + dir + ": " + e.get_description());
  }
  publish_database(dir, db_path);
  return Ok{};
}

}  // namespace kr::index
