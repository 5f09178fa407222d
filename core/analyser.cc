#include "core/analyser.h"

#include <algorithm>
#include <cctype>

#include "core/index_schema.h"
#include "core/text.h"

namespace kr {

namespace {

// ASCII letters and digits (std::isalnum in the "C" locale, without its per-call cost) and every
// byte of a multi-byte UTF-8 sequence.
bool is_word_byte(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80;
}

char lower_ascii(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

/// Words of `text` as views into it (split_words without copies).
std::vector<std::string_view> word_views(std::string_view text) {
  std::vector<std::string_view> words;
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && !is_word_byte(static_cast<unsigned char>(text[i]))) ++i;
    std::size_t start = i;
    while (i < text.size() && is_word_byte(static_cast<unsigned char>(text[i]))) ++i;
    if (i > start) words.push_back(text.substr(start, i - start));
  }
  return words;
}

/// `word` lower-cased as split_words(…, true) does equals `lower`.
bool equals_lowered(std::string_view word, const std::string& lower) {
  if (word.size() != lower.size()) return false;
  for (std::size_t i = 0; i < word.size(); ++i)
    if (lower_ascii(word[i]) != lower[i]) return false;
  return true;
}

/// Weight factor of a glossary concept term found through a query's acronym or expansion.
/// Weight factor of a glossary concept term found through a query's acronym or expansion: naming a
/// concept counts like a strong phrase match (measured in docs/RELEVANCE.md: 1 -> 4 lifts acronym
/// and cross-language queries; beyond 6 it starts to drown the other query words).
constexpr double kGlossaryConceptWeight = 4.0;

/// A Snowball stemmer with a memo of the words it has stemmed. Text follows Zipf's law, so almost
/// every occurrence is a hit; the memo is emptied when full, which bounds its memory.
class MemoStem : public Xapian::StemImplementation {
 public:
  MemoStem(const std::string& language, std::size_t max_words)
      : max_words_(max_words), language_(language), stem_(language) {}
  std::string operator()(const std::string& word) override {
    if (auto it = memo_.find(word); it != memo_.end()) return it->second;
    if (memo_.size() >= max_words_) memo_.clear();
    return memo_.emplace(word, stem_(word)).first->second;
  }
  std::string get_description() const override { return language_; }

 private:
  std::size_t max_words_;
  std::string language_;
  Xapian::Stem stem_;
  std::unordered_map<std::string, std::string> memo_;
};

}  // namespace

std::vector<std::string> split_words(std::string_view text, bool lower) {
  std::vector<std::string> words;
  std::string cur;
  for (char ch : text) {
    auto c = static_cast<unsigned char>(ch);
    if (is_word_byte(c)) {
      cur += lower && c < 0x80 ? static_cast<char>(std::tolower(c)) : ch;
    } else if (!cur.empty()) {
      words.push_back(std::move(cur));
      cur.clear();
    }
  }
  if (!cur.empty()) words.push_back(std::move(cur));
  return words;
}

Analyser::Analyser(const Taxonomy& taxonomy) {
  TextNormaliser norm;
  for (const auto& term : taxonomy.glossary()) {
    for (const auto& form : term.forms) {
      if (!form.abbr.empty()) {
        auto words = split_words(norm.normalise(form.abbr), false);
        // Two-letter acronyms (AU, MS, EC) collide with common words and country codes.
        if (words.size() == 1 && words[0].size() >= 3) {
          acronyms_[words[0]] = term.id;
          std::string key = words[0];
          for (auto& c : key) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
          synonym_keys_.emplace_back(key, term.id);
        }
      }
      auto words = split_words(norm.normalise(form.text), true);
      if (words.empty()) continue;
      std::string key;
      for (const auto& w : words) key += (key.empty() ? "" : " ") + w;
      synonym_keys_.emplace_back(key, term.id);
      phrases_by_first_word_[words[0]].push_back(Phrase{std::move(words), term.id});
    }
  }
}

void Analyser::configure(Xapian::TermGenerator& generator, std::string_view lang) const {
  configure(generator, index_stemmer(lang));
}

void Analyser::configure(Xapian::TermGenerator& generator, const Xapian::Stem& stemmer) const {
  generator.set_stemmer(stemmer);
  generator.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME);
}

Xapian::Stem Analyser::index_stemmer(std::string_view lang, std::size_t memo_words) {
  std::string stem = stemmer_name(lang);
  return stem.empty() ? Xapian::Stem() : Xapian::Stem(new MemoStem(stem, memo_words));
}

void Analyser::configure(Xapian::QueryParser& parser, std::string_view lang) const {
  std::string stem = stemmer_name(lang);
  parser.set_stemmer(stem.empty() ? Xapian::Stem() : Xapian::Stem(stem));
  parser.set_stemming_strategy(stem.empty() ? Xapian::QueryParser::STEM_NONE
                                            : Xapian::QueryParser::STEM_SOME);
  parser.set_default_op(Xapian::Query::OP_OR);
  for (const auto& f : schema::kFreeTextFields)
    parser.add_prefix(std::string(f.field), std::string(f.prefix));
}

unsigned Analyser::query_flags() {
  return Xapian::QueryParser::FLAG_DEFAULT | Xapian::QueryParser::FLAG_WILDCARD |
         Xapian::QueryParser::FLAG_PURE_NOT | Xapian::QueryParser::FLAG_AUTO_SYNONYMS |
         Xapian::QueryParser::FLAG_AUTO_MULTIWORD_SYNONYMS;
}

