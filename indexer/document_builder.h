#pragma once
/// Turns a validated Record (and its attachment's text) into the Xapian document described by
/// core/index_schema.h. Keeps per-run memos (stemmers, indexed labels): one builder per thread.
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <xapian.h>

#include "core/analyser.h"
#include "core/record.h"
#include "core/taxonomy.h"
#include "core/text.h"
#include "indexer/phrase_pairs.h"

namespace kr::index {

class DocumentBuilder {
 public:
  /// `pairs`: adds its kPhrasePair terms to every document (none when null); kept by reference.
  DocumentBuilder(const Taxonomy& taxonomy, const Analyser& analyser, const PhrasePairer* pairs);

  /// Builds the document. `relative_path` is the record file relative to the corpus,
  /// `source_relative` the attachment's (may be empty), `fingerprint` goes into its value slot.
  Xapian::Document build(const Record& record, const std::string& attachment_text,
                         const std::string& relative_path, const std::string& source_relative,
                         const std::string& fingerprint);

 private:
  /// EN/FR/ES labels of the record's regions, themes, pillars and type, one string each (country
  /// names and aliases are indexed apart, with their own weight).
  std::vector<std::string> facet_labels(const Record& record) const;

  /// What TermGenerator::index_text makes of one text at wdf increment 1, positions counted
  /// from 1, and the glossary terms the text mentions.
  struct Fragment {
    struct Term {
      std::string name;
      std::vector<Xapian::termpos> positions;
      Xapian::termcount unpositioned_wdf = 0;  ///< stemmed terms carry no positions
    };
    std::vector<Term> terms;
    Xapian::termpos length = 0;  ///< words, i.e. how far the text advances the term position
    std::vector<std::string> glossary;
  };
  /// Taxonomy labels and country names are the same few hundred texts on every record: each is
  /// normalised, tokenised, stemmed and scanned for glossary terms once per stemmer and run, then
  /// replayed into each document (add_text_again), with exactly the terms, wdfs and positions
  /// index_text would have given it.
  const Fragment& fragment(const std::string& text, std::string_view lang);
  void add_text_again(Xapian::Document& doc, const Fragment& fragment, int weight);
  /// The memoising stemmer of a record language (Analyser::index_stemmer), one per stemmer.
  const Xapian::Stem& stemmer(std::string_view lang);

  const Taxonomy& taxonomy_;
  const Analyser& analyser_;
  const PhrasePairer* pairs_;
  TextNormaliser normaliser_;
  Xapian::TermGenerator generator_;
  Xapian::TermGenerator fragment_generator_;
  std::unordered_map<std::string, Xapian::Stem> stemmers_;  ///< by stemmer name ("" = none)
  std::unordered_map<std::string, Fragment> fragments_;     ///< by stemmer name + '\n' + text
};

}  // namespace kr::index
