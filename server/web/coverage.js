// The coverage heat map (/api/v1/coverage): every value of two facets, zeros included; each cell
// links to the search for that pair. Shown only when the server answers the coverage route.

import * as api from './api.js';
import { h, fill } from './dom.js';
import { t, formatNumber } from './i18n.js';
import { FILTER_FACETS, filterParams, newSearch, withChanges } from './state.js';
import { navLink } from './results.js';

/** Cell colour from white to the programme's dark blue, by share of the largest count. */
function shade(n, max) {
  if (!n) return '#f6f8fb';
  const k = 0.15 + 0.85 * (n / max);
  const mix = (a, b) => Math.round(a + (b - a) * k);
  return `rgb(${mix(232, 11)}, ${mix(239, 58)}, ${mix(248, 117)})`;
}

const AXES = [...FILTER_FACETS, 'year'];

function axisSelect(id, labelKey, value, other, onchange) {
  return h('div', { class: 'axis-field' },
    h('label', { for: id }, t(labelKey)),
    h('select', { id, onchange: (e) => onchange(e.target.value) },
      AXES.filter((f) => f !== other).map((f) =>
        h('option', { value: f, selected: f === value }, t(`facet_${f}`)))));
}

/** Fetches and renders the matrix for `state` into `el`. */
export async function renderCoverage(el, state, labels, nav) {
  const params = filterParams(state);
  params.set('rows', state.rows);
  params.set('cols', state.cols);
  params.set('ui_lang', state.ui_lang);
  fill(el, h('h2', { id: 'coverage-heading', tabindex: '-1' }, t('coverage_title')), h('p', { class: 'muted' }, t('loading')));
  const m = await api.coverage(params);
  const max = Math.max(1, ...m.counts.flat());
  const label = (facet, v) => m.labels?.[v] ?? labels.get(facet, v);
  // The search behind a cell: its two values added to the current filters (a year as a one-year range).
  const cellSearch = (r, c) => {
    const next = newSearch(state, {});
    for (const [facet, value] of [[m.rows, r], [m.cols, c]]) {
      if (facet === 'year') {
        next.year_from = value;
        next.year_to = value;
      } else if (!next.filters[facet].includes(value)) {
        next.filters[facet].push(value);
      }
    }
    return next;
  };
  const table = h('table', { class: 'heatmap' },
    h('caption', { class: 'visually-hidden' }, `${t(`facet_${m.rows}`)} × ${t(`facet_${m.cols}`)}`),
    h('thead', {}, h('tr', {}, h('td', {}),
      m.col_values.map((c) => h('th', { scope: 'col' }, h('span', {}, label(m.cols, c)))))),
    h('tbody', {}, m.row_values.map((r, i) => h('tr', {},
      h('th', { scope: 'row' }, label(m.rows, r)),
      m.col_values.map((c, j) => {
        const n = m.counts[i][j];
        const dark = n / max > 0.4;
        const name = t('coverage_cell', { row: label(m.rows, r), col: label(m.cols, c), n });
        return h('td', { style: `background:${shade(n, max)}`, class: dark ? 'on-dark' : '' },
          n ? navLink(nav, cellSearch(r, c), { 'aria-label': name, title: name }, formatNumber(n))
            : h('span', { class: 'zero', title: name }, '0'));
      })))));
  const setAxes = (rows, cols) => nav.go(withChanges(state, { rows, cols }), { replace: true, focus: 'coverage-heading' });
  fill(el,
    h('p', { class: 'record-back' }, navLink(nav, withChanges(state, { view: 'results' }), {}, `← ${t('coverage_back')}`)),
    h('h2', { id: 'coverage-heading', tabindex: '-1' }, t('coverage_title')),
    h('p', { class: 'muted' }, t('coverage_intro')),
    h('div', { class: 'axis-controls' },
      axisSelect('coverage-rows', 'coverage_rows', m.rows, m.cols, (v) => setAxes(v, m.cols)),
      axisSelect('coverage-cols', 'coverage_cols', m.cols, m.rows, (v) => setAxes(m.rows, v))),
    h('div', { class: 'heatmap-scroll' }, table));
}
