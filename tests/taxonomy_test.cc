// Taxonomy: loading and validating schemas/taxonomy.xml, and the lookups the indexer and the
// server make (labels, facet values, neighbouring countries).
#include "core/taxonomy.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "tests/support/test_support.h"

using kr::Facet;
using kr::Taxonomy;
using kr::UiLang;
using Strings = std::vector<std::string>;

namespace {

/// Expands the shorthands of the inline fixtures: {L} three labels, {N} three names. They are
/// always written after the element they belong to, so error columns before them stay readable.
std::string expand(std::string xml) {
  const std::pair<std::string, std::string> shorthands[] = {
      {"{L}", R"(<label lang="en">x</label><label lang="fr">x</label><label lang="es">x</label>)"},
      {"{N}", R"(<name lang="en">x</name><name lang="fr">x</name><name lang="es">x</name>)"},
  };
  for (const auto& [from, to] : shorthands) {
    for (auto at = xml.find(from); at != std::string::npos; at = xml.find(from, at + to.size())) {
      xml.replace(at, from.size(), to);
    }
  }
  return xml;
}

Taxonomy parse_ok(const std::string& xml) {
  auto t = Taxonomy::parse(expand(xml), "t.xml");
  INFO((t.ok() ? std::string() : t.error().to_string()));
  REQUIRE(t.ok());
  return std::move(t).value();
}

// A small valid taxonomy, with the namespace the real file uses.
const char* const kValid = R"(<?xml version="1.0" encoding="UTF-8"?>
<taxonomy xmlns="urn:mieux:knowledge-register:taxonomy:1" version="1">
  <languages><language id="en">{L}</language><language id="fr">{L}</language></languages>
  <regions>
    <region id="west"><label lang="en">West
      Africa</label><label lang="fr">Afrique de l'Ouest</label><label lang="es">África Occidental</label></region>
    <region id="east">{L}</region>
  </regions>
  <countries>
    <country code="GH" region="west">{N}<neighbours>CI BF</neighbours></country>
    <country code="CI" region="west"><name lang="en">Côte d'Ivoire</name><name lang="fr">Côte d’Ivoire</name><name lang="es">Costa de Marfil</name>
      <alias>Ivory Coast</alias><neighbours>GH</neighbours></country>
    <country code="BF" region="west">{N}<neighbours>GH</neighbours></country>
    <country code="NG" region="west">{N}</country>
    <country code="KE" region="east">{N}</country>
  </countries>
  <organisations>
    <organisation id="ecowas" acronym="ECOWAS">{L}<alias>CEDEAO</alias><members>GH NG</members></organisation>
  </organisations>
  <themes><theme id="diaspora">{L}</theme><theme id="asylum">{L}</theme></themes>
  <pillars><pillar id="legal-migration">{L}</pillar></pillars>
  <types><type id="practice">{L}</type><type id="report">{L}</type></types>
  <audiences><audience id="public">{L}</audience><audience id="internal">{L}</audience></audiences>
  <glossary>
    <term id="thb"><form lang="en" abbr="THB">trafficking in human beings</form><form lang="es">trata de personas</form></term>
  </glossary>
</taxonomy>
)";

}  // namespace

TEST_CASE("UI languages and facet names parse and round-trip") {
  CHECK(kr::parse_ui_lang("en") == UiLang::en);
  CHECK(kr::parse_ui_lang("fr") == UiLang::fr);
  CHECK(kr::parse_ui_lang("es") == UiLang::es);
  for (const char* bad : {"", "de", "EN", "english", "en "}) CHECK_FALSE(kr::parse_ui_lang(bad));

  const Strings names = {"type", "region", "country", "theme", "pillar", "lang", "year", "audience"};
  REQUIRE(names.size() == static_cast<std::size_t>(kr::kFacetCount));
  for (int i = 0; i < kr::kFacetCount; ++i) {
    CHECK(kr::facet_name(static_cast<Facet>(i)) == names[static_cast<std::size_t>(i)]);
    CHECK(kr::parse_facet(names[static_cast<std::size_t>(i)]) == static_cast<Facet>(i));
  }
  for (const char* bad : {"", "countries", "Region", "language"}) CHECK_FALSE(kr::parse_facet(bad));
}

