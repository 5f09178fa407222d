#include "tests/support/corpus_model.h"

#include <pugixml.hpp>

#include "tests/support/corpus_facts.h"
#include "tests/support/test_support.h"

namespace kr::test {

namespace {

std::map<std::string, std::string> country_regions() {
  std::map<std::string, std::string> out;
  pugi::xml_document doc;
  doc.load_file(source_path("schemas/taxonomy.xml").c_str());
  for (auto c : doc.child("taxonomy").child("countries").children("country"))
    out[c.attribute("code").value()] = c.attribute("region").value();
  return out;
}

std::set<std::string> children_text(pugi::xml_node parent, const char* name) {
  std::set<std::string> out;
  for (auto c : parent.children(name)) out.insert(c.text().get());
  return out;
}

}  // namespace

const std::vector<CorpusRecord>& corpus_model() {
  static const std::vector<CorpusRecord> records = [] {
    auto regions_of = country_regions();
    std::vector<CorpusRecord> out;
    for (const auto& path : corpus_record_files()) {
      pugi::xml_document doc;
      doc.load_file(path.c_str());
      auto r = doc.child("record");
      CorpusRecord c;
      c.id = r.attribute("id").value();
      c.type = r.attribute("type").value();
      c.lang = r.attribute("lang").value();
      c.audience = r.attribute("audience") ? r.attribute("audience").value() : "public";
      c.work = r.attribute("work").value();
      c.year = std::string(r.child("date").text().get()).substr(0, 4);
      c.title = r.child("title").text().get();
      c.countries = children_text(r.child("countries"), "country");
      c.regions = children_text(r.child("regions"), "region");
      if (!r.child("regions"))
        for (const auto& cc : c.countries) c.regions.insert(regions_of[cc]);
      c.themes = children_text(r.child("themes"), "theme");
      c.pillars = children_text(r.child("pillars"), "pillar");
      out.push_back(c);
    }
    return out;
  }();
  return records;
}

std::set<std::string> facet_values(const CorpusRecord& r, const std::string& facet) {
  if (facet == "type") return {r.type};
  if (facet == "lang") return {r.lang};
  if (facet == "year") return {r.year};
  if (facet == "region") return r.regions;
  if (facet == "country") return r.countries;
  if (facet == "theme") return r.themes;
  if (facet == "pillar") return r.pillars;
  return {};
}

}  // namespace kr::test
