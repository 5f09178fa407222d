// kr-index's phrase pairs (of the corpus's frequent words by default, of every word with
// --phrase-pairs, none with --no-phrase-pairs): the pair terms it writes, the words it chooses, the
// setting kept from run to run, and the search engine's answers to phrase queries, which must be
// the same with pairs as without them (with them phrases are counted from the pairs' posting lists
// instead of position checks).
#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include <xapian.h>

#include "core/index_location.h"
#include "core/index_schema.h"
#include "core/phrase_pair_words.h"
#include "indexer/ingest.h"
#include "server/search/engine.h"
#include "tests/support/test_support.h"

namespace fs = std::filesystem;
using kr::index::PairMode;
using kr::search::SearchRequest;
using kr::search::SearchResult;
using kr::test::source_path;
using kr::test::TempDir;

namespace {

kr::index::IndexerOptions options(const std::string& corpus, const std::string& index,
                                  std::optional<PairMode> pairs) {
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

kr::schema::PairWords pair_words(const std::string& index) {
  return kr::schema::PairWords::decode(live(index).get_metadata(kr::schema::kMetaPhrasePairWords));
}

long pair_terms(const Xapian::Database& db) {
  long n = 0;
  std::string prefix(kr::schema::kPhrasePair);
  for (auto t = db.allterms_begin(prefix); t != db.allterms_end(prefix); ++t) ++n;
  return n;
}

/// The sample corpus indexed without phrase pairs, with those of every word, with those of its
/// frequent words (the default), and both ways over 3 shards, and an engine over each.
struct TwoIndexes {
  TempDir dir;
  std::unique_ptr<kr::search::Engine> plain, paired, frequent, sharded, sharded_frequent;
  TwoIndexes() {
    plain = open("plain", PairMode::off, 0);
    paired = open("paired", PairMode::every, 0);
    frequent = open("frequent", std::nullopt, 0);
    sharded = open("sharded", PairMode::every, 3);
    sharded_frequent = open("sharded-frequent", std::nullopt, 3);
  }
  std::unique_ptr<kr::search::Engine> open(const std::string& name, std::optional<PairMode> pairs,
                                           int shards) {
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
  CHECK(pairs_setting(t.dir / "plain") == "off");
  CHECK(pairs_setting(t.dir / "paired") == "1");
  CHECK(pair_words(t.dir / "paired").every());
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

TEST_CASE("by default only the pairs of the corpus's frequent words are indexed") {
  auto& t = indexes();
  Xapian::Database plain = live(t.dir / "plain"), paired = live(t.dir / "paired"),
                   frequent = live(t.dir / "frequent");
  CHECK(pairs_setting(t.dir / "frequent") == "1");
  kr::schema::PairWords words = pair_words(t.dir / "frequent");
  REQUIRE_FALSE(words.every());
  // The words of at least kFrequentShare of the records (the whole corpus is the sample: under 500
  // files), computed here from the index without pairs.
  std::vector<std::string> expected;
  auto least = static_cast<Xapian::doccount>(
      std::ceil(kr::schema::PairWords::kFrequentShare * static_cast<double>(plain.get_doccount())));
  for (auto t = plain.allterms_begin(); t != plain.allterms_end(); ++t)
    if (kr::schema::is_phrase_word(*t) && t.get_termfreq() >= least) expected.push_back(*t);
  REQUIRE(expected.size() < kr::schema::PairWords::kMaxWords);
  CHECK(words.words() == expected);
  CHECK(words.holds("the"));
  CHECK(words.holds("de"));
  CHECK_FALSE(words.holds("madagascar"));  // in a few records
  CHECK(plain.get_termfreq("madagascar") > 0);
  // Every pair term of the default index is a pair of the every-word index between two frequent
  // words, and every such pair is there.
  std::string prefix(kr::schema::kPhrasePair);
  std::set<std::string> all, kept;
  for (auto it = paired.allterms_begin(prefix); it != paired.allterms_end(prefix); ++it) {
    std::string term = *it;
    if (term == kr::schema::kHasPhrasePairs) continue;
    std::string a = term.substr(2, term.find(' ') - 2), b = term.substr(term.find(' ') + 1);
    if (words.holds(a, b)) all.insert(term);
  }
  for (auto it = frequent.allterms_begin(prefix); it != frequent.allterms_end(prefix); ++it)
    if ((*it).find(' ') != 2) kept.insert(*it);  // not the marker ("XB <digest>")
  CHECK(kept == all);
  CHECK(kept.size() > 1000);
  CHECK(kept.size() * 3 < static_cast<std::size_t>(pair_terms(paired)));
  CHECK(kept.count(kr::schema::phrase_pair_term("of", "the")) == 1);
  CHECK(frequent.get_total_length() == plain.get_total_length());  // wdf 0: weights unchanged
  // Each document carries the marker of these words, not the every-word one.
  CHECK(frequent.get_termfreq(std::string(kr::schema::kHasPhrasePairs)) == 0);
  std::string marker = *frequent.allterms_begin(prefix + " ");
  CHECK(frequent.get_termfreq(marker) == frequent.get_doccount());
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
      CHECK(answer(*t.frequent, q, internal) == without);
      CHECK(answer(*t.sharded, q, internal, true) == answer(*t.plain, q, internal, true));
      CHECK(answer(*t.sharded_frequent, q, internal, true) == answer(*t.plain, q, internal, true));
      if (without.rfind("total 0\n", 0) != 0 && !internal) ++matched;
    }
  // The comparison means something only if many phrases match.
  CHECK(matched > static_cast<int>(queries.size()) / 2);
  // /healthz tells operators which way phrases are counted.
  kr::search::Access pub;
  CHECK_FALSE(t.plain->status(pub).phrase_pairs);
  CHECK(t.paired->status(pub).phrase_pairs);
  CHECK(t.frequent->status(pub).phrase_pairs);
  CHECK(t.sharded_frequent->status(pub).phrase_pairs);
}

TEST_CASE("the phrase-pairs setting is kept by later runs and changing it re-indexes every record") {
  TempDir tmp;
  fs::copy(source_path("corpus"), tmp / "corpus", fs::copy_options::recursive);
  std::string index = tmp / "index";
  auto first = run(options(tmp / "corpus", index, std::nullopt));
  CHECK(pairs_setting(index) == "1");  // frequent words by default
  kr::schema::PairWords words = pair_words(index);
  CHECK_FALSE(words.every());
  long frequent = pair_terms(live(index));

  auto again = run(options(tmp / "corpus", index, std::nullopt));
  CHECK(again.indexed == 0);  // the words are the index's: nothing to redo
  CHECK(pair_words(index) == words);

  auto every = run(options(tmp / "corpus", index, PairMode::every));
  CHECK(every.indexed == first.indexed);  // every record rebuilt with all its pairs
  CHECK(pairs_setting(index) == "1");
  CHECK(pair_words(index).every());
  long pairs = pair_terms(live(index));
  CHECK(pairs > 3 * frequent);

  auto kept = run(options(tmp / "corpus", index, std::nullopt));
  CHECK(kept.indexed == 0);
  CHECK(pair_words(index).every());
  CHECK(pair_terms(live(index)) == pairs);

  auto rebuilt = run([&] {
    auto o = options(tmp / "corpus", index, std::nullopt);
    o.rebuild = true;
    return o;
  }());
  CHECK(pairs_setting(index) == "1");  // a rebuild keeps it too
  CHECK(pair_terms(live(index)) == pairs);

  auto off = run(options(tmp / "corpus", index, PairMode::off));
  CHECK(off.indexed == first.indexed);
  CHECK(pairs_setting(index) == "off");
  CHECK(pair_terms(live(index)) == 0);
  CHECK(run(options(tmp / "corpus", index, std::nullopt)).indexed == 0);  // off stays off
  CHECK(pairs_setting(index) == "off");

  auto back = run(options(tmp / "corpus", index, PairMode::frequent));
  CHECK(back.indexed == first.indexed);
  CHECK(pair_words(index) == words);  // the same corpus: the same words
  CHECK(pair_terms(live(index)) == frequent);
}

TEST_CASE("an index built before pairs were the default gets the frequent words' pairs on its next run") {
  TempDir tmp;
  fs::copy(source_path("corpus"), tmp / "corpus", fs::copy_options::recursive);
  std::string index = tmp / "index";
  auto first = run(options(tmp / "corpus", index, PairMode::off));
  {  // what such an index recorded: nothing
    Xapian::WritableDatabase db(kr::live_database_path(index));
    db.set_metadata(kr::schema::kMetaPhrasePairs, "");
    db.commit();
  }
  auto next = run(options(tmp / "corpus", index, std::nullopt));
  CHECK(next.indexed == first.indexed);
  CHECK(pairs_setting(index) == "1");
  CHECK_FALSE(pair_words(index).every());
}

TEST_CASE("the frequent words are chosen again when the corpus has grown fourfold") {
  TempDir tmp;
  fs::copy(source_path("corpus"), tmp / "corpus", fs::copy_options::recursive);
  // A quarter of the records first (every fourth practice and report record file kept).
  std::vector<fs::path> files;
  for (const auto& f : fs::recursive_directory_iterator(tmp / "corpus"))
    if (f.path().extension() == ".xml") files.push_back(f.path());
  std::sort(files.begin(), files.end());
  fs::create_directories(tmp / "held");
  std::size_t held = 0;
  for (std::size_t i = 0; i < files.size(); ++i)
    if (i % 4 != 0) fs::rename(files[i], fs::path(tmp / "held") / (std::to_string(i) + ".xml")), ++held;
  std::string index = tmp / "index";
  auto o = options(tmp / "corpus", index, std::nullopt);
  o.pair_words_growth_floor = 10;
  auto quarter = run(o);
  std::size_t chosen_from = files.size() - held;
  CHECK(live(index).get_metadata(kr::schema::kMetaPhrasePairRecords) == std::to_string(chosen_from));
  kr::schema::PairWords small = pair_words(index);
  for (std::size_t i = 0; i < files.size(); ++i)
    if (i % 4 != 0) fs::rename(fs::path(tmp / "held") / (std::to_string(i) + ".xml"), files[i]);

  auto grown = run(o);
  // Fourfold: new words, so every record (old ones too) is indexed with them.
  REQUIRE(files.size() >= 4 * chosen_from);
  CHECK(grown.indexed == static_cast<long>(files.size()) - grown.rejected);
  CHECK(grown.unchanged == 0);
  CHECK(live(index).get_metadata(kr::schema::kMetaPhrasePairRecords) == std::to_string(files.size()));
  CHECK_FALSE(pair_words(index) == small);
  CHECK(pairs_setting(index) == "1");
  (void)quarter;
}

TEST_CASE("a record rejected while pairs are turned on leaves the index marked partial") {
  TempDir tmp;
  fs::copy(source_path("corpus"), tmp / "corpus", fs::copy_options::recursive);
  std::string index = tmp / "index";
  run(options(tmp / "corpus", index, PairMode::off));
  std::string mg = tmp / "corpus/records/practices/mg-2017-03-diaspora-strategy.xml";
  std::string xml = kr::test::read_file(mg);
  xml.replace(xml.find("<country>MG</country>"), 21, "<country>XX</country>");
  kr::test::write_file(mg, xml);

  auto on = run(options(tmp / "corpus", index, PairMode::every));
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
