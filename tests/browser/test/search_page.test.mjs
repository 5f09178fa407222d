// The search page against the real kr-server: every number the page shows is checked against
// the API answer for the same parameters.

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {
  BASE, artifacts, launch, watchErrors, api, searchQuery, settled, open, screenshot, pageState, apiFacetCounts,
} from './helpers.mjs';

const searchQueryFor = (route, params) => `${route}?${new URLSearchParams(params)}`;

const number = (text) => Number(String(text).replace(/\D/g, ''));

function assertMatchesApi(shown, body, message) {
  assert.equal(number(shown.heading), body.total, `${message}: total`);
  assert.deepEqual(shown.hits, body.hits.map((h) => h.id), `${message}: hits`);
  const regions = apiFacetCounts(body, 'region');
  for (const [value, count] of Object.entries(regions)) {
    assert.equal(shown.facets.region[value]?.count, count, `${message}: region ${value}`);
    assert.equal(shown.facets.region[value].disabled, count === 0 && !shown.facets.region[value].checked,
      `${message}: region ${value} disabled iff zero`);
  }
}

describe('search page: search, facets, record, history', () => {
  let browser;
  let page;
  let errors;

  before(async () => {
    browser = await launch();
    page = await browser.context.newPage();
    errors = watchErrors(page);
    await open(page, '/');
  });
  after(async () => {
    await browser?.close();
  });

  it('completes "diasp" and searches "diaspora" with highlighted snippets', async () => {
    await page.locator('#q').pressSequentially('diasp', { delay: 20 });
    const option = page.locator('#q-suggestions [role=option]', { hasText: /^diaspora$/ });
    await option.waitFor();
    assert.equal(await page.getAttribute('#q', 'aria-expanded'), 'true');
    await settled(page, () => option.click());

    const { body } = await api(searchQuery({ q: 'diaspora' }));
    const shown = await pageState(page);
    assert.ok(body.total > 0);
    assertMatchesApi(shown, body, 'diaspora');
    assert.match(shown.url, /[?&]q=diaspora(&|$)/);
    assert.ok(await page.locator('#results .snippet mark').count() > 0, 'snippets carry <mark>');
    assert.equal(await page.locator('#results .snippet script, #results .snippet img').count(), 0);
    // Badges: the first hit's type and date.
    const first = page.locator('#results .hit').first();
    assert.equal(await first.locator('.badge-date').textContent(), body.hits[0].date);
    // The live region announces the count.
    await page.waitForFunction(() => /\d/.test(document.getElementById('live').textContent));
    assert.equal(number(await page.textContent('#live')), body.total);
    // The chart is drawn from the region counts.
    assert.equal(await page.locator('#chart svg[role=img]').count(), 1);
    assert.equal(await page.locator('#facets fieldset legend').count(), 7, 'one legend per facet');
    await screenshot(page, '01-search-diaspora', { fullPage: true });
  });

  it('ticks two regions: counts and results follow the API (multi-select)', async () => {
    await settled(page, () => page.check('#facet-region-africa-west'));
    let { body } = await api(searchQuery({ q: 'diaspora', region: 'africa-west' }));
    assertMatchesApi(await pageState(page), body, 'one region');

    await settled(page, () => page.check('#facet-region-asia'));
    const p = new URLSearchParams([['q', 'diaspora'], ['region', 'africa-west'], ['region', 'asia']]);
    ({ body } = await api(searchQuery(p)));
    const shown = await pageState(page);
    assertMatchesApi(shown, body, 'two regions');
    assert.equal(shown.facets.region['africa-west'].checked, true);
    assert.equal(shown.facets.region.asia.checked, true);
    assert.match(shown.url, /region=africa-west&region=asia/);
    assert.deepEqual(shown.chips.sort(), ['Asia', 'West Africa']);
    // Multi-select: the region counts ignore the region filter, so they equal the plain search's.
    const plain = (await api(searchQuery({ q: 'diaspora' }))).body;
    assert.deepEqual(apiFacetCounts(body, 'region'), apiFacetCounts(plain, 'region'));
    // Other facets are narrowed by the regions.
    for (const [value, count] of Object.entries(apiFacetCounts(body, 'type'))) {
      assert.equal(shown.facets.type[value].count, count, `type ${value}`);
    }
    await screenshot(page, '02-two-regions', { fullPage: true });
  });

  it('removes a filter chip', async () => {
    await settled(page, () => page.getByRole('button', { name: /Remove filter Region: Asia/ }).click());
    const { body } = await api(searchQuery({ q: 'diaspora', region: 'africa-west' }));
    const shown = await pageState(page);
    assertMatchesApi(shown, body, 'after chip removal');
    assert.deepEqual(shown.chips, ['West Africa']);
    assert.equal(shown.facets.region.asia.checked, false);
    assert.doesNotMatch(shown.url, /asia/);
  });

  it('opens a record and lists comparable practices in neighbouring countries', async () => {
    const id = (await pageState(page)).hits[0];
    await settled(page, () => page.click(`#results .hit-link[data-id="${id}"]`));
    const record = (await api(`/api/v1/records/${id}`)).body;
    assert.equal((await page.textContent('#record-title')).trim(), record.title);
    assert.match(page.url(), new RegExp(`[?&]id=${id}(&|$)`));
    assert.equal(await page.evaluate(() => document.activeElement.id), 'record-title');
    if (record.summary) assert.ok((await page.textContent('#record-view')).includes(record.summary.slice(0, 60)));
    for (const partner of record.partners) assert.ok((await page.textContent('.partners')).includes(partner));

    assert.equal((await page.textContent('#similar-title')).trim(), 'Comparable practices in neighbouring countries');
    const neighbours = (await api(`/api/v1/records/${id}/similar?scope=neighbours&limit=5`)).body;
    await page.waitForFunction(() => !document.querySelector('.similar-list[aria-busy]'));
    const shownSimilar = await page.$$eval('.similar-hits h4 a', (as) => as.map((a) => new URL(a.href).searchParams.get('id')));
    assert.deepEqual(shownSimilar, neighbours.hits.map((h) => h.id));
    await screenshot(page, '03-record', { fullPage: true });

    await settled(page, () => page.click('#scope-region'));
    await page.waitForFunction(() => !document.querySelector('.similar-list[aria-busy]'));
    const region = (await api(`/api/v1/records/${id}/similar?scope=region&limit=5`)).body;
    const shownRegion = await page.$$eval('.similar-hits h4 a', (as) => as.map((a) => new URL(a.href).searchParams.get('id')));
    assert.deepEqual(shownRegion, region.hits.map((h) => h.id));
    assert.equal(await page.getAttribute('#scope-region', 'aria-pressed'), 'true');
  });

  it('back and forward restore the page state', async () => {
    await settled(page, () => page.goBack()); // record -> results with one region
    let shown = await pageState(page);
    assert.ok(shown.resultsVisible && !shown.recordVisible);
    assert.deepEqual(shown.chips, ['West Africa']);
    assert.doesNotMatch(shown.url, /id=/);

    await settled(page, () => page.goBack()); // -> two regions
    shown = await pageState(page);
    const p = new URLSearchParams([['q', 'diaspora'], ['region', 'africa-west'], ['region', 'asia']]);
    assertMatchesApi(shown, (await api(searchQuery(p))).body, 'back to two regions');
    assert.equal(shown.facets.region.asia.checked, true);
    assert.equal(await page.inputValue('#q'), 'diaspora');

    await settled(page, () => page.goForward()); // -> one region
    await settled(page, () => page.goForward()); // -> the record again
    shown = await pageState(page);
    assert.ok(shown.recordVisible && !shown.resultsVisible);
    assert.deepEqual(errors, [], 'no uncaught errors in the page');
  });
});

