// The kr-index executable as users and scripts run it: exit codes, --json summary, --help,
// and crash safety under SIGKILL.
#include <catch2/catch.hpp>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <xapian.h>

#include "core/index_location.h"
#include "tests/support/corpus_facts.h"
#include "tests/support/process.h"
#include "tests/support/test_support.h"

namespace fs = std::filesystem;
using kr::test::binary_path;
using kr::test::source_path;
using kr::test::TempDir;

namespace {

std::string kr_index() { return binary_path("indexer/kr-index"); }

Poco::JSON::Object::Ptr parse_json(const std::string& text) {
  Poco::JSON::Parser p;
  return p.parse(text).extract<Poco::JSON::Object::Ptr>();
}

}  // namespace

TEST_CASE("kr-index --json prints the summary object of the contract") {
  TempDir tmp;
  auto r = kr::test::run_process(
      {kr_index(), "--corpus", source_path("corpus"), "--index", tmp / "index", "--json"});
  INFO(r.err);
  CHECK(r.exit_code == 0);
  auto o = parse_json(r.out);
  long files = static_cast<long>(kr::test::corpus_record_files().size());
  CHECK(o->getValue<long>("indexed") == files);
  CHECK(o->getValue<long>("unchanged") == 0);
  CHECK(o->getValue<long>("removed") == 0);
  CHECK(o->getValue<long>("rejected") == 0);
  CHECK(o->getValue<long>("documents") == files);
  CHECK(o->getArray("errors")->size() == 0);

  auto again = kr::test::run_process(
      {kr_index(), "--corpus", source_path("corpus"), "--index", tmp / "index", "--json"});
  auto o2 = parse_json(again.out);
  CHECK(o2->getValue<long>("unchanged") == files);
  CHECK(o2->getValue<long>("indexed") == 0);
}

TEST_CASE("kr-index exits 1 and reports file:line:column for a rejected record") {
  TempDir tmp;
  kr::test::write_file(
      tmp / "corpus/bad.xml",
      "<?xml version=\"1.0\"?>\n<record xmlns=\"urn:mieux:knowledge-register:1\" id=\"ok-id\"\n"
      "  type=\"practice\" lang=\"en\">\n  <title>T</title>\n  <date>2017-13</date>\n"
      "  <summary>s</summary>\n</record>\n");
  auto r =
      kr::test::run_process({kr_index(), "--corpus", tmp / "corpus", "--index", tmp / "index", "--json"});
  CHECK(r.exit_code == 1);
  auto o = parse_json(r.out);
  CHECK(o->getValue<long>("rejected") == 1);
  auto e = o->getArray("errors")->getObject(0);
  CHECK(e->getValue<std::string>("file") == tmp / "corpus/bad.xml");
  CHECK(e->getValue<int>("line") == 5);
  CHECK(e->getValue<int>("column") >= 1);
  CHECK_THAT(r.err, Catch::Contains(tmp / "corpus/bad.xml:5:"));
}

TEST_CASE("kr-index --help and usage errors") {
  auto help = kr::test::run_process({kr_index(), "--help"});
  CHECK(help.exit_code == 0);
  CHECK_THAT(help.out, Catch::Contains("--corpus DIR") && Catch::Contains("--rebuild"));
  auto bad = kr::test::run_process({kr_index(), "--corpus"});
  CHECK(bad.exit_code == 2);
  auto missing =
      kr::test::run_process({kr_index(), "--corpus", "/nonexistent-corpus", "--index", "/tmp/x-kr"});
  CHECK(missing.exit_code == 2);
  CHECK_THAT(missing.err, Catch::Contains("corpus folder not found"));
}

