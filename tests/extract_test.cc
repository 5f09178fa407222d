// indexer/extract: attachments -> plain text, over the small real files in tests/data/extract/
// (made by tests/data/extract/make-fixtures.sh with pandoc, groff, qpdf and python3).
#include "indexer/extract.h"

#include <catch2/catch.hpp>
#include <string>

#include "tests/support/test_support.h"

using kr::ErrorCode;
using kr::index::ExtractLimits;

namespace {

std::string fixture(const std::string& name) { return kr::test::source_path("tests/data/extract/" + name); }

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

// Extracts a fixture and fails the test with the error message when extraction fails.
std::string extract_ok(const std::string& name, const ExtractLimits& limits = {}) {
  auto text = kr::index::extract_file(fixture(name), limits);
  INFO(name << ": " << (text ? std::string() : text.error().to_string()));
  REQUIRE(text.ok());
  return *text;
}

kr::Error extract_error(const std::string& name, const ExtractLimits& limits = {}) {
  auto text = kr::index::extract_file(fixture(name), limits);
  INFO(name << " unexpectedly gave: " << (text ? text->substr(0, 200) : std::string()));
  REQUIRE_FALSE(text.ok());
  CHECK(text.error().file == fixture(name));
  return text.error();
}

}  // namespace

TEST_CASE("txt: UTF-8 kept, CRLF becomes LF", "[extract]") {
  const std::string text = extract_ok("sample.txt");
  CHECK(contains(text, "Stratégie nationale de migration en Côte d’Ivoire."));
  CHECK(contains(text, "Niño, Łódź, Straße."));
  CHECK(contains(text, "\n\nSecond paragraph."));
  CHECK_FALSE(contains(text, "\r"));
}

TEST_CASE("txt: invalid UTF-8 is an error, a byte order mark is dropped", "[extract]") {
  CHECK(extract_error("invalid.txt").code == ErrorCode::invalid_record);
  auto bom = kr::index::extract_txt("\xEF\xBB\xBFnaïve");
  REQUIRE(bom.ok());
  CHECK(*bom == "naïve");
}

TEST_CASE("markdown: text kept, link URLs dropped, blocks separated", "[extract]") {
  const std::string text = extract_ok("sample.md");
  CHECK(text.rfind("Guide de la diaspora\n\nLa stratégie nationale de Côte d’Ivoire favorise", 0) == 0);
  CHECK(contains(text, "la mobilité des compétences."));  // soft line break -> space
  CHECK(contains(text, "rapport d’évaluation"));          // link text
  CHECK(contains(text, "la carte des régions"));          // image alt text
  CHECK_FALSE(contains(text, "example.org"));
  CHECK_FALSE(contains(text, "secret-url"));
  CHECK(contains(text, "\n\nPremière étape : cartographie\n\nDeuxième étape"));
  CHECK(contains(text, "\n\ncode_block_sample = 1\n\n"));
  CHECK(contains(text, "Citation: niño y educación."));
  CHECK_FALSE(contains(text, "raw html block"));  // raw HTML is markup, not text
  CHECK_FALSE(contains(text, "**"));
}

TEST_CASE("markdown: invalid UTF-8 is an error", "[extract]") {
  auto text = kr::index::extract_markdown("# Strat\xE9gie");
  REQUIRE_FALSE(text.ok());
  CHECK(text.error().code == ErrorCode::invalid_record);
}

TEST_CASE("html: title first, visible text only, entities decoded", "[extract]") {
  const std::string text = extract_ok("sample.html");
  CHECK(text.rfind("Rapport & évaluation\n\nStratégie nationale\n\nLa Côte d’Ivoire favorise la mobilité des "
                   "compétences.",
                   0) == 0);
  CHECK(contains(text, "Niño\n\nŁódź"));
  CHECK(contains(text, "Last\nline"));
  for (const char* hidden : {"hidden", "never indexed", "font-family", "document.write"}) {
    INFO("hidden text: " << hidden);
    CHECK_FALSE(contains(text, hidden));
  }
}

TEST_CASE("html: broken markup still gives text", "[extract]") {
  auto text = kr::index::extract_html("<p>Un <b>texte <i>mal</p> ferm&eacute; <div>ici");
  REQUIRE(text.ok());
  CHECK(*text == "Un texte mal\n\nfermé\n\nici");
  auto empty = kr::index::extract_html("");
  REQUIRE(empty.ok());
  CHECK(empty->empty());
}