describe('search page: language, errors, phone width, factsheet', () => {
  let browser;

  before(async () => {
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
  });

  it('switches the interface to French: labels come from the API in French', async () => {
    const page = await browser.context.newPage();
    await open(page, '/?q=migration');
    await settled(page, () => page.selectOption('#ui-lang', 'fr'));
    assert.match(page.url(), /ui_lang=fr/);
    assert.equal(await page.getAttribute('html', 'lang'), 'fr');
    const { body } = await api(searchQuery({ q: 'migration' }, 'fr'));
    const shown = await pageState(page);
    for (const v of body.facets.region) assert.equal(shown.facets.region[v.value].label, v.label);
    assert.equal(shown.facets.region['africa-west'].label, "Afrique de l'Ouest");
    assert.equal((await page.textContent('#facet-region legend')).trim(), 'Région');
    assert.match(shown.heading, /résultats pour « migration »/);
    assert.equal(await page.textContent('#search-form button[type=submit]'), 'Rechercher');
    await screenshot(page, '04-french');

    // And back to English with the history.
    await settled(page, () => page.goBack());
    assert.equal(await page.getAttribute('html', 'lang'), 'en');
    await page.close();
  });

  it('pages, sorts and keeps keyboard focus on a ticked facet value', async () => {
    const page = await browser.context.newPage();
    await open(page, '/?q=migration');
    await settled(page, () => page.click('#pagination .page-next'));
    let { body } = await api(searchQuery({ q: 'migration', page: '2' }));
    let shown = await pageState(page);
    assert.deepEqual(shown.hits, body.hits.map((h) => h.id));
    assert.match(shown.url, /page=2/);
    assert.equal(await page.getAttribute('#pagination [aria-current=page]', 'aria-label'), 'Page 2');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'results-heading');

    await settled(page, () => page.selectOption('#sort', '-date'));
    ({ body } = await api(searchQuery({ q: 'migration', sort: '-date' })));
    shown = await pageState(page);
    assert.deepEqual(shown.hits, body.hits.map((h) => h.id));
    assert.doesNotMatch(shown.url, /page=/);
    const dates = await page.$$eval('#results .badge-date', (els) => els.map((e) => e.textContent.slice(0, 4)));
    assert.deepEqual(dates, [...dates].sort().reverse(), 'newest first');

    await page.focus('#facet-type-report');
    await settled(page, () => page.keyboard.press('Space'));
    assert.equal(await page.evaluate(() => document.activeElement.id), 'facet-type-report');
    assert.equal(await page.isChecked('#facet-type-report'), true);
    ({ body } = await api(searchQuery({ q: 'migration', sort: '-date', type: 'report' })));
    assert.equal(number(await page.textContent('#results-heading')), body.total);
    await page.close();
  });

  it('offers "did you mean" and shows API errors to the user', async () => {
    const page = await browser.context.newPage();
    await open(page, '/?q=diaspra');
    const { body } = await api(searchQuery({ q: 'diaspra' }));
    if (body.suggestion) {
      const link = page.locator('#did-you-mean a');
      assert.equal(await link.textContent(), body.suggestion);
      await settled(page, () => link.click());
      assert.equal(await page.inputValue('#q'), body.suggestion);
    }

    await open(page, '/?q=diaspora&region=nowhere');
    const error = (await api(searchQuery({ q: 'diaspora', region: 'nowhere' }))).body.error;
    assert.ok(await page.isVisible('#error'));
    assert.ok((await page.textContent('#error')).includes(error.message));
    assert.ok((await page.textContent('#error')).includes(error.code));
    await screenshot(page, '05-api-error');
    // The refused filter is a chip that can be removed.
    await settled(page, () => page.locator('#chips .chip-remove').first().click());
    assert.ok(await page.isHidden('#error'));
    assert.ok(number(await page.textContent('#results-heading')) > 0);
    await page.close();
  });

  it('works at 375px: filters collapse behind a toggle, nothing overflows', async () => {
    const page = await browser.context.newPage();
    await page.setViewportSize({ width: 375, height: 812 });
    await open(page, '/?q=diaspora');
    assert.ok(await page.isHidden('#facets-panel'));
    assert.ok(await page.isVisible('#filters-toggle'));
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `horizontal overflow of ${overflow}px`);
    assert.ok(await page.locator('#results .hit').first().isVisible());
    await screenshot(page, '06-phone');

    await page.click('#filters-toggle');
    assert.equal(await page.getAttribute('#filters-toggle', 'aria-expanded'), 'true');
    assert.ok(await page.isVisible('#facets-panel'));
    await settled(page, () => page.check('#facet-type-practice'));
    const { body } = await api(searchQuery({ q: 'diaspora', type: 'practice' }));
    assert.equal(number(await page.textContent('#results-heading')), body.total);
    await screenshot(page, '07-phone-filters');
    const overflowAfter = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflowAfter <= 0, `horizontal overflow of ${overflowAfter}px with filters open`);

    await settled(page, () => page.locator('#results .hit-link').first().click());
    assert.ok(await page.isVisible('#record-title'));
    await page.waitForFunction(() => !document.querySelector('.similar-list[aria-busy]'));
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth));
    await screenshot(page, '08-phone-record');
    await page.close();
  });

  it('opens the factsheet of the selected theme in a new tab and prints it to PDF', async () => {
    const page = await browser.context.newPage();
    await open(page, '/?q=diaspora');
    assert.equal(await page.getAttribute('#factsheet-button', 'aria-disabled'), 'true');
    await settled(page, () => page.check('#facet-theme-diaspora-engagement'));
    assert.equal(await page.getAttribute('#factsheet-button', 'aria-disabled'), 'false');
    const [tab] = await Promise.all([
      browser.context.waitForEvent('page'),
      page.click('#factsheet-button'),
    ]);
    await tab.waitForLoadState('domcontentloaded').catch(() => {});
    const url = new URL(tab.url());
    assert.equal(url.pathname, '/api/v1/factsheet');
    assert.deepEqual(url.searchParams.getAll('theme'), ['diaspora-engagement']);
    assert.equal(url.searchParams.get('format'), 'html');
    assert.equal(url.searchParams.get('ui_lang'), 'en');
    await tab.close();

    // Print the factsheet to PDF when the server has factsheets: its title and record count are there.
    const sheet = await api('/api/v1/factsheet?theme=diaspora-engagement&format=json&ui_lang=en');
    if (sheet.status === 200) {
      const tab2 = await browser.context.newPage();
      await tab2.goto(`${BASE}/api/v1/factsheet?theme=diaspora-engagement&format=html&ui_lang=en`);
      fs.mkdirSync(artifacts, { recursive: true });
      const pdf = path.join(artifacts, '09-factsheet.pdf');
      await tab2.pdf({ path: pdf, format: 'A4', printBackground: true });
      await tab2.close();
      const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
      assert.ok(text.includes(sheet.body.title), 'the PDF carries the factsheet title');
      assert.ok(text.includes(String(sheet.body.figures.records)), 'the PDF carries the record count');
    }
    await page.close();
  });

  it('shows the coverage heat map only when /api/v1/coverage answers, cells open their search', async () => {
    const page = await browser.context.newPage();
    await open(page, '/?q=migration');
    const coverage = await api(searchQueryFor('/api/v1/coverage', { q: 'migration', rows: 'region', cols: 'pillar' }));
    await page.waitForFunction(() => document.body.dataset.coverageProbed === '1');
    assert.equal(await page.isVisible('#coverage-button'), coverage.status === 200);
    if (coverage.status !== 200) return page.close();

    await settled(page, () => page.click('#coverage-button'));
    assert.match(page.url(), /view=coverage/);
    const m = coverage.body;
    const cells = await page.$$eval('.heatmap tbody tr', (rows) =>
      rows.map((r) => [...r.querySelectorAll('td')].map((td) => Number(td.textContent))));
    assert.deepEqual(cells, m.counts);
    const headers = await page.$$eval('.heatmap tbody th', (ths) => ths.map((th) => th.textContent));
    assert.deepEqual(headers, m.row_values.map((v) => m.labels[v]));
    await screenshot(page, '10-coverage', { fullPage: true });

    // The first non-empty cell opens the search for its two values, with as many results.
    const i = m.counts.findIndex((row) => row.some((n) => n > 0));
    const j = m.counts[i].findIndex((n) => n > 0);
    await settled(page, () => page.locator('.heatmap tbody tr').nth(i).locator('td').nth(j).locator('a').click());
    const shown = await pageState(page);
    assert.ok(shown.resultsVisible);
    assert.equal(number(shown.heading), m.counts[i][j]);
    assert.equal(shown.facets[m.rows][m.row_values[i]].checked, true);
    assert.equal(shown.facets[m.cols][m.col_values[j]].checked, true);
    await page.close();
  });

  it('serves the page assets from kr-server with their content types', async () => {
    for (const [file, type] of [['/', 'text/html'], ['/app.js', 'text/javascript'], ['/style.css', 'text/css']]) {
      const response = await fetch(BASE + file);
      assert.equal(response.status, 200, file);
      assert.match(response.headers.get('content-type'), new RegExp(type), file);
    }
  });
});
