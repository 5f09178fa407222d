// Shared set-up of the browser tests: one headless Debian chromium (never a downloaded browser),
// a fresh profile, the server's base URL, the API as the tests' source of truth, screenshots.

import fs from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import { chromium } from 'playwright-core';

export const BASE = process.env.KR_BASE_URL ?? 'http://127.0.0.1:18080';
export const artifacts = process.env.KR_ARTIFACTS ?? path.resolve('..', 'artifacts', 'browser');
const CHROMIUM = process.env.KR_CHROMIUM ?? '/usr/bin/chromium';

/** Starts chromium with a fresh --user-data-dir; returns the persistent context. */
export async function launch({ width = 1280, height = 900 } = {}) {
  const parent = process.env.KR_PROFILE_DIR ?? os.tmpdir();
  fs.mkdirSync(parent, { recursive: true });
  const profile = fs.mkdtempSync(path.join(parent, 'chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width, height },
    locale: 'en-GB',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  context.setDefaultTimeout(15000);
  const close = async () => {
    await context.close();
    fs.rmSync(profile, { recursive: true, force: true });
  };
  return { context, close };
}

/** Collects uncaught page errors so a test can assert there were none. */
export function watchErrors(page) {
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  return errors;
}

/** GET an API path ("/api/v1/search?q=x") and return {status, body}. */
export async function api(pathAndQuery) {
  const response = await fetch(BASE + pathAndQuery);
  const text = await response.text();
  let body = null;
  try { body = JSON.parse(text); } catch { body = text; }
  return { status: response.status, body };
}

/** The search API query the page sends for these page parameters (same names, per_page 10). */
export function searchQuery(params, uiLang = 'en') {
  const p = new URLSearchParams(params);
  p.set('per_page', '10');
  p.set('ui_lang', uiLang);
  return `/api/v1/search?${p}`;
}

/** Waits until the page has finished a render it had not finished before `action` ran. */
export async function settled(page, action) {
  const before = await page.evaluate(() => document.body.dataset.loaded ?? '');
  await action();
  await page.waitForFunction(
    (b) => document.body.dataset.loaded && document.body.dataset.loaded !== b
      && !document.body.hasAttribute('aria-busy'),
    before);
}

/** Opens a page URL ("/?q=x") and waits for its first render. */
export async function open(page, url) {
  await page.goto(BASE + url);
  await page.waitForFunction(() => document.body.dataset.loaded && !document.body.hasAttribute('aria-busy'));
}

export async function screenshot(page, name, options = {}) {
  fs.mkdirSync(artifacts, { recursive: true });
  await page.screenshot({ path: path.join(artifacts, `${name}.png`), ...options });
}

/** What the page shows: heading, hit ids, chips, and facet counts as {facet: {value: count}}. */
export async function pageState(page) {
  return page.evaluate(() => {
    const facets = {};
    for (const input of document.querySelectorAll('#facets input[type=checkbox]')) {
      const count = input.parentElement.querySelector('.facet-count').textContent;
      (facets[input.name] ??= {})[input.value] = {
        count: Number(count.replace(/\D/g, '')), checked: input.checked, disabled: input.disabled,
        label: input.parentElement.querySelector('.facet-label').textContent,
      };
    }
    return {
      url: location.search,
      heading: document.getElementById('results-heading').textContent,
      hits: [...document.querySelectorAll('#results .hit-link')].map((a) => a.dataset.id),
      chips: [...document.querySelectorAll('#chips .chip')].map((c) => c.querySelector('.chip-value').textContent),
      facets,
      resultsVisible: !document.getElementById('results-view').hidden,
      recordVisible: !document.getElementById('record-view').hidden,
    };
  });
}

/** Facet counts of an API response in pageState's shape (only the values the page lists). */
export function apiFacetCounts(body, facet) {
  return Object.fromEntries(body.facets[facet].map((v) => [v.value, v.count]));
}
