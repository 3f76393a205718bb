import { sql } from 'kysely';
import type { Executor } from '../../web/route.js';

/** The statutory_figures and statutory_register tables (migration 0041): figures kept per period. */

export type FiguresKind = 'ascof' | 'quality';

export interface Period {
  from: string;
  to: string;
}

export interface KeptRow {
  periodFrom: string;
  periodTo: string;
  figures: unknown;
  workedOutAt: Date;
  workedOutFrom: number;
  workedOutWith: string;
}

/** How many statements have changed what the returns read (events, people, carer links). */
export async function registerChanges(db: Executor): Promise<number> {
  const row = await db.selectFrom('statutory_register').select('changes').executeTakeFirst();
  return Number(row?.changes ?? 0);
}

/** These periods are wanted: the job keeps them up to date while they go on being asked for. */
export async function askFor(db: Executor, kind: FiguresKind, periods: Period[]) {
  if (periods.length === 0) return;
  await db
    .insertInto('statutory_figures')
    .values(periods.map((p) => ({ kind, period_from: p.from, period_to: p.to })))
    .onConflict((oc) => oc.columns(['kind', 'period_from', 'period_to']).doUpdateSet({ asked_at: sql<Date>`now()` }))
    .execute();
}

/** Every period worked out that starts on one of these days, latest end first. */
export async function keptStarting(db: Executor, kind: FiguresKind, froms: string[]): Promise<KeptRow[]> {
  if (froms.length === 0) return [];
  const rows = await db
    .selectFrom('statutory_figures')
    .select(['period_from', 'period_to', 'figures', 'worked_out_at', 'worked_out_from', 'worked_out_with'])
    .where('kind', '=', kind)
    .where('period_from', 'in', [...new Set(froms)])
    .where('figures', 'is not', null)
    .orderBy('period_to', 'desc')
    .execute();
  return rows.map((r) => ({ periodFrom: r.period_from, periodTo: r.period_to, figures: r.figures, workedOutAt: r.worked_out_at!, workedOutFrom: Number(r.worked_out_from), workedOutWith: r.worked_out_with ?? '' }));
}

/**
 * Keeps figures worked out from the register as it was at `changes`; never replaces figures
 * worked out from a later state (two workings-out that overlap: the later one stands).
 */
export async function keepFigures(db: Executor, kind: FiguresKind, worked: { period: Period; figures: unknown }[], changes: number, workedWith: string) {
  if (worked.length === 0) return;
  await db
    .insertInto('statutory_figures')
    .values(worked.map((w) => ({ kind, period_from: w.period.from, period_to: w.period.to, figures: JSON.stringify(w.figures), worked_out_at: new Date(), worked_out_from: changes, worked_out_with: workedWith })))
    .onConflict((oc) =>
      oc
        .columns(['kind', 'period_from', 'period_to'])
        .doUpdateSet({ figures: sql`EXCLUDED.figures`, worked_out_at: sql`EXCLUDED.worked_out_at`, worked_out_from: sql`EXCLUDED.worked_out_from`, worked_out_with: sql`EXCLUDED.worked_out_with` })
        .where(sql<boolean>`statutory_figures.worked_out_from IS NULL OR statutory_figures.worked_out_from <= EXCLUDED.worked_out_from`),
    )
    .execute();
}

/** Periods asked for since `askedSince` whose figures are missing, or older than the register or what else they depend on. */
export async function periodsToWorkOut(db: Executor, kind: FiguresKind, changes: number, workedWith: string, askedSince: Date): Promise<Period[]> {
  const rows = await db
    .selectFrom('statutory_figures')
    .select(['period_from', 'period_to'])
    .where('kind', '=', kind)
    .where('asked_at', '>=', askedSince)
    .where((eb) => eb.or([eb('figures', 'is', null), eb('worked_out_from', '<', changes), eb('worked_out_with', 'is distinct from', workedWith)]))
    .orderBy('period_from')
    .orderBy('period_to')
    .execute();
  return rows.map((r) => ({ from: r.period_from, to: r.period_to }));
}

/** Figures nobody has asked for since `before`: worked out again if they are asked for again. */
export async function forgetFiguresNotAskedSince(db: Executor, before: Date): Promise<number> {
  const gone = await db.deleteFrom('statutory_figures').where('asked_at', '<', before).returning('kind').execute();
  return gone.length;
}
