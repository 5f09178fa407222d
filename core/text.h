#pragma once
/// Text normalisation with ICU, identical at index and query time.
#include <memory>
#include <string>
#include <string_view>

namespace kr {

/// Normalises text for matching. Not thread-safe (holds an ICU transliterator, ~20 ms to build):
/// keep one per thread and reuse it.
class TextNormaliser {
 public:
  TextNormaliser();
  ~TextNormaliser();
  TextNormaliser(const TextNormaliser&) = delete;
  TextNormaliser& operator=(const TextNormaliser&) = delete;

  /// NFKC, accents removed (é->e, ñ->n), letters without a decomposition folded (œ->oe, æ->ae,
  /// ø->o, ł->l, ß->ss), apostrophes (' ’ ʼ) turned into spaces so French elisions split
  /// ("d'Ivoire" -> "d Ivoire"). Case is KEPT, so query operators (AND, OR, NOT) survive.
  /// Invalid UTF-8 sequences are replaced by U+FFFD. Example: "Côte d’Ivoire" -> "Cote d Ivoire".
  std::string normalise(std::string_view utf8);

  /// normalise() then full Unicode case folding: the form a single word is indexed under.
  /// Example: "Éducation" -> "education".
  std::string fold(std::string_view utf8);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// True when `s` is well-formed UTF-8 (no overlongs, no surrogates).
bool is_valid_utf8(std::string_view s) noexcept;

/// Xapian stemmer name for a record language: "english", "french", "spanish", or "" (no stemming)
/// for any other language.
std::string stemmer_name(std::string_view lang);

}  // namespace kr
