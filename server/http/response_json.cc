#include "server/http/response_json.h"

#include "core/json_writer.h"

namespace kr::http {

namespace {

constexpr const char* kLangCodes[] = {"en", "fr", "es"};

// Facets in the order of the API's `facets` object.
constexpr Facet kResponseFacets[] = {Facet::region, Facet::country, Facet::theme, Facet::pillar,
                                     Facet::type,   Facet::lang,    Facet::year};

void write_labels(JsonWriter& w, const Labels& labels, UiLang ui_lang) {
  w.member("label", labels.in(ui_lang));
  w.key("labels");
  w.begin_object();
  for (int i = 0; i < 3; ++i) w.member(kLangCodes[i], labels.text[i]);
  w.end_object();
}

void write_vocabulary(JsonWriter& w, const char* name, const std::vector<VocabEntry>& entries,
                      UiLang ui_lang) {
  w.key(name);
  w.begin_array();
  for (const auto& e : entries) {
    w.begin_object();
    w.member("id", e.id);
    write_labels(w, e.labels, ui_lang);
    w.end_object();
  }
  w.end_array();
}

void write_facets(JsonWriter& w, const std::vector<search::FacetCounts>& facets) {
  w.key("facets");
  w.begin_object();
  for (Facet f : kResponseFacets) {
    w.key(facet_name(f));
    w.begin_array();
    for (const auto& counts : facets) {
      if (counts.facet != f) continue;
      for (const auto& v : counts.values) {
        w.begin_object();
        w.member("value", v.value);
        w.member("label", v.label);
        w.member("count", v.count);
        w.member("selected", v.selected);
        w.end_object();
      }
    }
    w.end_array();
  }
  w.end_object();
}

void write_hits(JsonWriter& w, const std::vector<search::Hit>& hits) {
  w.key("hits");
  w.begin_array();
  for (const auto& hit : hits) write_hit(w, hit);
  w.end_array();
}

}  // namespace

void write_hit(JsonWriter& w, const search::Hit& hit) {
  w.begin_object();
  w.member("id", hit.id);
  w.member("type", hit.type);
  w.member("title", hit.title);
  w.member("date", hit.date);
  w.member("lang", hit.lang);
  w.key("countries");
  w.strings(hit.countries);
  w.key("regions");
  w.strings(hit.regions);
  w.key("themes");
  w.strings(hit.themes);
  w.key("pillars");
  w.strings(hit.pillars);
  w.key("action");
  if (hit.action_code.empty()) {
    w.null();
  } else {
    w.begin_object();
    w.member("code", hit.action_code);
    w.member("name", hit.action_name);
    w.end_object();
  }
  w.key("score");
  w.value(hit.score, 4);
  w.member("snippet", hit.snippet);
  w.key("editions");
  w.begin_array();
  for (const auto& e : hit.editions) {
    w.begin_object();
    w.member("id", e.id);
    w.member("lang", e.lang);
    w.member("title", e.title);
    w.end_object();
  }
  w.end_array();
  w.end_object();
}

std::string search_result_json(const search::SearchResult& result) {
  std::string out;
  out.reserve(4096);
  JsonWriter w(out);
  w.begin_object();
  w.member("query", result.query);
  w.key("suggestion");
  if (result.suggestion) {
    w.value(*result.suggestion);
  } else {
    w.null();
  }
  w.member("total", result.total);
  w.member("page", result.page);
  w.member("per_page", result.per_page);
  w.key("took_ms");
  w.value(result.took_ms, 3);
  write_hits(w, result.hits);
  write_facets(w, result.facets);
  if (!result.missing_shards.empty()) {
    w.key("missing_shards");
    w.begin_array();
    for (const auto& s : result.missing_shards) w.value(s);
    w.end_array();
  }
  w.end_object();
  return out;
}

std::string similar_json(const std::string& id, const std::string& scope,
                         const std::vector<search::Hit>& hits) {
  std::string out;
  JsonWriter w(out);
  w.begin_object();
  w.member("id", id);
  w.member("scope", scope);
  write_hits(w, hits);
  w.end_object();
  return out;
}

std::string taxonomy_json(const Taxonomy& taxonomy, UiLang ui_lang) {
  std::string out;
  out.reserve(64 * 1024);
  JsonWriter w(out);
  w.begin_object();
  w.member("ui_lang", kLangCodes[static_cast<int>(ui_lang)]);
  write_vocabulary(w, "types", taxonomy.types(), ui_lang);
  write_vocabulary(w, "regions", taxonomy.regions(), ui_lang);
  w.key("countries");
  w.begin_array();
  for (const auto& c : taxonomy.countries()) {
    w.begin_object();
    w.member("id", c.code);
    write_labels(w, c.names, ui_lang);
    w.member("region", c.region);
    w.key("neighbours");
    w.strings(c.neighbours);
    w.key("aliases");
    w.strings(c.aliases);
    w.end_object();
  }
  w.end_array();
  w.key("organisations");
  w.begin_array();
  for (const auto& o : taxonomy.organisations()) {
    w.begin_object();
    w.member("id", o.id);
    w.member("acronym", o.acronym);
    write_labels(w, o.labels, ui_lang);
    w.key("members");
    w.strings(o.members);
    w.end_object();
  }
  w.end_array();
  write_vocabulary(w, "themes", taxonomy.themes(), ui_lang);
  write_vocabulary(w, "pillars", taxonomy.pillars(), ui_lang);
  write_vocabulary(w, "languages", taxonomy.languages(), ui_lang);
  write_vocabulary(w, "audiences", taxonomy.audiences(), ui_lang);
  w.key("glossary");
  w.begin_array();
  for (const auto& term : taxonomy.glossary()) {
    w.begin_object();
    w.member("id", term.id);
    w.key("forms");
    w.begin_array();
    for (const auto& form : term.forms) {
      w.begin_object();
      w.member("lang", form.lang);
      w.member("abbr", form.abbr);
      w.member("text", form.text);
      w.end_object();
    }
    w.end_array();
    w.end_object();
  }
  w.end_array();
  w.end_object();
  return out;
}

std::string completions_json(const std::string& query, const std::vector<search::Completion>& completions) {
  std::string out;
  JsonWriter w(out);
  w.begin_object();
  w.member("query", query);
  w.key("completions");
  w.begin_array();
  for (const auto& c : completions) {
    w.begin_object();
    w.member("text", c.text);
    w.member("count", c.count);
    w.end_object();
  }
  w.end_array();
  w.end_object();
  return out;
}

std::string status_json(const search::IndexStatus& status) {
  std::string out;
  JsonWriter w(out);
  w.begin_object();
  w.member("status", status.missing_shards.empty() ? "ok" : "degraded");
  w.member("documents", status.documents);
  w.member("updated", status.updated);
  w.member("shards", status.shards);
  w.member("phrase_pairs", status.phrase_pairs);
  if (!status.missing_shards.empty()) {
    w.key("missing_shards");
    w.begin_array();
    for (const auto& s : status.missing_shards) w.value(s);
    w.end_array();
  }
  w.end_object();
  return out;
}

}  // namespace kr::http
