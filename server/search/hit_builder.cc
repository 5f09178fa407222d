#include "server/search/hit_builder.h"

#include "core/index_schema.h"
#include "core/record_json.h"

namespace kr::search {

namespace {

const char* ui_lang_code(UiLang l) {
  switch (l) {
    case UiLang::fr:
      return "fr";
    case UiLang::es:
      return "es";
    default:
      return "en";
  }
}

/// Visible documents of a work, in docid order (as many as a work can have editions, and some).
std::vector<Xapian::docid> editions_of(Reader& r, const std::string& work, const Access& access) {
  std::vector<Xapian::docid> out;
  std::string term = std::string(schema::kWork) + work;
  for (auto p = r.db.postlist_begin(term); p != r.db.postlist_end(term) && out.size() < 20; ++p)
    if (access.internal || !r.facets->is_internal(*p)) out.push_back(*p);
  return out;
}

/// The language of a document, from the facet table (no stored data decoded); "" when unknown.
std::string lang_of(const FacetTable& table, Xapian::docid did) {
  auto [begin, end] = table.codes(did);
  for (const FacetCode* c = begin; c != end; ++c)
    if (code_facet(*c) == Facet::lang) return table.values(Facet::lang)[code_ordinal(*c)];
  return {};
}

/// Whether `did` matches `query` (one document: a filter on its own id term would do, but docids
/// are what we have, so the query runs restricted to the work's editions).
bool matches(Reader& r, Xapian::docid did, const std::string& work, const Xapian::Query& query) {
  Xapian::Enquire e(r.db);
  e.set_query(
      Xapian::Query(Xapian::Query::OP_FILTER, query, Xapian::Query(std::string(schema::kWork) + work)));
  e.set_weighting_scheme(Xapian::BoolWeight());
  Xapian::MSet m = e.get_mset(0, 20);
  for (auto it = m.begin(); it != m.end(); ++it)
    if (*it == did) return true;
  return false;
}

}  // namespace

HitBuilder::HitBuilder(Reader& reader, const std::vector<std::string>& query_terms, const Access& access,
                       UiLang ui_lang)
    : reader_(reader),
      access_(access),
      ui_lang_(ui_lang_code(ui_lang)),
      snippets_(query_terms, reader.queries->normaliser()) {}

std::optional<Hit> HitBuilder::build(Xapian::docid hit_did, const Xapian::Document& hit_doc, double score,
                                     const Xapian::Query& matching, const DocSet* matched) {
  Xapian::Document doc = hit_doc;
  Xapian::docid shown = hit_did;
  std::string work = doc.get_value(schema::kSlotWork);
  std::vector<Xapian::docid> editions;
  if (!work.empty()) {
    editions = editions_of(reader_, work, access_);
    // Prefer the edition in the caller's language among those that match (languages from the
    // facet table: no stored record is decoded to choose).
    for (Xapian::docid did : editions) {
      if (lang_of(*reader_.facets, did) != ui_lang_) continue;
      bool match =
          did == hit_did || (matched ? matched->contains(did) : matches(reader_, did, work, matching));
      if (match) {
        if (did != hit_did) doc = reader_.db.get_document(did);
        shown = did;
        break;
      }
    }
  }
  auto stored = decode_stored_record(doc.get_data());
  if (!stored) return std::nullopt;
  const Record& r = stored->record;
  Hit h;
  h.id = r.id;
  h.type = r.type;
  h.title = r.title;
  h.date = r.date;
  h.lang = r.lang;
  h.work = r.work;
  h.countries = r.countries;
  h.regions = r.regions;
  h.themes = r.themes;
  h.pillars = r.pillars;
  h.action_code = r.action_code;
  h.action_name = r.action_name;
  h.score = score;
  h.snippet = snippets_.make(stored->text.empty() ? r.title : stored->text, reader_.queries->stemmer(r.lang));
  for (Xapian::docid did : editions) {
    if (did == shown) continue;
    if (auto s = decode_stored_record(reader_.db.get_document(did).get_data()))
      h.editions.push_back(Edition{s->record.id, s->record.lang, s->record.title});
  }
  return h;
}

}  // namespace kr::search
