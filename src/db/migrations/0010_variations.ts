import { type Kysely, sql } from 'kysely';

/**
 * A direct payment follows the person through new plan versions (issue 13): a variation changes
 * its weekly amount from a day and moves it to the new plan, on the same account, so its balance,
 * reclaims and monitoring carry across. A payment can carry an adjustment for periods already paid
 * at the old amount.
 */
const statements = [
  `CREATE TABLE dp_variations (
     id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
     agreement_id uuid NOT NULL REFERENCES dp_agreements (id),
     from_on date NOT NULL,
     plan_id uuid NOT NULL REFERENCES support_plans (id),
     previous_plan_id uuid NOT NULL REFERENCES support_plans (id),
     net_weekly_pence bigint NOT NULL CHECK (net_weekly_pence >= 0),
     previous_weekly_pence bigint NOT NULL CHECK (previous_weekly_pence >= 0),
     created_by uuid NOT NULL REFERENCES staff_users (id),
     created_at timestamptz NOT NULL DEFAULT now(),
     UNIQUE (plan_id)
   )`,
  `CREATE INDEX dp_variations_agreement ON dp_variations (agreement_id, from_on)`,
  `ALTER TABLE dp_payments ADD COLUMN adjustment_pence bigint NOT NULL DEFAULT 0`,
  `ALTER TABLE dp_agreements ADD COLUMN second_account_reason text`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Selfdirect migrations only go forward: restore a backup instead.');
}
