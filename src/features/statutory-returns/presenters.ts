import type { MeasureId } from '../../domain/cld/ascof-3d.js';
import { CLD_COLUMNS } from '../../domain/cld/extract.js';
import type { ReportingPeriod } from '../../domain/calendar/reporting-period.js';
import { paths } from '../../paths.js';
import { escapeHtml, formatDate, formatDateTime } from '../../web/format.js';
import { captionedTable } from '../../web/tables.js';
import { trendChart } from '../analytics/charts.js';
import type { Kept, QualityFigures } from './kept-figures.js';
import type { Period } from './figures-repository.js';
import type { AscofReport, InvalidEvent } from './returns.js';

/** The statutory returns pages, from what the routes worked out: pure. */

export const MEASURES: Record<MeasureId, string> = {
  '3D-1a': 'Clients who receive self-directed support',
  '3D-2a': 'Clients who receive direct payments',
  '3D-1b': 'Carers who receive self-directed support',
  '3D-2b': 'Carers who receive direct payments',
};

const number = (n: number) => n.toLocaleString('en-GB');
const percent = (n: number) => `${n.toFixed(1)}%`;

export function measuresTable(report: AscofReport, periodLabel: string) {
  return captionedTable(
    `ASCOF 3D, ${periodLabel}`,
    [{ text: 'Measure' }, { text: 'Age group' }, { text: 'People counted', format: 'numeric' }, { text: 'Out of', format: 'numeric' }, { text: 'Outcome', format: 'numeric' }],
    report.measures.map((m) => [{ text: `${m.id}: ${MEASURES[m.id]}` }, { text: m.group }, { text: number(m.numerator), format: 'numeric' }, { text: number(m.denominator), format: 'numeric' }, { text: percent(m.outcome), format: 'numeric' }]),
  );
}

export interface TrendPoint {
  quarter: ReportingPeriod;
  measures: AscofReport['measures'];
}

const total = (r: { measures: AscofReport['measures'] }, id: MeasureId) => r.measures.find((m) => m.id === id && m.group === 'Total')!;

export function trend(points: TrendPoint[]) {
  const ids: MeasureId[] = ['3D-1a', '3D-2a', '3D-1b', '3D-2b'];
  const labels = points.map((p) => shortMonth(p.quarter.to));
  return {
    chart: trendChart(
      'ascof-trend',
      'ASCOF 3D by quarter',
      `The four measures for the 12 months to the end of each of the last ${points.length} quarters. The table below gives the same figures.`,
      labels,
      ids.map((id) => ({ label: id, values: points.map((p) => (total(p, id).denominator ? total(p, id).outcome : null)) })),
    ),
    table: captionedTable(
      'ASCOF 3D by quarter (12 months to the quarter’s end, all ages)',
      [{ text: 'Quarter ending' }, ...ids.map((id) => ({ text: id, format: 'numeric' }))],
      points.map((p, i) => [{ text: labels[i]! }, ...ids.map((id) => ({ text: `${percent(total(p, id).outcome)} (${number(total(p, id).numerator)} of ${number(total(p, id).denominator)})`, format: 'numeric' }))]),
    ),
  };
}

export function ni130(report: AscofReport, population: { people: number; on: string | null } | null) {
  if (!report.ni130.per100k || !population) return `${number(report.ni130.people)} people receive self-directed support. To see NI 130 as a rate, set the council’s population aged 18 and over (POPULATION_18_PLUS).`;
  return `${number(report.ni130.people)} people receive self-directed support: ${report.ni130.per100k.toFixed(1)} for every 100,000 people aged 18 and over (a population of ${number(population.people)}${population.on ? `, estimated for ${formatDate(population.on)}` : ''}).`;
}

export function periodItems(periods: ReportingPeriod[], chosen: string) {
  return periods.map((p) => ({ value: p.key, text: p.label, selected: p.key === chosen }));
}

/** Per field, how many rows fall in each of DHSC's categories; only fields with a failure or a blank. */
export function fieldSummaryTable(extract: Pick<QualityFigures, 'summary'>) {
  const categories = ['Passed: Valid', 'Passed: Blank (Not Mandatory)', 'Failed: Blank (Mandatory)', 'Failed: Invalid', 'Failed: Release 1'] as const;
  const rows = CLD_COLUMNS.filter((c) => extract.summary[c] && categories.slice(2).some((k) => extract.summary[c]![k])).map((c) => [{ text: c }, ...categories.map((k) => ({ text: number(extract.summary[c]?.[k] ?? 0), format: 'numeric' }))]);
  return rows.length ? captionedTable('Fields with problems, by DHSC’s categories', [{ text: 'Field' }, ...categories.map((k) => ({ text: k, format: 'numeric' }))], rows) : null;
}

/** Where to put a problem right: the person's record for their details, the record that made the event. */
export function invalidTable(invalid: InvalidEvent[], shown: number, total = invalid.length) {
  const personFields = new Set(CLD_COLUMNS.slice(3, 21));
  return captionedTable(
    `Events that would fail validation${total > shown ? ` (the first ${Math.min(shown, invalid.length)} of ${number(total)})` : ''}`,
    [{ text: 'Event' }, { text: 'Person' }, { text: 'What to fix' }, { text: 'Where' }],
    invalid.slice(0, shown).map((e) => {
      const personProblem = e.failures.some((f) => personFields.has(f.column));
      const fixAt = personProblem ? { href: paths.people.statutoryDetails(e.personId), text: 'Person’s details' } : { href: paths.people.view(e.personId), text: 'Person’s record' };
      return [
        { text: `${e.eventType} ${e.eventReference}` },
        { text: e.laPersonId },
        { html: `<ul class="govuk-list">${e.failures.map((f) => `<li>${escapeHtml(f.column)}: ${escapeHtml(f.message ?? f.validity)}</li>`).join('')}</ul>` },
        { html: `<a class="govuk-link" href="${fixAt.href}">${fixAt.text}<span class="govuk-visually-hidden"> for ${escapeHtml(e.laPersonId)}</span></a>` },
      ];
    }),
  );
}

/**
 * When the figures shown were worked out, and whether newer ones are on their way: figures are
 * kept, and worked out again by a job when the register changes (ADR 0018).
 */
export function workedOut(kept: Kept<unknown> | null, asked: Period): { text: string; waiting: boolean } {
  if (!kept) return { text: 'These figures are being worked out. At a council of this size that takes a few minutes: come back to this page soon.', waiting: true };
  const when = formatDateTime(kept.workedOutAt);
  if (kept.upToDate) return { text: `Worked out on ${when}, from the records as they are now.`, waiting: false };
  if (kept.period.to !== asked.to) return { text: `These are the figures to ${formatDate(kept.period.to)}, worked out on ${when}. The figures to ${formatDate(asked.to)} are being worked out: come back to this page in a few minutes.`, waiting: true };
  return { text: `Worked out on ${when}. Records have changed since then, so the figures are being worked out again: come back to this page in a few minutes.`, waiting: true };
}

/** How many of the trend's quarters are still being worked out, when some are. */
export function trendWaiting(missing: number, of: number): string | null {
  return missing > 0 ? `${missing} of the last ${of} quarters ${missing === 1 ? 'is' : 'are'} still being worked out, so ${missing === 1 ? 'it is' : 'they are'} not shown yet.` : null;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
/** '2026-09-30' → 'Sep 26', short enough for a chart's axis. */
const shortMonth = (day: string) => `${MONTHS[Number(day.slice(5, 7)) - 1]} ${day.slice(2, 4)}`;
