#include "core/phrase_pair_words.h"

#include <algorithm>
#include <functional>

namespace kr::schema {

PairWords PairWords::of(std::vector<std::string> words) {
  PairWords out;
  out.every_ = false;
  std::sort(words.begin(), words.end());
  words.erase(std::unique(words.begin(), words.end()), words.end());
  words.erase(std::remove(words.begin(), words.end(), std::string()), words.end());
  out.words_ = std::move(words);
  return out;
}

namespace {
constexpr std::string_view kEvery = "all";
constexpr std::string_view kListed = "frequent";
}  // namespace

PairWords PairWords::decode(std::string_view stored) {
  if (stored.substr(0, kListed.size()) != kListed) return every_word();
  stored.remove_prefix(kListed.size());
  std::vector<std::string> words;
  while (!stored.empty()) {
    stored.remove_prefix(1);  // the '\n' before each word
    auto end = std::min(stored.find('\n'), stored.size());
    words.emplace_back(stored.substr(0, end));
    stored.remove_prefix(end);
  }
  return of(std::move(words));
}

std::string PairWords::encode() const {
  if (every_) return std::string(kEvery);
  std::string out(kListed);
  for (const auto& w : words_) (out += '\n') += w;
  return out;
}

bool PairWords::holds(std::string_view word) const {
  return every_ || std::binary_search(words_.begin(), words_.end(), word, std::less<>());
}

}  // namespace kr::schema
