#include "server/search/facet_table.h"

#include <algorithm>
#include <set>
#include <string_view>

#include "core/index_schema.h"

namespace kr::search {

namespace {

/// Which facet a facet term belongs to, by its prefix (no facet prefix is a prefix of another).
bool split_facet_term(std::string_view term, Facet& facet, std::string_view& value) {
  for (int i = 0; i < kFacetCount; ++i) {
    auto f = static_cast<Facet>(i);
    auto p = schema::facet_prefix(f);
    if (term.size() > p.size() && term.substr(0, p.size()) == p) {
      facet = f;
      value = term.substr(p.size());
      return true;
    }
  }
  return false;
}

}  // namespace

int FacetTable::ordinal(Facet f, const std::string& value) const {
  const auto& m = ordinals_[static_cast<int>(f)];
  auto it = m.find(value);
  return it == m.end() ? -1 : static_cast<int>(it->second);
}

std::shared_ptr<const FacetTable> FacetTable::build(const Xapian::Database& db, const Taxonomy& taxonomy) {
  auto table = std::make_shared<FacetTable>();
  for (int i = 0; i < kFacetCount; ++i) {
    auto f = static_cast<Facet>(i);
    if (f == Facet::year) continue;
    table->values_[i] = taxonomy.ids(f);
  }
  // Languages outside the taxonomy and all years come from the index itself.
  std::set<std::string> years, langs;
  for (auto t = db.allterms_begin(std::string(schema::kYear));
       t != db.allterms_end(std::string(schema::kYear)); ++t)
    years.insert((*t).substr(schema::kYear.size()));
  auto& year_values = table->values_[static_cast<int>(Facet::year)];
  year_values.assign(years.begin(), years.end());
  for (int i = 0; i < kFacetCount; ++i)
    for (unsigned k = 0; k < table->values_[i].size(); ++k) table->ordinals_[i][table->values_[i][k]] = k;

  Xapian::docid last = db.get_lastdocid();
  table->offsets_.assign(static_cast<std::size_t>(last) + 2, 0);
  table->works_.assign(static_cast<std::size_t>(last) + 1, 0);
  std::unordered_map<std::string, std::uint32_t> work_ids;
  std::vector<std::vector<FacetCode>> per_doc(static_cast<std::size_t>(last) + 1);
  for (auto v = db.valuestream_begin(schema::kSlotFacets); v != db.valuestream_end(schema::kSlotFacets);
       ++v) {
    Xapian::docid did = v.get_docid();
    const std::string all = *v;
    std::size_t pos = 0;
    while (pos <= all.size()) {
      std::size_t nl = all.find('\n', pos);
      std::string_view term =
          std::string_view(all).substr(pos, nl == std::string::npos ? std::string::npos : nl - pos);
      Facet f;
      std::string_view value;
      if (split_facet_term(term, f, value)) {
        int ord = table->ordinal(f, std::string(value));
        if (ord >= 0) per_doc[did].push_back(make_code(f, static_cast<unsigned>(ord)));
      }
      if (nl == std::string_view::npos) break;
      pos = nl + 1;
    }
  }
  std::vector<std::uint32_t> editions(1, 0);  // per work ordinal
  for (auto v = db.valuestream_begin(schema::kSlotWork); v != db.valuestream_end(schema::kSlotWork); ++v) {
    auto [it, added] = work_ids.emplace(*v, static_cast<std::uint32_t>(work_ids.size() + 1));
    table->works_[v.get_docid()] = it->second;
    if (added) editions.push_back(0);
    table->max_editions_ = std::max(table->max_editions_, ++editions[it->second]);
  }
  for (int i = 0; i < kFacetCount; ++i) table->present_[i].assign(table->values_[i].size(), 0);
  int internal_ord = table->ordinal(Facet::audience, "internal");
  FacetCode internal_code =
      internal_ord < 0 ? FacetCode(0xFFFF) : make_code(Facet::audience, static_cast<unsigned>(internal_ord));
  table->internal_code_ = internal_code;
  table->all_docs_ = DocSet(last);
  table->internal_docs_ = DocSet(last);
  for (int i = 0; i < kFacetCount; ++i) {
    table->value_docs_[i].assign(table->values_[i].size(), DocSet(last));
    table->value_count_ += table->values_[i].size();
  }
  // One pass over the documents: values present (publicly or not), bitmaps, codes.
  std::uint32_t offset = 0;
  for (std::size_t d = 0; d <= last; ++d) {
    const auto& codes = per_doc[d];
    auto did = static_cast<Xapian::docid>(d);
    bool internal = std::find(codes.begin(), codes.end(), internal_code) != codes.end();
    if (!codes.empty()) table->all_docs_.insert(did);
    if (internal) table->internal_docs_.insert(did);
    for (FacetCode c : codes) {
      table->present_[static_cast<int>(code_facet(c))][code_ordinal(c)] |= internal ? kAny : (kAny | kPublic);
      table->value_docs_[static_cast<int>(code_facet(c))][code_ordinal(c)].insert(did);
    }
    table->offsets_[d] = offset;
    offset += static_cast<std::uint32_t>(codes.size());
    table->codes_.insert(table->codes_.end(), codes.begin(), codes.end());
  }
  table->offsets_[static_cast<std::size_t>(last) + 1] = offset;
  return table;
}

}  // namespace kr::search
