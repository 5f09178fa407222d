#include "server/http/request_params.h"

#include <Poco/Exception.h>
#include <Poco/URI.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <optional>

#include "core/text.h"

namespace kr::http {

namespace {

using search::SimilarScope;
using search::Sort;

Error invalid(std::string message) { return make_error(ErrorCode::invalid_argument, std::move(message)); }

/// Checks a request's parameters against the names a route accepts, then hands them out.
class ParamReader {
 public:
  ParamReader(const QueryParams& params, std::vector<std::string_view> single,
              std::vector<std::string_view> repeatable = {})
      : params_(params), single_(std::move(single)), repeatable_(std::move(repeatable)) {}

  /// Every name known, every name and value UTF-8, no single-valued name twice.
  Status check() const {
    for (const auto& [name, value] : params_) {
      if (name.empty() && value.empty()) continue;  // a stray '&'
      if (!is_valid_utf8(name)) return invalid("a parameter name is not valid UTF-8");
      if (!is_valid_utf8(value)) return invalid("parameter '" + name + "' is not valid UTF-8");
      // A tab is white space in a query; other control characters (CR/LF included) are no text.
      for (unsigned char c : value)
        if ((c < 0x20 && c != '\t') || c == 0x7F)
          return invalid("parameter '" + name + "' contains a control character");
      bool is_single = std::find(single_.begin(), single_.end(), name) != single_.end();
      bool is_multi = std::find(repeatable_.begin(), repeatable_.end(), name) != repeatable_.end();
      if (!is_single && !is_multi) return invalid("unknown parameter '" + name + "'" + allowed());
      if (is_single && count(name) > 1) {
        return invalid("parameter '" + name + "' given more than once");
      }
    }
    return Ok{};
  }

  std::optional<std::string> single(std::string_view name) const {
    for (const auto& [n, v] : params_) {
      if (n == name) return v;
    }
    return std::nullopt;
  }

  std::vector<std::string> all(std::string_view name) const {
    std::vector<std::string> out;
    for (const auto& [n, v] : params_) {
      if (n == name) out.push_back(v);
    }
    return out;
  }

 private:
  std::size_t count(const std::string& name) const {
    return std::count_if(params_.begin(), params_.end(), [&](const auto& p) { return p.first == name; });
  }
  std::string allowed() const {
    if (single_.empty() && repeatable_.empty()) return "; this route takes no parameters";
    std::string out = "; allowed:";
    for (auto n : single_) out.append(" ").append(n);
    for (auto n : repeatable_) out.append(" ").append(n);
    return out;
  }

  const QueryParams& params_;
  std::vector<std::string_view> single_, repeatable_;
};

/// A decimal integer in lo..hi, nothing else (no sign, spaces or trailing characters).
Result<int> parse_int_param(std::string_view name, const std::string& text, int lo, int hi) {
  std::string range = std::to_string(lo) + ".." + std::to_string(hi);
  int out = 0;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, out);
  bool digits_only = !text.empty() && (std::isdigit(static_cast<unsigned char>(text[0])) ||
                                       (text[0] == '-' && text.size() > 1));
  if (!digits_only || ptr != end || (ec != std::errc() && ec != std::errc::result_out_of_range)) {
    return invalid(std::string(name) + " must be an integer " + range + ", got '" + text + "'");
  }
  if (ec == std::errc::result_out_of_range || out < lo || out > hi) {
    return invalid(std::string(name) + " must be " + range + ", got " + text);
  }
  return out;
}

Result<std::optional<int>> parse_year(const ParamReader& r, std::string_view name) {
  auto text = r.single(name);
  if (!text) return std::optional<int>();
  bool four_digits = text->size() == 4 &&
                     std::all_of(text->begin(), text->end(), [](char c) { return c >= '0' && c <= '9'; });
  if (!four_digits) {
    return invalid(std::string(name) + " must be a four-digit year, got '" + *text + "'");
  }
  return std::optional<int>(std::stoi(*text));
}

Result<UiLang> parse_ui_lang_param(const ParamReader& r) {
  auto text = r.single("ui_lang");
  if (!text) return UiLang::en;
  if (auto lang = parse_ui_lang(*text)) return *lang;
  return make_error(ErrorCode::unknown_value, "ui_lang must be en, fr or es, got '" + *text + "'");
}

constexpr Facet kFilterFacets[] = {Facet::type,  Facet::region, Facet::country,
                                   Facet::theme, Facet::pillar, Facet::lang};

}  // namespace

