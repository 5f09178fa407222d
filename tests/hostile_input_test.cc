// Hostile records through the real kr-index: each is rejected with a clear message, in bounded
// time and memory, and the index keeps what it had (DESIGN.md "Index", issue 6).
#include <catch2/catch.hpp>

#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <string>

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <xapian.h>

#include "core/index_location.h"
#include "core/index_schema.h"
#include "tests/support/process.h"
#include "tests/support/test_support.h"

namespace fs = std::filesystem;
using kr::test::source_path;
using kr::test::write_file;

namespace {

constexpr double kMaxSeconds = 20;  // per kr-index run (Debug + ASan builds included)
constexpr long kMaxRssMiB = 1024;   // peak memory of any kr-index run

const std::string kHead =
    R"(<record xmlns="urn:mieux:knowledge-register:1" id="hostile-record" type="report" lang="en">)";

std::string record(const std::string& inner) {
  return kHead + "<title>Hostile</title><date>2020</date>" + inner + "</record>";
}

/// A corpus holding one good record, indexed; hostile files are added next to it.
class Corpus {
 public:
  Corpus() {
    write_file(
        dir() + "/good.xml",
        R"(<record xmlns="urn:mieux:knowledge-register:1" id="good-record" type="article" lang="en">)"
        "<title>Good</title><date>2019</date><summary>zephyrbaseline stays searchable</summary></record>");
    fs::create_directories(dir() + "/records");
    const Run first = index();
    REQUIRE(first.process.exit_code == 0);
    REQUIRE(first.documents == 1);
  }
  std::string dir() const { return tmp_ / "corpus"; }
  std::string index_dir() const { return tmp_ / "index"; }

  struct Run {
    kr::test::ProcessResult process;
    double seconds = 0;
    long documents = -1, rejected = -1;
    std::string first_error;
  };

  Run index() const {
    const auto start = std::chrono::steady_clock::now();
    Run run;
    run.process = kr::test::run_process({kr::test::binary_path("indexer/kr-index"), "--corpus", dir(),
                                         "--index", index_dir(), "--json", "--no-progress"});
    run.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    INFO(run.process.err);
    Poco::JSON::Parser parser;
    auto summary = parser.parse(run.process.out).extract<Poco::JSON::Object::Ptr>();
    run.documents = summary->getValue<long>("documents");
    run.rejected = summary->getValue<long>("rejected");
    auto errors = summary->getArray("errors");
    if (errors->size() > 0) run.first_error = errors->getObject(0)->getValue<std::string>("message");
    return run;
  }

  /// Runs kr-index and checks that exactly the hostile record was rejected, saying `why`, in
  /// bounded time and memory, with the good record still in the index.
  void expect_rejected(const std::string& why) const {
    const Run run = index();
    INFO("stderr: " << run.process.err.substr(0, 2000));
    CHECK(run.process.exit_code == 1);
    CHECK(run.rejected == 1);
    CHECK_THAT(run.first_error, Catch::Contains(why));
    CHECK(run.seconds < kMaxSeconds);
    CHECK(peak_child_rss_mib() < kMaxRssMiB);
    CHECK(run.documents == 1);
    Xapian::Database db(kr::live_database_path(index_dir()));
    CHECK(db.get_doccount() == 1);
    CHECK(db.term_exists(std::string(kr::schema::kId) + "good-record"));
    CHECK_FALSE(db.term_exists(std::string(kr::schema::kId) + "hostile-record"));
  }

  static long peak_child_rss_mib() {
    rusage usage{};
    getrusage(RUSAGE_CHILDREN, &usage);
    return usage.ru_maxrss / 1024;  // KiB on Linux
  }

 private:
  kr::test::TempDir tmp_;
};

}  // namespace

