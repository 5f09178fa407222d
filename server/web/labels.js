// Labels of vocabulary values (countries, themes, ...) in the interface language, from
// /api/v1/taxonomy; facet labels of a search response are folded in as they arrive.

import * as api from './api.js';

const TAXONOMY_LISTS = {
  type: 'types', region: 'regions', country: 'countries', theme: 'themes', pillar: 'pillars',
  lang: 'languages',
};

const cache = new Map(); // ui_lang -> Promise<Labels>

export class Labels {
  constructor(taxonomy) {
    this.maps = {};
    this.countryRegion = new Map();
    for (const [facet, list] of Object.entries(TAXONOMY_LISTS)) {
      this.maps[facet] = new Map((taxonomy?.[list] ?? []).map((e) => [e.id, e.label]));
    }
    for (const c of taxonomy?.countries ?? []) this.countryRegion.set(c.id, c.region);
  }

  /** The label of `value` in `facet`, or the value itself when unknown. */
  get(facet, value) {
    return this.maps[facet]?.get(value) ?? value;
  }

  /** Remembers the labels a search response carries in its facets. */
  addFacets(facets) {
    for (const [facet, values] of Object.entries(facets ?? {})) {
      const map = this.maps[facet] ?? (this.maps[facet] = new Map());
      for (const v of values) if (v.label) map.set(v.value, v.label);
    }
  }
}

/** Labels for `uiLang`; a failed taxonomy request gives empty labels (codes show instead). */
export function loadLabels(uiLang) {
  if (!cache.has(uiLang)) {
    cache.set(uiLang, api.taxonomy(uiLang).then((t) => new Labels(t), () => {
      cache.delete(uiLang);
      return new Labels(null);
    }));
  }
  return cache.get(uiLang);
}
