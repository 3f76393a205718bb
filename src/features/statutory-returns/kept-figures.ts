import type { Ascof3d } from '../../domain/cld/ascof-3d.js';
import { type ReportingPeriod, quartersTo, yearContaining, yearEndingOn } from '../../domain/calendar/reporting-period.js';
import type { Executor } from '../../web/route.js';
import { type FiguresKind, type KeptRow, type Period, askFor, forgetFiguresNotAskedSince, keepFigures, keptStarting, periodsToWorkOut, registerChanges } from './figures-repository.js';
import { eventsOpenAtMost } from './repository.js';
import { type FieldSummary, type InvalidEvent, ascofForPeriods, writeCldExtract } from './returns.js';

/**
 * The statutory returns' figures, worked out once and kept (ADR 0018): the pages read them rather
 * than the whole register on every visit. A period asked for whose figures are missing or out of
 * date is worked out at once when few events are open in it (a small council, or a quarter), and
 * otherwise by the `statutory-figures` job, every few minutes; meanwhile the page shows the last
 * figures kept, saying when they were worked out.
 */

export type AscofFigures = Pick<Ascof3d, 'measures' | 'unknownDeliveryMechanism'>;

/** What the data-quality page shows: the count of rows and problems, the first problems, and each field's categories. */
export interface QualityFigures {
  rows: number;
  invalidCount: number;
  invalid: InvalidEvent[];
  summary: FieldSummary;
}

interface FiguresOf {
  ascof: AscofFigures;
  quality: QualityFigures;
}

export interface Kept<T> {
  /** The period the figures are for: the one asked for, or one ending earlier while it is worked out. */
  period: Period;
  figures: T;
  workedOutAt: Date;
  /** Worked out from the register as it is now, for the period asked for. */
  upToDate: boolean;
}

export interface FigureSettings {
  laCode: string;
  /** Work figures out during the visit when at most this many events are open in the periods. */
  workOutNowUpTo: number;
}

/** Problems kept for the data-quality page: enough to work through, not the whole return. */
export const KEPT_PROBLEMS = 500;
/** Figures not asked for in this long are forgotten by the job. */
const ASKED_WITHIN_DAYS = 35;
/** The longest span of periods worked out from one read of the register (it is held in memory). */
const SPAN_DAYS = 3 * 366;

/** What else a kind of figures depends on, besides the register. */
const dependsOn = (kind: FiguresKind, settings: Pick<FigureSettings, 'laCode'>) => (kind === 'quality' ? settings.laCode : '');

async function workOut<K extends FiguresKind>(db: Executor, kind: K, periods: Period[], settings: Pick<FigureSettings, 'laCode'>): Promise<{ period: Period; figures: FiguresOf[K] }[]> {
  if (kind === 'quality') {
    const worked: { period: Period; figures: QualityFigures }[] = [];
    for (const period of periods) {
      const extract = await writeCldExtract(db, { laCode: settings.laCode, from: period.from, to: period.to }, () => undefined);
      worked.push({ period, figures: { rows: extract.rows, invalidCount: extract.invalid.length, invalid: extract.invalid.slice(0, KEPT_PROBLEMS), summary: extract.summary } });
    }
    return worked as { period: Period; figures: FiguresOf[K] }[];
  }
  const worked: { period: Period; figures: AscofFigures }[] = [];
  for (const chunk of spans(periods)) {
    const results = await ascofForPeriods(db, chunk);
    chunk.forEach((period, i) => worked.push({ period, figures: { measures: results[i]!.measures, unknownDeliveryMechanism: results[i]!.unknownDeliveryMechanism } }));
  }
  return worked as { period: Period; figures: FiguresOf[K] }[];
}

/** Periods in runs that each span at most SPAN_DAYS, so one read of the register serves a run. */
export function spans(periods: Period[]): Period[][] {
  const sorted = [...periods].sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
  const runs: Period[][] = [];
  for (const period of sorted) {
    const run = runs.at(-1);
    const first = run?.[0]?.from;
    const last = run ? [...run.map((p) => p.to), period.to].sort().at(-1)! : period.to;
    if (run && first && daysBetween(first, last) <= SPAN_DAYS) run.push(period);
    else runs.push([period]);
  }
  return runs;
}

