#include "server/http/atom_feed.h"

#include "core/markup_escape.h"
#include "server/http/factsheet_strings.h"

namespace kr::http {

namespace {

constexpr Facet kTitleFacets[] = {Facet::type,  Facet::region, Facet::country,
                                  Facet::theme, Facet::pillar, Facet::lang};

/// What the feed follows, in words: the query in quotes, the filter labels, the years.
std::string feed_title(const search::SearchRequest& req, const Taxonomy& taxonomy) {
  std::string parts;
  auto add = [&parts](const std::string& part) { parts += (parts.empty() ? "" : " · ") + part; };
  if (!req.q.empty()) add("“" + req.q + "”");
  for (Facet f : kTitleFacets)
    for (const auto& v : req.filters[static_cast<int>(f)]) add(taxonomy.label(f, v, req.ui_lang));
  if (req.year_from || req.year_to) {
    add((req.year_from ? std::to_string(*req.year_from) : "") + "–" +
        (req.year_to ? std::to_string(*req.year_to) : ""));
  }
  std::string title = factsheet_strings(req.ui_lang).register_name;
  return parts.empty() ? title : title + ": " + parts;
}

/// A stable id for the search, whatever order its parameters came in.
std::string feed_id(const search::SearchRequest& req) {
  std::string canonical = "q=" + req.q;
  for (Facet f : kTitleFacets)
    for (const auto& v : req.filters[static_cast<int>(f)])
      canonical += std::string("&") + facet_name(f) + "=" + v;
  if (req.year_from) canonical += "&year_from=" + std::to_string(*req.year_from);
  if (req.year_to) canonical += "&year_to=" + std::to_string(*req.year_to);
  return "urn:mieux-kr:search:" + percent_encode(canonical);
}

void element(std::string& out, const char* name, const std::string& text, const char* attrs = "") {
  out += "<";
  out += name;
  out += attrs;
  out += ">";
  append_escaped(out, text);
  out += "</";
  out += name;
  out += ">\n";
}

}  // namespace

std::string atom_date(const std::string& date) {
  std::string year = date.size() >= 4 ? date.substr(0, 4) : "1970";
  std::string month = date.size() >= 7 ? date.substr(5, 2) : "01";
  std::string day = date.size() >= 10 ? date.substr(8, 2) : "01";
  if (month == "00") month = "01";
  if (day == "00") day = "01";
  return year + "-" + month + "-" + day + "T00:00:00Z";
}

std::string search_atom(const search::SearchResult& result, const search::SearchRequest& req,
                        const Taxonomy& taxonomy, const FeedLinks& links) {
  std::string out;
  out.reserve(4096 + result.hits.size() * 1024);
  out +=
      "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"";
  out += factsheet_strings(req.ui_lang).lang;
  out += "\">\n";
  element(out, "id", feed_id(req));
  element(out, "title", feed_title(req, taxonomy), " type=\"text\"");
  // The feed changes when the index does; without that time, when its newest entry does.
  std::string updated = links.updated;
  if (updated.empty())
    updated = result.hits.empty() ? atom_date("1970") : atom_date(result.hits.front().date);
  element(out, "updated", updated);
  out += "<author><name>";
  append_escaped(out, factsheet_strings(req.ui_lang).register_name);
  out +=
      "</name></author>\n<generator>kr-server</generator>\n<link rel=\"self\" type=\"application/atom+xml\" "
      "href=\"";
  append_escaped(out, links.self);
  out += "\"/>\n<link rel=\"alternate\" type=\"text/html\" href=\"";
  append_escaped(out, links.page);
  out += "\"/>\n";
  for (const auto& hit : result.hits) {
    out += "<entry xml:lang=\"";
    append_escaped(out, hit.lang);
    out += "\">\n";
    element(out, "id", "urn:mieux-kr:record:" + percent_encode(hit.id));
    element(out, "title", hit.title, " type=\"text\"");
    element(out, "updated", atom_date(hit.date));
    element(out, "published", atom_date(hit.date));
    out += "<link rel=\"alternate\" type=\"text/html\" href=\"/?record=";
    append_escaped(out, percent_encode(hit.id));
    out += "\"/>\n";
    for (const auto& theme : hit.themes) {
      out += "<category scheme=\"urn:mieux-kr:theme\" term=\"";
      append_escaped(out, theme);
      out += "\" label=\"";
      append_escaped(out, taxonomy.label(Facet::theme, theme, req.ui_lang));
      out += "\"/>\n";
    }
    element(out, "summary", html_to_text(hit.snippet), " type=\"text\"");
    out += "</entry>\n";
  }
  out += "</feed>\n";
  return out;
}

}  // namespace kr::http
