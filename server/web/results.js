// The result list and what surrounds it: heading, "did you mean", filter chips, chart, hits and
// pagination.

import { h, fill, snippetFragment, isPlainClick } from './dom.js';
import { t, tCount, formatNumber } from './i18n.js';
import { FILTER_FACETS, PER_PAGE, newSearch, withChanges } from './state.js';
import { regionChart, yearChart } from './chart.js';

/**
 * nav.url(state) -> href; nav.go(state) navigates. An <a> that keeps its real href (open in a new
 * tab works) while a plain click navigates inside the page.
 */
export function navLink(nav, next, attrs, ...children) {
  const { goOptions, ...rest } = attrs ?? {};
  return h('a', {
    ...rest,
    href: nav.url(next),
    onclick: (e) => {
      if (!isPlainClick(e)) return;
      e.preventDefault();
      nav.go(next, goOptions);
    },
  }, ...children);
}

const MAX_COUNTRY_BADGES = 6;

/** Type, date, language and country badges of a hit or record (long country lists shortened). */
export function badges(item, labels) {
  const list = h('ul', { class: 'badges' });
  list.append(h('li', { class: `badge badge-type badge-type-${item.type}` }, labels.get('type', item.type)));
  if (item.date) list.append(h('li', { class: 'badge badge-date' }, h('time', { datetime: item.date }, item.date)));
  if (item.lang) {
    list.append(h('li', { class: 'badge badge-lang', title: labels.get('lang', item.lang) }, item.lang.toUpperCase()));
  }
  const countries = (item.countries ?? []).map((c) => labels.get('country', c));
  const shown = countries.length > MAX_COUNTRY_BADGES + 1 ? MAX_COUNTRY_BADGES : countries.length;
  for (const name of countries.slice(0, shown)) list.append(h('li', { class: 'badge badge-country' }, name));
  if (shown < countries.length) {
    const rest = countries.slice(shown);
    list.append(h('li', { class: 'badge badge-country badge-more', title: rest.join(', ') },
      h('span', { 'aria-hidden': 'true' }, `+${rest.length}`),
      h('span', { class: 'visually-hidden' }, rest.join(', '))));
  }
  if (item.audience === 'internal') list.append(h('li', { class: 'badge badge-internal' }, t('audience_internal')));
  return list;
}

function hitItem(hit, state, labels, nav) {
  const open = withChanges(state, { id: hit.id, scope: 'neighbours' });
  const action = hit.action
    ? h('p', { class: 'hit-action' }, `${t('action')} ${hit.action.code} · ${hit.action.name}`)
    : null;
  const editions = hit.editions?.length
    ? h('p', { class: 'hit-editions' }, `${t('also_in')}: `,
      hit.editions.map((e, i) => [i ? ', ' : '',
        navLink(nav, withChanges(state, { id: e.id, scope: 'neighbours' }),
          { lang: e.lang, title: e.title, hreflang: e.lang }, labels.get('lang', e.lang))]))
    : null;
  return h('li', { class: 'hit' },
    h('article', { 'aria-labelledby': `hit-${hit.id}` },
      h('h3', { class: 'hit-title', id: `hit-${hit.id}` },
        navLink(nav, open, { lang: hit.lang, class: 'hit-link', dataset: { id: hit.id } }, hit.title)),
      badges(hit, labels),
      hit.snippet ? h('p', { class: 'snippet', lang: hit.lang }, snippetFragment(hit.snippet)) : null,
      action,
      editions));
}

/** Removable chips for every active filter, plus "Clear all". */
export function renderChips(el, state, facets, labels, nav) {
  const chips = [];
  const labelOf = (facet, value) =>
    facets?.[facet]?.find((v) => v.value === value)?.label ?? labels.get(facet, value);
  for (const facet of FILTER_FACETS) {
    for (const value of state.filters[facet]) {
      const next = newSearch(state, {});
      next.filters[facet] = next.filters[facet].filter((v) => v !== value);
      chips.push(chip(nav, next, t(`facet_${facet}`), labelOf(facet, value)));
    }
  }
  if (state.year_from || state.year_to) {
    const text = state.year_from && state.year_to
      ? t('years_range', { from: state.year_from, to: state.year_to })
      : state.year_from ? t('years_from', { from: state.year_from }) : t('years_to', { to: state.year_to });
    chips.push(chip(nav, newSearch(state, { year_from: '', year_to: '' }), t('facet_year'), text));
  }
  el.hidden = chips.length === 0;
  if (!chips.length) return fill(el);
  const cleared = newSearch(state, { year_from: '', year_to: '' });
  for (const f of FILTER_FACETS) cleared.filters[f] = [];
  return fill(el,
    h('h2', { class: 'visually-hidden' }, t('active_filters')),
    h('ul', { class: 'chip-list' }, chips),
    chips.length > 1 ? navLink(nav, cleared, { class: 'btn-link chips-clear' }, t('clear_all')) : null);
}

