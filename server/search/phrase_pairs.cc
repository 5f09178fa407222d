#include "server/search/phrase_pairs.h"

#include "core/index_schema.h"

namespace kr::search {

PhrasePairs phrase_pair_terms(const Xapian::Query& q, const schema::PairWords& indexed) {
  std::size_t n = q.get_num_subqueries();
  if (q.get_type() != Xapian::Query::OP_PHRASE || n < 2) return {};
  // Xapian 1.4 has no accessor for the window; its description reads "(a PHRASE 2 b)".
  if (q.get_description().find(" PHRASE " + std::to_string(n) + " ") == std::string::npos) return {};
  std::vector<std::string> words;
  for (std::size_t i = 0; i < n; ++i) {
    Xapian::Query sub = q.get_subquery(i);
    if (sub.get_type() != Xapian::Query::LEAF_TERM) return {};
    words.push_back(*sub.get_terms_begin());
    if (!schema::is_phrase_word(words.back())) return {};
  }
  PhrasePairs out;
  for (std::size_t i = 0; i + 1 < n; ++i) {
    if (!indexed.holds(words[i], words[i + 1])) continue;
    std::string pair = schema::phrase_pair_term(words[i], words[i + 1]);
    if (!pair.empty()) out.terms.push_back(std::move(pair));
  }
  out.exact = n == 2 && out.terms.size() == 1;
  return out;
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

Xapian::Query filter_by_phrase_pairs(const Xapian::Query& query, const schema::PairWords& words,
                                     bool* needs_positions) {
  std::vector<std::string> pairs;
  if (needs_positions) *needs_positions = false;
  for_each_required_phrase(query, [&](const Xapian::Query& phrase) {
    auto more = phrase_pair_terms(phrase, words);
    pairs.insert(pairs.end(), more.terms.begin(), more.terms.end());
    if (needs_positions && !more.exact) *needs_positions = true;
  });
  if (pairs.empty()) return query;
  return Xapian::Query(Xapian::Query::OP_FILTER, query,
                       Xapian::Query(Xapian::Query::OP_AND, pairs.begin(), pairs.end()));
}

}  // namespace kr::search
