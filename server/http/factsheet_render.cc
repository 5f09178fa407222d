#include "server/http/factsheet_render.h"

#include "core/json_writer.h"
#include "core/markup_escape.h"
#include "server/http/factsheet_strings.h"

namespace kr::http {

namespace {

constexpr const char* kLangCodes[] = {"en", "fr", "es"};
constexpr Facet kScopeFacets[] = {Facet::theme, Facet::region, Facet::pillar};

void write_counts(JsonWriter& w, const char* key, const std::vector<search::FacetValue>& values,
                  bool labels) {
  w.key(key);
  w.begin_array();
  for (const auto& v : values) {
    w.begin_object();
    w.member("value", v.value);
    if (labels) w.member("label", v.label);
    w.member("count", v.count);
    w.end_object();
  }
  w.end_array();
}

/// Backslash-escapes what Markdown would read as markup, and folds line breaks into spaces
/// (a newline inside a list item or heading would end it).
std::string md(const std::string& text) {
  std::string out;
  out.reserve(text.size() + 8);
  for (char c : text) {
    switch (c) {
      case '\\':
      case '`':
      case '*':
      case '_':
      case '[':
      case ']':
      case '<':
      case '>':
      case '|':
      case '#':
      case '!':
        out += '\\';
        out += c;
        break;
      case '\n':
      case '\r':
        out += ' ';
        break;
      default:
        out += c;
    }
  }
  return out;
}

}  // namespace

std::string factsheet_search_url(const search::Factsheet& fs) {
  std::string url = "/";
  for (const auto& s : fs.scope) {
    url += url.size() == 1 ? "?" : "&";
    url += facet_name(s.facet);
    url += '=';
    url += percent_encode(s.value);
  }
  return url;
}

std::string factsheet_years(const search::Factsheet& fs) {
  if (!fs.year_from) return "–";
  if (*fs.year_from == *fs.year_to) return std::to_string(*fs.year_from);
  return std::to_string(*fs.year_from) + "–" + std::to_string(*fs.year_to);
}

std::string factsheet_json(const search::Factsheet& fs) {
  std::string out;
  out.reserve(8192);
  JsonWriter w(out);
  w.begin_object();
  w.member("title", fs.title);
  w.member("ui_lang", kLangCodes[static_cast<int>(fs.ui_lang)]);
  w.key("scope");
  w.begin_object();
  for (Facet f : kScopeFacets) {
    w.key(facet_name(f));
    w.begin_array();
    for (const auto& s : fs.scope)
      if (s.facet == f) w.value(s.value);
    w.end_array();
  }
  w.end_object();
  w.key("scope_labels");
  w.begin_object();
  for (const auto& s : fs.scope) w.member(s.value, s.label);
  w.end_object();
  w.key("figures");
  w.begin_object();
  w.member("records", fs.records);
  w.member("countries", fs.countries);
  w.member("actions", fs.actions);
  w.key("year_from");
  fs.year_from ? w.value(*fs.year_from) : w.null();
  w.key("year_to");
  fs.year_to ? w.value(*fs.year_to) : w.null();
  w.end_object();
  write_counts(w, "by_country", fs.by_country, true);
  write_counts(w, "by_year", fs.by_year, false);
  write_counts(w, "by_type", fs.by_type, true);
  w.key("action_codes");
  w.strings(fs.action_codes);
  w.key("practices");
  w.begin_array();
  for (const auto& p : fs.practices) {
    w.begin_object();
    w.member("id", p.id);
    w.member("title", p.title);
    w.member("date", p.date);
    w.member("lang", p.lang);
    w.key("action");
    if (p.action_code.empty()) {
      w.null();
    } else {
      w.begin_object();
      w.member("code", p.action_code);
      w.member("name", p.action_name);
      w.end_object();
    }
    w.key("countries");
    w.strings(p.countries);
    w.key("partners");
    w.strings(p.partners);
    w.member("outcomes", p.outcomes);
    w.end_object();
  }
  w.end_array();
  w.key("related");
  w.begin_array();
  for (const auto& r : fs.related) {
    w.begin_object();
    w.member("id", r.id);
    w.member("type", r.type);
    w.member("title", r.title);
    w.member("date", r.date);
    w.end_object();
  }
  w.end_array();
  w.member("search_url", factsheet_search_url(fs));
  w.end_object();
  return out;
}

std::string factsheet_markdown(const search::Factsheet& fs, const Taxonomy& taxonomy) {
  const FactsheetStrings& s = factsheet_strings(fs.ui_lang);
  std::string out;
  out.reserve(8192);
  auto line = [&out](const std::string& text = {}) { out += text + "\n"; };
  line("# " + md(fs.title));
  line();
  std::string scope;
  for (const auto& v : fs.scope)
    scope += (scope.empty() ? "" : " · ") + std::string(scope_word(s, v.facet)) + ": " + md(v.label);
  line("*" + std::string(s.kicker) + "* — " + scope);
  line();
  line(std::string("## ") + s.key_figures);
  line();
  line(std::string("- ") + s.records + ": " + std::to_string(fs.records));
  line(std::string("- ") + s.actions + ": " + std::to_string(fs.actions));
  line(std::string("- ") + s.countries + ": " + std::to_string(fs.countries));
  line(std::string("- ") + s.years + ": " + factsheet_years(fs));
  line();
  if (fs.records == 0) {
    line(s.empty);
    line();
  }
  if (!fs.by_country.empty()) {
    line(std::string("## ") + s.by_country);
    line();
    line(std::string("| ") + s.country + " | " + s.records + " |");
    line("|---|--:|");
    for (const auto& v : fs.by_country) line("| " + md(v.label) + " | " + std::to_string(v.count) + " |");
    line();
  }
  if (!fs.by_year.empty()) {
    line(std::string("## ") + s.by_year);
    line();
    line(std::string("| ") + s.year + " | " + s.records + " |");
    line("|---|--:|");
    for (const auto& v : fs.by_year) line("| " + v.value + " | " + std::to_string(v.count) + " |");
    line();
  }
  if (!fs.practices.empty()) {
    line(std::string("## ") + s.practices);
    line();
    for (const auto& p : fs.practices) {
      line("### " + md(p.title));
      line();
      std::string meta;
      for (const auto& c : p.countries) meta += (meta.empty() ? "" : ", ") + md(c);
      meta += (meta.empty() ? "" : " · ") + p.date;
      if (!p.action_code.empty())
        meta += " · " + std::string(s.action) + " " + p.action_code + " " + md(p.action_name);
      line(meta);
      line();
      if (!p.partners.empty()) {
        std::string partners;
        for (const auto& x : p.partners) partners += (partners.empty() ? "" : "; ") + md(x);
        line(std::string("**") + s.partners + ":** " + partners);
        line();
      }
      if (!p.outcomes.empty()) {
        line(std::string("**") + s.outcomes + ":** " + md(p.outcomes));
        line();
      }
    }
  }
  if (!fs.related.empty()) {
    line(std::string("## ") + s.related);
    line();
    for (const auto& r : fs.related)
      line("- " + md(r.title) + " (" + md(taxonomy.label(Facet::type, r.type, fs.ui_lang)) + ", " +
           r.date.substr(0, 4) + ")");
    line();
  }
  line(std::string("[") + s.search + "](" + factsheet_search_url(fs) + ")");
  return out;
}

}  // namespace kr::http
