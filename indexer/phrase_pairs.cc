#include "indexer/phrase_pairs.h"

#include <algorithm>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "core/index_schema.h"

namespace kr::index {

void add_phrase_pairs(Xapian::Document& doc) {
  doc.add_boolean_term(std::string(schema::kHasPhrasePairs));
  std::vector<std::string> words;
  std::vector<std::pair<Xapian::termpos, std::uint32_t>> at;  // (position, index into words)
  for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
    std::string term = *t;
    if (!schema::is_phrase_word(term)) continue;
    auto p = t.positionlist_begin(), end = t.positionlist_end();
    if (p == end) continue;  // stems (Z…) and other unpositioned terms
    auto index = static_cast<std::uint32_t>(words.size());
    words.push_back(std::move(term));
    for (; p != end; ++p) at.emplace_back(*p, index);
  }
  std::sort(at.begin(), at.end());
  // Several terms can share a position: every term at p pairs with every term at p + 1.
  for (std::size_t i = 0, next = 0; i < at.size(); ++i) {
    Xapian::termpos p = at[i].first;
    if (next <= i) next = i + 1;
    while (next < at.size() && at[next].first == p) ++next;
    for (std::size_t j = next; j < at.size() && at[j].first == p + 1; ++j) {
      std::string pair = schema::phrase_pair_term(words[at[i].second], words[at[j].second]);
      if (!pair.empty()) doc.add_term(pair, 0);
    }
  }
}

}  // namespace kr::index
