import { z } from 'zod';
import { type MeasureId, peopleCounted } from '../../domain/cld/ascof-3d.js';
import { type ReportingPeriod, quartersTo, reportingPeriod } from '../../domain/calendar/reporting-period.js';
import { exportCell } from '../../batch/csv.js';
import { paths } from '../../paths.js';
import { has } from '../../policies/index.js';
import { teamsVisibleTo } from '../../policies/people.js';
import { formatDate } from '../../web/format.js';
import { type Context, type Route, download, page, route } from '../../web/route.js';
import { firstEventDate, peopleInTeams } from './repository.js';
import { type FigureSettings, KEPT_PROBLEMS, figuresFor, trendQuarters, yearToDate } from './kept-figures.js';
import { MEASURES, fieldSummaryTable, invalidTable, measuresTable, ni130, periodItems, trend, trendWaiting, workedOut } from './presenters.js';
import { ascofReport, ascofReportFrom, writeCldExtract } from './returns.js';

/**
 * The statutory returns for analysts and managers: ASCOF 3D and NI 130 with their trend by
 * quarter, the CLD Release 2 extract, its data quality before submission, and — for managers —
 * the people counted in each figure, their own teams' only.
 */

const SHOWN_PROBLEMS = KEPT_PROBLEMS;
const periodQuery = z.object({ period: z.string().max(10).optional() });
const peopleQuery = periodQuery.extend({ measure: z.enum(['3D-1a', '3D-2a', '3D-1b', '3D-2b']).catch('3D-1a'), part: z.enum(['numerator', 'denominator']).catch('denominator') });

/** The period asked for, or the financial year to date; never after today. */
function chosenPeriod(ctx: Context, query: unknown): ReportingPeriod {
  const asked = periodQuery.safeParse(query ?? {});
  const period = asked.success && asked.data.period ? reportingPeriod(asked.data.period) : null;
  if (!period) return yearToDate(ctx.today);
  return period.to > ctx.today ? { ...period, to: ctx.today } : period;
}

/** Every year and quarter from the first event to today, newest first. */
async function periodsOffered(ctx: Context): Promise<ReportingPeriod[]> {
  const first = (await firstEventDate(ctx.db)) ?? ctx.today;
  const quarters = quartersTo(ctx.today, 40).filter((q) => q.to >= first);
  const years = [...new Set(quarters.map((q) => q.key.slice(0, 4)))].map((y) => reportingPeriod(y)!);
  return [...years, ...quarters].sort((a, b) => (a.from === b.from ? a.key.length - b.key.length : a.from < b.from ? 1 : -1));
}

const population = (ctx: Context) => ctx.config.statutory.population18Plus;
const figureSettings = (ctx: Context): FigureSettings => ({ laCode: ctx.config.statutory.laCode, workOutNowUpTo: ctx.config.statutory.workOutNowUpTo });

