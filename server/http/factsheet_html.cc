// The print-ready HTML factsheet: one self-contained document (inline CSS, inline SVG chart,
// no script, no external asset), A4 pages when printed.
#include <algorithm>

#include "core/markup_escape.h"
#include "server/http/factsheet_render.h"
#include "server/http/factsheet_strings.h"

namespace kr::http {

namespace {

constexpr std::size_t kChartBars = 15;  // more bars would not fit half an A4 page

constexpr const char* kStyle = R"(
@page { size: A4; margin: 16mm 15mm; }
* { box-sizing: border-box; }
body { font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; color: #1b1f24; margin: 0 auto;
       max-width: 180mm; padding: 8mm 4mm; font-size: 10.5pt; line-height: 1.45; }
header { border-bottom: 3px solid #1d4f91; margin-bottom: 6mm; }
.kicker { text-transform: uppercase; letter-spacing: .08em; color: #1d4f91; font-size: 9pt; margin: 0; }
h1 { font-size: 21pt; margin: 1mm 0 2mm; }
h2 { font-size: 13pt; color: #1d4f91; border-bottom: 1px solid #c9d3e0; margin: 7mm 0 3mm; }
h3 { font-size: 11pt; margin: 0 0 1mm; }
.scope { color: #4a5563; margin: 0 0 3mm; }
.figures { display: flex; gap: 4mm; margin: 0; padding: 0; }
.figures div { flex: 1; border: 1px solid #c9d3e0; border-radius: 2mm; padding: 3mm; text-align: center; }
.figures dt { font-size: 9pt; color: #4a5563; }
.figures dd { margin: 0; font-size: 16pt; font-weight: bold; color: #1d4f91; white-space: nowrap; }
article { margin: 0 0 4mm; padding-left: 3mm; border-left: 2px solid #c9d3e0; break-inside: avoid; }
.meta { color: #4a5563; font-size: 9pt; margin: 0 0 1mm; }
article p { margin: 0 0 1mm; }
ul.related { padding-left: 5mm; }
figure { margin: 0; break-inside: avoid; }
svg { width: 100%; height: auto; }
footer { margin-top: 8mm; border-top: 1px solid #c9d3e0; padding-top: 2mm; font-size: 9pt; color: #4a5563; }
a { color: #1d4f91; }
@media print {
  body { padding: 0; max-width: none; }
  a { text-decoration: none; color: inherit; }
  h2 { break-after: avoid; }
}
)";

/// At most `max` code points of `text`, with an ellipsis when cut (chart labels have a fixed width).
std::string clip(const std::string& text, std::size_t max) {
  std::size_t points = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) continue;
    if (points++ == max) return text.substr(0, i) + "…";
  }
  return text;
}

/// A horizontal bar chart: one labelled bar per value, the count at its end.
std::string bar_chart(const std::vector<search::FacetValue>& values, bool use_labels,
                      const std::string& caption) {
  std::size_t n = std::min(values.size(), kChartBars);
  long top = 1;
  for (std::size_t i = 0; i < n; ++i) top = std::max(top, values[i].count);
  const int width = 640, label_w = 190, bar_h = 18, gap = 6, count_w = 40;
  const int height = static_cast<int>(n) * (bar_h + gap) + gap;
  std::string out;
  out += "<figure><svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" viewBox=\"0 0 " +
         std::to_string(width) + " " + std::to_string(height) + "\" aria-label=\"" + escaped(caption) +
         "\"><title>" + escaped(caption) + "</title>";
  for (std::size_t i = 0; i < n; ++i) {
    const auto& v = values[i];
    int y = gap + static_cast<int>(i) * (bar_h + gap);
    int w = static_cast<int>(static_cast<double>(width - label_w - count_w) * static_cast<double>(v.count) /
                             static_cast<double>(top));
    std::string label = clip(use_labels && !v.label.empty() ? v.label : v.value, 28);
    out += "<text x=\"" + std::to_string(label_w - 6) + "\" y=\"" + std::to_string(y + 13) +
           "\" text-anchor=\"end\" font-size=\"12\" fill=\"#1b1f24\">" + escaped(label) + "</text>";
    out += "<rect x=\"" + std::to_string(label_w) + "\" y=\"" + std::to_string(y) + "\" width=\"" +
           std::to_string(std::max(w, 1)) + "\" height=\"" + std::to_string(bar_h) + "\" fill=\"#1d4f91\"/>";
    out += "<text x=\"" + std::to_string(label_w + std::max(w, 1) + 5) + "\" y=\"" + std::to_string(y + 13) +
           "\" font-size=\"12\" fill=\"#1b1f24\">" + std::to_string(v.count) + "</text>";
  }
  out += "</svg></figure>\n";
  return out;
}

}  // namespace

std::string factsheet_html(const search::Factsheet& fs, const Taxonomy& taxonomy) {
  const FactsheetStrings& s = factsheet_strings(fs.ui_lang);
  std::string out;
  out.reserve(16384);
  out += "<!doctype html>\n<html lang=\"";
  out += s.lang;
  out +=
      "\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, "
      "initial-scale=1\">\n";
  out += "<title>" + escaped(fs.title) + " — " + escaped(s.kicker) + "</title>\n<style>" + kStyle +
         "</style>\n</head>\n<body>\n";

  out += "<header>\n<p class=\"kicker\">" + escaped(s.kicker) + " · " + escaped(s.register_name) + "</p>\n";
  out += "<h1>" + escaped(fs.title) + "</h1>\n<p class=\"scope\">";
  for (std::size_t i = 0; i < fs.scope.size(); ++i) {
    if (i) out += " · ";
    out +=
        escaped(scope_word(s, fs.scope[i].facet)) + ": <strong>" + escaped(fs.scope[i].label) + "</strong>";
  }
  out += "</p>\n</header>\n";

  out += "<section>\n<h2>" + escaped(s.key_figures) + "</h2>\n<dl class=\"figures\">\n";
  auto figure = [&out](const char* name, const std::string& value) {
    out += "<div><dt>" + escaped(name) + "</dt><dd>" + escaped(value) + "</dd></div>\n";
  };
  figure(s.records, std::to_string(fs.records));
  figure(s.actions, std::to_string(fs.actions));
  figure(s.countries, std::to_string(fs.countries));
  figure(s.years, factsheet_years(fs));
  out += "</dl>\n";
  if (fs.records == 0) out += "<p>" + escaped(s.empty) + "</p>\n";
  out += "</section>\n";

  // Countries tell more than years when the scope spans several; else show the years.
  if (fs.by_country.size() >= 2) {
    out += "<section>\n<h2>" + escaped(s.by_country) + "</h2>\n" +
           bar_chart(fs.by_country, true, s.chart_country) + "</section>\n";
  } else if (!fs.by_year.empty()) {
    out += "<section>\n<h2>" + escaped(s.by_year) + "</h2>\n" + bar_chart(fs.by_year, false, s.chart_year) +
           "</section>\n";
  }

  if (!fs.practices.empty()) {
    out += "<section>\n<h2>" + escaped(s.practices) + "</h2>\n";
    for (const auto& p : fs.practices) {
      out += "<article>\n<h3><a href=\"/?record=" + escaped(percent_encode(p.id)) + "\">" + escaped(p.title) +
             "</a></h3>\n";
      std::string meta;
      for (const auto& c : p.countries) meta += (meta.empty() ? "" : ", ") + escaped(c);
      meta += (meta.empty() ? "" : " · ") + escaped(p.date);
      if (!p.action_code.empty())
        meta += " · " + escaped(s.action) + " " + escaped(p.action_code) + " " + escaped(p.action_name);
      out += "<p class=\"meta\">" + meta + "</p>\n";
      if (!p.partners.empty()) {
        out += "<p><strong>" + escaped(s.partners) + ":</strong> ";
        for (std::size_t i = 0; i < p.partners.size(); ++i) out += (i ? "; " : "") + escaped(p.partners[i]);
        out += "</p>\n";
      }
      if (!p.outcomes.empty())
        out += "<p><strong>" + escaped(s.outcomes) + ":</strong> " + escaped(p.outcomes) + "</p>\n";
      out += "</article>\n";
    }
    out += "</section>\n";
  }

  if (!fs.related.empty()) {
    out += "<section>\n<h2>" + escaped(s.related) + "</h2>\n<ul class=\"related\">\n";
    for (const auto& r : fs.related) {
      out += "<li><a href=\"/?record=" + escaped(percent_encode(r.id)) + "\">" + escaped(r.title) +
             "</a> <span class=\"meta\">(" + escaped(taxonomy.label(Facet::type, r.type, fs.ui_lang)) + ", " +
             escaped(r.date.substr(0, 4)) + ")</span></li>\n";
    }
    out += "</ul>\n</section>\n";
  }

  std::string url = factsheet_search_url(fs);
  out += "<footer>\n<p>" + escaped(s.search) + ": <a href=\"" + escaped(url) + "\">" + escaped(url) +
         "</a></p>\n";
  if (!fs.action_codes.empty()) {
    out += "<p>" + escaped(s.action_codes) + ": ";
    for (std::size_t i = 0; i < fs.action_codes.size(); ++i)
      out += (i ? ", " : "") + escaped(fs.action_codes[i]);
    out += "</p>\n";
  }
  out += "</footer>\n</body>\n</html>\n";
  return out;
}

}  // namespace kr::http
