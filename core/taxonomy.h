#pragma once
/// The controlled vocabularies of schemas/taxonomy.xml: regions, countries (with neighbours),
/// regional organisations, themes, pillars, types, languages, audiences, and the glossary.
#include <array>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace kr {

/// Interface languages with labels. Index into Labels.
enum class UiLang { en = 0, fr = 1, es = 2 };

/// Parses "en"/"fr"/"es"; nullopt otherwise.
std::optional<UiLang> parse_ui_lang(std::string_view s);

/// EN/FR/ES labels of a vocabulary entry.
struct Labels {
  std::array<std::string, 3> text;  ///< indexed by UiLang
  const std::string& in(UiLang l) const { return text[static_cast<int>(l)]; }
};

/// The facets a record is classified by. The order is the order of facets in API responses.
enum class Facet { type = 0, region, country, theme, pillar, lang, year, audience };
inline constexpr int kFacetCount = 8;
/// API / taxonomy name of a facet ("type", "region", ...).
const char* facet_name(Facet f) noexcept;
std::optional<Facet> parse_facet(std::string_view name);

/// A plain vocabulary entry (region, theme, pillar, type, language, audience).
struct VocabEntry {
  std::string id;
  Labels labels;
};

struct Country {
  std::string code;    ///< ISO 3166-1 alpha-2, upper case
  std::string region;  ///< region id
  Labels names;
  std::vector<std::string> aliases;     ///< other names in any language ("Ivory Coast")
  std::vector<std::string> neighbours;  ///< ISO codes, symmetric
};

struct Organisation {
  std::string id;       ///< e.g. "ecowas"
  std::string acronym;  ///< e.g. "ECOWAS"
  Labels labels;
  std::vector<std::string> aliases;
  std::vector<std::string> members;  ///< ISO codes
};

/// One form of a glossary term: an expansion in a language, optionally with its acronym.
struct GlossaryForm {
  std::string lang;  ///< en, fr, es
  std::string abbr;  ///< may be empty
  std::string text;  ///< the expansion
};

/// A glossary entry: all its forms are synonyms of each other.
struct GlossaryTerm {
  std::string id;
  std::vector<GlossaryForm> forms;
};

/// Organisations larger than this (AU, EU, CELAC, …) do not make their members neighbours.
inline constexpr std::size_t kMaxNeighbourhoodMembers = 21;

/// The loaded taxonomy. Immutable after load; safe to share between threads.
class Taxonomy {
 public:
  /// Loads and validates a taxonomy file. Dangling references (a neighbour or member that is not a
  /// country, a country whose region is unknown), missing EN/FR/ES labels and duplicate ids are errors.
  static Result<Taxonomy> load(const std::string& path);
  /// Same, from XML text (`origin` names it in error messages).
  static Result<Taxonomy> parse(std::string_view xml, const std::string& origin);

  const std::vector<VocabEntry>& regions() const { return regions_; }
  const std::vector<Country>& countries() const { return countries_; }
  const std::vector<Organisation>& organisations() const { return organisations_; }
  const std::vector<VocabEntry>& themes() const { return themes_; }
  const std::vector<VocabEntry>& pillars() const { return pillars_; }
  const std::vector<VocabEntry>& types() const { return types_; }
  const std::vector<VocabEntry>& languages() const { return languages_; }
  const std::vector<VocabEntry>& audiences() const { return audiences_; }
  const std::vector<GlossaryTerm>& glossary() const { return glossary_; }

  const Country* find_country(std::string_view code) const;
  const Organisation* find_organisation(std::string_view id) const;
  /// The entry of a vocabulary facet (type, region, country, theme, pillar, lang, audience);
  /// nullptr when unknown. For Facet::country the entry's labels are the country names.
  const VocabEntry* find(Facet facet, std::string_view id) const;
  /// True when `id` is a valid value of `facet` (years: four digits).
  bool contains(Facet facet, std::string_view id) const;
  /// All ids of a vocabulary facet in taxonomy order (empty for year).
  std::vector<std::string> ids(Facet facet) const;
  /// Label of a facet value in a UI language; the id itself when it has none (years).
  std::string label(Facet facet, std::string_view id, UiLang lang) const;

  /// Countries sharing a border (taxonomy neighbours) or a regional organisation of at most
  /// kMaxNeighbourhoodMembers members with `code`, excluding `code` itself; sorted, unique.
  std::vector<std::string> neighbourhood(std::string_view code) const;

 private:
  /// The entries of a vocabulary facet (countries as VocabEntry); nullptr for year.
  const std::vector<VocabEntry>* vocabulary(Facet facet) const;

  std::vector<VocabEntry> regions_, themes_, pillars_, types_, languages_, audiences_;
  std::vector<VocabEntry> country_entries_;  ///< countries as VocabEntry (code + names) for find()
  std::vector<Country> countries_;
  std::vector<Organisation> organisations_;
  std::vector<GlossaryTerm> glossary_;
  std::map<std::string, std::size_t, std::less<>> country_index_;
};

}  // namespace kr