const daysBetween = (from: string, to: string) => (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000;

/** The kept figures for a period: its own, or while they are missing the latest for the same start ending earlier. */
function choose(rows: KeptRow[], period: Period, changes: number, workedWith: string): Kept<unknown> | null {
  const own = rows.find((r) => r.periodFrom === period.from && r.periodTo === period.to);
  if (own) return { period, figures: own.figures, workedOutAt: own.workedOutAt, upToDate: own.workedOutFrom >= changes && own.workedOutWith === workedWith };
  const earlier = rows.find((r) => r.periodFrom === period.from && r.periodTo < period.to);
  return earlier ? { period: { from: earlier.periodFrom, to: earlier.periodTo }, figures: earlier.figures, workedOutAt: earlier.workedOutAt, upToDate: false } : null;
}

/**
 * The figures for each period, as kept; those missing or out of date are asked for, and worked out
 * now when few events are open in them. Null where nothing is kept yet.
 */
export async function figuresFor<K extends FiguresKind>(db: Executor, kind: K, asked: Period[], settings: FigureSettings): Promise<(Kept<FiguresOf[K]> | null)[]> {
  const key = (p: Period) => `${p.from}/${p.to}`;
  const periods = [...new Map(asked.map((p) => [key(p), { from: p.from, to: p.to }])).values()];
  const changes = await registerChanges(db);
  const workedWith = dependsOn(kind, settings);
  await askFor(db, kind, periods);
  let kept = choices(await keptStarting(db, kind, periods.map((p) => p.from)), periods, changes, workedWith);
  const wanted = periods.filter((_, i) => !kept[i]?.upToDate);
  if (wanted.length > 0 && settings.workOutNowUpTo > 0) {
    const from = wanted.map((p) => p.from).sort()[0]!;
    const to = wanted.map((p) => p.to).sort().at(-1)!;
    if (await eventsOpenAtMost(db, from, to, settings.workOutNowUpTo)) {
      await keepFigures(db, kind, await workOut(db, kind, wanted, settings), changes, workedWith);
      kept = choices(await keptStarting(db, kind, periods.map((p) => p.from)), periods, changes, workedWith);
    }
  }
  const byKey = new Map(periods.map((p, i) => [key(p), kept[i] ?? null]));
  return asked.map((p) => byKey.get(key(p)) ?? null) as (Kept<FiguresOf[K]> | null)[];
}

function choices(rows: KeptRow[], periods: Period[], changes: number, workedWith: string) {
  return periods.map((p) => choose(rows, p, changes, workedWith));
}

/** The period a statutory page shows by default: the financial year to date. */
export function yearToDate(today: string): ReportingPeriod {
  const year = yearContaining(today);
  return year.to > today ? { ...year, to: today } : year;
}

/** The trend's quarters: the last eight ended before today, each with the 12 months to its end. */
export function trendQuarters(today: string): { quarter: ReportingPeriod; period: Period }[] {
  return quartersTo(today, 9)
    .filter((q) => q.to < today)
    .slice(-8)
    .map((quarter) => ({ quarter, period: yearEndingOn(quarter.to) }));
}

/** Asks for what the statutory pages show first (the year to date and the trend), so it is ready before anyone looks. */
export async function askForPagesFirstShown(db: Executor, today: string) {
  const year = yearToDate(today);
  await askFor(db, 'ascof', [year, ...trendQuarters(today).map((q) => q.period)]);
  await askFor(db, 'quality', [year]);
}

export interface FiguresWorkedOut {
  ascof: number;
  quality: number;
  forgotten: number;
}

/**
 * The `statutory-figures` job: works out again every period asked for lately whose figures are
 * missing or older than the register, and forgets those nobody has asked for in five weeks. The
 * count of changes is read first, so a change made while it works leaves the figures out of date
 * for the next run rather than wrongly up to date. No transaction: on PGlite, pages are answered
 * between its reads.
 */
export async function workOutAskedFigures(db: Executor, settings: Pick<FigureSettings, 'laCode'>, now = new Date()): Promise<FiguresWorkedOut> {
  const forgotten = await forgetFiguresNotAskedSince(db, new Date(now.getTime() - ASKED_WITHIN_DAYS * 86_400_000));
  const done = { ascof: 0, quality: 0, forgotten };
  for (const kind of ['ascof', 'quality'] as const) {
    const changes = await registerChanges(db);
    const workedWith = dependsOn(kind, settings);
    const periods = await periodsToWorkOut(db, kind, changes, workedWith, new Date(now.getTime() - ASKED_WITHIN_DAYS * 86_400_000));
    await keepFigures(db, kind, await workOut(db, kind, periods, settings), changes, workedWith);
    done[kind] = periods.length;
  }
  return done;
}
