#pragma once
/// Turns a validated Record (and its attachment's text) into the Xapian document described by
/// core/index_schema.h.
#include <string>

#include <xapian.h>

#include "core/analyser.h"
#include "core/record.h"
#include "core/taxonomy.h"
#include "core/text.h"

namespace kr::index {

class DocumentBuilder {
 public:
  DocumentBuilder(const Taxonomy& taxonomy, const Analyser& analyser);

  /// Builds the document. `relative_path` is the record file relative to the corpus,
  /// `source_relative` the attachment's (may be empty), `fingerprint` goes into its value slot.
  Xapian::Document build(const Record& record, const std::string& attachment_text,
                         const std::string& relative_path, const std::string& source_relative,
                         const std::string& fingerprint);

 private:
  /// EN/FR/ES labels of the record's regions, themes, pillars and type, one string each (country
  /// names and aliases are indexed apart, with their own weight).
  std::vector<std::string> facet_labels(const Record& record) const;

  const Taxonomy& taxonomy_;
  const Analyser& analyser_;
  TextNormaliser normaliser_;
  Xapian::TermGenerator generator_;
};

}  // namespace kr::index