Result<QueryParams> query_params(const std::string& target) {
  try {
    Poco::URI uri(target);
    return uri.getQueryParameters();
  } catch (const Poco::SyntaxException& e) {
    return invalid("malformed request target: " + e.message());
  }
}

Result<search::SearchRequest> parse_search_params(const QueryParams& params, const KnownValue& known,
                                                  const ParamLimits& limits) {
  ParamReader r(params, {"q", "year_from", "year_to", "sort", "page", "per_page", "ui_lang"},
                {"type", "region", "country", "theme", "pillar", "lang"});
  if (auto st = r.check(); !st) return st.error();

  search::SearchRequest req;
  req.q = r.single("q").value_or("");
  if (req.q.size() > static_cast<std::size_t>(limits.max_query_length)) {
    return invalid("q is longer than " + std::to_string(limits.max_query_length) + " bytes");
  }
  for (Facet f : kFilterFacets) {
    for (auto& value : r.all(facet_name(f))) {
      if (!known(f, value)) {
        return make_error(ErrorCode::unknown_value,
                          std::string("unknown ") + facet_name(f) + " '" + value + "'");
      }
      auto& selected = req.filters[static_cast<int>(f)];
      if (std::find(selected.begin(), selected.end(), value) == selected.end()) {
        selected.push_back(std::move(value));  // type=a&type=a is the same filter once
      }
    }
  }
  auto year_from = parse_year(r, "year_from");
  if (!year_from) return year_from.error();
  auto year_to = parse_year(r, "year_to");
  if (!year_to) return year_to.error();
  req.year_from = *year_from;
  req.year_to = *year_to;
  if (req.year_from && req.year_to && *req.year_from > *req.year_to) {
    return invalid("year_from (" + std::to_string(*req.year_from) + ") is after year_to (" +
                   std::to_string(*req.year_to) + ")");
  }
  if (auto sort = r.single("sort")) {
    if (*sort == "relevance") {
      req.sort = Sort::relevance;
    } else if (*sort == "date") {
      req.sort = Sort::date_asc;
    } else if (*sort == "-date") {
      req.sort = Sort::date_desc;
    } else {
      return make_error(ErrorCode::unknown_value,
                        "sort must be relevance, date or -date, got '" + *sort + "'");
    }
  }
  if (auto page = r.single("page")) {
    auto n = parse_int_param("page", *page, 1, limits.max_page);
    if (!n) return n.error();
    req.page = *n;
  }
  if (auto per_page = r.single("per_page")) {
    auto n = parse_int_param("per_page", *per_page, 1, 100);
    if (!n) return n.error();
    req.per_page = *n;
  }
  auto ui_lang = parse_ui_lang_param(r);
  if (!ui_lang) return ui_lang.error();
  req.ui_lang = *ui_lang;
  return req;
}

Result<SimilarParams> parse_similar_params(const QueryParams& params) {
  ParamReader r(params, {"scope", "limit"});
  if (auto st = r.check(); !st) return st.error();
  SimilarParams out;
  if (auto scope = r.single("scope")) {
    if (*scope == "neighbours") {
      out.scope = SimilarScope::neighbours;
    } else if (*scope == "region") {
      out.scope = SimilarScope::region;
    } else if (*scope == "all") {
      out.scope = SimilarScope::all;
    } else {
      return make_error(ErrorCode::unknown_value,
                        "scope must be neighbours, region or all, got '" + *scope + "'");
    }
  }
  if (auto limit = r.single("limit")) {
    auto n = parse_int_param("limit", *limit, 1, 50);
    if (!n) return n.error();
    out.limit = *n;
  }
  return out;
}

Result<bool> parse_record_params(const QueryParams& params) {
  ParamReader r(params, {"format"});
  if (auto st = r.check(); !st) return st.error();
  auto format = r.single("format").value_or("json");
  if (format == "json") return false;
  if (format == "xml") return true;
  return make_error(ErrorCode::unknown_value, "format must be json or xml, got '" + format + "'");
}

Result<UiLang> parse_taxonomy_params(const QueryParams& params) {
  ParamReader r(params, {"ui_lang"});
  if (auto st = r.check(); !st) return st.error();
  return parse_ui_lang_param(r);
}

