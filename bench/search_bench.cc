// search_bench: in-process latency of kr::search::Engine::search over a query mix (issue 4).
//
//   search_bench --index DIR --queries FILE [--taxonomy FILE] [--rounds N] [--threads 1,2]
//                [--dump FILE] [--slowest N]
//
// FILE has one request per line, `CLASS<TAB>/api/v1/search?...` (bench/make_queries.py). Each
// request is parsed by the HTTP layer's own parameter parser, so this measures exactly the
// searches kr-server runs, minus HTTP and JSON. Prints the time to open the engine (which builds
// the facet table), the first query after open, then p50/p95/p99/max per class and overall for
// each thread count, as Markdown table rows. Every query runs with facets, as the API does.
// --dump FILE writes every query's answer (total, facet counts, hit ids and editions) once, so
// two builds can be checked to answer identically (`diff`) before their speed is compared.
// --slowest N lists the N slowest searches of each thread count (class, ms, matches, request):
// which queries make the tail.
// The engine has no result cache: every search here is computed.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "core/index_location.h"
#include "core/shard_layout.h"
#include "server/http/request_params.h"
#include "server/search/engine.h"
#include "server/search/facet_table.h"

namespace {

using Clock = std::chrono::steady_clock;
double ms_since(Clock::time_point t) {
  return std::chrono::duration<double, std::milli>(Clock::now() - t).count();
}

struct Query {
  std::string cls, target;
  kr::search::SearchRequest request;
};

struct Sample {
  std::size_t query;
  double ms;
  long total;
};

double percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  std::size_t rank = static_cast<std::size_t>(p / 100.0 * static_cast<double>(v.size()) + 0.999999);
  return v[std::min(v.size(), std::max<std::size_t>(rank, 1)) - 1];
}

std::vector<Query> load_queries(const std::string& path, const kr::Taxonomy& taxonomy) {
  std::ifstream in(path);
  if (!in) {
    std::fprintf(stderr, "search_bench: cannot read %s\n", path.c_str());
    std::exit(2);
  }
  kr::http::KnownValue known = [&](kr::Facet f, std::string_view v) { return taxonomy.contains(f, v); };
  std::vector<Query> out;
  std::string line;
  while (std::getline(in, line)) {
    auto tab = line.find('\t');
    if (tab == std::string::npos) continue;
    Query q{line.substr(0, tab), line.substr(tab + 1), {}};
    auto params = kr::http::query_params(q.target);
    auto req = params ? kr::http::parse_search_params(*params, known, {})
                      : kr::Result<kr::search::SearchRequest>(params.error());
    if (!req) {
      std::fprintf(stderr, "search_bench: skipping %s: %s\n", q.target.c_str(), req.error().message.c_str());
      continue;
    }
    q.request = std::move(*req);
    out.push_back(std::move(q));
  }
  return out;
}

/// Runs `rounds` passes over the queries starting at `offset`, appending one sample per search.
void run(kr::search::Engine& engine, const std::vector<Query>& queries, int rounds, std::size_t offset,
         std::vector<Sample>& samples, long& errors) {
  for (int r = 0; r < rounds; ++r)
    for (std::size_t k = 0; k < queries.size(); ++k) {
      std::size_t i = (k + offset) % queries.size();
      auto t = Clock::now();
      auto res = engine.search(queries[i].request);
      double ms = ms_since(t);
      if (!res) ++errors;
      samples.push_back({i, ms, res ? res->total : -1});
    }
}

void report(const char* title, const std::vector<Query>& queries, const std::vector<Sample>& samples,
            double wall_ms) {
  std::map<std::string, std::vector<double>> by_class;
  std::map<std::string, double> matches;
  std::vector<double> all;
  for (const auto& s : samples) {
    by_class[queries[s.query].cls].push_back(s.ms);
    matches[queries[s.query].cls] += static_cast<double>(s.total);
    all.push_back(s.ms);
  }
  std::printf("\n%s: %zu searches in %.0f ms = %.0f searches/s\n\n", title, samples.size(), wall_ms,
              1000.0 * static_cast<double>(samples.size()) / wall_ms);
  std::printf(
      "| class | searches | mean matches | p50 ms | p95 ms | p99 ms | max ms "
      "|\n|---|---|---|---|---|---|---|\n");
  auto row = [](const std::string& name, const std::vector<double>& v, double mean_total) {
    std::printf("| %s | %zu | %.0f | %.2f | %.2f | %.2f | %.2f |\n", name.c_str(), v.size(), mean_total,
                percentile(v, 50), percentile(v, 95), percentile(v, 99), percentile(v, 100));
  };
  double all_matches = 0;
  for (const auto& [cls, v] : by_class) {
    row(cls, v, matches[cls] / static_cast<double>(v.size()));
    all_matches += matches[cls];
  }
  row("**all**", all, all_matches / static_cast<double>(all.size()));
}

void list_slowest(const std::vector<Query>& queries, std::vector<Sample> samples, std::size_t n) {
  std::sort(samples.begin(), samples.end(), [](const Sample& a, const Sample& b) { return a.ms > b.ms; });
  std::printf("\nslowest %zu:\n", std::min(n, samples.size()));
  for (std::size_t k = 0; k < n && k < samples.size(); ++k)
    std::printf("%8.2f ms %8ld matches  %-12s %s\n", samples[k].ms, samples[k].total,
                queries[samples[k].query].cls.c_str(), queries[samples[k].query].target.c_str());
}