TEST_CASE("a write error (file size limit) ends kr-index with status 2 and leaves the index as it was") {
  TempDir tmp;
  fs::copy(source_path("corpus"), tmp / "corpus", fs::copy_options::recursive);
  REQUIRE(
      kr::test::run_process({kr_index(), "--corpus", tmp / "corpus", "--index", tmp / "index"}).exit_code ==
      0);
  auto count = [&](const std::string& term) {
    return Xapian::Database(kr::live_database_path(tmp / "index")).get_termfreq(term);
  };
  long documents = static_cast<long>(Xapian::Database(kr::live_database_path(tmp / "index")).get_doccount());
  // Every record changes: a word none had.
  for (const auto& file : kr::test::corpus_record_files()) {
    std::string path = tmp / "corpus" / fs::relative(file, source_path("corpus"));
    std::string xml = kr::test::read_file(path);
    auto end = xml.find("</title>");
    REQUIRE(end != std::string::npos);
    kr::test::write_file(path, xml.insert(end, " zyzzyva"));
  }
  // Files may not grow past 100 KB (SIGXFSZ ignored: the write fails with EFBIG instead).
  auto limited =
      kr::test::run_process({"/bin/bash", "-c", "trap '' XFSZ; ulimit -f 100; exec \"$0\" \"$@\"", kr_index(),
                             "--corpus", tmp / "corpus", "--index", tmp / "index", "--json"});
  INFO(limited.err);
  CHECK(limited.exit_code == 2);
  CHECK_THAT(limited.err,
             Catch::Contains("File too large") && Catch::Contains("the index is as before this run"));
  CHECK(count("zyzzyva") == 0);
  CHECK(static_cast<long>(Xapian::Database(kr::live_database_path(tmp / "index")).get_doccount()) ==
        documents);
  // Without the limit the same run goes through.
  CHECK(kr::test::run_process({kr_index(), "--corpus", tmp / "corpus", "--index", tmp / "index"}).exit_code ==
        0);
  CHECK(count("zyzzyva") > 0);
}

TEST_CASE("kr-index --phrase-pairs=all, =frequent and =off choose the word pairs indexed") {
  TempDir tmp;
  auto words = [&] {
    return Xapian::Database(kr::live_database_path(tmp / "index")).get_metadata("kr:phrase-pair-words");
  };
  auto index = [&](const std::string& option) {
    std::vector<std::string> args{kr_index(), "--corpus", source_path("corpus"), "--index", tmp / "index"};
    if (!option.empty()) args.push_back(option);
    return kr::test::run_process(args);
  };
  CHECK(index("").exit_code == 0);
  CHECK(words().rfind("frequent\n", 0) == 0);  // the default
  CHECK(index("--phrase-pairs=all").exit_code == 0);
  CHECK(words() == "all");
  CHECK(index("--phrase-pairs=frequent").exit_code == 0);
  CHECK(words().rfind("frequent\n", 0) == 0);
  CHECK(index("--phrase-pairs=off").exit_code == 0);
  CHECK(words().empty());
  CHECK(index("--phrase-pairs").exit_code == 0);  // = all
  CHECK(words() == "all");
  auto bad = index("--phrase-pairs=some");
  CHECK(bad.exit_code == 2);
  CHECK_THAT(bad.err, Catch::Contains("unknown option --phrase-pairs=some"));
  CHECK(words() == "all");  // nothing changed
}

TEST_CASE("SIGKILL during a large run leaves the previous index complete and searchable") {
  TempDir tmp;
  std::string index = tmp / "index";
  auto first = kr::test::run_process({kr_index(), "--corpus", source_path("corpus"), "--index", index});
  REQUIRE(first.exit_code == 0);
  Xapian::doccount before = Xapian::Database(kr::live_database_path(index)).get_doccount();

  auto gen = kr::test::run_process(
      {"/usr/bin/python3", source_path("bench/generate_corpus.py"), "--count", "6000", "--out", tmp / "big"});
  REQUIRE(gen.exit_code == 0);
  for (int round = 0; round < 3; ++round) {
    std::vector<std::string> argv{kr_index(), "--corpus", tmp / "big", "--index", index};
    if (round == 2) argv.push_back("--rebuild");  // a database built beside the live one
    pid_t pid = kr::test::spawn_process(argv, tmp / "log");
    std::this_thread::sleep_for(std::chrono::milliseconds(300 + 400 * round));
    kill(pid, SIGKILL);
    int status = 0;
    waitpid(pid, &status, 0);
    INFO("round " << round);
    REQUIRE(WIFSIGNALED(status));  // it was still running: the kill landed mid-run
    Xapian::Database db(kr::live_database_path(index));
    CHECK(db.get_doccount() == before);
    Xapian::Enquire e(db);
    e.set_query(Xapian::Query("XCMG"));
    CHECK(e.get_mset(0, 10).size() > 0);
  }
  // And the lock died with the process: a normal run works.
  auto after = kr::test::run_process({kr_index(), "--corpus", source_path("corpus"), "--index", index});
  CHECK(after.exit_code == 0);
}
