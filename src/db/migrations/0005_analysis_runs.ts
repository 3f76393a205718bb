import { type Kysely, sql } from 'kysely';

/**
 * An analyst's calibration, simulation or equity review, kept so its tables can be downloaded and
 * a calibration saved as a draft scheme later. Reports hold group totals and, for a calibration,
 * a sample of points for the chart: never a whole file, and no names.
 */
const statements = [
  `CREATE TABLE analysis_runs (
     id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
     kind text NOT NULL CHECK (kind IN ('calibration', 'simulation', 'equity')),
     title text NOT NULL,
     parameters jsonb NOT NULL,
     report jsonb NOT NULL,
     created_at timestamptz NOT NULL DEFAULT now(),
     created_by uuid NOT NULL REFERENCES staff_users (id)
   )`,
  `CREATE INDEX analysis_runs_recent ON analysis_runs (created_at DESC)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Selfdirect migrations only go forward: restore a backup instead.');
}
