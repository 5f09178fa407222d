#include "indexer/ingest.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <sstream>

#include <Poco/DigestEngine.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/MD5Engine.h>

#include "core/analyser.h"
#include "core/index_location.h"
#include "core/index_schema.h"
#include "core/record_reader.h"
#include "core/shard_layout.h"
#include "core/taxonomy.h"
#include "indexer/background_writer.h"
#include "indexer/document_builder.h"
#include "indexer/extract.h"
#include "indexer/index_writer.h"
#include "indexer/lexicon_writer.h"
#include "indexer/progress.h"

namespace kr::index {

namespace fs = std::filesystem;

namespace {

/// Record files under the corpus, corpus-relative, sorted. Symlinked folders are not followed.
std::vector<std::string> find_records(const fs::path& root) {
  std::vector<std::string> out;
  for (auto it = fs::recursive_directory_iterator(root); it != fs::recursive_directory_iterator(); ++it) {
    if (!it->is_regular_file()) continue;
    std::string ext = it->path().extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(), ::tolower);
    if (ext == ".xml") out.push_back(fs::relative(it->path(), root).generic_string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

/// Reads a file into one string sized once (a stringstream copied it twice); `ok` false when it
/// cannot be opened or read.
std::string slurp(const fs::path& path, bool& ok) {
  std::string out;
  std::FILE* f = std::fopen(path.c_str(), "rb");
  ok = f != nullptr;
  if (!ok) return out;
  std::error_code ec;
  auto size = fs::file_size(path, ec);
  if (!ec) out.reserve(static_cast<std::size_t>(size));
  char buf[1 << 16];
  std::size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) out.append(buf, n);
  ok = !std::ferror(f);
  std::fclose(f);
  return out;
}

class Fingerprinter {
 public:
  explicit Fingerprinter(std::string salt) : salt_(std::move(salt)) {}
  std::string of(const std::string& xml, const std::string& attachment) {
    Poco::MD5Engine md5;
    md5.update(salt_);
    md5.update('\0');
    md5.update(xml);
    md5.update('\0');
    md5.update(attachment);
    return Poco::DigestEngine::digestToHex(md5.digest());
  }

 private:
  std::string salt_;
};

std::string attachment_bytes(const fs::path& root, const std::string& relative) {
  if (relative.empty()) return {};
  bool ok = false;
  std::string bytes = slurp(root / relative, ok);
  return ok ? bytes : std::string("\x01missing");
}

long live_document_count(const std::string& index_dir) {
  std::string live = live_database_path(index_dir);
  if (live.empty()) return 0;
  try {
    return static_cast<long>(Xapian::Database(live).get_doccount());
  } catch (const Xapian::Error&) {
    return 0;
  }
}

/// The folders this run writes: the index folder itself, or its shards.
Result<std::vector<std::string>> writer_folders(const IndexerOptions& options) {
  auto existing = read_shard_count(options.index_dir);
  if (!existing) return existing.error();
  int shards = *existing;
  if (options.shards > 0 && shards > 0 && options.shards != shards)
    return make_error(ErrorCode::invalid_argument, options.index_dir + " holds " + std::to_string(shards) +
                                                       " shards, not " + std::to_string(options.shards) +
                                                       ": index into a new folder to change the number");
  if (options.shards > 0 && shards == 0) {
    if (!live_database_path(options.index_dir).empty())
      return make_error(
          ErrorCode::invalid_argument,
          options.index_dir + " holds an index that is not sharded: use a new folder for --shards");
    shards = options.shards;
    // Written before any shard: a run killed after this point is continued by the next one.
    if (auto written = write_shard_count(options.index_dir, shards); !written) return written.error();
  }
  if (shards == 0) return std::vector<std::string>{options.index_dir};
  std::vector<std::string> out;
  for (int k = 0; k < shards; ++k) out.push_back(shard_dir(options.index_dir, k));
  return out;
}

/// What the index held for a record file before this run, and in which writer.
struct Before {
  IndexedFile file;
  std::size_t writer = 0;
};

/// A record's attached document: its text and its path relative to the corpus (both empty when
/// the record has none). `shown` names the record file in the error.
struct Attachment {
  std::string text, relative;
};
Result<Attachment> attachment_of(const Record& record, const fs::path& root, const std::string& shown) {
  if (record.source_path.empty()) return Attachment{};
  auto extracted = extract_file(record.source_path);
  if (!extracted)
    return Error{ErrorCode::invalid_record,
                 "attachment " + record.source_href + ": " + extracted.error().message, shown, 0, 0};
  return Attachment{std::move(extracted.value()), fs::relative(record.source_path, root).generic_string()};
}

/// Record files read to choose the frequent words of phrase pairs (spread evenly over the corpus).
constexpr std::size_t kPairWordSample = 500;
/// The frequent words are chosen again when the corpus has this many times the record files it had
/// when they were chosen (and IndexerOptions::pair_words_growth_floor).
constexpr std::size_t kPairWordsGrowth = 4;

/// The frequent words of the corpus (phrase_pairs.h WordSample) from up to kPairWordSample of its
/// record files; files that cannot be read or indexed are left out (the run reports them).
schema::PairWords sample_frequent_words(const std::vector<std::string>& files, const fs::path& root,
                                        const RecordReader& reader, DocumentBuilder& builder) {
  WordSample sample;
  std::size_t n = std::min(files.size(), kPairWordSample);
  for (std::size_t i = 0; i < n; ++i) {
    const std::string& rel = files[i * files.size() / n];
    std::error_code ec;
    if (auto size = fs::file_size(root / rel, ec); ec || size > kMaxRecordBytes) continue;
    bool ok = false;
    std::string xml = slurp(root / rel, ok);
    if (!ok) continue;
    try {
      auto record = reader.read(xml, (root / rel).string());
      if (!record) continue;
      auto attachment = attachment_of(*record, root, rel);
      if (!attachment) continue;
      sample.add(builder.build(*record, attachment->text, rel, attachment->relative, ""));
    } catch (const std::exception&) {
    } catch (const Xapian::Error&) {
    }
  }
  return sample.frequent_words();
}

/// What the index's phrase pairs were before this run, as a mode (an index built before pairs
/// were the default has none recorded and gets the default).
PairMode mode_before(const IndexWriter::PairsBefore& before) {
  if (before.state == "off") return PairMode::off;
  if (before.state.empty()) return PairMode::frequent;
  return schema::PairWords::decode(before.words).every() ? PairMode::every : PairMode::frequent;
}

/// The pairs a run indexes, and how many record files the corpus had when their words were chosen.
struct PairsChoice {
  std::optional<PhrasePairer> pairer;  ///< none: no pairs
  std::size_t chosen_from = 0;
};

/// The run's phrase pairs: the mode asked, else the index's. Frequent words are kept from run to
/// run; chosen afresh (`sample`) for a new or rebuilt index, and when the corpus has grown
/// kPairWordsGrowth-fold since they were chosen.
template <class Sample>
PairsChoice choose_phrase_pairs(const IndexerOptions& options, const IndexWriter::PairsBefore& recorded,
                                const std::vector<std::string>& files, Sample sample) {
  PairsChoice out;
  const PairMode mode = options.phrase_pairs.value_or(mode_before(recorded));
  if (mode == PairMode::every) out.pairer.emplace(schema::PairWords::every_word());
  if (mode != PairMode::frequent) return out;
  schema::PairWords kept = schema::PairWords::decode(recorded.words);
  out.chosen_from = static_cast<std::size_t>(std::strtoull(recorded.chosen_from.c_str(), nullptr, 10));
  bool grown =
      files.size() >= options.pair_words_growth_floor && files.size() >= kPairWordsGrowth * out.chosen_from;
  bool complete_or_partial = recorded.state == "1" || recorded.state == "partial";
  if (!options.rebuild && complete_or_partial && !kept.every() && !grown) {
    out.pairer.emplace(std::move(kept));
  } else {
    out.pairer.emplace(sample());
    out.chosen_from = files.size();
  }
  return out;
}

}  // namespace

Result<IngestSummary> run_ingest(const IndexerOptions& options) {
  auto taxonomy = Taxonomy::load(options.taxonomy_path);
  if (!taxonomy) return taxonomy.error();
  std::error_code ec;
  fs::path root = fs::weakly_canonical(options.corpus_dir, ec);
  if (ec || !fs::is_directory(root))
    return make_error(ErrorCode::io_error, "corpus folder not found: " + options.corpus_dir);

  auto folders = writer_folders(options);
  if (!folders) return folders.error();
  std::vector<std::unique_ptr<IndexWriter>> writers;
  std::map<std::string, Before> before;
  for (const auto& folder : *folders) {
    auto opened = IndexWriter::open(folder, options.rebuild);
    if (!opened) return opened.error();
    for (const auto& [path, file] : (*opened)->indexed_files()) before[path] = Before{file, writers.size()};
    writers.push_back(std::move(opened.value()));
  }
  const bool sharded = folders->front() != options.index_dir;
  Analyser analyser(*taxonomy);
  RecordReader reader(*taxonomy, root.string());
  auto files = find_records(root);

  // Phrase pairs: as asked, else as the index already was (every shard is written alike).
  DocumentBuilder unpaired(*taxonomy, analyser, nullptr);
  PairsChoice choice = choose_phrase_pairs(options, writers.front()->phrase_pairs_before(), files, [&] {
    return sample_frequent_words(files, root, reader, unpaired);
  });
  const PhrasePairer* pairs = choice.pairer ? &*choice.pairer : nullptr;
  for (auto& writer : writers) writer->set_phrase_pairs(pairs, choice.chosen_from);

  bool tax_ok = false;
  // The taxonomy shapes every document (labels, regions): its digest salts every fingerprint, so a
  // taxonomy change re-indexes everything. Hashed once here, not once per record. So do the
  // phrase pairs: turning them on or off, or pairing other words, rebuilds every document.
  Fingerprinter fingerprint(std::string(schema::kIndexVersion) + (pairs ? pairs->fingerprint_salt() : "") +
                            ":" + Fingerprinter("").of(slurp(options.taxonomy_path, tax_ok), ""));
  DocumentBuilder builder(*taxonomy, analyser, pairs);

  IngestSummary summary;
  std::set<std::string> keep_ids;                           // ids that stay indexed after this run
  std::map<std::string, std::string> id_to_file;            // ids read in this run -> file
  std::map<std::string, std::vector<std::string>> related;  // id -> related ids (changed records)
  Progress progress(files.size(), options.progress);
  // Records are read and built here while the previous ones are written in the background.
  BackgroundWriter background;
  std::vector<std::string> queued;  // record file (as shown) of each queued document, by tag

  std::size_t done = 0;
  for (const auto& rel : files) {
    progress.step(++done);
    const std::string shown = (fs::path(options.corpus_dir) / rel).generic_string();
    auto prev = before.find(rel);
    bool ok = false;
    std::error_code size_error;
    if (auto size = fs::file_size(root / rel, size_error); !size_error && size > kMaxRecordBytes) {
      // Refused before reading: a huge file must not be pulled into memory.
      ++summary.rejected;
      summary.errors.push_back(record_too_large(size, shown));
      if (prev != before.end()) keep_ids.insert(prev->second.file.id);
      continue;
    }
    std::string xml = slurp(root / rel, ok);
    auto reject = [&](Error e) {
      ++summary.rejected;
      summary.errors.push_back(std::move(e));
      if (prev != before.end()) keep_ids.insert(prev->second.file.id);  // keep its last good version
    };
    if (!ok) {
      reject(Error{ErrorCode::io_error, "cannot read file", shown, 0, 0});
      continue;
    }
    if (prev != before.end() && fingerprint.of(xml, attachment_bytes(root, prev->second.file.source_path)) ==
                                    prev->second.file.fingerprint) {
      ++summary.unchanged;
      keep_ids.insert(prev->second.file.id);
      id_to_file.emplace(prev->second.file.id, rel);
      continue;
    }
    try {
      auto record = reader.read(xml, (root / rel).string());
      if (!record) {
        Error e = record.error();
        e.file = shown;
        reject(std::move(e));
        continue;
      }
      if (auto dup = id_to_file.find(record->id); dup != id_to_file.end()) {
        reject(Error{ErrorCode::invalid_record,
                     "duplicate record id \"" + record->id + "\" (also in " + dup->second + ")", shown, 1,
                     1});
        continue;
      }
      auto attachment = attachment_of(*record, root, shown);
      if (!attachment) {
        reject(attachment.error());
        continue;
      }
      std::string fp = fingerprint.of(xml, attachment_bytes(root, attachment->relative));
      Xapian::Document doc = builder.build(*record, attachment->text, rel, attachment->relative, fp);
      auto& writer =
          *writers[static_cast<std::size_t>(shard_of(record->id, static_cast<int>(writers.size())))];
      if (!background.replace(writer, record->id, std::move(doc), queued.size())) break;  // see below
      queued.push_back(shown);
      ++summary.indexed;
      keep_ids.insert(record->id);
      id_to_file.emplace(record->id, rel);
      related[record->id] = record->related;
    } catch (const std::exception& e) {
      reject(Error{ErrorCode::internal, std::string("unexpected failure: ") + e.what(), shown, 0, 0});
    } catch (const Xapian::Error& e) {
      reject(Error{ErrorCode::internal, "index error: " + e.get_description(), shown, 0, 0});
    }
  }
  progress.finish(done);
  // Xapian failed to write a document (disk full, I/O error): it has dropped every change of this
  // run, so the run stops and the previous index stays as it was.
  if (auto failed = background.finish()) {
    for (auto& writer : writers) try {
        writer->cancel();
      } catch (const Xapian::Error&) {  // the failure left the database unusable: nothing to undo
      }
    return make_error(ErrorCode::io_error, "cannot write " + queued[failed->tag] + " into the index: " +
                                               failed->message + "; the index is as before this run");
  }

  for (const auto& [path, was] : before)
    if (!keep_ids.count(was.file.id) && writers[was.writer]->remove(was.file.id)) ++summary.removed;

  for (const auto& [id, refs] : related)
    for (const auto& ref : refs)
      if (!keep_ids.count(ref))
        summary.warnings.push_back(Error{ErrorCode::invalid_record,
                                         "related record \"" + ref + "\" is not in the corpus",
                                         id_to_file[id], 0, 0});

  if (options.strict && summary.rejected > 0) {
    for (auto& writer : writers) writer->cancel();
    for (const auto& folder : *folders) summary.documents += live_document_count(folder);
    return summary;
  }
  // Each shard commits on its own: a run killed between two commits leaves every shard complete
  // (some old, some new), and the next run finishes the job.
  for (std::size_t k = 0; k < writers.size(); ++k) {
    try {
      writers[k]->commit(analyser, root.string());
    } catch (const Xapian::Error& e) {  // disk full: the uncommitted transaction is lost, not the index
      return make_error(
          ErrorCode::io_error,
          "cannot commit " + (*folders)[k] + ": " + e.get_description() +
              (k == 0 ? "; the index is as before this run"
                      : "; the shards before it hold this run's changes, the next run finishes"));
    }
    summary.documents += static_cast<long>(writers[k]->document_count());
  }
  summary.committed = true;
  bool changed = summary.indexed > 0 || summary.removed > 0 || options.rebuild;
  if (sharded && (changed || live_database_path(lexicon_dir(options.index_dir)).empty())) {
    if (auto lexicon = write_lexicon(options.index_dir, static_cast<int>(writers.size())); !lexicon)
      return lexicon.error();
  }
  return summary;
}

std::string summary_json(const IngestSummary& s) {
  Poco::JSON::Object o(Poco::JSON_PRESERVE_KEY_ORDER);
  o.set("indexed", s.indexed);
  o.set("unchanged", s.unchanged);
  o.set("removed", s.removed);
  o.set("rejected", s.rejected);
  o.set("documents", s.documents);
  Poco::JSON::Array errors;
  for (const auto& e : s.errors) {
    Poco::JSON::Object eo(Poco::JSON_PRESERVE_KEY_ORDER);
    eo.set("file", e.file);
    eo.set("line", e.line);
    eo.set("column", e.column);
    eo.set("message", e.message);
    errors.add(eo);
  }
  o.set("errors", errors);
  std::ostringstream out;
  o.stringify(out);
  return out.str();
}

}  // namespace kr::index
