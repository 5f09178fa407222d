// The page state and its two spellings: the page URL (shareable, restored by back/forward) and the
// API query string. Both use the API's own parameter names, so a page URL reads like its search.

import { UI_LANGS } from './i18n.js';

/** Repeatable filters of /api/v1/search, in the order the facet panels show them. */
export const FILTER_FACETS = ['region', 'country', 'theme', 'pillar', 'type', 'lang'];
/** Facets the API returns counts for (year is filtered through year_from / year_to). */
export const COUNTED_FACETS = [...FILTER_FACETS, 'year'];
export const SORTS = ['relevance', '-date', 'date'];
export const SCOPES = ['neighbours', 'region', 'all'];
export const PER_PAGE = 10;

/** The browser's language when it is one of ours, so a link without ui_lang opens in it. */
function preferredLang() {
  for (const tag of navigator.languages ?? [navigator.language]) {
    const primary = String(tag).slice(0, 2).toLowerCase();
    if (UI_LANGS.includes(primary)) return primary;
  }
  return 'en';
}

export function emptyFilters() {
  return Object.fromEntries(FILTER_FACETS.map((f) => [f, []]));
}

/**
 * Reads a page query string. Values are kept as written: a bad value (page=abc, sort=x) goes to
 * the API, whose 400 the page shows, rather than being silently corrected here.
 */
export function parseState(search) {
  const p = new URLSearchParams(search);
  const filters = emptyFilters();
  for (const f of FILTER_FACETS) filters[f] = p.getAll(f).filter((v) => v !== '');
  return {
    q: p.get('q') ?? '',
    filters,
    year_from: p.get('year_from') ?? '',
    year_to: p.get('year_to') ?? '',
    sort: p.get('sort') ?? 'relevance',
    page: p.get('page') ?? '1',
    ui_lang: p.get('ui_lang') ?? preferredLang(),
    explicitLang: p.has('ui_lang'),
    id: p.get('id') ?? '',
    scope: p.get('scope') ?? 'neighbours',
    view: p.get('view') === 'coverage' ? 'coverage' : 'results',
    rows: p.get('rows') ?? 'region',
    cols: p.get('cols') ?? 'pillar',
  };
}

/** Query parameters shared by the page URL and the API: q, filters, years. */
function appendSearch(p, s) {
  if (s.q) p.set('q', s.q);
  for (const f of FILTER_FACETS) for (const v of s.filters[f]) p.append(f, v);
  if (s.year_from) p.set('year_from', s.year_from);
  if (s.year_to) p.set('year_to', s.year_to);
  return p;
}

/** The /api/v1/search query for a state. */
export function searchParams(s) {
  const p = appendSearch(new URLSearchParams(), s);
  if (s.sort && s.sort !== 'relevance') p.set('sort', s.sort);
  if (s.page && s.page !== '1') p.set('page', s.page);
  p.set('per_page', String(PER_PAGE));
  p.set('ui_lang', s.ui_lang);
  return p;
}

/** Only the filters (and q) of a state, e.g. for coverage and feeds. */
export function filterParams(s) {
  return appendSearch(new URLSearchParams(), s);
}

/** The page URL ("?…") for a state; defaults are left out to keep links short. */
export function pageUrl(s) {
  const p = appendSearch(new URLSearchParams(), s);
  if (s.sort && s.sort !== 'relevance') p.set('sort', s.sort);
  if (s.page && s.page !== '1') p.set('page', s.page);
  if (s.explicitLang || s.ui_lang !== preferredLang()) p.set('ui_lang', s.ui_lang);
  if (s.id) {
    p.set('id', s.id);
    if (s.scope !== 'neighbours') p.set('scope', s.scope);
  } else if (s.view === 'coverage') {
    p.set('view', 'coverage');
    if (s.rows !== 'region') p.set('rows', s.rows);
    if (s.cols !== 'pillar') p.set('cols', s.cols);
  }
  const text = p.toString();
  return text ? `/?${text}` : '/';
}

/** A copy of `s` with `changes` applied; filters are copied deeply so states never share arrays. */
export function withChanges(s, changes) {
  const next = { ...s, filters: Object.fromEntries(FILTER_FACETS.map((f) => [f, [...s.filters[f]]])) };
  return Object.assign(next, changes);
}

/** A new search from `s`: back to page 1, out of any record or coverage view. */
export function newSearch(s, changes) {
  return withChanges(s, { page: '1', id: '', scope: 'neighbours', view: 'results', ...changes });
}

export function selectedCount(s) {
  let n = FILTER_FACETS.reduce((sum, f) => sum + s.filters[f].length, 0);
  if (s.year_from || s.year_to) n += 1;
  return n;
}
