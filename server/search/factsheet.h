#pragma once
/// Thematic / regional factsheets: key figures, counts by country, year and type, the key
/// practices with their partners and outcomes, and related handbooks and reports, for a scope of
/// themes, regions and pillars. Assembled from the Engine's public operations only (search with
/// filters and facet counts, Action counts, stored records); rendered by server/http.
#include <optional>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/taxonomy.h"
#include "server/search/engine.h"
#include "server/search/search_request.h"
#include "server/search/search_result.h"

namespace kr::search {

struct FactsheetRequest {
  /// The scope: OR within each list, AND across lists; at least one value in all.
  std::vector<std::string> themes, regions, pillars;
  UiLang ui_lang = UiLang::en;
  Access access;
  int max_practices = 8;  ///< key practices shown, newest first
  int max_related = 10;   ///< related handbooks and reports shown
};

/// One value of the scope with its label in the factsheet's language.
struct ScopeValue {
  Facet facet;
  std::string value, label;
};

struct FactsheetPractice {
  std::string id, title, date, lang;
  std::string action_code, action_name;  ///< empty when none
  std::vector<std::string> countries;    ///< country names in the factsheet's language
  std::vector<std::string> partners;
  std::string outcomes;  ///< the "Results" section (EN/FR/ES titles), else the summary; shortened
};

struct FactsheetRelated {
  std::string id, type, title, date;
};

struct Factsheet {
  std::string title;  ///< the scope's labels, e.g. "Diaspora engagement · West Africa"
  UiLang ui_lang = UiLang::en;
  std::vector<ScopeValue> scope;  ///< themes, then regions, then pillars
  long records = 0;               ///< records in scope the caller may see (every edition)
  long countries = 0;             ///< distinct countries of those records
  long actions = 0;               ///< distinct Action codes of those records
  std::optional<int> year_from, year_to;
  std::vector<FacetValue> by_country;  ///< countries with records, most records first
  std::vector<FacetValue> by_year;     ///< years with records, ascending
  std::vector<FacetValue> by_type;     ///< every type, zeros included
  std::vector<std::string> action_codes;
  std::vector<FactsheetPractice> practices;
  std::vector<FactsheetRelated> related;
};

class FactsheetBuilder {
 public:
  explicit FactsheetBuilder(Engine& engine) : engine_(engine) {}

  /// Errors: invalid_argument when the scope is empty, unknown_value for a value not in the
  /// taxonomy. Example: build({.themes = {"diaspora-engagement"}}) -> its factsheet.
  Result<Factsheet> build(const FactsheetRequest& request);

 private:
  Engine& engine_;
};

}  // namespace kr::search
