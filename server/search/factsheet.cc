#include "server/search/factsheet.h"

#include <algorithm>
#include <set>

namespace kr::search {

namespace {

constexpr std::size_t kOutcomesLimit = 600;  // bytes; a factsheet shows a paragraph, not a report

/// Section titles that hold a practice's outcomes ("Results", "Results and lessons learnt",
/// "Résultats…", "Resultados…").
bool is_results_title(const std::string& title) {
  for (const char* prefix : {"Result", "result", "Résultat", "résultat", "Resultado", "resultado"})
    if (title.rfind(prefix, 0) == 0) return true;
  return false;
}

/// `text` cut at a space before `limit` bytes (never inside a UTF-8 sequence), with an ellipsis.
std::string shorten(const std::string& text, std::size_t limit) {
  if (text.size() <= limit) return text;
  std::size_t cut = text.rfind(' ', limit);
  if (cut == std::string::npos || cut < limit / 2) {
    cut = limit;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  }
  return text.substr(0, cut) + "…";
}

std::string outcomes_of(const Record& r) {
  for (const auto& s : r.sections)
    if (is_results_title(s.title) && !s.text.empty()) return shorten(s.text, kOutcomesLimit);
  return shorten(r.summary, kOutcomesLimit);
}

const std::vector<FacetValue>& facet(const SearchResult& res, Facet f) {
  static const std::vector<FacetValue> none;
  for (const auto& fc : res.facets)
    if (fc.facet == f) return fc.values;
  return none;
}

std::vector<FacetValue> non_zero(const std::vector<FacetValue>& values) {
  std::vector<FacetValue> out;
  std::copy_if(values.begin(), values.end(), std::back_inserter(out),
               [](const FacetValue& v) { return v.count > 0; });
  return out;
}

bool is_related_type(const std::string& type) { return type == "handbook" || type == "report"; }

}  // namespace

Result<Factsheet> FactsheetBuilder::build(const FactsheetRequest& req) {
  if (req.themes.empty() && req.regions.empty() && req.pillars.empty()) {
    return make_error(ErrorCode::invalid_argument, "a factsheet needs a theme, region or pillar");
  }
  const Taxonomy& taxonomy = engine_.taxonomy();
  Factsheet fs;
  fs.ui_lang = req.ui_lang;
  SearchRequest scope;
  scope.ui_lang = req.ui_lang;
  scope.access = req.access;
  scope.sort = Sort::date_desc;
  for (auto [f, values] : {std::pair{Facet::theme, &req.themes}, std::pair{Facet::region, &req.regions},
                           std::pair{Facet::pillar, &req.pillars}}) {
    for (const auto& v : *values) {
      if (!taxonomy.contains(f, v)) {
        return make_error(ErrorCode::unknown_value, std::string("unknown ") + facet_name(f) + " '" + v + "'");
      }
      auto& selected = scope.filters[static_cast<int>(f)];
      if (std::find(selected.begin(), selected.end(), v) != selected.end()) continue;
      selected.push_back(v);
      fs.scope.push_back(ScopeValue{f, v, taxonomy.label(f, v, req.ui_lang)});
    }
  }
  for (const auto& s : fs.scope) fs.title += (fs.title.empty() ? "" : " · ") + s.label;

  // Figures: the facet counts of the scope are exact, and type, country and year are not
  // filtered, so they count every record in scope (each record has exactly one type).
  SearchRequest figures = scope;
  figures.per_page = 1;
  auto counted = engine_.search(figures);
  if (!counted) return counted.error();
  fs.by_type = facet(*counted, Facet::type);
  for (const auto& t : fs.by_type) fs.records += t.count;
  fs.by_country = non_zero(facet(*counted, Facet::country));
  fs.countries = static_cast<long>(fs.by_country.size());
  fs.by_year = non_zero(facet(*counted, Facet::year));
  std::sort(fs.by_year.begin(), fs.by_year.end(),
            [](const FacetValue& a, const FacetValue& b) { return a.value < b.value; });
  if (!fs.by_year.empty()) {
    fs.year_from = std::stoi(fs.by_year.front().value);
    fs.year_to = std::stoi(fs.by_year.back().value);
  }
  auto actions = engine_.action_counts(scope);
  if (!actions) return actions.error();
  for (const auto& a : *actions) fs.action_codes.push_back(a.code);
  fs.actions = static_cast<long>(fs.action_codes.size());

  // Key practices: the newest, one per work, in the reader's language where an edition exists.
  SearchRequest practices = scope;
  practices.filters[static_cast<int>(Facet::type)] = {"practice"};
  practices.per_page = req.max_practices;
  practices.with_facets = false;
  auto found = engine_.search(practices);
  if (!found) return found.error();
  std::set<std::string> related_refs;
  for (const auto& hit : found->hits) {
    auto record = engine_.stored_record(hit.id, req.access);
    if (!record) continue;  // vanished between the two reads (a re-index): leave it out
    FactsheetPractice p;
    p.id = hit.id;
    p.title = hit.title;
    p.date = hit.date;
    p.lang = hit.lang;
    p.action_code = hit.action_code;
    p.action_name = hit.action_name;
    p.partners = record->partners;
    p.outcomes = outcomes_of(*record);
    for (const auto& c : hit.countries) p.countries.push_back(taxonomy.label(Facet::country, c, req.ui_lang));
    fs.practices.push_back(std::move(p));
    related_refs.insert(record->related.begin(), record->related.end());
  }

  // Related: handbooks and reports in scope, then those the key practices point to.
  SearchRequest related = scope;
  related.filters[static_cast<int>(Facet::type)] = {"handbook", "report"};
  related.per_page = req.max_related;
  related.with_facets = false;
  auto publications = engine_.search(related);
  if (!publications) return publications.error();
  std::set<std::string> listed;  // ids and works: one edition of a work is enough
  for (const auto& hit : publications->hits) {
    fs.related.push_back(FactsheetRelated{hit.id, hit.type, hit.title, hit.date});
    listed.insert(hit.id);
    if (!hit.work.empty()) listed.insert("work:" + hit.work);
  }
  for (const auto& id : related_refs) {
    if (fs.related.size() >= static_cast<std::size_t>(req.max_related)) break;
    if (listed.count(id)) continue;
    auto record = engine_.stored_record(id, req.access);  // not_found also when not visible
    if (!record || !is_related_type(record->type)) continue;
    if (!record->work.empty() && !listed.insert("work:" + record->work).second) continue;
    fs.related.push_back(FactsheetRelated{record->id, record->type, record->title, record->date});
    listed.insert(id);
  }
  return fs;
}

}  // namespace kr::search
