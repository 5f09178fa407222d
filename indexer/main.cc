// kr-index: builds and maintains the Knowledge Register's Xapian index from a corpus folder.
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <string>

#include "indexer/ingest.h"

namespace {

constexpr const char* kUsage =
    "Usage: kr-index --corpus DIR --index DIR [--rebuild] [--strict] [--json] [--taxonomy FILE]\n"
    "                [--shards N] [--phrase-pairs[=frequent|all] | --no-phrase-pairs]\n"
    "\n"
    "Indexes the knowledge records (*.xml) under --corpus into the Xapian index folder --index.\n"
    "Runs are incremental: unchanged records are skipped, changed ones replaced, records whose\n"
    "file disappeared removed. Everything is committed at once at the end.\n"
    "\n"
    "  --corpus DIR      corpus folder (records and their attached documents)\n"
    "  --index DIR       index folder (created when missing)\n"
    "  --rebuild         build a fresh index beside the live one and swap it in atomically\n"
    "  --strict          abort without changing the index when any record is rejected\n"
    "  --json            print a JSON summary on stdout\n"
    "  --shards N        spread the records over N databases (DIR/shard-0 ...) by a hash of their\n"
    "                    id, plus DIR/lexicon for servers reading the shards remotely; later runs\n"
    "                    keep the folder's number of shards (docs/SCALING.md)\n"
    "  --phrase-pairs=frequent  (the default) also index every two adjacent frequent words\n"
    "                    (those in 20%+ of the records, chosen when the index is built) as one\n"
    "                    term: phrase searches count their matches from posting lists instead of\n"
    "                    checking word positions in most of the register; ~1.3x the indexing\n"
    "                    CPU, ~1.1x the index size\n"
    "  --phrase-pairs, --phrase-pairs=all  the same for every two adjacent words: ~1.7x the\n"
    "                    indexing CPU, ~1.35x the index size (docs/BENCHMARKS.md §9, §13)\n"
    "  --no-phrase-pairs no word pairs (also --phrase-pairs=off)\n"
    "                    Later runs keep the folder's setting; changing it re-indexes every record.\n"
    "  --taxonomy FILE   vocabularies (default: " KR_DEFAULT_TAXONOMY
    ")\n"
    "  --no-progress     no progress output\n"
    "  --help            this text\n"
    "\n"
    "Exit status: 0 all records indexed; 1 some records rejected (or --strict abort);\n"
    "2 the run could not happen (usage, taxonomy, index locked or unreadable).\n";

}  // namespace

int main(int argc, char** argv) {
  kr::index::IndexerOptions opt;
  opt.taxonomy_path = KR_DEFAULT_TAXONOMY;
  opt.progress = isatty(STDERR_FILENO) != 0;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto value = [&](std::string& out) {
      if (i + 1 >= argc) {
        std::fprintf(stderr, "kr-index: %s needs a value\n%s", a.c_str(), kUsage);
        std::exit(2);
      }
      out = argv[++i];
    };
    if (a == "--help" || a == "-h") {
      std::fputs(kUsage, stdout);
      return 0;
    } else if (a == "--corpus") {
      value(opt.corpus_dir);
    } else if (a == "--index") {
      value(opt.index_dir);
    } else if (a == "--taxonomy") {
      value(opt.taxonomy_path);
    } else if (a == "--rebuild") {
      opt.rebuild = true;
    } else if (a == "--strict") {
      opt.strict = true;
    } else if (a == "--json") {
      opt.json = true;
    } else if (a == "--shards") {
      std::string n;
      value(n);
      char* end = nullptr;
      long shards = std::strtol(n.c_str(), &end, 10);
      if (end == n.c_str() || *end != '\0' || shards < 1 || shards > 256) {
        std::fprintf(stderr, "kr-index: --shards needs a number from 1 to 256, not \"%s\"\n", n.c_str());
        return 2;
      }
      opt.shards = static_cast<int>(shards);
    } else if (a == "--phrase-pairs" || a == "--phrase-pairs=all") {
      opt.phrase_pairs = kr::index::PairMode::every;
    } else if (a == "--phrase-pairs=frequent") {
      opt.phrase_pairs = kr::index::PairMode::frequent;
    } else if (a == "--no-phrase-pairs" || a == "--phrase-pairs=off") {
      opt.phrase_pairs = kr::index::PairMode::off;
    } else if (a == "--no-progress") {
      opt.progress = false;
    } else {
      std::fprintf(stderr, "kr-index: unknown option %s\n%s", a.c_str(), kUsage);
      return 2;
    }
  }
  if (opt.corpus_dir.empty() || opt.index_dir.empty()) {
    std::fprintf(stderr, "kr-index: --corpus and --index are required\n%s", kUsage);
    return 2;
  }

  auto result = kr::index::run_ingest(opt);
  if (!result) {
    std::fprintf(stderr, "kr-index: %s\n", result.error().to_string().c_str());
    return 2;
  }
  const auto& s = *result;
  for (const auto& e : s.errors) std::fprintf(stderr, "%s\n", e.to_string().c_str());
  for (const auto& w : s.warnings) std::fprintf(stderr, "warning: %s\n", w.to_string().c_str());
  std::fprintf(stderr, "kr-index: %ld indexed, %ld unchanged, %ld removed, %ld rejected; %ld documents%s\n",
               s.indexed, s.unchanged, s.removed, s.rejected, s.documents,
               s.committed ? "" : " (nothing committed: --strict)");
  if (opt.json) std::cout << kr::index::summary_json(s) << std::endl;
  return s.rejected > 0 ? 1 : 0;
}
