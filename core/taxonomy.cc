#include "core/taxonomy.h"

#include "core/source_position.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <pugixml.hpp>
#include <set>
#include <sstream>

namespace kr {
namespace {

constexpr std::string_view kNamespace = "urn:mieux:knowledge-register:taxonomy:1";
constexpr std::array<std::string_view, 3> kUiLangs = {"en", "fr", "es"};

// ---- Source positions -------------------------------------------------------------------------

/// Turns byte offsets into 1-based line:column. Columns count characters (UTF-8 code points), as
/// editors do, so an error after "Côte" on the same line points where the reader looks.
class SourceText {
 public:
  SourceText(std::string_view text, const std::string& origin) : text_(text), origin_(origin) {}

  /// An invalid_taxonomy error located at byte `offset` (no position when offset < 0).
  Error error_at(std::ptrdiff_t offset, std::string message) const {
    Error e = make_error(ErrorCode::invalid_taxonomy, std::move(message));
    e.file = origin_;
    if (offset < 0 || static_cast<std::size_t>(offset) > text_.size()) return e;
    const SourcePosition pos = position_at(text_, static_cast<std::size_t>(offset));
    e.line = pos.line;
    e.column = pos.column;
    return e;
  }

  /// An error located at the '<' of an element (pugixml's offset_debug() points at its name).
  Error error_at(pugi::xml_node node, std::string message) const {
    const std::ptrdiff_t name = node.offset_debug();
    return error_at(name > 0 ? name - 1 : name, std::move(message));
  }

