// kr-index over the real sample corpus and over scratch corpora, asserted through Xapian queries
// on the database it wrote.
#include <catch2/catch.hpp>

#include <fcntl.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <filesystem>
#include <set>

#include <xapian.h>

#include "core/analyser.h"
#include "core/index_location.h"
#include "core/index_schema.h"
#include "core/taxonomy.h"
#include "core/text.h"
#include "indexer/ingest.h"
#include "tests/support/corpus_facts.h"
#include "tests/support/test_support.h"

namespace fs = std::filesystem;
using kr::Facet;
using kr::test::source_path;
using kr::test::TempDir;

namespace {

kr::index::IndexerOptions options(const std::string& corpus, const std::string& index) {
  kr::index::IndexerOptions o;
  o.corpus_dir = corpus;
  o.index_dir = index;
  o.taxonomy_path = source_path("schemas/taxonomy.xml");
  return o;
}

kr::index::IngestSummary run(const kr::index::IndexerOptions& o) {
  auto r = kr::index::run_ingest(o);
  REQUIRE(r.ok());
  return *r;
}

/// The sample corpus indexed once for the read-only tests of this file.
struct SampleIndex {
  TempDir dir;
  kr::index::IngestSummary summary;
  SampleIndex() { summary = run(options(source_path("corpus"), dir / "index")); }
  Xapian::Database db() const { return Xapian::Database(kr::live_database_path(dir / "index")); }
};

const SampleIndex& sample() {
  static SampleIndex index;
  return index;
}

const kr::Taxonomy& taxonomy() {
  static kr::Taxonomy t = kr::Taxonomy::load(source_path("schemas/taxonomy.xml")).value();
  return t;
}

/// Ids of the records matching a user query, parsed exactly as the server parses it.
std::set<std::string> ids_matching(const Xapian::Database& db, const std::string& q,
                                   const std::string& lang = "en") {
  static kr::Analyser analyser(taxonomy());
  kr::TextNormaliser norm;
  Xapian::QueryParser qp;
  qp.set_database(db);
  analyser.configure(qp, "");
  Xapian::Enquire e(db);
  auto parsed = qp.parse_query(norm.normalise(q), kr::Analyser::query_flags());
  e.set_query(kr::Analyser::expand_stems(parsed, {Xapian::Stem(kr::stemmer_name(lang))}));
  std::set<std::string> ids;
  Xapian::MSet m = e.get_mset(0, db.get_doccount());
  for (auto it = m.begin(); it != m.end(); ++it) {
    for (auto t = it.get_document().termlist_begin(); t != it.get_document().termlist_end(); ++t)
      if ((*t)[0] == 'Q') ids.insert((*t).substr(1));
  }
  return ids;
}

bool has_term(const Xapian::Database& db, const std::string& id, const std::string& term) {
  std::string q = kr::schema::id_term(id);
  auto p = db.postlist_begin(q);
  if (p == db.postlist_end(q)) return false;
  auto t = db.termlist_begin(*p);
  t.skip_to(term);
  return t != db.termlist_end(*p) && *t == term;
}

void copy_corpus(const std::string& to) { fs::copy(source_path("corpus"), to, fs::copy_options::recursive); }

}  // namespace

TEST_CASE("the sample corpus indexes without rejections, one document per record") {
  const auto& s = sample();
  CHECK(s.summary.rejected == 0);
  for (const auto& e : s.summary.errors) FAIL_CHECK(e.to_string());
  auto files = kr::test::corpus_record_files();
  CHECK(s.summary.indexed == static_cast<long>(files.size()));
  CHECK(s.summary.documents == static_cast<long>(files.size()));
  CHECK(s.db().get_doccount() == files.size());
}

TEST_CASE("facet terms follow the record, regions derived from countries") {
  auto db = sample().db();
  const std::string id = "mg-2017-03-diaspora-strategy";
  using kr::schema::facet_term;
  CHECK(has_term(db, id, facet_term(Facet::type, "practice")));
  CHECK(has_term(db, id, facet_term(Facet::country, "MG")));
  CHECK(has_term(db, id, facet_term(Facet::region, "africa-ces")));
  CHECK(has_term(db, id, facet_term(Facet::theme, "diaspora-engagement")));
  CHECK(has_term(db, id, facet_term(Facet::year, "2017")));
  CHECK(has_term(db, id, facet_term(Facet::lang, "en")));
  CHECK(has_term(db, id, facet_term(Facet::audience, "public")));
  // Every document has exactly one type, lang, year and audience term.
  for (auto p = db.postlist_begin(""); p != db.postlist_end(""); ++p) {
    auto doc = db.get_document(*p);
    int singles = 0;
    for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
      const std::string& term = *t;
      for (Facet f : {Facet::type, Facet::lang, Facet::year, Facet::audience}) {
        auto prefix = std::string(kr::schema::facet_prefix(f));
        if (term.rfind(prefix, 0) == 0 &&
            !(f == Facet::lang && term.size() > 1 && std::isupper(static_cast<unsigned char>(term[1]))))
          ++singles;
      }
    }
    CHECK(singles == 4);
  }
}

