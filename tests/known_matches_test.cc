// The ranked pass over documents the counting pass has already found (server/search/known_matches.h):
// a query requiring a phrase, filtered by its own matches, must rank exactly as the query alone
// (same documents, order, weights and percentages, which the API returns as scores), and the
// filter must really restrict what Xapian looks at.
#include <catch2/catch.hpp>

#include <xapian.h>

#include "core/index_location.h"
#include "core/text.h"
#include "indexer/ingest.h"
#include "server/search/known_matches.h"
#include "server/search/match_set.h"
#include "tests/support/test_support.h"

using kr::search::DocSet;
using kr::test::source_path;

namespace {

struct SampleIndex {
  kr::test::TempDir dir;
  Xapian::Database db;
  SampleIndex() {
    kr::index::IndexerOptions o;
    o.corpus_dir = source_path("corpus");
    o.index_dir = dir / "index";
    o.taxonomy_path = source_path("schemas/taxonomy.xml");
    REQUIRE(kr::index::run_ingest(o).ok());
    db = Xapian::Database(kr::live_database_path(dir / "index"));
  }
};

SampleIndex& sample() {
  static SampleIndex s;
  return s;
}

/// The sample corpus's phrases (tests/support), folded as the index's words are (accents, case).
std::vector<std::string> sample_phrases() {
  kr::TextNormaliser text;
  std::vector<std::string> out;
  for (const auto& p : kr::test::corpus_phrases()) out.push_back(text.fold(p));
  return out;
}

Xapian::Query parse(const Xapian::Database& db, const std::string& q) {
  Xapian::QueryParser parser;
  parser.set_database(db);
  return parser.parse_query(q, Xapian::QueryParser::FLAG_DEFAULT);
}

/// The ranked page as the API sees it: docid, weight and percentage of every hit, in order.
std::string ranked(const Xapian::Database& db, const Xapian::Query& q) {
  Xapian::Enquire e(db);
  e.set_query(q);
  Xapian::MSet m = e.get_mset(0, 30);
  std::string out;
  for (auto it = m.begin(); it != m.end(); ++it)
    out += std::to_string(*it) + ":" + std::to_string(it.get_weight()) + ":" +
           std::to_string(it.get_percent()) + " ";
  return out;
}

}  // namespace

TEST_CASE("a phrase query ranked within its known matches ranks exactly as the query alone") {
  const Xapian::Database& db = sample().db;
  auto phrases = sample_phrases();
  REQUIRE(phrases.size() >= 40);
  int found = 0, rewritten = 0;
  for (const auto& p : phrases) {
    // The phrase alone, required beside a word, beside a negated word, and optional (OR: the
    // phrase is then not required and the query must come back unchanged).
    for (std::string text : {p, p + " migration", p + " -border", "migration OR " + p, p + " AND NOT visa"}) {
      Xapian::Query q = parse(db, text);
      DocSet matches = kr::search::match_set(db, q, nullptr);
      Xapian::Query within = kr::search::within_known_matches(q, matches);
      if (within.get_description() != q.get_description()) ++rewritten;
      INFO(text);
      CHECK(ranked(db, within) == ranked(db, q));
      if (matches.size() > 0) ++found;
    }
  }
  CHECK(found >= 60);       // most of them match something
  CHECK(rewritten >= 100);  // and were rewritten (a required phrase)
}

TEST_CASE("the ranked pass looks only at the documents it is given") {
  const Xapian::Database& db = sample().db;
  Xapian::Query q = parse(db, "\"migration policy\"");
  DocSet all = kr::search::match_set(db, q, nullptr);
  REQUIRE(all.size() >= 3);
  // Keep every other match: the rewritten query must return exactly those.
  DocSet half(db.get_lastdocid());
  std::size_t k = 0;
  all.for_each([&](Xapian::docid did) {
    if (k++ % 2 == 0) half.insert(did);
  });
  Xapian::Enquire e(db);
  e.set_query(kr::search::within_known_matches(q, half));
  Xapian::MSet m = e.get_mset(0, db.get_doccount());
  CHECK(m.size() == half.size());
  for (auto it = m.begin(); it != m.end(); ++it) CHECK(half.contains(*it));
  // A query requiring no phrase is left as it is.
  Xapian::Query words = parse(db, "migration policy");
  CHECK(kr::search::within_known_matches(words, half).get_description() == words.get_description());
}

TEST_CASE("a document set steps to its next non-member") {
  DocSet s(200);
  for (Xapian::docid d : {3u, 64u, 65u, 130u}) s.insert(d);
  CHECK(s.next_absent_from(0) == 1);
  CHECK(s.next_absent_from(3) == 4);
  CHECK(s.next_absent_from(64) == 66);
  DocSet full(127);
  for (Xapian::docid d = 1; d <= 127; ++d) full.insert(d);
  CHECK(full.next_absent_from(1) == 128);  // past what the set can hold
  CHECK(full.next_absent_from(500) == 500);
}