TEST_CASE("pdf: text of every page, accents intact", "[extract]") {
  const std::string text = extract_ok("sample.pdf");
  CHECK(contains(text, "Diaspora engagement guide"));
  CHECK(contains(text, "La stratégie nationale de la Côte d’Ivoire favorise la mobilité des compétences."));
  CHECK(contains(text, "Second page: evaluación del programa en España."));
  CHECK(text.find("Diaspora") < text.find("Second page"));
}

TEST_CASE("pdf: encrypted, truncated and garbage files are errors", "[extract]") {
  const kr::Error locked = extract_error("encrypted.pdf");
  CHECK(locked.code == ErrorCode::invalid_record);
  CHECK(locked.message == "PDF is encrypted");
  CHECK(extract_error("truncated.pdf").code == ErrorCode::invalid_record);
  CHECK_FALSE(kr::index::extract_pdf("%PDF-1.4\nnot really a pdf").ok());
  CHECK_FALSE(kr::index::extract_pdf("").ok());
}

TEST_CASE("docx: runs, tabs, breaks and paragraphs", "[extract]") {
  const std::string expected =
      "Rapport d’évaluation\n\n"
      "La stratégie nationale favorise la mobilité des compétences.\n\n"
      "Second paragraph: evaluación del programa.\nAfter a line break.\n\n"
      "Cell\tnext";
  CHECK(extract_ok("sample.docx") == expected);
  // The same document written as a stream: sizes in data descriptors after the data.
  CHECK(extract_ok("streamed.docx") == expected);
}

TEST_CASE("docx: zip bombs and broken archives are refused", "[extract]") {
  ExtractLimits small;
  small.max_docx_entry_bytes = 1u << 20;
  // 20 MiB of zeros, honestly declared: refused from the directory, before inflating.
  const kr::Error declared = extract_error("bomb.docx", small);
  CHECK(declared.code == ErrorCode::invalid_record);
  CHECK(contains(declared.message, "more than the limit"));
  // The same, declaring 1000 bytes: inflating stops once the declared size is passed.
  const kr::Error lying = extract_error("bomb-lying.docx");
  CHECK(lying.code == ErrorCode::invalid_record);
  CHECK(contains(lying.message, "declared size"));

  CHECK_FALSE(kr::index::extract_docx("PK\x03\x04 not a zip").ok());
  CHECK_FALSE(kr::index::extract_docx("").ok());
  const std::string docx = kr::test::read_file(fixture("sample.docx"));
  for (std::size_t cut : {100u, 2000u, 5000u, 9000u}) {
    INFO("first " << cut << " bytes");
    CHECK_FALSE(kr::index::extract_docx(docx.substr(0, cut)).ok());
  }
}

TEST_CASE("extract_file: dispatch by extension and file errors", "[extract]") {
  kr::test::TempDir dir;
  kr::test::write_file(dir / "UPPER.HTML", "<p>Majuscules</p>");
  auto upper = kr::index::extract_file(dir / "UPPER.HTML");
  REQUIRE(upper.ok());
  CHECK(*upper == "Majuscules");

  kr::test::write_file(dir / "notes.odt", "whatever");
  auto odt = kr::index::extract_file(dir / "notes.odt");
  REQUIRE_FALSE(odt.ok());
  CHECK(odt.error().code == ErrorCode::unsupported);
  CHECK(odt.error().file == dir / "notes.odt");
  CHECK(kr::index::extract_file(dir / "README").error().code == ErrorCode::unsupported);

  auto missing = kr::index::extract_file(dir / "missing.pdf");
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.error().code == ErrorCode::io_error);
  std::filesystem::create_directory(dir.path() / "folder.txt");
  CHECK(kr::index::extract_file(dir / "folder.txt").error().code == ErrorCode::io_error);

  ExtractLimits tiny;
  tiny.max_file_bytes = 50;
  CHECK(extract_error("sample.txt", tiny).code == ErrorCode::invalid_record);
}

TEST_CASE("extracted text is cut at max_text_bytes on a UTF-8 boundary", "[extract]") {
  ExtractLimits limits;
  limits.max_text_bytes = 5;
  auto txt = kr::index::extract_txt("ééé", limits);  // 6 bytes
  REQUIRE(txt.ok());
  CHECK(*txt == "éé");
  auto html = kr::index::extract_html("<p>ab</p><p>ééé</p>", limits);  // "ab\n\né" is 6 bytes
  REQUIRE(html.ok());
  CHECK(*html == "ab");
  limits.max_text_bytes = 30;
  const std::string pdf = extract_ok("sample.pdf", limits);
  CHECK(pdf.size() <= 30);
  CHECK(contains(pdf, "Diaspora"));
  const std::string docx = extract_ok("sample.docx", limits);
  CHECK(docx.size() <= 30);
  CHECK(docx.rfind("Rapport d’évaluation", 0) == 0);
}
