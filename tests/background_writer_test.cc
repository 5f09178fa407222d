// The indexer's background writer: documents are written in the order queued (a later version of
// a record wins) and all arrive when there are more than the queue holds; a document Xapian
// refuses ends the writing, is reported with its tag, and the run's changes can only be dropped:
// the index stays as it was.
#include <catch2/catch.hpp>

#include <string>

#include <xapian.h>

#include "core/analyser.h"
#include "core/index_location.h"
#include "core/index_schema.h"
#include "core/taxonomy.h"
#include "indexer/background_writer.h"
#include "indexer/index_writer.h"
#include "tests/support/test_support.h"

using kr::index::BackgroundWriter;
using kr::test::source_path;
using kr::test::TempDir;

namespace {

Xapian::Document record(const std::string& id, const std::string& word) {
  Xapian::Document doc;
  doc.add_boolean_term(kr::schema::id_term(id));
  doc.add_term(word);
  return doc;
}

std::unique_ptr<kr::index::IndexWriter> open(const std::string& index) {
  auto opened = kr::index::IndexWriter::open(index, false);
  REQUIRE(opened.ok());
  return std::move(opened.value());
}

}  // namespace

TEST_CASE("the background writer writes every queued document in order and stops at a refused one") {
  TempDir tmp;
  auto taxonomy = kr::Taxonomy::load(source_path("schemas/taxonomy.xml"));
  REQUIRE(taxonomy.ok());
  kr::Analyser analyser(*taxonomy);
  const std::size_t n = 200;  // many times the queue
  {
    auto writer = open(tmp / "index");
    BackgroundWriter background(8);
    for (std::size_t i = 0; i < n; ++i)
      CHECK(background.replace(*writer, "r" + std::to_string(i),
                               record("r" + std::to_string(i), "first" + std::to_string(i)), i));
    CHECK(background.replace(*writer, "r3", record("r3", "second"), n));  // r3 again: the later version wins
    CHECK_FALSE(background.finish());
    writer->commit(analyser, tmp / "corpus");
  }
  Xapian::Database db(kr::live_database_path(tmp / "index"));
  CHECK(db.get_doccount() == n);
  CHECK(db.get_termfreq("second") == 1);
  CHECK(db.get_termfreq("first3") == 0);
  CHECK(db.get_termfreq("first199") == 1);

  // A second run: Xapian refuses a term over 245 bytes, which ends the writing.
  const std::size_t refused = 57;
  auto writer = open(tmp / "index");
  BackgroundWriter background(8);
  bool stopped = false;
  for (std::size_t i = 0; i < n && !stopped; ++i) {
    std::string word = i == refused ? std::string(300, 'x') : "third" + std::to_string(i);
    stopped = !background.replace(*writer, "s" + std::to_string(i), record("s" + std::to_string(i), word), i);
  }
  auto failure = background.finish();
  REQUIRE(failure);
  CHECK(failure->tag == refused);
  CHECK(failure->message.find("Term too long") != std::string::npos);
  CHECK_FALSE(background.replace(*writer, "late", record("late", "late"), n));  // nothing after it
  writer->cancel();
  writer.reset();
  db.reopen();
  CHECK(db.get_doccount() == n);  // as before the second run
  CHECK(db.get_termfreq("third0") == 0);
  CHECK(db.get_termfreq("first0") == 1);
}
