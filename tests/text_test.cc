// core/text: normalisation, folding, UTF-8 validation, stemmer names.
#include "core/text.h"

#include <catch2/catch.hpp>
#include <string>

namespace {

struct Case {
  const char* input;
  const char* expected;
};

}  // namespace

TEST_CASE("normalise removes accents and keeps case", "[text]") {
  kr::TextNormaliser n;
  const Case cases[] = {
      {"Côte d’Ivoire", "Cote d Ivoire"},
      {"Côte d'Ivoire", "Cote d Ivoire"},
      {"Côte dʼIvoire", "Cote d Ivoire"},
      {"‘quoted’", " quoted "},
      {"Niño", "Nino"},
      {"nationalité", "nationalite"},
      {"Œuvre", "OEuvre"},
      {"œuvre", "oeuvre"},
      {"Straße", "Strasse"},
      {"Łódź", "Lodz"},
      {"Æther Ørsted", "AEther Orsted"},
      {"Đakovo đ", "Dakovo d"},
      {"þorn", "thorn"},
      {"Kırıkkale", "Kirikkale"},
      {"São Tomé e Príncipe", "Sao Tome e Principe"},
      {"Ελλάδα", "Ελλαδα"},      // Greek stays Greek, the tonos goes
      {"Беларусь", "Беларусь"},  // Cyrillic is not romanised
      {"Кыргызстан", "Кыргызстан"},
      {"مصر", "مصر"},  // Arabic is not romanised
      {"trafficking AND smuggling OR THB", "trafficking AND smuggling OR THB"},
      {"NOT", "NOT"},
      {"ﬁnance", "finance"},       // NFKC: ligature
      {"ＡＢＣ１２３", "ABC123"},  // NFKC: full-width forms
      {"x²", "x2"},
      {"", ""},
      {"plain ascii 123", "plain ascii 123"},
  };
  for (const auto& c : cases) {
    INFO("input: " << c.input);
    CHECK(n.normalise(c.input) == c.expected);
  }
}

TEST_CASE("fold is normalise plus full case folding", "[text]") {
  kr::TextNormaliser n;
  const Case cases[] = {
      {"ÉDUCATION", "education"}, {"Éducation", "education"},
      {"TRATA", "trata"},         {"STRASSE", "strasse"},
      {"Straße", "strasse"},      {"ŒUVRE", "oeuvre"},
      {"İstanbul", "istanbul"},   {"БЕЛАРУСЬ", "беларусь"},
      {"ΕΛΛΆΔΑ", "ελλαδα"},       {"Côte d’Ivoire", "cote d ivoire"},
      {"ＡＢＣ", "abc"},
  };
  for (const auto& c : cases) {
    INFO("input: " << c.input);
    CHECK(n.fold(c.input) == c.expected);
  }
}

TEST_CASE("invalid UTF-8 becomes U+FFFD", "[text]") {
  kr::TextNormaliser n;
  const std::string replacement = "\xEF\xBF\xBD";
  CHECK(n.normalise("caf\xE9") == "caf" + replacement);
  CHECK(n.normalise("a\xFF"
                    "b") == "a" + replacement + "b");
  CHECK(n.fold("\xC3"
               "ABC") == replacement + "abc");  // truncated sequence
  CHECK(kr::is_valid_utf8(n.normalise("\xED\xA0\x80 \xC0\xAF x\xF0\x9F")));
}

TEST_CASE("long text folds the same as its pieces", "[text]") {
  kr::TextNormaliser n;
  std::string input, expected;
  for (int i = 0; i < 300; ++i) {
    input += "Côte d’Ivoire, Ελλάδα, Łódź, ";
    expected += "Cote d Ivoire, Ελλαδα, Lodz, ";
  }
  CHECK(n.normalise(input) == expected);
  std::string decomposed;  // e + U+0301: NFKC composes, then the accent goes
  for (int i = 0; i < 1000; ++i) decomposed += "e\xCC\x81";
  CHECK(n.normalise(decomposed) == std::string(1000, 'e'));
  std::string marks = "a";  // one base letter carrying a long run of combining marks
  for (int i = 0; i < 3000; ++i) marks += "\xCC\x81";
  CHECK(n.normalise(marks + " b") == "a b");
  std::string english(5000, 'x');
  english += " l'OR";
  CHECK(n.fold("É" + english) == "e" + std::string(5000, 'x') + " l or");
}

TEST_CASE("a normaliser can be reused", "[text]") {
  kr::TextNormaliser n;
  for (int i = 0; i < 3; ++i) {
    CHECK(n.normalise("Côte") == "Cote");
    CHECK(n.fold("Niño") == "nino");
  }
}

TEST_CASE("is_valid_utf8 is strict", "[text]") {
  struct Utf8Case {
    std::string bytes;
    bool valid;
  };
  const Utf8Case cases[] = {
      {"", true},
      {"ascii", true},
      {"Côte d’Ivoire", true},
      {"\xF0\x9F\x98\x80", true},      // U+1F600, 4 bytes
      {"\xF4\x8F\xBF\xBF", true},      // U+10FFFF, the last code point
      {"\xEF\xBF\xBD", true},          // U+FFFD itself
      {std::string("a\0b", 3), true},  // NUL is valid UTF-8
      {"\xC0\xAF", false},             // overlong '/'
      {"\xC1\xBF", false},             // overlong
      {"\xE0\x80\xAF", false},         // overlong, 3 bytes
      {"\xF0\x80\x80\xAF", false},     // overlong, 4 bytes
      {"\xED\xA0\x80", false},         // surrogate U+D800
      {"\xED\xBF\xBF", false},         // surrogate U+DFFF
      {"\xF4\x90\x80\x80", false},     // U+110000
      {"\xF5\x80\x80\x80", false},     // lead byte beyond U+10FFFF
      {"\xC3", false},                 // truncated at the end
      {"\xE2\x80", false},             // truncated at the end
      {"\xE2\x80x", false},            // bad continuation
      {"\x80", false},                 // stray continuation
      {"caf\xE9", false},              // Latin-1
      {"\xFF", false},
  };
  for (const auto& c : cases) {
    INFO("bytes of length " << c.bytes.size());
    CHECK(kr::is_valid_utf8(c.bytes) == c.valid);
  }
}

TEST_CASE("stemmer_name maps the record languages", "[text]") {
  const Case cases[] = {
      {"en", "english"}, {"fr", "french"}, {"es", "spanish"}, {"EN", "english"}, {"fr-BE", "french"},
      {"de", ""},        {"ru", ""},       {"", ""},          {"eng", ""},
  };
  for (const auto& c : cases) {
    INFO("lang: " << c.input);
    CHECK(kr::stemmer_name(c.input) == c.expected);
  }
}
