#include "server/http/factsheet_strings.h"

namespace kr::http {

namespace {

constexpr FactsheetStrings kStrings[] = {
    {"en",
     "MIEUX+ factsheet",
     "MIEUX Knowledge Register",
     "Theme",
     "Region",
     "Pillar",
     "Key figures",
     "Records",
     "Actions",
     "Countries",
     "Years covered",
     "Records by country",
     "Records by year",
     "Records by type",
     "Records by country",
     "Records by year",
     "Key practices",
     "Partner institutions",
     "Outcomes",
     "Action",
     "Related handbooks and reports",
     "Search these records",
     "No records in this scope.",
     "Action codes",
     "Country",
     "Year"},
    {"fr",
     "Fiche MIEUX+",
     "Registre des connaissances MIEUX",
     "Thème",
     "Région",
     "Pilier",
     "Chiffres clés",
     "Documents",
     "Actions",
     "Pays",
     "Années couvertes",
     "Documents par pays",
     "Documents par année",
     "Documents par type",
     "Documents par pays",
     "Documents par année",
     "Pratiques clés",
     "Institutions partenaires",
     "Résultats",
     "Action",
     "Manuels et rapports associés",
     "Rechercher ces documents",
     "Aucun document dans ce périmètre.",
     "Codes des Actions",
     "Pays",
     "Année"},
    {"es",
     "Ficha MIEUX+",
     "Registro de conocimientos MIEUX",
     "Tema",
     "Región",
     "Pilar",
     "Cifras clave",
     "Documentos",
     "Acciones",
     "Países",
     "Años cubiertos",
     "Documentos por país",
     "Documentos por año",
     "Documentos por tipo",
     "Documentos por país",
     "Documentos por año",
     "Prácticas clave",
     "Instituciones socias",
     "Resultados",
     "Acción",
     "Manuales e informes relacionados",
     "Buscar estos documentos",
     "Ningún documento en este ámbito.",
     "Códigos de las Acciones",
     "País",
     "Año"},
};

}  // namespace

const FactsheetStrings& factsheet_strings(UiLang lang) noexcept { return kStrings[static_cast<int>(lang)]; }

const char* scope_word(const FactsheetStrings& s, Facet f) noexcept {
  switch (f) {
    case Facet::theme:
      return s.theme;
    case Facet::region:
      return s.region;
    case Facet::pillar:
      return s.pillar;
    default:
      return facet_name(f);
  }
}

}  // namespace kr::http
