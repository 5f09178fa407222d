#include "core/index_schema.h"

namespace kr::schema {

std::string_view facet_prefix(Facet f) noexcept {
  switch (f) {
    case Facet::type:
      return kType;
    case Facet::region:
      return kRegion;
    case Facet::country:
      return kCountry;
    case Facet::theme:
      return kTheme;
    case Facet::pillar:
      return kPillar;
    case Facet::lang:
      return kLang;
    case Facet::year:
      return kYear;
    case Facet::audience:
      return kAudience;
  }
  return kType;
}

std::string facet_term(Facet f, std::string_view value) {
  std::string t(facet_prefix(f));
  t += value;
  return t;
}

std::string phrase_pair_term(std::string_view word, std::string_view next) {
  std::string t;
  if (kPhrasePair.size() + word.size() + 1 + next.size() > kMaxPhrasePairTerm) return t;
  t.reserve(kPhrasePair.size() + word.size() + 1 + next.size());
  t += kPhrasePair;
  t += word;
  t += ' ';
  t += next;
  return t;
}

std::string encode_date(std::string_view date) {
  std::string out;
  for (char c : date)
    if (c != '-') out += c;
  out.resize(8, '0');
  return out;
}

std::string encode_facets(const std::vector<std::string>& facet_terms) {
  std::string out;
  for (const auto& t : facet_terms) {
    if (!out.empty()) out += '\n';
    out += t;
  }
  return out;
}

}  // namespace kr::schema
