#pragma once
/// An independent reading of the sample corpus for tests (pugixml straight from the XML files,
/// not the project's record reader), to compute expected facet counts and hit sets.
#include <map>
#include <set>
#include <string>
#include <vector>

namespace kr::test {

struct CorpusRecord {
  std::string id, type, lang, audience, work, year, title;
  std::set<std::string> countries, regions, themes, pillars;
};

/// Every record of corpus/, regions derived from schemas/taxonomy.xml when the record has none.
const std::vector<CorpusRecord>& corpus_model();

/// Value set of a facet name ("type", "region", "country", "theme", "pillar", "lang", "year").
std::set<std::string> facet_values(const CorpusRecord& r, const std::string& facet);

}  // namespace kr::test