TEST_CASE("accent- and case-insensitive matching: cote d'ivoire finds Côte d'Ivoire") {
  auto db = sample().db();
  auto plain = ids_matching(db, "\"cote d'ivoire\"");
  auto accented = ids_matching(db, "\"Côte d’Ivoire\"");
  CHECK(plain.size() >= 3);
  CHECK(plain == accented);
  CHECK(plain.count("ci-2018-strategie-nationale-migration") +
            plain.count("pub-2019-thb-first-responders-fr") >=
        1);
}

TEST_CASE("country names in other languages and aliases find the country's records") {
  auto db = sample().db();
  auto by_alias = ids_matching(db, "\"ivory coast\"");
  auto by_spanish = ids_matching(db, "\"costa de marfil\"");
  std::set<std::string> tagged;
  for (auto p = db.postlist_begin("XCCI"); p != db.postlist_end("XCCI"); ++p)
    for (auto t = db.termlist_begin(*p); t != db.termlist_end(*p); ++t)
      if ((*t)[0] == 'Q') tagged.insert((*t).substr(1));
  REQUIRE(!tagged.empty());
  for (const auto& id : tagged) {
    CHECK(by_alias.count(id));
    CHECK(by_spanish.count(id));
  }
}

TEST_CASE("French and Spanish records are stemmed in their language") {
  auto db = sample().db();
  // "migrations"/"migratoires" and "migración"/"migratorias" share stems with their record's words.
  auto fr = ids_matching(db, "formations", "fr");
  auto es = ids_matching(db, "capacitaciones", "es");
  bool fr_hit = false, es_hit = false;
  for (const auto& id : fr) fr_hit |= has_term(db, id, "Lfr");
  for (const auto& id : es) es_hit |= has_term(db, id, "Les");
  CHECK(fr_hit);
  CHECK(es_hit);
}

TEST_CASE("glossary acronyms and expansions are synonyms across languages") {
  auto db = sample().db();
  auto acronym = ids_matching(db, "THB");
  auto english = ids_matching(db, "\"trafficking in human beings\"");
  auto french = ids_matching(db, "traite des êtres humains");
  REQUIRE(!english.empty());
  // Every record that spells it out is found by the acronym, and the French expansion finds English records.
  for (const auto& id : english) CHECK(acronym.count(id));
  bool english_via_french = false;
  for (const auto& id : french) english_via_french |= has_term(db, id, "Len");
  CHECK(english_via_french);
}

TEST_CASE("attachment text is indexed for every format but HTML script and style are not") {
  auto db = sample().db();
  auto facts = kr::test::attachment_facts();
  std::set<std::string> formats;
  for (const auto& f : facts) {
    INFO(f.id << " " << f.format << " " << f.phrase);
    auto ids = ids_matching(db, "\"" + f.phrase + "\"");
    CHECK(ids.count(f.id) == 1);
    formats.insert(f.format);
  }
  CHECK(formats == std::set<std::string>{"txt", "md", "html", "pdf", "docx"});
  auto hidden = kr::test::unindexed_html_words();
  REQUIRE(!hidden.empty());
  for (const auto& w : hidden) CHECK(ids_matching(db, w).empty());
}

TEST_CASE("internal records are flagged and their words stay out of the spelling table") {
  auto db = sample().db();
  auto facts = kr::test::internal_facts();
  REQUIRE(facts.size() >= 5);
  for (const auto& f : facts) {
    INFO(f.id);
    CHECK(has_term(db, f.id, kr::schema::facet_term(Facet::audience, "internal")));
    for (const auto& w : f.words) {
      kr::TextNormaliser norm;
      std::string word = norm.fold(w);
      CHECK(!ids_matching(db, word).empty());  // searchable (for internal callers)
      auto s = db.spellings_begin();
      s.skip_to(word);
      CHECK((s == db.spellings_end() || *s != word));
    }
  }
}

TEST_CASE("an unchanged corpus is not re-indexed but edits, deletions and additions are") {
  TempDir tmp;
  copy_corpus(tmp / "corpus");
  auto o = options(tmp / "corpus", tmp / "index");
  auto first = run(o);
  REQUIRE(first.rejected == 0);
  auto second = run(o);
  CHECK(second.indexed == 0);
  CHECK(second.unchanged == first.indexed);
  CHECK(second.removed == 0);

  std::string mg = tmp / "corpus/records/practices/mg-2017-03-diaspora-strategy.xml";
  std::string xml = kr::test::read_file(mg);
  auto at = xml.find("</title>");
  xml.insert(at, " Zanzibarquest");
  kr::test::write_file(mg, xml);
  fs::remove(tmp / "corpus/records/practices/jo-2018-shelter-sops-draft.xml");
  std::string added = xml;
  added.replace(added.find("id=\"mg-2017-03-diaspora-strategy\""), 34,
                "id=\"mg-2099-01-new-record-added\"  ");
  kr::test::write_file(tmp / "corpus/records/new.xml", added);

  auto third = run(o);
  CHECK(third.indexed == 2);
  CHECK(third.removed == 1);
  CHECK(third.unchanged == first.indexed - 2);
  Xapian::Database db(kr::live_database_path(tmp / "index"));
  CHECK(db.get_doccount() == static_cast<Xapian::doccount>(first.indexed));
  CHECK(ids_matching(db, "zanzibarquest") ==
        std::set<std::string>{"mg-2017-03-diaspora-strategy", "mg-2099-01-new-record-added"});
  CHECK(db.get_termfreq("Qjo-2018-shelter-sops-draft") == 0);
}

