import { type Kysely, sql } from 'kysely';

/**
 * The end of a direct payment: why it ended (the officer's choice of what happened), and its final
 * reconciliation, recorded once, with the liabilities still to be paid from the account and what
 * follows from it: a final reclaim (decided like any other) or a final payment from the council,
 * paid by the next payment run (so a payment row may now belong to a final reconciliation rather
 * than a period). The ending letter is kept with the others.
 */
const statements = [
  `ALTER TABLE dp_agreements ADD COLUMN ended_because text CHECK (ended_because IN ('died', 'moved-away', 'care-home', 'council-arranged', 'chose-to-stop', 'other'))`,
  `CREATE TABLE dp_final_reconciliations (
     id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
     agreement_id uuid NOT NULL UNIQUE REFERENCES dp_agreements (id),
     as_of date NOT NULL,
     end_on date NOT NULL,
     balance_pence bigint NOT NULL,
     overpaid_pence bigint NOT NULL CHECK (overpaid_pence >= 0),
     owed_pence bigint NOT NULL CHECK (owed_pence >= 0),
     notice_pence bigint NOT NULL CHECK (notice_pence >= 0),
     holiday_pence bigint NOT NULL CHECK (holiday_pence >= 0),
     redundancy_pence bigint NOT NULL CHECK (redundancy_pence >= 0),
     other_pence bigint NOT NULL CHECK (other_pence >= 0),
     returned_pence bigint NOT NULL DEFAULT 0 CHECK (returned_pence >= 0),
     outcome text NOT NULL CHECK (outcome IN ('reclaim', 'final-payment', 'nothing')),
     amount_pence bigint NOT NULL CHECK (amount_pence >= 0),
     explanation jsonb NOT NULL,
     notes text NOT NULL,
     reclaim_id uuid REFERENCES reclaims (id),
     created_at timestamptz NOT NULL DEFAULT now(),
     created_by uuid NOT NULL REFERENCES staff_users (id)
   )`,
  `ALTER TABLE dp_payments ADD COLUMN final_reconciliation_id uuid UNIQUE REFERENCES dp_final_reconciliations (id)`,
  `ALTER TABLE dp_payments DROP CONSTRAINT dp_payments_agreement_id_period_start_key`,
  `CREATE UNIQUE INDEX dp_payments_one_per_period ON dp_payments (agreement_id, period_start) WHERE final_reconciliation_id IS NULL`,
  `ALTER TABLE dp_letters DROP CONSTRAINT dp_letters_kind_check`,
  `ALTER TABLE dp_letters ADD CONSTRAINT dp_letters_kind_check CHECK (kind IN ('reclaim', 'variation', 'contribution', 'ending'))`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Selfdirect migrations only go forward: restore a backup instead.');
}
