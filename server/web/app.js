// The search page: keeps the page state in the URL, asks the API, and hands the answers to the
// renderers (facets.js, results.js, record.js, coverage.js). Back/forward replay the URL.

import * as api from './api.js';
import { h, fill } from './dom.js';
import { setUiLang, uiLang, t, tCount, translatePage } from './i18n.js';
import { loadLabels, Labels } from './labels.js';
import {
  parseState, pageUrl, searchParams, withChanges, newSearch, selectedCount, FILTER_FACETS,
} from './state.js';
import { renderFacets } from './facets.js';
import { renderResults, renderChips } from './results.js';
import { renderRecord } from './record.js';
import { renderCoverage } from './coverage.js';
import { attachSuggest } from './suggest.js';

const $ = (id) => document.getElementById(id);
const els = {
  form: $('search-form'), q: $('q'), suggestions: $('q-suggestions'), uiLang: $('ui-lang'),
  sort: $('sort'), facetsPanel: $('facets-panel'), facets: $('facets'), filtersToggle: $('filters-toggle'),
  filtersCount: $('filters-toggle-count'), clearAll: $('clear-all'), error: $('error'),
  resultsView: $('results-view'), recordView: $('record-view'), coverageView: $('coverage-view'),
  factsheet: $('factsheet-button'), factsheetHint: $('factsheet-hint'), coverageButton: $('coverage-button'),
  live: $('live'), home: $('home-link'), facetsDone: $('facets-done'),
  results: {
    heading: $('results-heading'), didYouMean: $('did-you-mean'), chips: $('chips'), chart: $('chart'),
    list: $('results'), empty: $('no-results'), pagination: $('pagination'),
  },
};

let state = parseState(location.search);
let labels = new Labels(null);
let lastResult = null;
let renderSerial = 0;
let searchController = null;
let coverageAvailable = false;

const nav = {
  url: pageUrl,
  /** Goes to `next`: a new history entry unless opts.replace; opts.focus: 'results' or an element id. */
  go(next, opts = {}) {
    const url = pageUrl(next);
    if (opts.replace) history.replaceState(null, '', url);
    else history.pushState(null, '', url);
    const previous = state;
    state = next;
    render({ ...opts, previous });
  },
};

function announce(text) {
  els.live.textContent = '';
  // A separate task, so that the same text twice in a row is still announced.
  setTimeout(() => { els.live.textContent = text; }, 50);
}

function showError(err) {
  if (err?.name === 'AbortError') return;
  const message = err?.status === 0 ? t('error_network') : err?.message ?? String(err);
  els.error.hidden = false;
  fill(els.error,
    h('p', { class: 'error-title' }, t('error_title')),
    h('p', { class: 'error-message' }, message),
    err?.code ? h('p', { class: 'error-code' }, `${t('error_code')}: `, h('code', {}, err.code)) : null);
}

function hideError() {
  els.error.hidden = true;
  fill(els.error);
}

/** Puts the state into the form controls (after back/forward or a language change). */
function syncControls() {
  if (document.activeElement !== els.q || els.q.value.trim() !== state.q) els.q.value = state.q;
  els.sort.value = ['relevance', '-date', 'date'].includes(state.sort) ? state.sort : 'relevance';
  els.uiLang.value = state.ui_lang;
  const n = selectedCount(state);
  els.filtersCount.textContent = n ? `(${n})` : '';
  els.clearAll.hidden = n === 0;
  const hasScope = ['theme', 'region', 'pillar'].some((f) => state.filters[f].length);
  els.factsheet.setAttribute('aria-disabled', String(!hasScope));
  els.factsheet.title = hasScope ? t('factsheet_hint') : t('factsheet_needs_scope');
  els.factsheetHint.textContent = hasScope ? t('factsheet_hint') : t('factsheet_needs_scope');
  els.coverageButton.hidden = !coverageAvailable;
  els.coverageButton.setAttribute('aria-pressed', String(state.view === 'coverage' && !state.id));
}

