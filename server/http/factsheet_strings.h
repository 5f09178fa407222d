#pragma once
/// The fixed words of a factsheet (headings, figure names) in EN/FR/ES, shared by the HTML and
/// Markdown renderers so both say the same thing.
#include "core/taxonomy.h"

namespace kr::http {

struct FactsheetStrings {
  const char* lang;  ///< "en", for <html lang>
  const char* kicker;
  const char* register_name;
  const char* theme;
  const char* region;
  const char* pillar;
  const char* key_figures;
  const char* records;
  const char* actions;
  const char* countries;
  const char* years;
  const char* by_country;
  const char* by_year;
  const char* by_type;
  const char* chart_country;  ///< chart caption
  const char* chart_year;
  const char* practices;
  const char* partners;
  const char* outcomes;
  const char* action;
  const char* related;
  const char* search;
  const char* empty;
  const char* action_codes;
  const char* country;  ///< table column headings
  const char* year;
};

const FactsheetStrings& factsheet_strings(UiLang lang) noexcept;
/// The scope word for a facet ("Theme", "Région", …).
const char* scope_word(const FactsheetStrings& s, Facet f) noexcept;

}  // namespace kr::http
