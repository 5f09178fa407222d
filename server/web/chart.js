// A small inline SVG bar chart of the current results by region (horizontal bars) or by year
// (columns), drawn from the facet counts of the search response.

import { s } from './dom.js';
import { formatNumber } from './i18n.js';

const BAR = '#2a5a9b';
const BAR_SELECTED = '#0b3a75';
const TRACK = '#e8eef6';
const INK = '#1d2b3a';
const MUTED = '#5a6b7f';

let serial = 0;

function shorten(text, max) {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/**
 * values: [{value,label,count,selected}]; title: accessible name; width: the CSS pixels available,
 * so that the text keeps its size on a phone instead of being scaled down with the drawing.
 */
export function regionChart(values, title, width = 600) {
  width = Math.max(280, Math.min(720, Math.round(width)));
  const rows = values.filter((v) => v.count > 0 || v.selected);
  const max = Math.max(1, ...rows.map((v) => v.count));
  // On a narrow screen each label goes on its own line above its bar.
  const stacked = width < 440;
  const rowH = stacked ? 40 : 26;
  const labelW = stacked ? 0 : Math.round(Math.min(250, width * 0.46));
  const barW = width - labelW - 40;
  const maxChars = stacked ? Math.floor((width - 10) / 7.2) : Math.floor((labelW - 12) / 7.8);
  const height = rows.length * rowH + 8;
  const id = `chart-${++serial}`;
  const svg = s('svg', {
    viewBox: `0 0 ${width} ${height}`, width, height, class: 'chart chart-region', role: 'img',
    'aria-labelledby': `${id}-title ${id}-desc`, preserveAspectRatio: 'xMinYMin meet',
  },
  s('title', { id: `${id}-title` }, title),
  s('desc', { id: `${id}-desc` }, rows.map((v) => `${v.label}: ${v.count}`).join('; ')));
  rows.forEach((v, i) => {
    const y = 4 + i * rowH;
    const w = Math.max(v.count ? 2 : 0, Math.round((v.count / max) * barW));
    const barY = stacked ? y + 20 : y + 4;
    const barH = stacked ? 12 : rowH - 8;
    const label = stacked
      ? s('text', { x: 0, y: y + 14, fill: INK, 'font-size': 13 }, s('title', {}, v.label), shorten(v.label, maxChars))
      : s('text', { x: labelW - 8, y: y + rowH / 2 + 4, 'text-anchor': 'end', fill: INK, 'font-size': 13 },
        s('title', {}, v.label), shorten(v.label, maxChars));
    svg.append(
      label,
      s('rect', { x: labelW, y: barY, width: barW, height: barH, rx: 3, fill: TRACK }),
      s('rect', { x: labelW, y: barY, width: w, height: barH, rx: 3, fill: v.selected ? BAR_SELECTED : BAR }),
      s('text', { x: labelW + w + 6, y: barY + barH / 2 + 4, fill: MUTED, 'font-size': 12 }, formatNumber(v.count)));
  });
  return svg;
}

/** Columns per year, oldest on the left; empty years between the first and last are shown as gaps. */
export function yearChart(values, title, available = 600) {
  const byYear = new Map(values.filter((v) => /^\d{4}$/.test(v.value)).map((v) => [Number(v.value), v]));
  const present = [...byYear.keys()].filter((y) => byYear.get(y).count > 0);
  if (!present.length) return null;
  const first = Math.min(...present);
  const last = Math.max(...present);
  const years = [];
  for (let y = first; y <= last; ++y) years.push(byYear.get(y) ?? { value: String(y), count: 0, selected: false });
  const max = Math.max(1, ...years.map((v) => v.count));
  const colW = Math.max(18, Math.min(44, Math.floor((Math.max(280, available) - 20) / years.length)));
  const plotH = 120;
  const width = years.length * colW + 20;
  const height = plotH + 44;
  const id = `chart-${++serial}`;
  const svg = s('svg', {
    viewBox: `0 0 ${width} ${height}`, width, height, class: 'chart chart-year', role: 'img',
    'aria-labelledby': `${id}-title ${id}-desc`, preserveAspectRatio: 'xMinYMin meet',
  },
  s('title', { id: `${id}-title` }, title),
  s('desc', { id: `${id}-desc` }, years.filter((v) => v.count).map((v) => `${v.value}: ${v.count}`).join('; ')),
  s('line', { x1: 10, x2: width - 10, y1: plotH + 16, y2: plotH + 16, stroke: '#b8c6d8' }));
  years.forEach((v, i) => {
    const x = 10 + i * colW;
    const hgt = Math.round((v.count / max) * plotH);
    const top = plotH + 16 - hgt;
    svg.append(s('rect', { x: x + 3, y: top, width: colW - 6, height: hgt, rx: 2, fill: v.selected ? BAR_SELECTED : BAR },
      s('title', {}, `${v.value}: ${v.count}`)));
    if (v.count) {
      svg.append(s('text', { x: x + colW / 2, y: top - 4, 'text-anchor': 'middle', fill: MUTED, 'font-size': 11 },
        formatNumber(v.count)));
    }
    const everyOther = years.length > 14 && i % 2 === 1;
    if (!everyOther) {
      svg.append(s('text', { x: x + colW / 2, y: plotH + 32, 'text-anchor': 'middle', fill: INK, 'font-size': 11 },
        colW < 34 ? `’${v.value.slice(2)}` : v.value));
    }
  });
  return svg;
}
