// kr-index --phrase-pairs: the pair terms it writes, the setting kept from run to run, and the
// search engine's answers to phrase queries, which must be the same with pairs as without them
// (with them phrases are counted from the pairs' posting lists instead of position checks).
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include <xapian.h>

#include "core/index_location.h"
#include "core/index_schema.h"
#include "indexer/ingest.h"
#include "server/search/engine.h"
#include "tests/support/test_support.h"

namespace fs = std::filesystem;
using kr::search::SearchRequest;
using kr::search::SearchResult;
using kr::test::source_path;
using kr::test::TempDir;

namespace {

kr::index::IndexerOptions options(const std::string& corpus, const std::string& index,
                                  std::optional<bool> pairs) {
  kr::index::IndexerOptions o;
  o.corpus_dir = corpus;
  o.index_dir = index;
  o.taxonomy_path = source_path("schemas/taxonomy.xml");
  o.phrase_pairs = pairs;
  return o;
}

kr::index::IngestSummary run(const kr::index::IndexerOptions& o) {
  auto r = kr::index::run_ingest(o);
  REQUIRE(r.ok());
  return *r;
}

Xapian::Database live(const std::string& index) { return Xapian::Database(kr::live_database_path(index)); }

std::string pairs_setting(const std::string& index) {
  return live(index).get_metadata(kr::schema::kMetaPhrasePairs);
}

long pair_terms(const Xapian::Database& db) {
  long n = 0;
  std::string prefix(kr::schema::kPhrasePair);
  for (auto t = db.allterms_begin(prefix); t != db.allterms_end(prefix); ++t) ++n;
  return n;
}

/// The sample corpus indexed without and with phrase pairs, and with pairs over 3 shards, and an
/// engine over each.
struct TwoIndexes {
  TempDir dir;
  std::unique_ptr<kr::search::Engine> plain, paired, sharded;
  TwoIndexes() {
    plain = open("plain", false, 0);
    paired = open("paired", true, 0);
    sharded = open("sharded", true, 3);
  }
  std::unique_ptr<kr::search::Engine> open(const std::string& name, bool pairs, int shards) {
    auto o = options(source_path("corpus"), dir / name, pairs);
    o.shards = shards;
    run(o);
    auto e = kr::search::Engine::open({dir / name, source_path("schemas/taxonomy.xml")});
    REQUIRE(e.ok());
    return std::move(e.value());
  }
};

TwoIndexes& indexes() {
  static TwoIndexes t;
  return t;
}

SearchRequest request(const std::string& q, bool internal) {
  SearchRequest r;
  r.q = q;
  r.per_page = 20;
  r.access.internal = internal;
  return r;
}

/// Everything a caller sees of an answer but timing: total, every facet count, the hits in order
/// with their scores, editions and snippets, the suggestion.
/// `counts_only`: total and facets (shards rank equal scores in another order).
std::string answer(kr::search::Engine& engine, const std::string& q, bool internal,
                   bool counts_only = false) {
  auto r = engine.search(request(q, internal));
  if (!r.ok()) return "error " + r.error().message;
  std::ostringstream s;
  s << "total " << r->total << "\n";
  for (const auto& f : r->facets)
    for (const auto& v : f.values) s << static_cast<int>(f.facet) << ":" << v.value << "=" << v.count << "\n";
  if (counts_only) return s.str();
  for (const auto& h : r->hits) {
    s << h.id << " " << h.score << " " << h.snippet << " |";
    for (const auto& e : h.editions) s << " " << e.id;
    s << "\n";
  }
  s << "suggestion " << r->suggestion.value_or("") << "\n";
  return s.str();
}

}  // namespace

TEST_CASE("phrase pairs are the adjacent words of each document and change no document length") {
  auto& t = indexes();
  Xapian::Database plain = live(t.dir / "plain"), paired = live(t.dir / "paired");
  CHECK(pairs_setting(t.dir / "plain").empty());
  CHECK(pairs_setting(t.dir / "paired") == "1");
  CHECK(pair_terms(plain) == 0);
  CHECK(pair_terms(paired) > 10000);
  REQUIRE(plain.get_doccount() == paired.get_doccount());
  CHECK(plain.get_total_length() == paired.get_total_length());  // wdf 0: weights unchanged
  // "Diaspora" then "engagement" in the sample corpus's diaspora strategy record.
  std::string id = kr::schema::id_term("mg-2017-03-diaspora-strategy");
  auto p = paired.postlist_begin(id);
  REQUIRE(p != paired.postlist_end(id));
  std::set<std::string> terms;
  for (auto it = paired.termlist_begin(*p); it != paired.termlist_end(*p); ++it) terms.insert(*it);
  CHECK(terms.count(kr::schema::phrase_pair_term("diaspora", "engagement")) == 1);
  for (const auto& term : terms)
    if (term.rfind(kr::schema::kPhrasePair, 0) == 0 && term != kr::schema::kHasPhrasePairs) {
      INFO(term);
      std::string a = term.substr(2, term.find(' ') - 2), b = term.substr(term.find(' ') + 1);
      CHECK(terms.count(a) == 1);  // both words are terms of the document
      CHECK(terms.count(b) == 1);
    }
}

