// The record view: the full record (summary, sections, partners, Action, attachment, related) and
// comparable records from /similar, by default from neighbouring countries.

import * as api from './api.js';
import { h, fill, snippetFragment } from './dom.js';
import { t } from './i18n.js';
import { SCOPES, FILTER_FACETS, newSearch, withChanges } from './state.js';
import { badges, navLink } from './results.js';

const SIMILAR_HEADING = { neighbours: 'similar_neighbours', region: 'similar_region', all: 'similar_all' };

/** A search for one facet value only, used by the record's facts ("more on this theme"). */
function facetSearch(state, facet, value) {
  const next = newSearch(state, { q: '', year_from: '', year_to: '' });
  for (const f of FILTER_FACETS) next.filters[f] = [];
  next.filters[facet] = [value];
  return next;
}

function paragraphs(text, lang) {
  return String(text).split(/\n\s*\n/).map((p) => p.trim()).filter(Boolean).map((p) => h('p', { lang }, p));
}

function facts(rec, state, labels, nav) {
  const rows = [];
  const row = (key, ...value) => rows.push(h('dt', {}, t(key)), h('dd', {}, ...value));
  const valueLinks = (facet, values) => h('ul', { class: 'fact-values' },
    values.map((v) => h('li', {}, navLink(nav, facetSearch(state, facet, v), {}, labels.get(facet, v)))));
  row('date', h('time', { datetime: rec.date }, rec.date));
  row('type', labels.get('type', rec.type));
  row('language', labels.get('lang', rec.lang));
  if (rec.action) row('action', `${rec.action.code} · ${rec.action.name}`);
  if (rec.countries?.length) row('countries', valueLinks('country', rec.countries));
  if (rec.regions?.length) row('regions', valueLinks('region', rec.regions));
  if (rec.themes?.length) row('themes', valueLinks('theme', rec.themes));
  if (rec.pillars?.length) row('pillars', valueLinks('pillar', rec.pillars));
  return h('aside', { class: 'record-facts', 'aria-labelledby': 'record-facts-title' },
    h('h3', { id: 'record-facts-title' }, t('record_facts')),
    h('dl', {}, rows),
    h('p', { class: 'record-xml' }, h('a', { href: api.recordXmlUrl(rec.id), type: 'application/xml' }, t('record_xml'))));
}

function attachment(rec) {
  if (!rec.source) return null;
  const name = rec.source.split('/').pop();
  const ext = name.includes('.') ? name.split('.').pop().toUpperCase() : '';
  const isUrl = /^https?:\/\//i.test(rec.source);
  return h('section', { class: 'record-block', 'aria-labelledby': 'record-attachment' },
    h('h3', { id: 'record-attachment' }, t('attachment')),
    h('p', { class: 'attachment' },
      ext ? h('span', { class: 'file-type' }, ext) : null, ' ',
      h('a', { href: isUrl ? rec.source : `/api/v1/records/${encodeURIComponent(rec.id)}/attachment`,
               rel: 'noopener', target: '_blank' }, name)));
}

async function relatedList(rec, state, nav) {
  const list = h('ul', { class: 'related-list' });
  const titles = await Promise.allSettled(rec.related.map((id) => api.record(id)));
  rec.related.forEach((id, i) => {
    const r = titles[i];
    list.append(h('li', {}, r.status === 'fulfilled'
      ? [navLink(nav, withChanges(state, { id, scope: 'neighbours' }), { lang: r.value.lang }, r.value.title),
        ' ', h('span', { class: 'muted' }, `(${r.value.date})`)]
      : [h('span', {}, id), ' ', h('span', { class: 'muted' }, `(${t('related_missing')})`)]));
  });
  return list;
}

function similarSection(rec, state, labels, nav) {
  const listEl = h('div', { class: 'similar-list', 'aria-busy': 'true' }, h('p', { class: 'muted' }, t('loading')));
  const buttons = SCOPES.map((scope) => h('button', {
    type: 'button', class: 'seg', id: `scope-${scope}`, 'aria-pressed': String(scope === state.scope),
    onclick: () => nav.go(withChanges(state, { scope }), { replace: true, focus: `scope-${scope}` }),
  }, t(`scope_${scope}`)));
  const section = h('section', { class: 'record-similar', id: 'similar', 'aria-labelledby': 'similar-title' },
    h('div', { class: 'similar-head' },
      h('h3', { id: 'similar-title' }, t(SIMILAR_HEADING[state.scope] ?? 'similar_neighbours')),
      h('div', { class: 'segmented', role: 'group', 'aria-label': t('scope_label') }, buttons)),
    listEl);
  api.similar(rec.id, state.scope).then((res) => {
    listEl.removeAttribute('aria-busy');
    if (!res.hits.length) return fill(listEl, h('p', { class: 'muted' }, t('similar_none')));
    return fill(listEl, h('ol', { class: 'similar-hits' }, res.hits.map((hit) => h('li', { class: 'similar-hit' },
      h('h4', {}, navLink(nav, withChanges(state, { id: hit.id, scope: 'neighbours' }), { lang: hit.lang }, hit.title)),
      badges(hit, labels),
      hit.snippet ? h('p', { class: 'snippet', lang: hit.lang }, snippetFragment(hit.snippet)) : null))));
  }, (err) => {
    listEl.removeAttribute('aria-busy');
    fill(listEl, h('p', { class: 'error-inline', role: 'alert' }, `${err.message} (${err.code})`));
  });
  return section;
}

/** Renders `rec` (the JSON of /api/v1/records/{id}) into `el`. */
export async function renderRecord(el, rec, state, labels, nav) {
  const back = newSearch(state, {});
  back.page = state.page;
  const related = rec.related?.length ? await relatedList(rec, state, nav) : null;
  fill(el,
    h('p', { class: 'record-back' }, navLink(nav, back, { id: 'back-to-results' }, `← ${t('back_to_results')}`)),
    h('header', { class: 'record-header' },
      badges({ ...rec, countries: [] }, labels),
      h('h2', { id: 'record-title', tabindex: '-1', lang: rec.lang }, rec.title),
      rec.action ? h('p', { class: 'record-action' }, `${t('action')} ${rec.action.code} · ${rec.action.name}`) : null),
    h('div', { class: 'record-layout' },
      h('div', { class: 'record-body' },
        rec.summary ? h('section', { class: 'record-block record-summary', 'aria-labelledby': 'record-summary' },
          h('h3', { id: 'record-summary' }, t('summary')), paragraphs(rec.summary, rec.lang)) : null,
        (rec.sections ?? []).map((sec, i) => h('section', { class: 'record-block', 'aria-labelledby': `record-sec-${i}` },
          sec.title ? h('h3', { id: `record-sec-${i}`, lang: rec.lang }, sec.title) : null, paragraphs(sec.text, rec.lang))),
        rec.partners?.length ? h('section', { class: 'record-block', 'aria-labelledby': 'record-partners' },
          h('h3', { id: 'record-partners' }, t('partners')),
          h('ul', { class: 'partners' }, rec.partners.map((p) => h('li', { lang: rec.lang }, p)))) : null,
        attachment(rec),
        related ? h('section', { class: 'record-block', 'aria-labelledby': 'record-related' },
          h('h3', { id: 'record-related' }, t('related')), related) : null),
      facts(rec, state, labels, nav)),
    similarSection(rec, state, labels, nav));
}