TEST_CASE("a valid taxonomy keeps file order and answers lookups") {
  const Taxonomy t = parse_ok(kValid);

  CHECK(t.ids(Facet::region) == Strings{"west", "east"});
  CHECK(t.ids(Facet::country) == Strings{"GH", "CI", "BF", "NG", "KE"});
  CHECK(t.ids(Facet::type) == Strings{"practice", "report"});
  CHECK(t.ids(Facet::lang) == Strings{"en", "fr"});
  CHECK(t.ids(Facet::year).empty());

  // Multi-line labels read as one line.
  CHECK(t.label(Facet::region, "west", UiLang::en) == "West Africa");
  CHECK(t.label(Facet::region, "west", UiLang::fr) == "Afrique de l'Ouest");
  CHECK(t.label(Facet::region, "west", UiLang::es) == "África Occidental");
  CHECK(t.label(Facet::country, "CI", UiLang::es) == "Costa de Marfil");
  CHECK(t.label(Facet::theme, "no-such-theme", UiLang::fr) == "no-such-theme");
  CHECK(t.label(Facet::year, "2017", UiLang::fr) == "2017");

  const kr::VocabEntry* ci = t.find(Facet::country, "CI");
  REQUIRE(ci != nullptr);
  CHECK(ci->id == "CI");
  CHECK(ci->labels.in(UiLang::fr) == "Côte d’Ivoire");
  CHECK(t.find(Facet::year, "2017") == nullptr);

  const kr::Country* country = t.find_country("CI");
  REQUIRE(country != nullptr);
  CHECK(country->region == "west");
  CHECK(country->aliases == Strings{"Ivory Coast"});
  CHECK(country->neighbours == Strings{"GH"});
  CHECK(t.find_country("ci") == nullptr);

  const kr::Organisation* ecowas = t.find_organisation("ecowas");
  REQUIRE(ecowas != nullptr);
  CHECK(ecowas->acronym == "ECOWAS");
  CHECK(ecowas->aliases == Strings{"CEDEAO"});
  CHECK(ecowas->members == Strings{"GH", "NG"});

  REQUIRE(t.glossary().size() == 1);
  const auto& forms = t.glossary()[0].forms;
  REQUIRE(forms.size() == 2);
  CHECK((forms[0].lang == "en" && forms[0].abbr == "THB" && forms[0].text == "trafficking in human beings"));
  CHECK((forms[1].lang == "es" && forms[1].abbr.empty() && forms[1].text == "trata de personas"));
}

TEST_CASE("contains() accepts exactly the vocabulary values, and any four-digit year") {
  const Taxonomy t = parse_ok(kValid);
  struct Case {
    Facet facet;
    const char* value;
    bool expected;
  };
  // clang-format off
  const Case cases[] = {
      {Facet::year, "2017", true},  {Facet::year, "1999", true},   {Facet::year, "17", false},
      {Facet::year, "20x7", false}, {Facet::year, "20171", false},
      {Facet::country, "CI", true}, {Facet::country, "ci", false}, {Facet::country, "XX", false},
      {Facet::region, "west", true}, {Facet::region, "West", false},
      {Facet::lang, "fr", true},    {Facet::lang, "de", false},
      {Facet::theme, "asylum", true}, {Facet::pillar, "asylum", false},
      {Facet::audience, "internal", true},
      {Facet::type, "practice", true}, {Facet::type, "", false},
  };
  // clang-format on
  for (const Case& c : cases) {
    INFO(kr::facet_name(c.facet) << "=" << c.value);
    CHECK(t.contains(c.facet, c.value) == c.expected);
  }
}

TEST_CASE("neighbourhood() joins borders and organisation co-members") {
  const Taxonomy t = parse_ok(kValid);
  CHECK(t.neighbourhood("GH") == Strings{"BF", "CI", "NG"});  // borders + ECOWAS
  CHECK(t.neighbourhood("NG") == Strings{"GH"});              // ECOWAS only
  CHECK(t.neighbourhood("CI") == Strings{"GH"});              // border only
  CHECK(t.neighbourhood("KE").empty());
  CHECK(t.neighbourhood("ZZ").empty());
}