TEST_CASE("phrase searches answer the same with phrase pairs as without, for every caller and over shards") {
  auto& t = indexes();
  std::vector<std::string> queries = kr::test::corpus_phrases();
  REQUIRE(queries.size() > 300);
  // Phrases of frequent words, phrases among other operators, prefixed and nested phrases.
  for (std::string q :
       {"\"of the\"", "\"de la\"", "\"de los\"", "\"of the\" migration", "diaspora \"and the\"",
        "\"of the\" AND NOT \"in the\"", "\"of the\" OR \"de la\"", "title:\"labour migration\"",
        "\"migration policy\" lang:fr", "\"trafficking in human beings\"", "\"the the\"",
        "\"diaspora engagement strategy\"", "\"e-mail\"", "\"national referral mechanism\"",
        // misspelled: the suggestion is counted through the pairs too
        "\"trafficking in humen beings\"", "\"diaspora engagment\"", "\"labour migraton\""})
    queries.push_back(q);
  int matched = 0;
  for (const auto& q : queries)
    for (bool internal : {false, true}) {
      INFO(q << (internal ? " (internal)" : " (public)"));
      std::string without = answer(*t.plain, q, internal), with = answer(*t.paired, q, internal);
      CHECK(with == without);
      CHECK(answer(*t.sharded, q, internal, true) == answer(*t.plain, q, internal, true));
      if (without.rfind("total 0\n", 0) != 0 && !internal) ++matched;
    }
  // The comparison means something only if many phrases match.
  CHECK(matched > static_cast<int>(queries.size()) / 2);
  // /healthz tells operators which way phrases are counted.
  kr::search::Access pub;
  CHECK_FALSE(t.plain->status(pub).phrase_pairs);
  CHECK(t.paired->status(pub).phrase_pairs);
}

TEST_CASE("the phrase-pairs setting is kept by later runs and turning it off removes the pairs") {
  TempDir tmp;
  fs::copy(source_path("corpus"), tmp / "corpus", fs::copy_options::recursive);
  std::string index = tmp / "index";
  auto first = run(options(tmp / "corpus", index, std::nullopt));
  CHECK(pairs_setting(index).empty());  // off unless asked

  auto on = run(options(tmp / "corpus", index, true));
  CHECK(on.indexed == first.indexed);  // every record rebuilt with its pairs
  CHECK(pairs_setting(index) == "1");
  long pairs = pair_terms(live(index));
  CHECK(pairs > 10000);

  auto again = run(options(tmp / "corpus", index, std::nullopt));
  CHECK(again.indexed == 0);  // the setting is the index's: nothing to redo
  CHECK(pairs_setting(index) == "1");
  CHECK(pair_terms(live(index)) == pairs);

  auto rebuilt = run([&] {
    auto o = options(tmp / "corpus", index, std::nullopt);
    o.rebuild = true;
    return o;
  }());
  CHECK(pairs_setting(index) == "1");  // a rebuild keeps it too
  CHECK(pair_terms(live(index)) == pairs);

  auto off = run(options(tmp / "corpus", index, false));
  CHECK(off.indexed == first.indexed);
  CHECK(pairs_setting(index).empty());
  CHECK(pair_terms(live(index)) == 0);
}

TEST_CASE("a record rejected while pairs are turned on leaves the index marked partial") {
  TempDir tmp;
  fs::copy(source_path("corpus"), tmp / "corpus", fs::copy_options::recursive);
  std::string index = tmp / "index";
  run(options(tmp / "corpus", index, std::nullopt));
  std::string mg = tmp / "corpus/records/practices/mg-2017-03-diaspora-strategy.xml";
  std::string xml = kr::test::read_file(mg);
  xml.replace(xml.find("<country>MG</country>"), 21, "<country>XX</country>");
  kr::test::write_file(mg, xml);

  auto on = run(options(tmp / "corpus", index, true));
  CHECK(on.rejected == 1);
  // The rejected record keeps its old document, which has no pairs: the server must not count
  // phrases from pairs, and answers them by positions (as without pairs).
  CHECK(pairs_setting(index) == "partial");
  auto e = kr::search::Engine::open({index, source_path("schemas/taxonomy.xml")});
  REQUIRE(e.ok());
  CHECK_FALSE((*e)->status(kr::search::Access{}).phrase_pairs);
  auto r = (*e)->search(request("\"diaspora engagement\"", false));
  REQUIRE(r.ok());
  bool found = false;
  for (const auto& h : r->hits) found = found || h.id == "mg-2017-03-diaspora-strategy";
  CHECK(found);

  kr::test::write_file(
      mg, kr::test::read_file(source_path("corpus/records/practices/mg-2017-03-diaspora-strategy.xml")));
  run(options(tmp / "corpus", index, std::nullopt));  // the record mended: every document has pairs
  CHECK(pairs_setting(index) == "1");
}