function setView(view) {
  els.resultsView.hidden = view !== 'results';
  els.coverageView.hidden = view !== 'coverage';
  els.recordView.hidden = view !== 'record';
  document.body.dataset.view = view;
}

function focusAfter(opts) {
  if (!opts.focus) return;
  const target = opts.focus === 'results' ? els.results.heading : $(opts.focus);
  target?.focus({ preventScroll: false });
}

const facetHandlers = {
  toggle(facet, value, checked) {
    const next = newSearch(state, {});
    const values = next.filters[facet].filter((v) => v !== value);
    if (checked) values.push(value);
    next.filters[facet] = values;
    nav.go(next);
  },
  years(from, to) {
    // Keep the range the right way round instead of sending year_from > year_to.
    if (from && to && from > to) [from, to] = [to, from];
    nav.go(newSearch(state, { year_from: from, year_to: to }));
  },
  rerender() {
    if (lastResult) renderFacets(els.facets, state, lastResult.facets, facetHandlers);
  },
};

async function runSearch(serial) {
  searchController?.abort();
  searchController = new AbortController();
  const result = await api.search(searchParams(state), { signal: searchController.signal });
  if (serial !== renderSerial) return null;
  lastResult = result;
  labels.addFacets(result.facets);
  renderFacets(els.facets, state, result.facets, facetHandlers);
  return result;
}

function searchFailed(err) {
  lastResult = null;
  showError(err);
  // The chips stay, so a filter the API refused (a stale shared link) can be removed.
  renderChips(els.results.chips, state, null, labels, nav);
  renderFacets(els.facets, state, null, facetHandlers);
  els.results.heading.textContent = '';
  for (const k of ['didYouMean', 'chart', 'pagination']) els.results[k].hidden = true;
  fill(els.results.list);
  els.results.empty.hidden = true;
}

async function render(opts = {}) {
  const serial = ++renderSerial;
  if (uiLang() !== state.ui_lang || !document.body.dataset.ready) {
    setUiLang(state.ui_lang);
    translatePage();
    document.body.dataset.ready = '1';
  }
  document.body.setAttribute('aria-busy', 'true');
  labels = await loadLabels(uiLang());
  if (serial !== renderSerial) return;
  syncControls();
  hideError();
  try {
    if (state.id) {
      await showRecord(serial, opts);
    } else if (state.view === 'coverage' && coverageAvailable) {
      await showCoverage(serial, opts);
    } else {
      await showResults(serial, opts);
    }
  } catch (err) {
    if (serial === renderSerial) showError(err);
  } finally {
    if (serial === renderSerial) {
      document.body.removeAttribute('aria-busy');
      document.body.dataset.loaded = String(serial);
    }
  }
}

async function showResults(serial, opts) {
  setView('results');
  let result;
  try {
    result = await runSearch(serial);
  } catch (err) {
    if (err.name !== 'AbortError' && serial === renderSerial) searchFailed(err);
    return;
  }
  if (!result) return;
  renderResults(els.results, result, state, labels, nav);
  els.facetsDone.textContent = tCount('show_results', result.total);
  announce(els.results.heading.textContent);
  if (opts.previous?.id && !opts.focus) {
    // Back from a record: return to its link in the list.
    const link = els.results.list.querySelector(`.hit-link[data-id="${CSS.escape(opts.previous.id)}"]`);
    (link ?? els.results.heading).focus();
  } else {
    focusAfter(opts);
  }
  if (opts.focus === 'results') els.results.heading.scrollIntoView({ block: 'start' });
}

async function showRecord(serial, opts) {
  setView('record');
  fill(els.recordView, h('p', { class: 'muted' }, t('loading')));
  const changedRecord = opts.previous?.id !== state.id;
  let rec;
  try {
    rec = await api.record(state.id);
  } catch (err) {
    if (serial !== renderSerial) return;
    const back = newSearch(state, {});
    fill(els.recordView, h('p', { class: 'record-back' },
      h('a', { href: pageUrl(back), onclick: (e) => { e.preventDefault(); nav.go(back); } }, `← ${t('back_to_results')}`)));
    throw err;
  }
  if (serial !== renderSerial) return;
  await renderRecord(els.recordView, rec, state, labels, nav);
  if (serial !== renderSerial) return;
  document.title = `${rec.title} — ${t('app_title')}`;
  if (changedRecord) {
    window.scrollTo(0, 0);
    announce(t('record_opened', { title: rec.title }));
    if (!opts.focus) $('record-title')?.focus();
  }
  focusAfter(opts);
}