TEST_CASE("hostile records: malformed XML and invalid text", "[hostile]") {
  Corpus corpus;
  const std::string file = corpus.dir() + "/records/hostile.xml";
  SECTION("not well-formed") {
    write_file(file, record("<summary>unclosed</summry>"));
    corpus.expect_rejected("not well-formed XML");
  }
  SECTION("truncated") {
    write_file(file, record("<summary>cut").substr(0, 150));
    corpus.expect_rejected("not well-formed XML");
  }
  SECTION("invalid UTF-8") {
    write_file(file, record("<summary>caf\xC3\x28 and \xFF\xFE</summary>"));
    corpus.expect_rejected("invalid UTF-8");
  }
  SECTION("control characters") {
    write_file(file, record("<summary>bell\x07</summary>"));
    corpus.expect_rejected("control character");
  }
  SECTION("a binary file named .xml") {
    write_file(file, std::string("\x7F"
                                 "ELF\x02\x01\x01\0\0\0",
                                 10) +
                         std::string(4096, '\0'));
    corpus.expect_rejected("");
  }
}

TEST_CASE("hostile records: a 100 MB text field", "[hostile]") {
  Corpus corpus;
  std::string huge = record("<summary>");
  huge.reserve(100u << 20);
  while (huge.size() < (100u << 20)) huge += "lorem ipsum dolor sit amet ";
  huge += "</summary></record>";
  write_file(corpus.dir() + "/records/hostile.xml", huge);
  huge.clear();
  huge.shrink_to_fit();
  corpus.expect_rejected("more than the limit");
}

TEST_CASE("hostile records: deeply nested elements", "[hostile]") {
  Corpus corpus;
  std::string deep;
  for (int i = 0; i < 1000000; ++i) deep += "<a>";
  for (int i = 0; i < 1000000; ++i) deep += "</a>";
  SECTION("inside a text element") {
    write_file(corpus.dir() + "/records/hostile.xml", record("<summary>" + deep + "</summary>"));
    corpus.expect_rejected("");
  }
  SECTION("in place of the record's children") {
    write_file(corpus.dir() + "/records/hostile.xml", record(deep));
    corpus.expect_rejected("unknown element");
  }
}

TEST_CASE("hostile records: DOCTYPE and entity tricks", "[hostile]") {
  Corpus corpus;
  const std::string file = corpus.dir() + "/records/hostile.xml";
  SECTION("billion laughs") {
    std::string dtd = "<!DOCTYPE record [<!ENTITY l0 \"ha\">";
    for (int i = 1; i < 10; ++i) {
      dtd += "<!ENTITY l" + std::to_string(i) + " \"";
      for (int j = 0; j < 10; ++j) dtd += "&l" + std::to_string(i - 1) + ";";
      dtd += "\">";
    }
    write_file(file, "<?xml version=\"1.0\"?>" + dtd + "]>" + record("<summary>&l9;</summary>"));
    corpus.expect_rejected("DOCTYPE declarations are not allowed");
  }
  SECTION("external entity") {
    write_file(file,
               "<!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>" + record("<summary>&x;</summary>"));
    corpus.expect_rejected("DOCTYPE declarations are not allowed");
  }
  SECTION("undeclared entity") {
    write_file(file, record("<summary>&x;</summary>"));
    corpus.expect_rejected("entity");
  }
}

TEST_CASE("hostile records: source@href outside the corpus, devices, links", "[hostile]") {
  Corpus corpus;
  kr::test::TempDir outside;
  write_file(outside / "secret.txt", "outside the corpus");
  const std::string file = corpus.dir() + "/records/hostile.xml";
  auto with_source = [&](const std::string& href) {
    write_file(file, record("<summary>s</summary><source href=\"" + href + "\"/>"));
  };
  SECTION("parent folders") {
    with_source("../../../../../../../../etc/hostname.txt");
    corpus.expect_rejected("points outside the corpus folder");
  }
  SECTION("absolute path") {
    with_source(outside / "secret.txt");
    corpus.expect_rejected("not an absolute path");
  }
  SECTION("symlink to a file outside") {
    fs::create_symlink(outside / "secret.txt", corpus.dir() + "/records/secret.txt");
    with_source("secret.txt");
    corpus.expect_rejected("outside the corpus folder");
  }
  SECTION("symlink to /dev/zero") {
    fs::create_symlink("/dev/zero", corpus.dir() + "/records/zero.txt");
    with_source("zero.txt");
    corpus.expect_rejected("outside the corpus folder");
  }
  SECTION("a FIFO inside the corpus (reading it would block)") {
    REQUIRE(mkfifo((corpus.dir() + "/records/pipe.txt").c_str(), 0600) == 0);
    with_source("pipe.txt");
    corpus.expect_rejected("is not a regular file");
  }
  SECTION("a folder named like a file") {
    fs::create_directories(corpus.dir() + "/records/folder.txt");
    with_source("folder.txt");
    corpus.expect_rejected("is not a regular file");
  }
}

