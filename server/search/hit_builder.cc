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

/// Visible documents of a work, optionally restricted to those matching `matching`.
std::vector<Xapian::Document> editions_of(Reader& r, const std::string& work, const Access& access,
                                          const Xapian::Query* matching) {
  Xapian::Query q = QueryBuilder::visible_only(Xapian::Query(std::string(schema::kWork) + work), access);
  if (matching) q = Xapian::Query(Xapian::Query::OP_FILTER, *matching, q);
  Xapian::Enquire e(r.db);
  e.set_query(q);
  e.set_weighting_scheme(Xapian::BoolWeight());
  e.set_docid_order(Xapian::Enquire::ASCENDING);
  std::vector<Xapian::Document> out;
  Xapian::MSet m = e.get_mset(0, 20);
  for (auto it = m.begin(); it != m.end(); ++it) out.push_back(it.get_document());
  return out;
}

}  // namespace

HitBuilder::HitBuilder(Reader& reader, const std::vector<std::string>& query_terms, const Access& access,
                       UiLang ui_lang)
    : reader_(reader),
      access_(access),
      ui_lang_(ui_lang_code(ui_lang)),
      snippets_(query_terms, reader.queries->normaliser()) {}

std::optional<Hit> HitBuilder::build(const Xapian::Document& matched, double score,
                                     const Xapian::Query& matching) {
  Xapian::Document doc = matched;
  std::string work = doc.get_value(schema::kSlotWork);
  if (!work.empty()) {
    // Prefer the edition in the caller's language among those that match.
    for (const auto& edition : editions_of(reader_, work, access_, &matching)) {
      auto s = decode_stored_record(edition.get_data());
      if (s && s->record.lang == ui_lang_) {
        doc = edition;
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
  h.snippet = snippets_.make(stored->text.empty() ? r.title : stored->text, r.lang);
  if (!work.empty()) {
    for (const auto& edition : editions_of(reader_, work, access_, nullptr)) {
      if (edition.get_docid() == doc.get_docid()) continue;
      if (auto s = decode_stored_record(edition.get_data()))
        h.editions.push_back(Edition{s->record.id, s->record.lang, s->record.title});
    }
  }
  return h;
}

}  // namespace kr::search
