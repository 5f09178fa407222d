// libFuzzer target: the search request path from the raw query string of /api/v1/search
// (percent-decoding, strict parameter parsing, query building, facet counting) against an index of
// the sample corpus built once. Any input must give a result or an Error, never a crash, and the
// same total over indexes built with phrase pairs (of frequent words, the default, and of every
// word, kr-index --phrase-pairs) as without.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <system_error>

#include <unistd.h>

#include "indexer/ingest.h"
#include "server/http/request_params.h"
#include "server/search/engine.h"

namespace {

// Without phrase pairs, and with those of frequent words and of every word.
std::unique_ptr<kr::search::Engine> engine, paired[2];
std::string index_dir;  // removed at exit

[[noreturn]] void die(const std::string& why) {
  std::fprintf(stderr, "fuzz_search: %s\n", why.c_str());
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  // One index per process (fuzz jobs may run side by side), removed when the process exits.
  index_dir =
      (std::filesystem::temp_directory_path() / ("kr-fuzz-search-" + std::to_string(::getpid()))).string();
  const std::string& index = index_dir;
  std::filesystem::remove_all(index);
  std::atexit([] {
    engine.reset();
    for (auto& e : paired) e.reset();
    std::error_code ignored;
    std::filesystem::remove_all(index_dir, ignored);
  });
  using kr::index::PairMode;
  for (PairMode mode : {PairMode::off, PairMode::frequent, PairMode::every}) {
    kr::index::IndexerOptions options;
    options.corpus_dir = KR_SOURCE_DIR "/corpus";
    options.index_dir = index + "/" + std::to_string(static_cast<int>(mode));
    options.taxonomy_path = KR_SOURCE_DIR "/schemas/taxonomy.xml";
    options.phrase_pairs = mode;
    auto summary = kr::index::run_ingest(options);
    if (!summary || summary->documents == 0) die("could not index the sample corpus");
    auto opened = kr::search::Engine::open({options.index_dir, options.taxonomy_path});
    if (!opened) die(opened.error().to_string());
    (mode == PairMode::off ? engine : paired[mode == PairMode::every]) = std::move(*opened);
  }
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string query(reinterpret_cast<const char*>(data), size);
  auto params = kr::http::query_params("/api/v1/search?" + query);
  if (!params) return 0;
  const kr::Taxonomy& taxonomy = engine->taxonomy();
  auto known = [&taxonomy](kr::Facet facet, std::string_view value) {
    return taxonomy.contains(facet, value);
  };
  auto request = kr::http::parse_search_params(*params, known, kr::http::ParamLimits{});
  if (!request) return 0;
  // Alternate public and internal callers so both access paths are exercised.
  request->access.internal = size % 2 == 1;
  auto result = engine->search(*request);
  if (!result && result.error().message.empty()) die("an error without a message");
  for (auto& e : paired) {
    auto with_pairs = e->search(*request);
    if (result.ok() != with_pairs.ok()) die("an error with phrase pairs only, or without them only");
    if (result && result->total != with_pairs->total) die("another total with phrase pairs");
  }
  return 0;
}
