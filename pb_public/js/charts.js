// Pictures of the work: small bar charts in plain SVG (no chart library),
// readable on a 360 px phone. Each chart is a <figure> with a caption, a
// one-sentence summary for everyone (screen readers read it instead of the
// picture, which is hidden from them), and its numbers as a real <table>
// behind "Show the numbers". Every bar carries its number as text: colour
// is never the only carrier of meaning.
import { h } from './dom.js';
import { t, fmtNumber } from './i18n.js';

const SVG = 'http://www.w3.org/2000/svg';

function s(tag, attrs, ...children) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v !== null && v !== undefined) el.setAttribute(k, String(v));
  }
  for (const c of children) el.append(c instanceof Node ? c : String(c));
  return el;
}

/** The numbers of a chart as a table (caption = the chart's title). */
function numbersTable(opts) {
  return h('details', { class: 'chart-numbers' },
    h('summary', {}, t('charts.showNumbers')),
    h('table', { class: 'table chart-table', 'data-testid': `${opts.testid}-table` },
      h('caption', { class: 'visually-hidden' }, opts.title),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, opts.labelHead), h('th', { scope: 'col', class: 'num' }, opts.valueHead))),
      h('tbody', {}, opts.rows.map((r) => h('tr', {},
        h('th', { scope: 'row' }, r.label),
        h('td', { class: 'num', 'data-value': String(r.value) }, fmtNumber(r.value)))))));
}

/**
 * Horizontal bars, one row each (its label above the bar, the number at
 * the bar's end): long Malayalam labels never squeeze the bars.
 * opts: {title, summary, rows: [{label, value}], labelHead, valueHead,
 *        testid, empty}
 */
export function barChart(opts) {
  const rows = opts.rows;
  const max = Math.max(1, ...rows.map((r) => r.value));
  const W = 320;
  const ROW = 40;
  const barMax = W - 48;
  const svg = s('svg', { viewBox: `0 0 ${W} ${Math.max(ROW, rows.length * ROW)}`, class: 'chart-svg', 'aria-hidden': 'true', focusable: 'false' });
  rows.forEach((r, i) => {
    const y = i * ROW;
    const w = r.value > 0 ? Math.max(3, Math.round((r.value / max) * barMax)) : 0;
    svg.append(
      s('text', { x: 0, y: y + 13, class: 'chart-label' }, r.label),
      s('rect', { x: 0, y: y + 18, width: w, height: 14, rx: 2, class: 'chart-bar' }),
      s('line', { x1: 0, x2: 0, y1: y + 16, y2: y + 34, class: 'chart-axis' }),
      s('text', { x: w + 6, y: y + 30, class: 'chart-value' }, fmtNumber(r.value)),
    );
  });
  return frame(opts, svg);
}

/**
 * Columns over time (e.g. hours per week): the number above each column,
 * the period's label under it (every other one on a crowded chart).
 * opts: as barChart, rows in time order, with an optional short label
 * (rows[i].short) for under the column.
 */
export function columnChart(opts) {
  const rows = opts.rows;
  const max = Math.max(1, ...rows.map((r) => r.value));
  const W = 320;
  const H = 150;
  const top = 16;
  const base = H - 28;
  const pad = 16; // room for the first and last labels
  const step = (W - 2 * pad) / Math.max(1, rows.length);
  const bw = Math.max(6, step * 0.62);
  const svg = s('svg', { viewBox: `0 0 ${W} ${H}`, class: 'chart-svg', 'aria-hidden': 'true', focusable: 'false' });
  svg.append(s('line', { x1: 0, x2: W, y1: base, y2: base, class: 'chart-axis' }));
  rows.forEach((r, i) => {
    const hgt = r.value > 0 ? Math.max(2, Math.round((r.value / max) * (base - top - 4))) : 0;
    const x = pad + i * step + (step - bw) / 2;
    const cx = x + bw / 2;
    svg.append(s('rect', { x, y: base - hgt, width: bw, height: hgt, rx: 2, class: 'chart-bar' }));
    if (r.value > 0) svg.append(s('text', { x: cx, y: base - hgt - 4, 'text-anchor': 'middle', class: 'chart-value chart-small' }, fmtNumber(r.value)));
    if (rows.length <= 6 || i % 2 === (rows.length - 1) % 2) {
      svg.append(s('text', { x: cx, y: H - 10, 'text-anchor': 'middle', class: 'chart-label chart-small' }, r.short || r.label));
    }
  });
  return frame(opts, svg);
}

function frame(opts, svg) {
  const capId = `${opts.testid}-cap`;
  const empty = opts.rows.length === 0 || opts.rows.every((r) => !r.value);
  return h('figure', { class: 'card chart', 'data-testid': opts.testid, 'aria-labelledby': capId },
    h('figcaption', { id: capId, class: 'chart-title' }, opts.title),
    h('p', { class: 'chart-summary', 'data-testid': `${opts.testid}-summary` }, empty && opts.empty ? opts.empty : opts.summary),
    empty && opts.empty ? null : svg,
    opts.rows.length ? numbersTable(opts) : null);
}