TEST_CASE("the namespace may be left out or prefixed") {
  const char* const plain = R"(<taxonomy><regions><region id="r">{L}</region></regions></taxonomy>)";
  const char* const prefixed =
      R"(<t:taxonomy xmlns:t="urn:mieux:knowledge-register:taxonomy:1"><t:regions><t:region id="r">)"
      R"(<t:label lang="en">x</t:label><t:label lang="fr">x</t:label><t:label lang="es">x</t:label>)"
      R"(</t:region></t:regions></t:taxonomy>)";
  CHECK(parse_ok(plain).ids(Facet::region) == Strings{"r"});
  CHECK(parse_ok(prefixed).ids(Facet::region) == Strings{"r"});
}

TEST_CASE("invalid taxonomies are rejected with file:line:column and the reason") {
  struct Case {
    const char* what;
    const char* xml;
    const char* where;
    const char* message;
  };
  const Case cases[] = {
      {"malformed XML", "<taxonomy>\n<regions>\n  <region id=\"r\">{L}\n  </regoin>\n</regions></taxonomy>",
       "t.xml:4:5", "malformed XML: Start-end tags mismatch"},
      {"invalid UTF-8", "<taxonomy>\n<regions><region id=\"r\">\n  <label lang=\"en\">caf\xE9</label>",
       "t.xml:3:23", "invalid UTF-8"},
      {"wrong root", "<?xml version=\"1.0\"?>\n<taxonomie/>", "t.xml:2:1",
       "root element is \"taxonomie\", expected \"taxonomy\""},
      {"wrong namespace", "<taxonomy xmlns=\"urn:other\"/>", "t.xml:1:1",
       "unexpected namespace \"urn:other\""},
      {"unknown version", "<taxonomy version=\"2\"/>", "t.xml:1:1", "unsupported taxonomy version \"2\""},
      {"missing label", R"(<taxonomy>
<regions>
  <region id="r"><label lang="en">x</label><label lang="es">x</label></region>
</regions></taxonomy>)",
       "t.xml:3:3", "region \"r\" has no fr label"},
      {"blank label", R"(<taxonomy>
<themes>
  <theme id="asylum"><label lang="en">x</label><label lang="fr"> </label><label lang="es">x</label></theme>
</themes></taxonomy>)",
       "t.xml:3:3", "theme \"asylum\" has no fr label"},
      {"label given twice", R"(<taxonomy>
<regions>
  <region id="r">{L}
    <label lang="en">y</label></region>
</regions></taxonomy>)",
       "t.xml:4:5", "region \"r\" has two en labels"},
      {"missing country name", R"(<taxonomy>
<regions><region id="r">{L}</region></regions>
<countries>
  <country code="CI" region="r"><name lang="en">x</name><name lang="fr">x</name></country>
</countries></taxonomy>)",
       "t.xml:4:3", "country \"CI\" has no es name"},
      {"missing id", R"(<taxonomy>
<pillars>
  <pillar>{L}</pillar>
</pillars></taxonomy>)",
       "t.xml:3:3", "pillar without id"},
      {"duplicate region", R"(<taxonomy>
<regions>
  <region id="r">{L}</region>
  <region id="r">{L}</region>
</regions></taxonomy>)",
       "t.xml:4:3", "duplicate region \"r\""},
      {"duplicate country", R"(<taxonomy>
<regions><region id="r">{L}</region></regions>
<countries>
  <country code="GH" region="r">{N}</country>
  <country code="GH" region="r">{N}</country>
</countries></taxonomy>)",
       "t.xml:5:3", "duplicate country \"GH\""},
      {"lower-case country code", R"(<taxonomy>
<regions><region id="r">{L}</region></regions>
<countries>
  <country code="Gh" region="r">{N}</country>
</countries></taxonomy>)",
       "t.xml:4:3", "country code \"Gh\" is not two upper-case letters"},
      {"three-letter country code", R"(<taxonomy>
<regions><region id="r">{L}</region></regions>
<countries>
  <country code="GHA" region="r">{N}</country>
</countries></taxonomy>)",
       "t.xml:4:3", "country code \"GHA\" is not two upper-case letters"},
      {"unknown region", R"(<taxonomy>
<regions><region id="r">{L}</region></regions>
<countries>
  <country code="GH" region="nowhere">{N}</country>
</countries></taxonomy>)",
       "t.xml:4:3", "region \"nowhere\" of country \"GH\" is not a region"},
      {"dangling neighbour", R"(<taxonomy>
<regions><region id="r">{L}</region></regions>
<countries>
  <country code="GH" region="r">{N}
    <neighbours>CI XX</neighbours></country>
  <country code="CI" region="r">{N}<neighbours>GH</neighbours></country>
</countries></taxonomy>)",
       "t.xml:5:5", "neighbour \"XX\" of country \"GH\" is not a country"},
      {"one-sided neighbours", R"(<taxonomy>
<regions><region id="r">{L}</region></regions>
<countries>
  <country code="GH" region="r">{N}
    <neighbours>CI</neighbours></country>
  <country code="CI" region="r">{N}</country>
</countries></taxonomy>)",
       "t.xml:5:5", "country \"GH\" lists \"CI\" as a neighbour but \"CI\" does not list \"GH\""},
      {"own neighbour", R"(<taxonomy>
<regions><region id="r">{L}</region></regions>
<countries>
  <country code="GH" region="r">{N}
    <neighbours>GH</neighbours></country>
</countries></taxonomy>)",
       "t.xml:5:5", "country \"GH\" lists itself as a neighbour"},
      {"neighbour listed twice", R"(<taxonomy>
<regions><region id="r">{L}</region></regions>
<countries>
  <country code="GH" region="r">{N}
    <neighbours>CI CI</neighbours></country>
  <country code="CI" region="r">{N}<neighbours>GH</neighbours></country>
</countries></taxonomy>)",
       "t.xml:5:5", "country \"GH\" lists neighbour \"CI\" twice"},
      {"dangling member", R"(<taxonomy>
<regions><region id="r">{L}</region></regions>
<countries><country code="GH" region="r">{N}</country></countries>
<organisations>
  <organisation id="ecowas">{L}
    <members>GH XX</members></organisation>
</organisations></taxonomy>)",
       "t.xml:6:5", "member \"XX\" of organisation \"ecowas\" is not a country"},
      {"glossary term without forms", R"(<taxonomy>
<glossary>
  <term id="thb"></term>
</glossary></taxonomy>)",
       "t.xml:3:3", "term \"thb\" has no form"},
      {"glossary form without text", R"(<taxonomy>
<glossary>
  <term id="thb"><form lang="en" abbr="THB"/></term>
</glossary></taxonomy>)",
       "t.xml:3:18", "a form of term \"thb\" needs a lang and a text"},
      // "Été" is 3 characters but 5 bytes: columns count characters, as editors show them.
      {"columns count characters", R"(<taxonomy>
<regions>
  <region id="r"><label lang="en">Été</label><label lang="en">y</label></region>
</regions></taxonomy>)",
       "t.xml:3:46", "region \"r\" has two en labels"},
  };
  for (const Case& c : cases) {
    INFO(c.what);
    const auto t = Taxonomy::parse(expand(c.xml), "t.xml");
    REQUIRE_FALSE(t.ok());
    CHECK(t.error().code == kr::ErrorCode::invalid_taxonomy);
    const std::string where =
        t.error().file + ":" + std::to_string(t.error().line) + ":" + std::to_string(t.error().column);
    CHECK(where == c.where);
    CHECK_THAT(t.error().message, Catch::Contains(c.message));
  }
}

