#include "indexer/phrase_pairs.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include <Poco/DigestEngine.h>
#include <Poco/MD5Engine.h>

#include "core/index_schema.h"

namespace kr::index {

namespace {

std::string digest(const std::string& text) {
  Poco::MD5Engine md5;
  md5.update(text);
  return Poco::DigestEngine::digestToHex(md5.digest()).substr(0, 16);
}

}  // namespace

PhrasePairer::PhrasePairer(schema::PairWords words)
    : words_(std::move(words)), digest_(words_.every() ? std::string() : digest(words_.encode())) {
  marker_ = std::string(schema::kHasPhrasePairs) + (digest_.empty() ? "" : " " + digest_);
}

std::string PhrasePairer::fingerprint_salt() const {
  // "+pairs" alone for every word: the salt indexes built before word lists existed were given.
  return digest_.empty() ? "+pairs" : "+pairs " + digest_;
}

void PhrasePairer::add_to(Xapian::Document& doc) const {
  doc.add_boolean_term(marker_);
  std::vector<std::string> words;
  std::vector<std::pair<Xapian::termpos, std::uint32_t>> at;  // (position, index into words)
  for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
    std::string term = *t;
    if (!schema::is_phrase_word(term) || !words_.holds(term)) continue;
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

void WordSample::add(const Xapian::Document& doc) {
  ++documents_;
  for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
    std::string term = *t;
    if (schema::is_phrase_word(term) && t.positionlist_begin() != t.positionlist_end()) ++df_[term];
  }
}

schema::PairWords WordSample::frequent_words() const {
  auto least = static_cast<std::size_t>(
      std::ceil(schema::PairWords::kFrequentShare * static_cast<double>(documents_)));
  std::vector<std::pair<std::size_t, std::string>> ranked;  // (documents, word)
  for (const auto& [word, n] : df_)
    if (n >= std::max<std::size_t>(least, 1)) ranked.emplace_back(n, word);
  std::sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first > b.first : a.second < b.second;
  });
  if (ranked.size() > schema::PairWords::kMaxWords) ranked.resize(schema::PairWords::kMaxWords);
  std::vector<std::string> words;
  for (auto& r : ranked) words.push_back(std::move(r.second));
  return schema::PairWords::of(std::move(words));
}

}  // namespace kr::index