Result<SuggestParams> parse_suggest_params(const QueryParams& params, const ParamLimits& limits) {
  ParamReader r(params, {"q", "limit"});
  if (auto st = r.check(); !st) return st.error();
  SuggestParams out;
  out.q = r.single("q").value_or("");
  if (out.q.size() > static_cast<std::size_t>(limits.max_query_length)) {
    return invalid("q is longer than " + std::to_string(limits.max_query_length) + " bytes");
  }
  if (auto limit = r.single("limit")) {
    auto n = parse_int_param("limit", *limit, 1, 50);
    if (!n) return n.error();
    out.limit = *n;
  }
  return out;
}

Result<FactsheetParams> parse_factsheet_params(const QueryParams& params, const KnownValue& known) {
  ParamReader r(params, {"format", "ui_lang"}, {"theme", "region", "pillar"});
  if (auto st = r.check(); !st) return st.error();
  FactsheetParams out;
  for (auto [f, list] :
       {std::pair{Facet::theme, &out.request.themes}, std::pair{Facet::region, &out.request.regions},
        std::pair{Facet::pillar, &out.request.pillars}}) {
    for (auto& value : r.all(facet_name(f))) {
      if (!known(f, value)) {
        return make_error(ErrorCode::unknown_value,
                          std::string("unknown ") + facet_name(f) + " '" + value + "'");
      }
      list->push_back(std::move(value));
    }
  }
  if (out.request.themes.empty() && out.request.regions.empty() && out.request.pillars.empty()) {
    return invalid("a factsheet needs at least one theme, region or pillar");
  }
  auto format = r.single("format").value_or("html");
  if (format == "html") {
    out.format = FactsheetFormat::html;
  } else if (format == "md") {
    out.format = FactsheetFormat::markdown;
  } else if (format == "json") {
    out.format = FactsheetFormat::json;
  } else {
    return make_error(ErrorCode::unknown_value, "format must be html, md or json, got '" + format + "'");
  }
  auto ui_lang = parse_ui_lang_param(r);
  if (!ui_lang) return ui_lang.error();
  out.request.ui_lang = *ui_lang;
  return out;
}

Result<search::CoverageRequest> parse_coverage_params(const QueryParams& params, const KnownValue& known,
                                                      const ParamLimits& limits) {
  ParamReader r(params, {"rows", "cols", "q", "year_from", "year_to", "ui_lang"},
                {"type", "region", "country", "theme", "pillar", "lang"});
  if (auto st = r.check(); !st) return st.error();
  search::CoverageRequest out;
  const std::string facets = "type, region, country, theme, pillar, lang or year";
  for (auto [name, axis] : {std::pair{"rows", &out.rows}, std::pair{"cols", &out.cols}}) {
    auto text = r.single(name);
    if (!text) return invalid(std::string(name) + " is required: " + facets);
    auto facet = parse_facet(*text);
    if (!facet || !search::is_coverage_facet(*facet)) {
      return make_error(ErrorCode::unknown_value,
                        std::string(name) + " must be " + facets + ", got '" + *text + "'");
    }
    *axis = *facet;
  }
  if (out.rows == out.cols) return invalid("rows and cols must be different facets");
  QueryParams filters;
  for (const auto& p : params)
    if (p.first != "rows" && p.first != "cols") filters.push_back(p);
  auto search = parse_search_params(filters, known, limits);
  if (!search) return search.error();
  out.search = std::move(*search);
  return out;
}

Result<search::SearchRequest> parse_feed_params(const QueryParams& params, const KnownValue& known,
                                                const ParamLimits& limits) {
  auto req = parse_search_params(params, known, limits);
  if (!req) return req.error();
  req->sort = Sort::date_desc;  // a feed lists what is new
  if (!ParamReader(params, {}).single("per_page")) req->per_page = 20;
  req->with_facets = false;
  return req;
}

Status parse_no_params(const QueryParams& params) { return ParamReader(params, {}).check(); }

const char* scope_name(search::SimilarScope scope) noexcept {
  switch (scope) {
    case SimilarScope::neighbours:
      return "neighbours";
    case SimilarScope::region:
      return "region";
    case SimilarScope::all:
      return "all";
  }
  return "all";
}

}  // namespace kr::http