TEST_CASE("load() names the file in its errors") {
  kr::test::TempDir dir;
  const std::string missing = dir / "missing.xml";
  const auto not_there = Taxonomy::load(missing);
  REQUIRE_FALSE(not_there.ok());
  CHECK(not_there.error().code == kr::ErrorCode::io_error);
  CHECK(not_there.error().file == missing);

  const std::string bad = dir / "taxonomy.xml";
  kr::test::write_file(bad, "<taxonomy>\n  <regions><region/></regions>\n</taxonomy>\n");
  const auto invalid = Taxonomy::load(bad);
  REQUIRE_FALSE(invalid.ok());
  CHECK(invalid.error().to_string() == bad + ":2:12: region without id");
}

// ---- The project's own schemas/taxonomy.xml -----------------------------------------------------

namespace {

/// The real taxonomy, or nullopt (with a warning) while the file has not been written yet.
std::optional<Taxonomy> project_taxonomy() {
  const std::string path = kr::test::source_path("schemas/taxonomy.xml");
  if (!std::filesystem::exists(path)) {
    WARN("schemas/taxonomy.xml does not exist yet: skipping the checks of the real taxonomy");
    return std::nullopt;
  }
  auto t = Taxonomy::load(path);
  INFO((t.ok() ? std::string() : t.error().to_string()));
  REQUIRE(t.ok());
  return std::move(t).value();
}

}  // namespace