async function showCoverage(serial, opts) {
  setView('coverage');
  try {
    await runSearch(serial); // the facet panels stay live beside the matrix
  } catch (err) {
    if (err.name === 'AbortError' || serial !== renderSerial) return;
    searchFailed(err);
    setView('coverage');
  }
  if (serial !== renderSerial) return;
  await renderCoverage(els.coverageView, state, labels, nav);
  if (serial !== renderSerial) return;
  focusAfter(opts.focus ? opts : { focus: opts.previous?.view !== 'coverage' ? 'coverage-heading' : '' });
}

function openFactsheet() {
  if (els.factsheet.getAttribute('aria-disabled') === 'true') {
    announce(t('factsheet_needs_scope'));
    return;
  }
  const p = new URLSearchParams();
  for (const f of ['theme', 'region', 'pillar']) for (const v of state.filters[f]) p.append(f, v);
  p.set('format', 'html');
  p.set('ui_lang', state.ui_lang);
  window.open(`/api/v1/factsheet?${p}`, '_blank', 'noopener');
}

function wire() {
  const suggest = attachSuggest(els.q, els.suggestions, (text) => {
    els.q.value = text;
    nav.go(newSearch(state, { q: text.trim() }));
  });
  els.form.addEventListener('submit', (e) => {
    e.preventDefault();
    suggest.close();
    nav.go(newSearch(state, { q: els.q.value.trim() }));
  });
  els.sort.addEventListener('change', () => nav.go(withChanges(state, { sort: els.sort.value, page: '1' })));
  els.uiLang.addEventListener('change', () =>
    nav.go(withChanges(state, { ui_lang: els.uiLang.value, explicitLang: true }), { focus: 'ui-lang' }));
  const showFilters = (open) => {
    els.filtersToggle.setAttribute('aria-expanded', String(open));
    els.facetsPanel.classList.toggle('is-open', open);
  };
  els.filtersToggle.addEventListener('click', () => {
    const open = els.filtersToggle.getAttribute('aria-expanded') !== 'true';
    showFilters(open);
    if (open) els.facetsPanel.querySelector('input:not([disabled]), select, button')?.focus();
  });
  els.facetsDone.addEventListener('click', () => {
    showFilters(false);
    els.results.heading.focus();
    els.results.heading.scrollIntoView({ block: 'start' });
  });
  els.clearAll.addEventListener('click', () => {
    const next = newSearch(state, { year_from: '', year_to: '' });
    for (const f of FILTER_FACETS) next.filters[f] = [];
    nav.go(next, { focus: 'results' });
  });
  els.factsheet.addEventListener('click', openFactsheet);
  els.coverageButton.addEventListener('click', () => {
    const toCoverage = state.view !== 'coverage' || Boolean(state.id);
    nav.go(withChanges(state, { view: toCoverage ? 'coverage' : 'results', id: '' }));
  });
  els.home.addEventListener('click', (e) => {
    if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey) return;
    e.preventDefault();
    const fresh = parseState('');
    nav.go(withChanges(fresh, { ui_lang: state.ui_lang, explicitLang: state.explicitLang }), { focus: 'q' });
  });
  window.addEventListener('popstate', () => {
    const previous = state;
    state = parseState(location.search);
    render({ previous });
  });
}

wire();
render();
api.available('/api/v1/coverage', { rows: 'region', cols: 'pillar' }).then((ok) => {
  coverageAvailable = ok;
  els.coverageButton.hidden = !ok;
  document.body.dataset.coverageProbed = '1';
  if (ok && state.view === 'coverage' && !state.id) render();
});
