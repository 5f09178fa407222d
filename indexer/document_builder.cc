#include "indexer/document_builder.h"

#include <algorithm>

#include "core/index_schema.h"
#include "core/record_json.h"
#include "indexer/phrase_pairs.h"

namespace kr::index {

namespace {

void append_labels(std::vector<std::string>& out, const Labels& labels) {
  for (const auto& t : labels.text)
    if (std::find(out.begin(), out.end(), t) == out.end()) out.push_back(t);
}

/// Cuts at `limit` bytes without splitting a UTF-8 sequence.
std::string cap_utf8(const std::string& s, std::size_t limit) {
  if (s.size() <= limit) return s;
  std::size_t end = limit;
  while (end > 0 && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80) --end;
  return s.substr(0, end);
}

/// EN/FR/ES names and aliases of the record's countries: indexed apart from the other labels
/// because a record about a country is what a query naming it ("Ivory Coast", "Moldavie") wants.
std::vector<std::string> country_names(const Taxonomy& taxonomy, const Record& r) {
  std::vector<std::string> out;
  for (const auto& code : r.countries) {
    if (const Country* c = taxonomy.find_country(code)) {
      append_labels(out, c->names);
      out.insert(out.end(), c->aliases.begin(), c->aliases.end());
    }
  }
  return out;
}

}  // namespace

DocumentBuilder::DocumentBuilder(const Taxonomy& taxonomy, const Analyser& analyser,
                                 const PhrasePairer* pairs)
    : taxonomy_(taxonomy), analyser_(analyser), pairs_(pairs) {}

const Xapian::Stem& DocumentBuilder::stemmer(std::string_view lang) {
  std::string name = stemmer_name(lang);
  auto it = stemmers_.find(name);
  if (it == stemmers_.end()) it = stemmers_.emplace(name, Analyser::index_stemmer(lang)).first;
  return it->second;
}

const DocumentBuilder::Fragment& DocumentBuilder::fragment(const std::string& text, std::string_view lang) {
  std::string key = stemmer_name(lang) + '\n' + text;
  if (auto it = fragments_.find(key); it != fragments_.end()) return it->second;
  Fragment f;
  std::string normalised = normaliser_.normalise(text);
  Xapian::Document scratch;
  analyser_.configure(fragment_generator_, stemmer(lang));
  fragment_generator_.set_document(scratch);
  fragment_generator_.set_termpos(0);
  fragment_generator_.index_text(normalised);
  f.length = fragment_generator_.get_termpos();
  for (auto t = scratch.termlist_begin(); t != scratch.termlist_end(); ++t) {
    Fragment::Term term{*t, {}, 0};
    for (auto p = t.positionlist_begin(); p != t.positionlist_end(); ++p) term.positions.push_back(*p);
    term.unpositioned_wdf = t.get_wdf() - static_cast<Xapian::termcount>(term.positions.size());
    f.terms.push_back(std::move(term));
  }
  f.glossary = analyser_.glossary_mentions(normalised);
  return fragments_.emplace(std::move(key), std::move(f)).first->second;
}

void DocumentBuilder::add_text_again(Xapian::Document& doc, const Fragment& f, int weight) {
  const Xapian::termpos base = generator_.get_termpos();
  const auto w = static_cast<Xapian::termcount>(weight);
  for (const auto& t : f.terms) {
    for (auto p : t.positions) doc.add_posting(t.name, base + p, w);
    if (t.unpositioned_wdf > 0) doc.add_term(t.name, t.unpositioned_wdf * w);
  }
  generator_.set_termpos(base + f.length);
  for (const auto& id : f.glossary) doc.add_term(std::string(schema::kGlossary) + id);
}

std::vector<std::string> DocumentBuilder::facet_labels(const Record& r) const {
  std::vector<std::string> out;
  auto add = [&](Facet f, const std::vector<std::string>& ids) {
    for (const auto& id : ids)
      if (const VocabEntry* e = taxonomy_.find(f, id)) append_labels(out, e->labels);
  };
  add(Facet::region, r.regions);
  add(Facet::theme, r.themes);
  add(Facet::pillar, r.pillars);
  add(Facet::type, {r.type});
  return out;
}

Xapian::Document DocumentBuilder::build(const Record& r, const std::string& attachment_text,
                                        const std::string& relative_path, const std::string& source_relative,
                                        const std::string& fingerprint) {
  Xapian::Document doc;
  analyser_.configure(generator_, stemmer(r.lang));
  generator_.set_document(doc);

  std::string all_text;  // normalised, for glossary detection
  auto field = [&](const std::string& text, int weight, std::string_view prefix = {}) {
    if (text.empty()) return;
    std::string n = normaliser_.normalise(text);
    generator_.index_text(n, weight);
    if (!prefix.empty()) generator_.index_text(n, 1, std::string(prefix));
    generator_.increase_termpos();
    all_text += n;
    all_text += "\n";
  };

  field(r.title, schema::kWeightTitle, schema::kTitle);
  field(r.summary, schema::kWeightSummary);
  for (const auto& s : r.sections) {
    field(s.title, schema::kWeightBody);
    field(s.text, schema::kWeightBody);
  }
  for (const auto& p : r.partners) field(p, schema::kWeightBody, schema::kPartner);
  if (!r.action_code.empty()) field(r.action_code + " " + r.action_name, 1, schema::kAction);
  field(attachment_text, schema::kWeightBody);
  for (const auto& id : analyser_.glossary_mentions(all_text))
    doc.add_term(std::string(schema::kGlossary) + id);
  // A record tagged with a theme also mentions the glossary terms of its labels.
  auto labels = [&](const std::vector<std::string>& texts, int weight) {
    for (const auto& label : texts) {
      add_text_again(doc, fragment(label, r.lang), weight);
      generator_.increase_termpos();
    }
  };
  labels(country_names(taxonomy_, r), schema::kWeightCountryNames);
  labels(facet_labels(r), schema::kWeightLabels);
  if (pairs_) pairs_->add_to(doc);

  std::vector<std::string> facet_terms;
  auto facet = [&](Facet f, const std::string& value) {
    std::string t = schema::facet_term(f, value);
    doc.add_boolean_term(t);
    facet_terms.push_back(std::move(t));
  };
  facet(Facet::type, r.type);
  for (const auto& v : r.regions) facet(Facet::region, v);
  for (const auto& v : r.countries) facet(Facet::country, v);
  for (const auto& v : r.themes) facet(Facet::theme, v);
  for (const auto& v : r.pillars) facet(Facet::pillar, v);
  facet(Facet::lang, r.lang);
  facet(Facet::year, r.year());
  facet(Facet::audience, r.audience);
  doc.add_boolean_term(schema::id_term(r.id));
  if (!r.work.empty()) doc.add_boolean_term(std::string(schema::kWork) + r.work);
  if (!r.action_code.empty()) doc.add_boolean_term(std::string(schema::kActionCode) + r.action_code);

  doc.add_value(schema::kSlotDate, schema::encode_date(r.date));
  doc.add_value(schema::kSlotFingerprint, fingerprint);
  doc.add_value(schema::kSlotFacets, schema::encode_facets(facet_terms));
  if (!r.work.empty()) doc.add_value(schema::kSlotWork, r.work);
  if (!source_relative.empty()) doc.add_value(schema::kSlotSourcePath, source_relative);
  doc.add_value(schema::kSlotPath, relative_path);

  StoredRecord stored{r, relative_path, {}};
  std::string text = r.summary;
  for (const auto& s : r.sections) text += "\n\n" + s.text;
  if (!attachment_text.empty()) text += "\n\n" + attachment_text;
  stored.text = cap_utf8(text, schema::kStoredTextLimit);
  doc.set_data(encode_stored_record(stored));
  // The generator must not keep a handle on the document: it is written in another thread
  // (background_writer.h), and Xapian's handles count their references without atomics.
  generator_.set_document(Xapian::Document());
  return doc;
}

}  // namespace kr::index
