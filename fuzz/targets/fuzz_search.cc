// libFuzzer target: the search request path from the raw query string of /api/v1/search
// (percent-decoding, strict parameter parsing, query building, facet counting) against an index of
// the sample corpus built once. Any input must give a result or an Error, never a crash, and the
// same total over an index built with phrase pairs (kr-index --phrase-pairs) as without.
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

std::unique_ptr<kr::search::Engine> engine, paired;  // without and with phrase pairs
std::string index_dir;                               // removed at exit

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
    paired.reset();
    std::error_code ignored;
    std::filesystem::remove_all(index_dir, ignored);
  });
  for (bool pairs : {false, true}) {
    kr::index::IndexerOptions options;
    options.corpus_dir = KR_SOURCE_DIR "/corpus";
    options.index_dir = index + (pairs ? "/paired" : "/plain");
    options.taxonomy_path = KR_SOURCE_DIR "/schemas/taxonomy.xml";
    options.phrase_pairs = pairs;
    auto summary = kr::index::run_ingest(options);
    if (!summary || summary->documents == 0) die("could not index the sample corpus");
    auto opened = kr::search::Engine::open({options.index_dir, options.taxonomy_path});
    if (!opened) die(opened.error().to_string());
    (pairs ? paired : engine) = std::move(*opened);
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
  auto with_pairs = paired->search(*request);
  if (result.ok() != with_pairs.ok()) die("an error with phrase pairs only, or without them only");
  if (result && result->total != with_pairs->total) die("another total with phrase pairs");
  return 0;
}