TEST_CASE("schemas/taxonomy.xml has the expected vocabularies") {
  const auto t = project_taxonomy();
  if (!t) return;
  CHECK(t->regions().size() == 8);
  CHECK(t->themes().size() == 18);
  CHECK(t->pillars().size() == 5);
  CHECK(t->types().size() == 5);
  CHECK(t->countries().size() >= 249);
  CHECK(t->glossary().size() >= 40);
  CHECK(t->ids(Facet::type) == Strings{"practice", "report", "handbook", "factsheet", "article"});
  CHECK(t->ids(Facet::audience) == Strings{"public", "internal"});
  for (const char* lang : {"en", "fr", "es"}) CHECK(t->contains(Facet::lang, lang));
}

TEST_CASE("schemas/taxonomy.xml labels known entries in English, French and Spanish") {
  const auto t = project_taxonomy();
  if (!t) return;
  CHECK(t->label(Facet::country, "CI", UiLang::en) == "Côte d'Ivoire");
  CHECK(t->label(Facet::country, "CI", UiLang::es) == "Costa de Marfil");
  CHECK_THAT(t->label(Facet::country, "CI", UiLang::fr), Catch::StartsWith("Côte d"));
  const kr::Country* ci = t->find_country("CI");
  REQUIRE(ci != nullptr);
  CHECK(ci->region == "africa-west");
  CHECK(std::find(ci->aliases.begin(), ci->aliases.end(), "Ivory Coast") != ci->aliases.end());

  REQUIRE(t->contains(Facet::theme, "trafficking-smuggling"));
  for (UiLang lang : {UiLang::en, UiLang::fr, UiLang::es}) {
    const std::string label = t->label(Facet::theme, "trafficking-smuggling", lang);
    CHECK_FALSE(label.empty());
    CHECK(label != "trafficking-smuggling");
  }
  // Labels differ between languages (a copy-pasted English label would slip through otherwise).
  CHECK(t->label(Facet::theme, "trafficking-smuggling", UiLang::fr) !=
        t->label(Facet::theme, "trafficking-smuggling", UiLang::en));
  CHECK(t->contains(Facet::region, "africa-ces"));
  CHECK(t->contains(Facet::pillar, "legal-migration"));
}

TEST_CASE("schemas/taxonomy.xml knows neighbours and regional organisations") {
  const auto t = project_taxonomy();
  if (!t) return;
  const kr::Country* gh = t->find_country("GH");
  REQUIRE(gh != nullptr);
  CHECK(std::find(gh->neighbours.begin(), gh->neighbours.end(), "CI") != gh->neighbours.end());

  const Strings ge = t->neighbourhood("GE");
  for (const char* code : {"AZ", "UA", "MD"}) {  // AZ borders GE; UA and MD through GUAM
    INFO(code);
    CHECK(std::binary_search(ge.begin(), ge.end(), std::string(code)));
  }
  CHECK_FALSE(std::binary_search(ge.begin(), ge.end(), std::string("GE")));

  const auto ecowas = std::find_if(t->organisations().begin(), t->organisations().end(),
                                   [](const kr::Organisation& o) { return o.acronym == "ECOWAS"; });
  REQUIRE(ecowas != t->organisations().end());
  CHECK(std::find(ecowas->members.begin(), ecowas->members.end(), "NG") != ecowas->members.end());
}