void dump(kr::search::Engine& engine, const std::vector<Query>& queries, const std::string& path) {
  std::ofstream out(path);
  for (const auto& q : queries) {
    auto res = engine.search(q.request);
    out << q.target << "\t";
    if (!res) {
      out << "error " << res.error().message << "\n";
      continue;
    }
    out << "total " << res->total << (res->suggestion ? " suggestion " + *res->suggestion : "");
    for (const auto& f : res->facets)
      for (const auto& v : f.values) out << " " << v.value << "=" << v.count << (v.selected ? "*" : "");
    out << " hits";
    for (const auto& h : res->hits) {
      out << " " << h.id << "(" << h.score;
      for (const auto& e : h.editions) out << "," << e.id;
      out << ")";
    }
    out << "\n";
  }
}

std::vector<int> parse_threads(const std::string& s) {
  std::vector<int> out;
  for (std::size_t pos = 0; pos < s.size();) {
    std::size_t comma = s.find(',', pos);
    out.push_back(std::atoi(s.substr(pos, comma - pos).c_str()));
    pos = comma == std::string::npos ? s.size() : comma + 1;
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  kr::search::EngineConfig config;
  config.taxonomy_path = KR_DEFAULT_TAXONOMY;
  std::string queries_path, threads = "1,2", dump_path;
  int rounds = 3;
  std::size_t slowest = 0;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string a = argv[i], v = argv[i + 1];
    if (a == "--index")
      config.index_dir = v;
    else if (a == "--taxonomy")
      config.taxonomy_path = v;
    else if (a == "--queries")
      queries_path = v;
    else if (a == "--rounds")
      rounds = std::atoi(v.c_str());
    else if (a == "--threads")
      threads = v;
    else if (a == "--dump")
      dump_path = v;
    else if (a == "--slowest")
      slowest = static_cast<std::size_t>(std::atoi(v.c_str()));
    else {
      std::fprintf(
          stderr,
          "usage: search_bench --index DIR --queries FILE [--taxonomy FILE] [--rounds N] [--threads 1,2] "
          "[--dump FILE] [--slowest N]\n");
      return 2;
    }
  }
  if (config.index_dir.empty() || queries_path.empty() || rounds < 1) {
    std::fprintf(stderr, "search_bench: --index and --queries are required\n");
    return 2;
  }

  auto t_open = Clock::now();
  auto opened = kr::search::Engine::open(config);
  if (!opened) {
    std::fprintf(stderr, "search_bench: %s\n", opened.error().message.c_str());
    return 2;
  }
  double open_ms = ms_since(t_open);
  kr::search::Engine& engine = **opened;
  auto queries = load_queries(queries_path, engine.taxonomy());
  if (queries.empty()) return 2;

  if (!dump_path.empty()) dump(engine, queries, dump_path);

  auto t_first = Clock::now();
  auto first = engine.search(queries.front().request);
  double first_ms = ms_since(t_first);
  auto t_second = Clock::now();
  (void)engine.search(queries.front().request);
  double second_ms = ms_since(t_second);
  std::printf(
      "open (taxonomy, reader, facet table): %.1f ms; first query %s (%ld matches): %.1f ms, again: %.1f "
      "ms\n",
      open_ms, queries.front().target.c_str(), first ? first->total : -1L, first_ms, second_ms);
  {  // The facet table alone (Engine::open builds it; a reopen after kr-index rebuilds it).
    Xapian::Database db;  // the index's databases, one or its shards, as the engine reads them
    auto counted = kr::read_shard_count(config.index_dir);
    int shards = counted ? *counted : 0;
    if (shards == 0) db.add_database(Xapian::Database(kr::live_database_path(config.index_dir)));
    for (int k = 0; k < shards; ++k)
      db.add_database(Xapian::Database(kr::live_database_path(kr::shard_dir(config.index_dir, k))));
    auto t = Clock::now();
    auto table = kr::search::FacetTable::build(db, engine.taxonomy());
    std::printf("facet table build alone: %.1f ms for %u documents\n", ms_since(t), db.get_doccount());
  }

  // Warm-up: one pass, not recorded (page cache, per-thread readers, allocator).
  {
    std::vector<Sample> ignored;
    long errors = 0;
    run(engine, queries, 1, 0, ignored, errors);
  }

  for (int n : parse_threads(threads)) {
    std::vector<std::vector<Sample>> samples(static_cast<std::size_t>(n));
    std::vector<long> errors(static_cast<std::size_t>(n), 0);
    auto t = Clock::now();
    std::vector<std::thread> workers;
    for (int w = 0; w < n; ++w)
      workers.emplace_back([&, w] {
        auto k = static_cast<std::size_t>(w);
        run(engine, queries, rounds, k * queries.size() / static_cast<std::size_t>(n), samples[k], errors[k]);
      });
    for (auto& th : workers) th.join();
    double wall = ms_since(t);
    std::vector<Sample> merged;
    long error_count = 0;
    for (int w = 0; w < n; ++w) {
      merged.insert(merged.end(), samples[static_cast<std::size_t>(w)].begin(),
                    samples[static_cast<std::size_t>(w)].end());
      error_count += errors[static_cast<std::size_t>(w)];
    }
    std::string title = std::to_string(n) + (n == 1 ? " thread" : " threads") + ", " +
                        std::to_string(rounds) + " rounds of " + std::to_string(queries.size()) +
                        " queries, " + std::to_string(error_count) + " errors";
    report(title.c_str(), queries, merged, wall);
    if (slowest > 0) list_slowest(queries, merged, slowest);
  }
  return 0;
}
