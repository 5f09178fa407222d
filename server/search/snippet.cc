#include "server/search/snippet.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <cctype>
#include <string_view>
#include <unordered_map>

#include "core/markup_escape.h"

namespace kr::search {

namespace {

struct Token {
  std::size_t begin, end;  ///< byte range in the text
  bool match = false;
};

/// Words of the text: runs of letters, digits and combining marks.
std::vector<Token> tokenise(const std::string& text) {
  std::vector<Token> out;
  const auto* s = reinterpret_cast<const uint8_t*>(text.data());
  int32_t len = static_cast<int32_t>(text.size());
  int32_t i = 0;
  bool in_word = false;
  std::size_t start = 0;
  while (i < len) {
    int32_t at = i;
    bool word;
    if (s[i] < 0x80) {  // ASCII: letters and digits, as ICU classes them
      auto a = static_cast<char>(s[i++] | 0x20);
      word = (a >= 'a' && a <= 'z') || (s[i - 1] >= '0' && s[i - 1] <= '9');
    } else {
      UChar32 c;
      U8_NEXT(s, i, len, c);
      word = c >= 0 && (u_isalnum(c) || u_getCombiningClass(c) > 0 || u_charType(c) == U_NON_SPACING_MARK);
    }
    if (word && !in_word) {
      start = static_cast<std::size_t>(at);
      in_word = true;
    } else if (!word && in_word) {
      out.push_back({start, static_cast<std::size_t>(at)});
      in_word = false;
    }
  }
  if (in_word) out.push_back({start, text.size()});
  return out;
}

bool is_ascii(std::string_view w) {
  for (char c : w)
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  return true;
}

}  // namespace

SnippetMaker::SnippetMaker(const std::vector<std::string>& query_terms, TextNormaliser& normaliser)
    : terms_(query_terms.begin(), query_terms.end()), normaliser_(normaliser) {}

std::string SnippetMaker::make(const std::string& text, const Xapian::Stem& stemmer, int words) const {
  auto tokens = tokenise(text);
  if (tokens.empty()) return {};
  // Whether each distinct word of the text is a query term, folded like the index folds it.
  std::unordered_map<std::string_view, bool> seen;
  int matches = 0;
  if (!terms_.empty()) {
    std::string key;
    for (auto& t : tokens) {
      std::string_view word(text.data() + t.begin, t.end - t.begin);
      auto cached = seen.find(word);
      if (cached == seen.end()) {
        if (is_ascii(word)) {
          key.assign(word);
          for (auto& c : key) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        } else {
          key = normaliser_.fold(std::string(word));
        }
        bool m = terms_.count(key) || terms_.count("Z" + stemmer(key));
        cached = seen.emplace(word, m).first;
      }
      t.match = cached->second;
      matches += t.match;
    }
  }
  // Best window: the most matches in `words` consecutive words; earliest on ties.
  std::size_t n = tokens.size(), w = static_cast<std::size_t>(words);
  std::size_t best = 0;
  if (matches > 0 && n > w) {
    int cur = 0, best_count = -1;
    for (std::size_t i = 0; i < n; ++i) {
      cur += tokens[i].match;
      if (i >= w) cur -= tokens[i - w].match;
      if (i + 1 >= w && cur > best_count) {
        best_count = cur;
        best = i + 1 - w;
      }
    }
    // Start a couple of words before the first match for context.
    std::size_t first = best;
    while (first < best + w && first < n && !tokens[first].match) ++first;
    best = first > best + 3 ? first - 3 : best;
    if (best + w > n) best = n - w;
  }
  // Never start inside a word joined by an apostrophe or hyphen ("Madagascar’s" -> not "s").
  auto joined = [&](std::size_t i) {
    std::string_view gap(text.data() + tokens[i - 1].end, tokens[i].begin - tokens[i - 1].end);
    return gap.find_first_of(" \t\r\n") == std::string_view::npos;
  };
  while (best > 0 && joined(best)) --best;
  std::size_t last = std::min(n, best + w);
  std::string out;
  if (best > 0) out += "… ";
  std::size_t pos = tokens[best].begin;
  for (std::size_t i = best; i < last; ++i) {
    append_escaped(out, std::string_view(text).substr(pos, tokens[i].begin - pos));
    std::string_view word(text.data() + tokens[i].begin, tokens[i].end - tokens[i].begin);
    if (tokens[i].match) out += "<mark>";
    append_escaped(out, word);
    if (tokens[i].match) out += "</mark>";
    pos = tokens[i].end;
  }
  if (last < n)
    out += " …";
  else
    append_escaped(out, std::string_view(text).substr(pos));
  // Collapse whitespace runs (paragraph breaks) into single spaces.
  std::string compact;
  bool space = false;
  for (char c : out) {
    bool ws = c == ' ' || c == '\n' || c == '\t' || c == '\r';
    if (ws) {
      if (!space) compact += ' ';
      space = true;
    } else {
      compact += c;
      space = false;
    }
  }
  return compact;
}

}  // namespace kr::search
