#include "server/search/phrase_pairs.h"

#include "core/index_schema.h"

namespace kr::search {

std::vector<std::string> phrase_pair_terms(const Xapian::Query& q) {
  std::size_t n = q.get_num_subqueries();
  if (q.get_type() != Xapian::Query::OP_PHRASE || n < 2) return {};
  // Xapian 1.4 has no accessor for the window; its description reads "(a PHRASE 2 b)".
  if (q.get_description().find(" PHRASE " + std::to_string(n) + " ") == std::string::npos) return {};
  std::vector<std::string> words, pairs;
  for (std::size_t i = 0; i < n; ++i) {
    Xapian::Query sub = q.get_subquery(i);
    if (sub.get_type() != Xapian::Query::LEAF_TERM) return {};
    words.push_back(*sub.get_terms_begin());
    if (!schema::is_phrase_word(words.back())) return {};
  }
  for (std::size_t i = 0; i + 1 < n; ++i) {
    pairs.push_back(schema::phrase_pair_term(words[i], words[i + 1]));
    if (pairs.back().empty()) return {};
  }
  return pairs;
}

void for_each_required_phrase(const Xapian::Query& q, const std::function<void(const Xapian::Query&)>& fn) {
  using Q = Xapian::Query;
  switch (q.get_type()) {
    case Q::OP_PHRASE:
      return fn(q);
    case Q::OP_AND:
    case Q::OP_FILTER:
      for (std::size_t i = 0; i < q.get_num_subqueries(); ++i)
        for_each_required_phrase(q.get_subquery(i), fn);
      return;
    case Q::OP_AND_NOT:
    case Q::OP_AND_MAYBE:
    case Q::OP_SCALE_WEIGHT:
      if (q.get_num_subqueries() > 0) for_each_required_phrase(q.get_subquery(0), fn);
      return;
    default:
      return;
  }
}

Xapian::Query filter_by_phrase_pairs(const Xapian::Query& query) {
  std::vector<std::string> pairs;
  for_each_required_phrase(query, [&](const Xapian::Query& phrase) {
    auto more = phrase_pair_terms(phrase);
    pairs.insert(pairs.end(), more.begin(), more.end());
  });
  if (pairs.empty()) return query;
  return Xapian::Query(Xapian::Query::OP_FILTER, query,
                       Xapian::Query(Xapian::Query::OP_AND, pairs.begin(), pairs.end()));
}

}  // namespace kr::search