export const statutoryRoutes: Route[] = [
  route({
    method: 'GET',
    url: '/reports/statutory',
    access: 'reports:read',
    load: async (ctx, _params, request) => {
      const period = chosenPeriod(ctx, request.query);
      const quarters = trendQuarters(ctx.today);
      // The period and the 12 months to each quarter's end: kept figures, worked out by a job at size.
      const [kept, ...byQuarter] = await figuresFor(ctx.db, 'ascof', [period, ...quarters.map((q) => q.period)], figureSettings(ctx));
      const report = kept ? ascofReportFrom(kept.figures, kept.period.from, kept.period.to, population(ctx)?.people ?? null) : null;
      const points = quarters.flatMap(({ quarter }, i) => (byQuarter[i] ? [{ quarter, measures: byQuarter[i]!.figures.measures }] : []));
      return { period, kept: kept ?? null, report, points, quarters: quarters.length, periods: await periodsOffered(ctx), population: population(ctx) };
    },
    respond: (ctx, r) =>
      page('statutory-returns/views/ascof.njk', {
        title: 'Statutory returns',
        periodText: `${r.period.label}: from ${formatDate(r.period.from)} to ${formatDate(r.period.to)}.`,
        workedOut: workedOut(r.kept, r.period),
        periods: periodItems(r.periods, r.period.key),
        measures: r.report ? measuresTable(r.report, r.kept!.period.to === r.period.to ? r.period.label : `${r.period.label} to ${formatDate(r.kept!.period.to)}`) : null,
        unknown: r.report?.unknownDeliveryMechanism ?? null,
        ni130: r.report ? ni130(r.report, r.population) : null,
        trend: r.points.length ? trend(r.points) : null,
        trendWaiting: trendWaiting(r.quarters - r.points.length, r.quarters),
        links: {
          json: `${paths.statutory.ascofJson()}?period=${r.period.key}`,
          cld: `${paths.statutory.cld()}?period=${r.period.key}`,
          quality: `${paths.statutory.quality()}?period=${r.period.key}`,
          people: has(ctx.actor, 'returns:people')
            ? (Object.keys(MEASURES) as MeasureId[]).flatMap((id) => (['numerator', 'denominator'] as const).map((part) => ({ href: `${paths.statutory.people()}?period=${r.period.key}&measure=${id}&part=${part}`, text: `${id} ${part === 'numerator' ? 'people counted' : 'all people it is out of'}` })))
            : null,
        },
      }, { noStore: true }),
  }),
  route({
    method: 'GET',
    url: '/reports/statutory/ascof.json',
    access: 'reports:read',
    load: async (ctx, _params, request) => {
      const period = chosenPeriod(ctx, request.query);
      return { period, report: (await ascofReport(ctx.db, period.from, period.to, population(ctx)?.people ?? null)).report };
    },
    respond: (_ctx, r) => download('application/json; charset=utf-8', `${JSON.stringify(r.report, null, 2)}\n`, `ascof-${r.period.key}.json`),
  }),
  route({
    method: 'GET',
    url: '/reports/statutory/cld.csv',
    access: 'reports:read',
    load: async (ctx, _params, request) => {
      const period = chosenPeriod(ctx, request.query);
      let text = '';
      const extract = await writeCldExtract(ctx.db, { laCode: ctx.config.statutory.laCode, from: period.from, to: period.to }, (t) => void (text += t));
      return { period, text, rows: extract.rows, invalid: extract.invalid.length };
    },
    // The extract holds people's details: who took it, for which period, is kept.
    viewed: (r) => ({ action: 'cld.extracted', subjectType: 'statutory-return', subjectId: r.period.key, after: { from: r.period.from, to: r.period.to, rows: r.rows, invalid: r.invalid } }),
    respond: (_ctx, r) => download('text/csv; charset=utf-8', r.text, `cld-${r.period.key}.csv`),
  }),
  route({
    method: 'GET',
    url: '/reports/statutory/data-quality',
    access: 'reports:read',
    load: async (ctx, _params, request) => {
      const period = chosenPeriod(ctx, request.query);
      const [kept] = await figuresFor(ctx.db, 'quality', [period], figureSettings(ctx));
      return { period, kept: kept ?? null, periods: await periodsOffered(ctx) };
    },
    respond: (_ctx, r) =>
      page('statutory-returns/views/data-quality.njk', {
        title: 'Data quality before submission',
        period: r.period,
        workedOut: workedOut(r.kept, r.period),
        periods: periodItems(r.periods, r.period.key),
        counts: r.kept ? { rows: r.kept.figures.rows, invalid: r.kept.figures.invalidCount } : null,
        summary: r.kept ? fieldSummaryTable(r.kept.figures) : null,
        problems: r.kept?.figures.invalidCount ? invalidTable(r.kept.figures.invalid, SHOWN_PROBLEMS, r.kept.figures.invalidCount) : null,
        backLink: { href: `${paths.statutory.ascof()}?period=${r.period.key}`, text: 'Statutory returns' },
      }, { noStore: true }),
  }),
  route({
    method: 'GET',
    url: '/reports/statutory/people.csv',
    access: 'returns:people',
    load: async (ctx, _params, request) => {
      const period = chosenPeriod(ctx, request.query);
      const asked = peopleQuery.parse(request.query ?? {});
      const { detail, people } = await ascofReport(ctx.db, period.from, period.to, null);
      const counted = peopleCounted(detail, asked.measure, asked.part);
      const records = new Map((await peopleInTeams(ctx.db, counted.map((c) => people.get(c.personId)!).filter(Boolean), teamsVisibleTo(ctx.actor))).map((p) => [p.id, p]));
      // Only the people of the manager's own teams: the rest of the figure is counted, not listed.
      const rows = counted.flatMap((c) => {
        const person = records.get(people.get(c.personId)!);
        return person ? [[person.reference, `${person.given_name} ${person.family_name}`, c.personId, c.ageBand, c.support]] : [];
      });
      return { period, asked, rows };
    },
    viewed: (r) => ({ action: 'ascof.people-listed', subjectType: 'statutory-return', subjectId: `${r.period.key} ${r.asked.measure} ${r.asked.part}`, after: { people: r.rows.length } }),
    respond: (_ctx, r) => {
      const header = 'reference,name,cld_person_id,age_group,support';
      const lines = r.rows.map((row) => row.map((cell) => exportCell(cell)).join(','));
      return download('text/csv; charset=utf-8', `${[header, ...lines].join('\r\n')}\r\n`, `${r.asked.measure}-${r.asked.part}-${r.period.key}.csv`);
    },
  }),
];