std::vector<std::string> Analyser::glossary_mentions(std::string_view normalised_text) const {
  std::vector<std::string> found;
  auto words = word_views(normalised_text);
  std::string key;  // reused: one allocation per run of long words, not two strings per word
  for (std::size_t i = 0; i < words.size(); ++i) {
    key.assign(words[i]);
    if (auto a = acronyms_.find(key); a != acronyms_.end()) {
      found.push_back(a->second);
      continue;
    }
    for (auto& c : key) c = lower_ascii(c);
    auto p = phrases_by_first_word_.find(key);
    if (p == phrases_by_first_word_.end()) continue;
    for (const auto& phrase : p->second) {
      if (i + phrase.words.size() > words.size()) continue;
      bool match = true;
      for (std::size_t k = 1; k < phrase.words.size() && match; ++k)
        match = equals_lowered(words[i + k], phrase.words[k]);
      if (match) {
        found.push_back(phrase.id);
        break;
      }
    }
  }
  return found;
}

void Analyser::write_synonyms(Xapian::WritableDatabase& db) const {
  std::vector<std::string> old_keys;
  for (auto key = db.synonym_keys_begin(); key != db.synonym_keys_end(); ++key) old_keys.push_back(*key);
  for (const auto& key : old_keys) db.clear_synonyms(key);
  for (const auto& [key, id] : synonym_keys_) {
    std::string target = std::string(schema::kGlossary) + id;
    db.add_synonym(key, target);
    // Single words are also looked up in their stemmed form by the parser.
    if (key.find(' ') == std::string::npos) db.add_synonym("Z" + key, target);
  }
}

Xapian::Query Analyser::expand_stems(const Xapian::Query& q, const std::vector<Xapian::Stem>& stemmers) {
  auto type = q.get_type();
  if (type == Xapian::Query::LEAF_TERM) {
    std::string term = *q.get_terms_begin();
    std::size_t p = 0;
    while (p < term.size() && std::isupper(static_cast<unsigned char>(term[p]))) ++p;
    std::string prefix = term.substr(0, p), word = term.substr(p);
    if (word.empty() || std::isdigit(static_cast<unsigned char>(word[0])) || prefix == schema::kGlossary)
      return q;
    std::vector<Xapian::Query> forms{q};
    std::vector<std::string> seen;
    for (const auto& stem : stemmers) {
      std::string s = "Z" + prefix + stem(word);
      if (std::find(seen.begin(), seen.end(), s) != seen.end()) continue;
      seen.push_back(s);
      forms.emplace_back(s);
    }
    return Xapian::Query(Xapian::Query::OP_SYNONYM, forms.begin(), forms.end());
  }
  // A glossary match comes from the parser as OP_SYNONYM(words, XY<id>): the synonym would merge
  // the concept term into the statistics of its words, and one common word ("de", "of") then makes
  // the whole group match every record, so the rare concept term weighs nothing. "The concept, else
  // the words" (concept OR (words AND_NOT concept)) keeps the concept's own idf (a record naming the
  // concept in any language ranks high) without counting a record twice for writing both the
  // acronym and its expansion. Not OP_MAX, which did the same: Xapian 1.4.22's MaxPostList, once
  // all its subqueries end in the same step, stays in the tree with none left and crashes the next
  // weight recalculation ("COMESA per ICMPD" took kr-server down). nDCG@10 is 0.854 either way.
  if (type == Xapian::Query::OP_SYNONYM) {
    std::vector<Xapian::Query> concepts, words;
    for (std::size_t i = 0; i < q.get_num_subqueries(); ++i) {
      Xapian::Query sub = q.get_subquery(i);
      bool concept_term = sub.get_type() == Xapian::Query::LEAF_TERM &&
                          (*sub.get_terms_begin()).rfind(schema::kGlossary, 0) == 0;
      if (concept_term)
        concepts.push_back(Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, sub, kGlossaryConceptWeight));
      else
        words.push_back(expand_stems(sub, stemmers));
    }
    if (!concepts.empty() && !words.empty()) {
      Xapian::Query c(Xapian::Query::OP_OR, concepts.begin(), concepts.end());
      Xapian::Query w(Xapian::Query::OP_OR, words.begin(), words.end());
      return Xapian::Query(Xapian::Query::OP_OR, c, Xapian::Query(Xapian::Query::OP_AND_NOT, w, c));
    }
  }
  // Positional and leaf operators keep their exact words; ops with parameters are left whole.
  switch (type) {
    case Xapian::Query::OP_AND:
    case Xapian::Query::OP_OR:
    case Xapian::Query::OP_AND_NOT:
    case Xapian::Query::OP_XOR:
    case Xapian::Query::OP_AND_MAYBE:
    case Xapian::Query::OP_FILTER:
    case Xapian::Query::OP_SYNONYM:
    case Xapian::Query::OP_MAX: {
      std::vector<Xapian::Query> subs;
      for (std::size_t i = 0; i < q.get_num_subqueries(); ++i)
        subs.push_back(expand_stems(q.get_subquery(i), stemmers));
      return Xapian::Query(type, subs.begin(), subs.end());
    }
    default:
      return q;
  }
}

bool Analyser::is_spelling_word(const std::string& term) {
  if (term.size() < 3) return false;
  auto c = static_cast<unsigned char>(term[0]);
  if (std::isupper(c)) return false;  // prefixed term
  return std::isdigit(c) == 0;
}

}  // namespace kr
