#include "server/search/query_builder.h"

#include <algorithm>
#include <cctype>

#include "core/index_schema.h"

namespace kr::search {

namespace {

Xapian::Query match_all() { return Xapian::Query(std::string()); }  // not the shared static MatchAll

/// Xapian's QueryParser reads a query made only of negated items (`-trafficking`,
/// `-"diaspora engagement"`) as those items themselves, so such a search found exactly what the
/// user meant to exclude. Such a query becomes "NOT a NOT b", which it parses as everything but
/// them (FLAG_PURE_NOT). Items are split at spaces outside quotes and parentheses; anything else
/// is returned as it is.
std::string negations_as_not(const std::string& q) {
  std::vector<std::string> items;
  std::string item;
  int depth = 0;
  bool quoted = false;
  for (char c : q + ' ') {
    if (c == '"') quoted = !quoted;
    if (!quoted && c == '(') ++depth;
    if (!quoted && c == ')' && depth > 0) --depth;
    if ((c == ' ' || c == '\t' || c == '\n' || c == '\r') && !quoted && depth == 0) {
      if (!item.empty()) items.push_back(std::move(item));
      item.clear();
    } else {
      item += c;
    }
  }
  if (items.empty()) return q;
  std::string out;
  for (const auto& i : items) {
    if (i.size() < 2 || i[0] != '-' || i[1] == '-') return q;
    out += (out.empty() ? "NOT " : " NOT ") + i.substr(1);
  }
  return out;
}

Xapian::Query or_terms(const std::vector<std::string>& terms) {
  return Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
}

/// The pattern of a wildcard node with the default (synonym) combiner, from its description
/// "Query(WILDCARD SYNONYM Smigra)": Xapian 1.4's Query has no accessor for it. "" otherwise.
std::string wildcard_pattern(const Xapian::Query& q) {
  static const std::string kHead = "Query(WILDCARD SYNONYM ";
  std::string d = q.get_description();
  if (d.rfind(kHead, 0) != 0 || d.back() != ')') return {};
  std::string pattern = d.substr(kHead.size(), d.size() - kHead.size() - 1);
  return pattern.find(' ') == std::string::npos ? pattern : std::string();
}

}  // namespace

Xapian::Query QueryBuilder::expand_wildcards(const Xapian::Query& q, const Xapian::Database& db) {
  using Q = Xapian::Query;
  switch (q.get_type()) {
    case Q::OP_WILDCARD: {
      std::string pattern = wildcard_pattern(q);
      if (pattern.empty()) return q;
      std::vector<std::string> terms;
      for (auto t = db.allterms_begin(pattern); t != db.allterms_end(pattern); ++t) {
        if (terms.size() == kMaxWildcardTerms) return q;  // left to the shards
        terms.push_back(*t);
      }
      if (terms.empty()) return q;  // matches nothing anywhere (an empty query would match all)
      return Q(Q::OP_SYNONYM, terms.begin(), terms.end());
    }
    case Q::OP_AND:
    case Q::OP_OR:
    case Q::OP_AND_NOT:
    case Q::OP_XOR:
    case Q::OP_AND_MAYBE:
    case Q::OP_FILTER:
    case Q::OP_SYNONYM:
    case Q::OP_MAX: {
      std::vector<Q> subs;
      for (std::size_t i = 0; i < q.get_num_subqueries(); ++i)
        subs.push_back(expand_wildcards(q.get_subquery(i), db));
      return Q(q.get_type(), subs.begin(), subs.end());
    }
    default:  // leaves, and operators with parameters (kept whole)
      return q;
  }
}

QueryBuilder::QueryBuilder(const Analyser& analyser, const Xapian::Database& db,
                           const Xapian::Database& spelling, bool expand_wildcards)
    : analyser_(analyser), db_(db), spelling_(spelling), expand_wildcards_(expand_wildcards) {}

Xapian::Query QueryBuilder::visible_only(const Xapian::Query& query, const Access& access) {
  if (access.internal) return query;
  return Xapian::Query(Xapian::Query::OP_AND_NOT, query,
                       Xapian::Query(schema::facet_term(Facet::audience, "internal")));
}

Result<Xapian::Query> QueryBuilder::parse(const std::string& normalised,
                                          const std::vector<std::string>& langs) {
  Xapian::Query unstemmed;
  try {
    Xapian::QueryParser parser;
    parser.set_database(db_);
    analyser_.configure(parser, "");
    unstemmed = parser.parse_query(negations_as_not(normalised), Analyser::query_flags());
  } catch (const Xapian::QueryParserError& e) {
    return make_error(ErrorCode::invalid_query, "cannot parse query: " + e.get_msg());
  }
  std::vector<Xapian::Stem> stemmers;
  for (const auto& lang : langs) {
    std::string name = stemmer_name(lang);
    if (!name.empty()) stemmers.emplace_back(name);
  }
  return Analyser::expand_stems(unstemmed, stemmers);
}

const Xapian::Stem& QueryBuilder::stemmer(std::string_view lang) {
  auto it = stemmers_.find(std::string(lang));
  if (it == stemmers_.end())
    it = stemmers_.emplace(std::string(lang), Analyser::index_stemmer(lang, kStemMemoWords)).first;
  return it->second;
}

std::string QueryBuilder::corrected(const std::string& q) {
  try {
    Xapian::QueryParser parser;
    parser.set_database(spelling_);
    analyser_.configure(parser, "en");
    parser.parse_query(normaliser_.normalise(q),
                       Analyser::query_flags() | Xapian::QueryParser::FLAG_SPELLING_CORRECTION);
    return parser.get_corrected_query_string();
  } catch (const Xapian::QueryParserError&) {
    return {};
  }
}

Result<BuiltQuery> QueryBuilder::build(const SearchRequest& req, const FacetTable& table) {
  BuiltQuery out;
  // Stem in the languages the caller filtered on, else in all three stemmed languages.
  std::vector<std::string> langs;
  for (const auto& l : req.filters[static_cast<int>(Facet::lang)])
    if (!stemmer_name(l).empty()) langs.push_back(l);
  if (langs.empty() && !req.filters[static_cast<int>(Facet::lang)].empty()) langs.push_back("none");
  if (langs.empty()) langs = {"en", "fr", "es"};
  out.stem_lang = langs.front();

  Xapian::Query text = match_all();
  std::string normalised = normaliser_.normalise(req.q);
  bool blank = normalised.find_first_not_of(" \t\r\n") == std::string::npos;
  if (!blank) {
    auto parsed = parse(normalised, langs);
    if (!parsed) return parsed.error();
    text = *parsed;
    for (auto t = text.get_terms_begin(); t != text.get_terms_end(); ++t) out.terms.push_back(*t);
    if (expand_wildcards_) text = expand_wildcards(text, db_);  // after the terms: same snippets
    if (text.empty()) text = match_all();                       // only stopwords/punctuation
  }
  out.all_text = blank;
  text = visible_only(text, req.access);
  out.text = text;

  std::vector<Xapian::Query> filters;
  for (int i = 0; i < kFacetCount; ++i) {
    auto f = static_cast<Facet>(i);
    const auto& values = req.filters[i];
    if (values.empty() || f == Facet::year || f == Facet::audience) continue;
    std::vector<std::string> terms;
    out.selection[i].assign(table.values(f).size(), false);
    for (const auto& v : values) {
      terms.push_back(schema::facet_term(f, v));
      int ord = table.ordinal(f, v);
      if (ord >= 0) out.selection[i][static_cast<std::size_t>(ord)] = true;
    }
    filters.push_back(or_terms(terms));
  }
  if (req.year_from || req.year_to) {
    int from = req.year_from.value_or(0), to = req.year_to.value_or(9999);
    const auto& years = table.values(Facet::year);
    auto& sel = out.selection[static_cast<int>(Facet::year)];
    sel.assign(years.size(), false);
    std::vector<std::string> terms;
    for (std::size_t k = 0; k < years.size(); ++k) {
      int y = std::stoi(years[k]);
      if (y >= from && y <= to) {
        sel[k] = true;
        terms.push_back(schema::facet_term(Facet::year, years[k]));
      }
    }
    // No year in range: a filter that matches nothing.
    filters.push_back(terms.empty() ? Xapian::Query(schema::facet_term(Facet::year, "none"))
                                    : or_terms(terms));
  }
  out.filtered = text;
  if (!filters.empty())
    out.filtered = Xapian::Query(Xapian::Query::OP_FILTER, text,
                                 Xapian::Query(Xapian::Query::OP_AND, filters.begin(), filters.end()));
  return out;
}

}  // namespace kr::search
