import { escapeHtml } from '../../web/format.js';

/**
 * Server-rendered SVG charts for the analysts' pages. Pure: data in, markup out. Each chart is an
 * image with a title and a description (role="img"); the page puts a table with the same figures
 * next to it, so nothing is only in the picture. Groups are told apart by shape and by a label as
 * well as by colour.
 */

const WIDTH = 640;
const HEIGHT = 360;
const PAD = { left: 80, right: 20, top: 20, bottom: 50 };
/** GOV.UK colours with enough contrast against white, and a marker shape each. */
const SERIES = [
  { colour: '#1d70b8', shape: 'circle' },
  { colour: '#d4351c', shape: 'square' },
  { colour: '#00703c', shape: 'triangle' },
  { colour: '#4c2c92', shape: 'diamond' },
  { colour: '#6f72af', shape: 'circle' },
  { colour: '#b58840', shape: 'square' },
] as const;

export function seriesStyle(index: number) {
  return SERIES[index % SERIES.length]!;
}

const fmt = (n: number) => Math.round(n * 10) / 10;

function niceMax(value: number): number {
  if (value <= 0) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 2.5, 5, 10]) if (step * magnitude >= value) return step * magnitude;
  return 10 * magnitude;
}

function marker(shape: string, x: number, y: number, colour: string): string {
  const s = 3.5;
  if (shape === 'square') return `<rect x="${fmt(x - s)}" y="${fmt(y - s)}" width="${2 * s}" height="${2 * s}" fill="${colour}" />`;
  if (shape === 'triangle') return `<polygon points="${fmt(x)},${fmt(y - s - 1)} ${fmt(x - s - 1)},${fmt(y + s)} ${fmt(x + s + 1)},${fmt(y + s)}" fill="${colour}" />`;
  if (shape === 'diamond') return `<polygon points="${fmt(x)},${fmt(y - s - 1)} ${fmt(x + s + 1)},${fmt(y)} ${fmt(x)},${fmt(y + s + 1)} ${fmt(x - s - 1)},${fmt(y)}" fill="${colour}" />`;
  return `<circle cx="${fmt(x)}" cy="${fmt(y)}" r="${s}" fill="${colour}" />`;
}

function frame(id: string, title: string, description: string, body: string, height = HEIGHT): string {
  return `<svg class="app-chart" viewBox="0 0 ${WIDTH} ${height}" width="100%" role="img" aria-labelledby="${id}-title ${id}-desc" xmlns="http://www.w3.org/2000/svg" font-family="Arial, sans-serif" font-size="13"><title id="${id}-title">${escapeHtml(title)}</title><desc id="${id}-desc">${escapeHtml(description)}</desc>${body}</svg>`;
}

function axes(xLabel: string, yLabel: string, xTicks: { at: number; text: string }[], yTicks: { at: number; text: string }[], height = HEIGHT): string {
  const bottom = height - PAD.bottom;
  let out = `<line x1="${PAD.left}" y1="${bottom}" x2="${WIDTH - PAD.right}" y2="${bottom}" stroke="#0b0c0c" /><line x1="${PAD.left}" y1="${PAD.top}" x2="${PAD.left}" y2="${bottom}" stroke="#0b0c0c" />`;
  for (const t of xTicks) out += `<line x1="${fmt(t.at)}" y1="${bottom}" x2="${fmt(t.at)}" y2="${bottom + 5}" stroke="#0b0c0c" /><text x="${fmt(t.at)}" y="${bottom + 18}" text-anchor="middle" fill="#0b0c0c">${escapeHtml(t.text)}</text>`;
  for (const t of yTicks) out += `<line x1="${PAD.left - 5}" y1="${fmt(t.at)}" x2="${PAD.left}" y2="${fmt(t.at)}" stroke="#0b0c0c" /><text x="${PAD.left - 8}" y="${fmt(t.at + 4)}" text-anchor="end" fill="#0b0c0c">${escapeHtml(t.text)}</text>`;
  out += `<text x="${(PAD.left + WIDTH - PAD.right) / 2}" y="${height - 8}" text-anchor="middle" fill="#0b0c0c">${escapeHtml(xLabel)}</text>`;
  out += `<text x="16" y="${(PAD.top + bottom) / 2}" text-anchor="middle" fill="#0b0c0c" transform="rotate(-90 16 ${(PAD.top + bottom) / 2})">${escapeHtml(yLabel)}</text>`;
  return out;
}

const ticks = (max: number, count: number, place: (v: number) => number, text: (v: number) => string) =>
  Array.from({ length: count + 1 }, (_, i) => (max * i) / count).map((v) => ({ at: place(v), text: text(v) }));