TEST_CASE("hostile records: attachments that are bombs or broken", "[hostile]") {
  Corpus corpus;
  const std::string file = corpus.dir() + "/records/hostile.xml";
  auto attach = [&](const std::string& name) {
    write_file(file, record("<summary>s</summary><source href=\"" + name + "\"/>"));
  };
  SECTION("DOCX zip bomb: 1 GiB of zeros in 1 MB") {
    // Streamed through Python's zipfile so that no process holds the gigabyte.
    const auto made =
        kr::test::run_process({"/usr/bin/env", "python3", "-c",
                               "import sys, zipfile\n"
                               "with zipfile.ZipFile(sys.argv[1], 'w', zipfile.ZIP_DEFLATED) as z:\n"
                               "    z.writestr('[Content_Types].xml', '<Types/>')\n"
                               "    with z.open('word/document.xml', 'w', force_zip64=True) as f:\n"
                               "        for _ in range(1024): f.write(bytes(1 << 20))\n",
                               corpus.dir() + "/records/bomb.docx"});
    REQUIRE(made.exit_code == 0);
    attach("bomb.docx");
    corpus.expect_rejected("more than the limit");
  }
  SECTION("DOCX zip bomb lying about its size") {
    fs::copy_file(source_path("tests/data/extract/bomb-lying.docx"), corpus.dir() + "/records/lying.docx");
    attach("lying.docx");
    corpus.expect_rejected("zip bomb");
  }
  SECTION("truncated PDF") {
    fs::copy_file(source_path("tests/data/extract/truncated.pdf"), corpus.dir() + "/records/cut.pdf");
    attach("cut.pdf");
    corpus.expect_rejected("PDF");
  }
  SECTION("PDF cut in half") {
    const std::string pdf = kr::test::read_file(source_path("tests/data/extract/sample.pdf"));
    write_file(corpus.dir() + "/records/half.pdf", pdf.substr(0, pdf.size() / 2));
    attach("half.pdf");
    corpus.expect_rejected("truncated");
  }
  SECTION("PDF without its last bytes (poppler would rebuild the rest)") {
    const std::string pdf = kr::test::read_file(source_path("tests/data/extract/sample.pdf"));
    write_file(corpus.dir() + "/records/tail.pdf", pdf.substr(0, pdf.size() - 60));
    attach("tail.pdf");
    corpus.expect_rejected("PDF is truncated (no %%EOF marker at its end)");
  }
  SECTION("encrypted PDF") {
    fs::copy_file(source_path("tests/data/extract/encrypted.pdf"), corpus.dir() + "/records/locked.pdf");
    attach("locked.pdf");
    corpus.expect_rejected("PDF is encrypted");
  }
  SECTION("HTML nested 100,000 deep") {
    std::string html;
    for (int i = 0; i < 100000; ++i) html += "<div>";
    write_file(corpus.dir() + "/records/deep.html", html);
    attach("deep.html");
    corpus.expect_rejected("HTML nests elements more than");
  }
}

TEST_CASE("hostile records: a good record turned bad keeps its last good version", "[hostile]") {
  Corpus corpus;
  write_file(corpus.dir() + "/good.xml",
             "<record xmlns=\"urn:mieux:knowledge-register:1\" id=\"good-record\"");
  const Corpus::Run run = corpus.index();
  CHECK(run.process.exit_code == 1);
  CHECK(run.documents == 1);
  Xapian::Database db(kr::live_database_path(corpus.index_dir()));
  CHECK(db.term_exists("zephyrbaseline"));
}