TEST_CASE("an attachment change re-indexes its record") {
  TempDir tmp;
  copy_corpus(tmp / "corpus");
  auto o = options(tmp / "corpus", tmp / "index");
  run(o);
  auto fact = kr::test::attachment_facts().front();
  REQUIRE(fact.format == "txt");
  std::string path = tmp / ("corpus/records/publications/" + fact.file);
  kr::test::write_file(path, kr::test::read_file(path) + "\nQuasarwhistle appendix.\n");
  auto again = run(o);
  CHECK(again.indexed == 1);
  Xapian::Database db(kr::live_database_path(tmp / "index"));
  CHECK(ids_matching(db, "quasarwhistle") == std::set<std::string>{fact.id});
}

TEST_CASE("a bad record is reported with its location and the last good version is kept") {
  TempDir tmp;
  copy_corpus(tmp / "corpus");
  auto o = options(tmp / "corpus", tmp / "index");
  auto first = run(o);
  std::string mg = tmp / "corpus/records/practices/mg-2017-03-diaspora-strategy.xml";
  std::string xml = kr::test::read_file(mg);
  xml.replace(xml.find("<country>MG</country>"), 21, "<country>XX</country>");
  kr::test::write_file(mg, xml);
  kr::test::write_file(tmp / "corpus/records/broken.xml", "<record>\n  <title>unclosed\n</record>\n");

  auto second = run(o);
  CHECK(second.rejected == 2);
  REQUIRE(second.errors.size() == 2);
  for (const auto& e : second.errors) {
    INFO(e.to_string());
    CHECK(e.line > 0);
    CHECK(e.column > 0);
  }
  Xapian::Database db(kr::live_database_path(tmp / "index"));
  CHECK(db.get_doccount() == static_cast<Xapian::doccount>(first.indexed));
  CHECK(has_term(db, "mg-2017-03-diaspora-strategy", "XCMG"));
}

TEST_CASE("strict mode aborts before committing anything") {
  TempDir tmp;
  copy_corpus(tmp / "corpus");
  auto o = options(tmp / "corpus", tmp / "index");
  auto first = run(o);
  fs::remove(tmp / "corpus/records/practices/mg-2017-03-diaspora-strategy.xml");
  kr::test::write_file(tmp / "corpus/records/broken.xml", "not xml");
  o.strict = true;
  auto second = run(o);
  CHECK_FALSE(second.committed);
  Xapian::Database db(kr::live_database_path(tmp / "index"));
  CHECK(db.get_doccount() == static_cast<Xapian::doccount>(first.indexed));
  CHECK(db.get_termfreq("Qmg-2017-03-diaspora-strategy") == 1);
}

TEST_CASE("a rebuild swaps in a complete new database") {
  TempDir tmp;
  auto o = options(source_path("corpus"), tmp / "index");
  auto first = run(o);
  std::string before = kr::live_database_path(tmp / "index");
  Xapian::Database reader(before);
  o.rebuild = true;
  auto second = run(o);
  CHECK(second.indexed == first.indexed);
  std::string after = kr::live_database_path(tmp / "index");
  CHECK(after != before);
  CHECK(Xapian::Database(after).get_doccount() == static_cast<Xapian::doccount>(first.indexed));
  CHECK(reader.get_doccount() == static_cast<Xapian::doccount>(first.indexed));  // old reader unharmed
}

TEST_CASE("a second concurrent writer is refused with a clear message") {
  TempDir tmp;
  auto o = options(source_path("corpus"), tmp / "index");
  run(o);
  int fds[2];
  REQUIRE(pipe(fds) == 0);
  pid_t child = fork();
  if (child == 0) {
    // Child: hold the writer lock until the parent is done.
    close(fds[0]);
    std::string lock = (fs::path(tmp / "index") / ".kr-index.lock").string();
    int fd = ::open(lock.c_str(), O_RDWR);
    flock(fd, LOCK_EX);
    (void)!write(fds[1], "x", 1);
    sleep(30);
    _exit(0);
  }
  close(fds[1]);
  char c;
  REQUIRE(read(fds[0], &c, 1) == 1);
  auto r = kr::index::run_ingest(o);
  kill(child, SIGKILL);
  waitpid(child, nullptr, 0);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().code == kr::ErrorCode::index_unavailable);
  CHECK_THAT(r.error().message, Catch::Contains("another kr-index"));
}