export interface ScatterSeries {
  label: string;
  points: { x: number; y: number }[];
  /** The fitted line y = intercept + slope × x, when the group could be fitted. */
  line: { slope: number; intercept: number } | null;
}

/** Points against weekly cost, one marker shape per group, with each group's fitted line. */
export function scatterChart(id: string, title: string, description: string, series: ScatterSeries[], labels: { x: string; y: string; yText: (v: number) => string }): string {
  const all = series.flatMap((s) => s.points);
  const xMax = niceMax(Math.max(1, ...all.map((p) => p.x)));
  const yMax = niceMax(Math.max(1, ...all.map((p) => p.y), ...series.filter((s) => s.line).map((s) => s.line!.intercept + s.line!.slope * xMax)));
  const bottom = HEIGHT - PAD.bottom;
  const x = (v: number) => PAD.left + (v / xMax) * (WIDTH - PAD.left - PAD.right);
  const y = (v: number) => bottom - (Math.max(0, Math.min(v, yMax)) / yMax) * (bottom - PAD.top);
  let body = axes(labels.x, labels.y, ticks(xMax, 5, x, (v) => String(Math.round(v))), ticks(yMax, 5, y, labels.yText));
  series.forEach((s, i) => {
    const style = seriesStyle(i);
    body += `<g aria-hidden="true">${s.points.map((p) => marker(style.shape, x(p.x), y(p.y), style.colour)).join('')}</g>`;
    if (s.line) {
      const y0 = s.line.intercept;
      const y1 = s.line.intercept + s.line.slope * xMax;
      body += `<line x1="${x(0)}" y1="${fmt(y(y0))}" x2="${x(xMax)}" y2="${fmt(y(y1))}" stroke="${style.colour}" stroke-width="2.5" />`;
    }
  });
  // The key is not drawn in the chart: the page lists it below (legendSwatch), where it wraps.
  return frame(id, title, description, body);
}

/** A group's marker on its own, for the key the page lists beside a chart; decorative (the key's text names the group). */
export function legendSwatch(shape: string, colour: string): string {
  return `<svg class="app-chart-key__swatch" width="14" height="14" viewBox="0 0 14 14" aria-hidden="true" focusable="false" xmlns="http://www.w3.org/2000/svg">${marker(shape, 7, 7, colour)}</svg>`;
}

export interface Bar {
  label: string;
  value: number;
}

/** Horizontal bars either side of zero: the change per group between two schemes. */
export function divergingBarChart(id: string, title: string, description: string, bars: Bar[], valueText: (v: number) => string): string {
  const rowHeight = 34;
  const height = PAD.top + PAD.bottom + Math.max(1, bars.length) * rowHeight;
  const left = 200;
  const limit = niceMax(Math.max(1, ...bars.map((b) => Math.abs(b.value))));
  const zero = left + (WIDTH - left - PAD.right) / 2;
  const scale = (WIDTH - left - PAD.right) / 2 / limit;
  let body = `<line x1="${zero}" y1="${PAD.top}" x2="${zero}" y2="${height - PAD.bottom}" stroke="#0b0c0c" />`;
  bars.forEach((b, i) => {
    const top = PAD.top + i * rowHeight + 6;
    const w = Math.abs(b.value) * scale;
    const x = b.value >= 0 ? zero : zero - w;
    body += `<text x="${left - 8}" y="${top + 15}" text-anchor="end" fill="#0b0c0c">${escapeHtml(b.label)}</text>`;
    body += `<rect x="${fmt(x)}" y="${top}" width="${fmt(Math.max(w, 1))}" height="${rowHeight - 12}" fill="${b.value >= 0 ? '#1d70b8' : '#d4351c'}" />`;
    body += `<text x="${fmt(b.value >= 0 ? x + w + 4 : x - 4)}" y="${top + 15}" text-anchor="${b.value >= 0 ? 'start' : 'end'}" fill="#0b0c0c">${escapeHtml(valueText(b.value))}</text>`;
  });
  body += `<text x="${zero}" y="${height - 20}" text-anchor="middle" fill="#0b0c0c">No change</text>`;
  return frame(id, title, description, body, height);
}

export interface RatioPoint {
  label: string;
  /** Spend ÷ indicative budget (1 = spent exactly the indicative budgets), or null when not comparable. */
  ratio: number | null;
}

