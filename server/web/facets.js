// The facet panels: one fieldset per facet with multi-select checkboxes and the API's exact counts.
// A value whose count is 0 stays visible but disabled (unless it is ticked, so it can be unticked).

import { h, fill, preservingFocus } from './dom.js';
import { t, formatNumber } from './i18n.js';
import { FILTER_FACETS } from './state.js';

/** Facets with long lists show this many values until "Show all" is pressed. */
const SHORT_LIST = 8;
const expanded = new Set();

const domId = (facet, value) => `facet-${facet}-${String(value).replace(/[^A-Za-z0-9_-]/g, '_')}`;

/**
 * Renders the panels into `form`.
 * handlers.toggle(facet, value, checked); handlers.years(from, to)
 */
export function renderFacets(form, state, facets, handlers) {
  preservingFocus(form, () => {
    fill(form,
      FILTER_FACETS.map((facet) => facetFieldset(facet, state, facets?.[facet] ?? [], handlers)),
      yearFieldset(state, facets?.year ?? [], handlers));
  });
}

function facetFieldset(facet, state, values, handlers) {
  const selected = new Set(state.filters[facet]);
  // A ticked value the response does not list (should not happen) must still be untickable.
  const listed = new Set(values.map((v) => v.value));
  const all = [...values, ...[...selected].filter((v) => !listed.has(v))
    .map((v) => ({ value: v, label: v, count: 0, selected: true }))];
  const long = all.length > SHORT_LIST + 2;
  const open = expanded.has(facet) || !long;
  const shown = open ? all : all.filter((v, i) => i < SHORT_LIST || selected.has(v.value));
  const listId = `facet-list-${facet}`;

  const legend = h('legend', {}, t(`facet_${facet}`),
    selected.size ? h('span', { class: 'legend-count' }, ` (${selected.size})`) : null);
  const items = shown.map((v) => {
    const id = domId(facet, v.value);
    const checked = selected.has(v.value);
    const disabled = v.count === 0 && !checked;
    return h('li', { class: disabled ? 'facet-value is-empty' : 'facet-value' },
      h('input', {
        type: 'checkbox', id, name: facet, value: v.value, checked, disabled,
        onchange: (e) => handlers.toggle(facet, v.value, e.target.checked),
      }),
      h('label', { for: id },
        h('span', { class: 'facet-label' }, v.label || v.value),
        h('span', { class: 'facet-count' }, formatNumber(v.count))));
  });
  const more = long
    ? h('button', {
      type: 'button', class: 'btn-link facet-more', id: `facet-more-${facet}`,
      'aria-expanded': String(open), 'aria-controls': listId,
      onclick: () => {
        if (expanded.has(facet)) expanded.delete(facet); else expanded.add(facet);
        handlers.rerender();
      },
    }, open ? t('show_fewer') : t('show_all', { n: formatNumber(all.length) }))
    : null;
  return h('fieldset', { class: 'facet', id: `facet-${facet}` },
    legend,
    all.length ? h('ul', { class: 'facet-values', id: listId }, items) : h('p', { class: 'facet-none' }, '—'),
    more);
}

function yearFieldset(state, values, handlers) {
  const years = values.map((v) => v.value).sort();
  const counts = new Map(values.map((v) => [v.value, v.count]));
  for (const y of [state.year_from, state.year_to]) if (y && !counts.has(y)) years.push(y);
  years.sort();
  const select = (id, labelKey, current, onchange) => h('div', { class: 'year-field' },
    h('label', { for: id }, t(labelKey)),
    h('select', { id, onchange },
      h('option', { value: '', selected: !current }, t('any_year')),
      years.map((y) => h('option', { value: y, selected: y === current },
        counts.has(y) ? `${y} (${formatNumber(counts.get(y))})` : y))));
  const fromSel = select('year-from', 'year_from', state.year_from,
    (e) => handlers.years(e.target.value, state.year_to));
  const toSel = select('year-to', 'year_to', state.year_to,
    (e) => handlers.years(state.year_from, e.target.value));
  return h('fieldset', { class: 'facet facet-year', id: 'facet-year' },
    h('legend', {}, t('facet_year')),
    h('div', { class: 'year-range' }, fromSel, toSel));
}