 private:
  std::string_view text_;
  const std::string& origin_;
};

/// Byte offset of the first byte that is not well-formed UTF-8 (overlongs and surrogates
/// included), or -1. Labels end up in JSON, which must be valid UTF-8.
std::ptrdiff_t invalid_utf8_offset(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    std::size_t extra = 0;
    unsigned char lo = 0x80, hi = 0xBF;  // the range allowed for the second byte
    if (c < 0x80) {
      extra = 0;
    } else if (c >= 0xC2 && c <= 0xDF) {
      extra = 1;
    } else if (c >= 0xE0 && c <= 0xEF) {
      extra = 2;
      if (c == 0xE0) lo = 0xA0;  // overlong
      if (c == 0xED) hi = 0x9F;  // surrogates
    } else if (c >= 0xF0 && c <= 0xF4) {
      extra = 3;
      if (c == 0xF0) lo = 0x90;  // overlong
      if (c == 0xF4) hi = 0x8F;  // beyond U+10FFFF
    } else {
      return static_cast<std::ptrdiff_t>(i);
    }
    if (s.size() - i <= extra) return static_cast<std::ptrdiff_t>(i);
    for (std::size_t k = 1; k <= extra; ++k) {
      const auto b = static_cast<unsigned char>(s[i + k]);
      if (b < (k == 1 ? lo : 0x80) || b > (k == 1 ? hi : 0xBF)) return static_cast<std::ptrdiff_t>(i);
    }
    i += 1 + extra;
  }
  return -1;
}

// ---- Small XML helpers ------------------------------------------------------------------------

/// Element name without its namespace prefix: the file may or may not use a prefix.
std::string_view local_name(pugi::xml_node node) {
  std::string_view name = node.name();
  const auto colon = name.find(':');
  return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

/// Child elements of `parent` with the local name `name`, in file order.
std::vector<pugi::xml_node> elements(pugi::xml_node parent, std::string_view name) {
  std::vector<pugi::xml_node> out;
  for (pugi::xml_node child : parent.children()) {
    if (child.type() == pugi::node_element && local_name(child) == name) out.push_back(child);
  }
  return out;
}

/// The words of an element's text, split on XML whitespace (not locale-dependent).
std::vector<std::string> words_of(pugi::xml_node node) {
  std::vector<std::string> out;
  const std::string_view text = node.text().get();
  constexpr std::string_view kSpace = " \t\r\n";
  for (std::size_t at = text.find_first_not_of(kSpace); at != std::string_view::npos;) {
    const std::size_t end = std::min(text.find_first_of(kSpace, at), text.size());
    out.emplace_back(text.substr(at, end - at));
    at = text.find_first_not_of(kSpace, end);
  }
  return out;
}

/// Text content with surrounding whitespace trimmed and inner runs collapsed to one space, so
/// that a label may be wrapped over several lines.
std::string text_of(pugi::xml_node node) {
  std::string out;
  for (const std::string& word : words_of(node)) out += (out.empty() ? "" : " ") + word;
  return out;
}

bool is_country_code(std::string_view s) {
  return s.size() == 2 && std::all_of(s.begin(), s.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
}

std::string quoted(std::string_view s) { return "\"" + std::string(s) + "\""; }

// ---- The parser -------------------------------------------------------------------------------

/// Reads one document into the taxonomy's vectors. Keeps the element of each country and
/// organisation so that reference errors found after reading everything still have a position.
class Reader {
 public:
  explicit Reader(const SourceText& src) : src_(src) {}

  /// Reads `<label lang="..">` (or `<name>`) children; all of en, fr, es are required.
  Status read_labels(pugi::xml_node entry, std::string_view child, const std::string& what,
                     Labels& out) const {
    std::array<bool, 3> seen{};
    for (pugi::xml_node label : elements(entry, child)) {
      const std::string_view lang = label.attribute("lang").value();
      const auto it = std::find(kUiLangs.begin(), kUiLangs.end(), lang);
      if (it == kUiLangs.end()) continue;  // labels in other languages are allowed, unused
      const auto i = static_cast<std::size_t>(it - kUiLangs.begin());
      if (seen[i]) {
        return src_.error_at(label, what + " has two " + std::string(lang) + " " + std::string(child) + "s");
      }
      seen[i] = true;
      out.text[i] = text_of(label);
    }
    for (std::size_t i = 0; i < kUiLangs.size(); ++i) {
      if (out.text[i].empty()) {
        return src_.error_at(entry, what + " has no " + std::string(kUiLangs[i]) + " " + std::string(child));
      }
    }
    return Ok{};
  }

  /// The required, unique `attr` of an entry element. `seen` collects the values of the vocabulary.
  Result<std::string> read_key(pugi::xml_node entry, const char* attr, std::set<std::string>& seen) const {
    const std::string kind(local_name(entry));
    std::string key = entry.attribute(attr).value();
    if (key.empty()) return src_.error_at(entry, kind + " without " + attr);
    if (!seen.insert(key).second) return src_.error_at(entry, "duplicate " + kind + " " + quoted(key));
    return key;
  }

  /// A plain vocabulary: `<section><entry id=".."><label lang="..">..</label>..</entry>..</section>`.
  Status read_vocab(pugi::xml_node root, std::string_view section, std::string_view entry,
                    std::vector<VocabEntry>& out) const {
    std::set<std::string> ids;
    for (pugi::xml_node list : elements(root, section)) {
      for (pugi::xml_node node : elements(list, entry)) {
        auto id = read_key(node, "id", ids);
        if (!id) return id.error();
        VocabEntry e{std::move(*id), {}};
        const std::string what = std::string(entry) + " " + quoted(e.id);
        if (auto s = read_labels(node, "label", what, e.labels); !s) return s;
        out.push_back(std::move(e));
      }
    }
    return Ok{};
  }

  Status read_countries(pugi::xml_node root, std::vector<Country>& out) {
    std::set<std::string> codes;
    for (pugi::xml_node list : elements(root, "countries")) {
      for (pugi::xml_node node : elements(list, "country")) {
        auto code = read_key(node, "code", codes);
        if (!code) return code.error();
        if (!is_country_code(*code)) {
          return src_.error_at(node, "country code " + quoted(*code) + " is not two upper-case letters");
        }
        Country c{std::move(*code), node.attribute("region").value(), {}, {}, {}};
        if (auto s = read_labels(node, "name", "country " + quoted(c.code), c.names); !s) return s;
        for (pugi::xml_node alias : elements(node, "alias")) {
          if (std::string a = text_of(alias); !a.empty()) c.aliases.push_back(std::move(a));
        }
        const auto neighbours = elements(node, "neighbours");
        for (pugi::xml_node n : neighbours) {
          for (std::string& code_n : words_of(n)) c.neighbours.push_back(std::move(code_n));
        }
        countries_at_.push_back({node, neighbours.empty() ? node : neighbours.front()});
        out.push_back(std::move(c));
      }
    }
    return Ok{};
  }

  Status read_organisations(pugi::xml_node root, std::vector<Organisation>& out) {
    std::set<std::string> ids;
    for (pugi::xml_node list : elements(root, "organisations")) {
      for (pugi::xml_node node : elements(list, "organisation")) {
        auto id = read_key(node, "id", ids);
        if (!id) return id.error();
        Organisation o{std::move(*id), node.attribute("acronym").value(), {}, {}, {}};
        if (auto s = read_labels(node, "label", "organisation " + quoted(o.id), o.labels); !s) return s;
        for (pugi::xml_node alias : elements(node, "alias")) {
          if (std::string a = text_of(alias); !a.empty()) o.aliases.push_back(std::move(a));
        }
        const auto members = elements(node, "members");
        for (pugi::xml_node m : members) {
          for (std::string& code : words_of(m)) o.members.push_back(std::move(code));
        }
        organisations_at_.push_back({node, members.empty() ? node : members.front()});
        out.push_back(std::move(o));
      }
    }
    return Ok{};
  }

  Status read_glossary(pugi::xml_node root, std::vector<GlossaryTerm>& out) const {
    std::set<std::string> ids;
    for (pugi::xml_node list : elements(root, "glossary")) {
      for (pugi::xml_node node : elements(list, "term")) {
        auto id = read_key(node, "id", ids);
        if (!id) return id.error();
        GlossaryTerm t{std::move(*id), {}};
        for (pugi::xml_node form : elements(node, "form")) {
          GlossaryForm f{form.attribute("lang").value(), form.attribute("abbr").value(), text_of(form)};
          if (f.lang.empty() || f.text.empty()) {
            return src_.error_at(form, "a form of term " + quoted(t.id) + " needs a lang and a text");
          }
          t.forms.push_back(std::move(f));
        }
        if (t.forms.empty()) return src_.error_at(node, "term " + quoted(t.id) + " has no form");
        out.push_back(std::move(t));
      }
    }
    return Ok{};
  }

  /// Country regions, neighbours and organisation members must name defined entries;
  /// neighbours must be listed on both sides.
  Status check_references(const std::vector<VocabEntry>& regions, const std::vector<Country>& countries,
                          const std::vector<Organisation>& organisations) const {
    std::map<std::string_view, const Country*> by_code;
    for (const Country& c : countries) by_code.emplace(c.code, &c);
    auto lists = [](const Country& c, std::string_view code) {
      return std::find(c.neighbours.begin(), c.neighbours.end(), code) != c.neighbours.end();
    };
    for (std::size_t i = 0; i < countries.size(); ++i) {
      const Country& c = countries[i];
      const pugi::xml_node at = countries_at_[i].list;
      const auto region_known =
          std::any_of(regions.begin(), regions.end(), [&](const VocabEntry& r) { return r.id == c.region; });
      if (!region_known) {
        return src_.error_at(countries_at_[i].entry, "region " + quoted(c.region) + " of country " +
                                                         quoted(c.code) + " is not a region");
      }
      std::set<std::string_view> seen;
      for (const std::string& n : c.neighbours) {
        const auto it = by_code.find(n);
        if (it == by_code.end()) {
          return src_.error_at(
              at, "neighbour " + quoted(n) + " of country " + quoted(c.code) + " is not a country");
        }
        if (n == c.code) {
          return src_.error_at(at, "country " + quoted(c.code) + " lists itself as a neighbour");
        }
        if (!seen.insert(n).second) {
          return src_.error_at(at, "country " + quoted(c.code) + " lists neighbour " + quoted(n) + " twice");
        }
        if (!lists(*it->second, c.code)) {
          return src_.error_at(at, "country " + quoted(c.code) + " lists " + quoted(n) +
                                       " as a neighbour but " + quoted(n) + " does not list " +
                                       quoted(c.code));
        }
      }
    }
    for (std::size_t i = 0; i < organisations.size(); ++i) {
      for (const std::string& m : organisations[i].members) {
        if (by_code.count(m) == 0) {
          return src_.error_at(organisations_at_[i].list, "member " + quoted(m) + " of organisation " +
                                                              quoted(organisations[i].id) +
                                                              " is not a country");
        }
      }
    }
    return Ok{};
  }

 private:
  /// Where an entry is, and its list of references (<neighbours>, <members>; else the entry).
  struct Located {
    pugi::xml_node entry;
    pugi::xml_node list;
  };

  const SourceText& src_;
  std::vector<Located> countries_at_;      ///< parallel to the countries read
  std::vector<Located> organisations_at_;  ///< parallel to the organisations read
};

}  // namespace

// ---- Free functions ---------------------------------------------------------------------------

std::optional<UiLang> parse_ui_lang(std::string_view s) {
  if (s == "en") return UiLang::en;
  if (s == "fr") return UiLang::fr;
  if (s == "es") return UiLang::es;
  return std::nullopt;
}

const char* facet_name(Facet f) noexcept {
  switch (f) {
    case Facet::type:
      return "type";
    case Facet::region:
      return "region";
    case Facet::country:
      return "country";
    case Facet::theme:
      return "theme";
    case Facet::pillar:
      return "pillar";
    case Facet::lang:
      return "lang";
    case Facet::year:
      return "year";
    case Facet::audience:
      return "audience";
  }
  return "type";
}

std::optional<Facet> parse_facet(std::string_view name) {
  for (int i = 0; i < kFacetCount; ++i) {
    const auto f = static_cast<Facet>(i);
    if (name == facet_name(f)) return f;
  }
  return std::nullopt;
}

// ---- Loading ----------------------------------------------------------------------------------

Result<Taxonomy> Taxonomy::load(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    Error e = make_error(ErrorCode::io_error, "cannot read taxonomy: " + std::string(std::strerror(errno)));
    e.file = path;
    return e;
  }
  std::ostringstream text;
  text << in.rdbuf();
  return parse(text.str(), path);
}

Result<Taxonomy> Taxonomy::parse(std::string_view xml, const std::string& origin) {
  const SourceText src(xml, origin);
  if (const auto bad = invalid_utf8_offset(xml); bad >= 0) return src.error_at(bad, "invalid UTF-8");
  pugi::xml_document doc;
  const pugi::xml_parse_result parsed =
      doc.load_buffer(xml.data(), xml.size(), pugi::parse_default, pugi::encoding_utf8);
  if (!parsed) return src.error_at(parsed.offset, std::string("malformed XML: ") + parsed.description());

  const pugi::xml_node root = doc.document_element();
  if (local_name(root) != "taxonomy") {
    return src.error_at(root, "root element is " + quoted(local_name(root)) + ", expected \"taxonomy\"");
  }
  if (const auto ns = root.attribute("xmlns"); ns && ns.value() != kNamespace) {
    return src.error_at(root,
                        "unexpected namespace " + quoted(ns.value()) + ", expected " + quoted(kNamespace));
  }
  if (const auto version = root.attribute("version"); version && std::string_view(version.value()) != "1") {
    return src.error_at(root, "unsupported taxonomy version " + quoted(version.value()));
  }

  Taxonomy t;
  Reader r(src);
  Status s = r.read_vocab(root, "languages", "language", t.languages_);
  if (s) s = r.read_vocab(root, "regions", "region", t.regions_);
  if (s) s = r.read_countries(root, t.countries_);
  if (s) s = r.read_organisations(root, t.organisations_);
  if (s) s = r.read_vocab(root, "themes", "theme", t.themes_);
  if (s) s = r.read_vocab(root, "pillars", "pillar", t.pillars_);
  if (s) s = r.read_vocab(root, "types", "type", t.types_);
  if (s) s = r.read_vocab(root, "audiences", "audience", t.audiences_);
  if (s) s = r.read_glossary(root, t.glossary_);
  if (s) s = r.check_references(t.regions_, t.countries_, t.organisations_);
  if (!s) return s.error();
  for (std::size_t i = 0; i < t.countries_.size(); ++i) {
    t.country_entries_.push_back(VocabEntry{t.countries_[i].code, t.countries_[i].names});
    t.country_index_.emplace(t.countries_[i].code, i);
  }
  return t;
}

// ---- Queries ----------------------------------------------------------------------------------

const Country* Taxonomy::find_country(std::string_view code) const {
  const auto it = country_index_.find(code);
  return it == country_index_.end() ? nullptr : &countries_[it->second];
}

const Organisation* Taxonomy::find_organisation(std::string_view id) const {
  const auto it = std::find_if(organisations_.begin(), organisations_.end(),
                               [&](const Organisation& o) { return o.id == id; });
  return it == organisations_.end() ? nullptr : &*it;
}

const std::vector<VocabEntry>* Taxonomy::vocabulary(Facet facet) const {
  switch (facet) {
    case Facet::type:
      return &types_;
    case Facet::region:
      return &regions_;
    case Facet::country:
      return &country_entries_;
    case Facet::theme:
      return &themes_;
    case Facet::pillar:
      return &pillars_;
    case Facet::lang:
      return &languages_;
    case Facet::audience:
      return &audiences_;
    case Facet::year:
      return nullptr;
  }
  return nullptr;
}

const VocabEntry* Taxonomy::find(Facet facet, std::string_view id) const {
  if (facet == Facet::country) {
    const auto it = country_index_.find(id);
    return it == country_index_.end() ? nullptr : &country_entries_[it->second];
  }
  const std::vector<VocabEntry>* vocab = vocabulary(facet);
  if (vocab == nullptr) return nullptr;
  const auto it = std::find_if(vocab->begin(), vocab->end(), [&](const VocabEntry& e) { return e.id == id; });
  return it == vocab->end() ? nullptr : &*it;
}

bool Taxonomy::contains(Facet facet, std::string_view id) const {
  if (facet == Facet::year) {
    return id.size() == 4 && std::all_of(id.begin(), id.end(), [](char c) { return c >= '0' && c <= '9'; });
  }
  return find(facet, id) != nullptr;
}

std::vector<std::string> Taxonomy::ids(Facet facet) const {
  std::vector<std::string> out;
  if (const std::vector<VocabEntry>* vocab = vocabulary(facet)) {
    for (const VocabEntry& e : *vocab) out.push_back(e.id);
  }
  return out;
}

std::string Taxonomy::label(Facet facet, std::string_view id, UiLang lang) const {
  const VocabEntry* e = find(facet, id);
  return e == nullptr ? std::string(id) : e->labels.in(lang);
}

std::vector<std::string> Taxonomy::neighbourhood(std::string_view code) const {
  std::set<std::string> out;
  if (const Country* c = find_country(code)) out.insert(c->neighbours.begin(), c->neighbours.end());
  for (const Organisation& o : organisations_) {
    // Continental and language-wide bodies (AU, EU, Arab League, CELAC, IberRed) would make
    // "neighbours" as wide as a region: only regional organisations count.
    if (o.members.size() > kMaxNeighbourhoodMembers) continue;
    if (std::find(o.members.begin(), o.members.end(), code) != o.members.end()) {
      out.insert(o.members.begin(), o.members.end());
    }
  }
  out.erase(std::string(code));
  return {out.begin(), out.end()};
}

}  // namespace kr