/** Spend against indicative budget per group, with the tolerance band shaded around 1. */
export function toleranceChart(id: string, title: string, description: string, points: RatioPoint[], tolerance: number): string {
  const rowHeight = 34;
  const height = PAD.top + PAD.bottom + Math.max(1, points.length) * rowHeight;
  const left = 200;
  const max = Math.max(2, niceMax(Math.max(...points.map((p) => p.ratio ?? 0), 1 + tolerance) * 1.1));
  const x = (v: number) => left + (Math.min(v, max) / max) * (WIDTH - left - PAD.right);
  const bottom = height - PAD.bottom;
  let body = `<rect x="${fmt(x(1 - tolerance))}" y="${PAD.top}" width="${fmt(x(1 + tolerance) - x(1 - tolerance))}" height="${bottom - PAD.top}" fill="#f3f2f1" stroke="#b1b4b6" />`;
  body += `<line x1="${fmt(x(1))}" y1="${PAD.top}" x2="${fmt(x(1))}" y2="${bottom}" stroke="#0b0c0c" stroke-dasharray="4 3" />`;
  points.forEach((p, i) => {
    const cy = PAD.top + i * rowHeight + rowHeight / 2;
    body += `<text x="${left - 8}" y="${fmt(cy + 4)}" text-anchor="end" fill="#0b0c0c">${escapeHtml(p.label)}</text>`;
    if (p.ratio !== null) {
      const outside = Math.abs(p.ratio - 1) > tolerance;
      body += marker(outside ? 'diamond' : 'circle', x(p.ratio), cy, outside ? '#d4351c' : '#00703c');
      body += `<text x="${fmt(x(p.ratio) + 10)}" y="${fmt(cy + 4)}" fill="#0b0c0c">${Math.round(p.ratio * 100)}%</text>`;
    }
  });
  body += `<line x1="${left}" y1="${bottom}" x2="${WIDTH - PAD.right}" y2="${bottom}" stroke="#0b0c0c" />`;
  for (const v of [0, 0.5, 1, 1.5, 2].filter((v) => v <= max)) body += `<text x="${fmt(x(v))}" y="${bottom + 18}" text-anchor="middle" fill="#0b0c0c">${Math.round(v * 100)}%</text>`;
  body += `<text x="${(left + WIDTH - PAD.right) / 2}" y="${height - 8}" text-anchor="middle" fill="#0b0c0c">Spend as a percentage of the indicative budgets (shaded: within ${Math.round(tolerance * 100)}%)</text>`;
  return frame(id, title, description, body, height);
}

export interface TrendSeries {
  label: string;
  /** One value a period (a percentage), or null where there is none. */
  values: (number | null)[];
}

/** Percentages over periods, one line and marker shape per series, labelled at its last point. */
export function trendChart(id: string, title: string, description: string, periods: string[], series: TrendSeries[]): string {
  const bottom = HEIGHT - PAD.bottom;
  const span = WIDTH - PAD.left - PAD.right - 90;
  const x = (i: number) => PAD.left + 20 + (periods.length <= 1 ? span / 2 : (i * span) / (periods.length - 1));
  const y = (v: number) => bottom - (v / 100) * (bottom - PAD.top);
  let body = axes('Quarter ending', 'Per cent', periods.map((p, i) => ({ at: x(i), text: p })), ticks(100, 5, y, (v) => `${v}%`));
  series.forEach((s, index) => {
    const { colour, shape } = seriesStyle(index);
    const points = s.values.map((v, i) => (v === null ? null : { x: x(i), y: y(v) })).filter((p): p is { x: number; y: number } => p !== null);
    if (points.length > 1) body += `<polyline points="${points.map((p) => `${fmt(p.x)},${fmt(p.y)}`).join(' ')}" fill="none" stroke="${colour}" stroke-width="2" />`;
    for (const p of points) body += marker(shape, p.x, p.y, colour);
  });
  // Each line is named at its last point; names that would overlap are moved apart.
  const names = series
    .map((s, index) => {
      const i = s.values.map((v) => v !== null).lastIndexOf(true);
      return i < 0 ? null : { text: s.label, colour: seriesStyle(index).colour as string, x: x(i) + 8, y: y(s.values[i]!) + 4 };
    })
    .filter((n): n is { text: string; colour: string; x: number; y: number } => n !== null)
    .sort((a, b) => a.y - b.y);
  names.forEach((n, i) => {
    if (i > 0 && n.y - names[i - 1]!.y < 15) n.y = names[i - 1]!.y + 15;
    body += `<text x="${fmt(n.x)}" y="${fmt(n.y)}" fill="${n.colour}">${escapeHtml(n.text)}</text>`;
  });
  return frame(id, title, description, body);
}