function chip(nav, next, name, value) {
  return h('li', { class: 'chip' },
    h('span', { class: 'chip-name' }, `${name}:`), ' ',
    h('span', { class: 'chip-value' }, value),
    h('button', {
      type: 'button', class: 'chip-remove', 'aria-label': t('remove_filter', { name, value }),
      title: t('remove_filter', { name, value }),
      onclick: () => nav.go(next, { focus: 'results' }),
    }, h('span', { 'aria-hidden': 'true' }, '×')));
}

/** Page links: first, last, current ±2, with gaps. */
function renderPagination(el, state, result, nav) {
  const pages = Math.ceil(result.total / (result.per_page || PER_PAGE));
  const current = result.page;
  el.hidden = pages <= 1;
  if (pages <= 1) return fill(el);
  const want = new Set([1, pages, current - 2, current - 1, current, current + 1, current + 2]);
  const numbers = [...want].filter((n) => n >= 1 && n <= pages).sort((a, b) => a - b);
  const at = (n) => withChanges(state, { page: String(n) });
  const go = { focus: 'results' }; // a new page: screen readers and the view start at its heading
  const items = [];
  items.push(h('li', {}, current > 1
    ? navLink(nav, at(current - 1), { class: 'page-prev', rel: 'prev', goOptions: go }, `‹ ${t('previous')}`)
    : h('span', { class: 'page-prev is-disabled', 'aria-disabled': 'true' }, `‹ ${t('previous')}`)));
  let last = 0;
  for (const n of numbers) {
    if (n > last + 1) items.push(h('li', { class: 'page-gap', 'aria-hidden': 'true' }, '…'));
    items.push(h('li', {}, n === current
      ? h('span', { class: 'page-current', 'aria-current': 'page', 'aria-label': t('page_n', { n }) }, formatNumber(n))
      : navLink(nav, at(n), { 'aria-label': t('page_n', { n }), goOptions: go }, formatNumber(n))));
    last = n;
  }
  items.push(h('li', {}, current < pages
    ? navLink(nav, at(current + 1), { class: 'page-next', rel: 'next', goOptions: go }, `${t('next')} ›`)
    : h('span', { class: 'page-next is-disabled', 'aria-disabled': 'true' }, `${t('next')} ›`)));
  return fill(el, h('ul', {}, items));
}

let chartKind = 'region';
let redrawChart = null;
let resizeTimer = 0;
window.addEventListener('resize', () => {
  clearTimeout(resizeTimer);
  resizeTimer = setTimeout(() => redrawChart?.(), 150);
});

function renderChart(el, result, rerender) {
  const facets = result.facets ?? {};
  const regionValues = (facets.region ?? []).filter((v) => v.count > 0);
  const yearValues = (facets.year ?? []).filter((v) => v.count > 0);
  if (result.total === 0 || (!regionValues.length && !yearValues.length)) {
    el.hidden = true;
    return fill(el);
  }
  const kind = chartKind === 'year' && yearValues.length ? 'year' : regionValues.length ? 'region' : 'year';
  const title = t(kind === 'year' ? 'chart_title_year' : 'chart_title_region');
  const choice = (k, key) => h('button', {
    type: 'button', class: 'seg', 'aria-pressed': String(kind === k), id: `chart-${k}`,
    onclick: () => { chartKind = k; rerender(); document.getElementById(`chart-${k}`)?.focus(); },
  }, t(key));
  el.hidden = false;
  const width = el.clientWidth ? el.clientWidth - 34 : 600; // minus the card's padding and border
  return fill(el,
    h('div', { class: 'chart-head' },
      h('h2', { class: 'chart-title' }, title),
      h('div', { class: 'segmented', role: 'group', 'aria-label': t('chart_choice') },
        choice('region', 'chart_by_region'), choice('year', 'chart_by_year'))),
    kind === 'year' ? yearChart(facets.year, title, width) : regionChart(facets.region, title, width));
}

/**
 * Renders a search response. els: {heading, didYouMean, chips, chart, list, empty, pagination}.
 */
export function renderResults(els, result, state, labels, nav) {
  const total = result.total;
  els.heading.textContent = state.q
    ? tCount('results_for', total, { q: state.q })
    : tCount('results', total);

  if (result.suggestion) {
    els.didYouMean.hidden = false;
    fill(els.didYouMean, `${t('did_you_mean')} `,
      navLink(nav, newSearch(state, { q: result.suggestion }), { class: 'suggestion-link' }, result.suggestion),
      t('did_you_mean_end'));
  } else {
    els.didYouMean.hidden = true;
    fill(els.didYouMean);
  }

  renderChips(els.chips, state, result.facets, labels, nav);
  const redraw = () => renderChart(els.chart, result, redraw);
  redraw();
  redrawChart = redraw;

  const first = (result.page - 1) * result.per_page + 1;
  fill(els.list, result.hits.map((hit) => hitItem(hit, state, labels, nav)));
  els.list.start = first;
  els.list.hidden = result.hits.length === 0;

  els.empty.hidden = result.hits.length !== 0;
  fill(els.empty, result.hits.length === 0 ? h('p', {}, t('no_results_hint')) : null);
  renderPagination(els.pagination, state, result, nav);
}
