import { type Kysely, sql } from 'kysely';

/**
 * Direct payments: agreements, suspensions, payment runs and payments (one per agreement and
 * period, so a period is never paid twice), the double-entry ledger (append-only; every
 * transaction sums to zero, checked when the transaction commits), imported statement lines
 * (one per account and transaction id, so a re-import adds nothing), reclaims and annual audits.
 */
const statements = [
  `ALTER TABLE reviews DROP CONSTRAINT reviews_kind_check`,
  `ALTER TABLE reviews ADD CONSTRAINT reviews_kind_check CHECK (kind IN ('light-touch', 'direct-payment', 'annual', 'after-reclaim'))`,
  `CREATE SEQUENCE dp_reference_seq START 1001`,
  `CREATE TABLE dp_agreements (
     id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
     reference text NOT NULL UNIQUE,
     person_id uuid NOT NULL REFERENCES people (id),
     plan_id uuid NOT NULL REFERENCES support_plans (id),
     recipient_kind text NOT NULL CHECK (recipient_kind IN ('person', 'nominated-person', 'authorised-person')),
     recipient_name text NOT NULL,
     account_kind text NOT NULL CHECK (account_kind IN ('prepaid-card', 'bank-account', 'managed-account')),
     account_details text NOT NULL,
     prepaid_card_choice text NOT NULL CHECK (prepaid_card_choice IN ('accepted', 'declined')),
     start_on date NOT NULL,
     end_on date,
     net_weekly_pence bigint NOT NULL CHECK (net_weekly_pence >= 0),
     frequency text NOT NULL CHECK (frequency IN ('weekly', 'four-weekly', 'monthly')),
     contingency_pence bigint NOT NULL DEFAULT 0 CHECK (contingency_pence >= 0),
     created_at timestamptz NOT NULL DEFAULT now(),
     created_by uuid NOT NULL REFERENCES staff_users (id),
     version integer NOT NULL DEFAULT 1,
     CHECK (end_on IS NULL OR end_on >= start_on)
   )`,
  `CREATE INDEX dp_agreements_person ON dp_agreements (person_id)`,
  `CREATE TABLE dp_suspensions (
     id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
     agreement_id uuid NOT NULL REFERENCES dp_agreements (id),
     from_on date NOT NULL,
     to_on date NOT NULL,
     reason text NOT NULL,
     CHECK (from_on <= to_on)
   )`,
  `CREATE TABLE payment_runs (
     id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
     run_on date NOT NULL,
     status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'confirmed')),
     created_at timestamptz NOT NULL DEFAULT now(),
     created_by uuid NOT NULL REFERENCES staff_users (id),
     confirmed_at timestamptz,
     confirmed_by uuid REFERENCES staff_users (id),
     payment_count integer,
     total_pence bigint
   )`,
  `CREATE TABLE dp_payments (
     id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
     run_id uuid NOT NULL REFERENCES payment_runs (id),
     agreement_id uuid NOT NULL REFERENCES dp_agreements (id),
     period_start date NOT NULL,
     period_end date NOT NULL,
     days integer NOT NULL,
     amount_pence bigint NOT NULL CHECK (amount_pence > 0),
     netted_pence bigint NOT NULL DEFAULT 0 CHECK (netted_pence >= 0),
     UNIQUE (agreement_id, period_start)
   )`,
  `CREATE TABLE ledger_entries (
     id bigserial PRIMARY KEY,
     transaction_id uuid NOT NULL,
     agreement_id uuid NOT NULL REFERENCES dp_agreements (id),
     posted_on date NOT NULL,
     account text NOT NULL CHECK (account IN ('council', 'account', 'spend', 'reclaimed')),
     amount_pence bigint NOT NULL,
     kind text NOT NULL CHECK (kind IN ('payment', 'spend', 'reclaim')),
     source text NOT NULL,
     plan_line_id text,
     recorded_at timestamptz NOT NULL DEFAULT now()
   )`,
  `CREATE INDEX ledger_entries_account ON ledger_entries (agreement_id, account, posted_on)`,
  `CREATE INDEX ledger_entries_transaction ON ledger_entries (transaction_id)`,
  `CREATE FUNCTION ledger_entries_never_change() RETURNS trigger LANGUAGE plpgsql AS $$
   BEGIN
     RAISE EXCEPTION 'ledger entries are never changed or removed: record a correcting transaction';
   END;
   $$`,
  `CREATE TRIGGER ledger_entries_append_only BEFORE UPDATE OR DELETE ON ledger_entries FOR EACH ROW EXECUTE FUNCTION ledger_entries_never_change()`,
  `CREATE TRIGGER ledger_entries_no_truncate BEFORE TRUNCATE ON ledger_entries FOR EACH STATEMENT EXECUTE FUNCTION ledger_entries_never_change()`,
  `CREATE FUNCTION ledger_transaction_balances() RETURNS trigger LANGUAGE plpgsql AS $$
   DECLARE total bigint;
   BEGIN
     SELECT sum(amount_pence) INTO total FROM ledger_entries WHERE transaction_id = NEW.transaction_id;
     IF total <> 0 THEN
       RAISE EXCEPTION 'ledger transaction % does not balance (off by % pence)', NEW.transaction_id, total;
     END IF;
     RETURN NULL;
   END;
   $$`,
  `CREATE CONSTRAINT TRIGGER ledger_entries_balance AFTER INSERT ON ledger_entries DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION ledger_transaction_balances()`,
  `CREATE TABLE statement_lines (
     id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
     agreement_id uuid NOT NULL REFERENCES dp_agreements (id),
     account_ref text NOT NULL,
     transaction_id text NOT NULL,
     posted_on date NOT NULL,
     amount_pence bigint NOT NULL,
     counterparty text NOT NULL,
     description text NOT NULL,
     merchant_category_code text,
     plan_line_id text,
     matched_by text NOT NULL CHECK (matched_by IN ('payee', 'officer', 'council-payment', 'none')),
     flags text[] NOT NULL DEFAULT '{}',
     imported_at timestamptz NOT NULL DEFAULT now(),
     imported_by uuid NOT NULL REFERENCES staff_users (id),
     UNIQUE (account_ref, transaction_id)
   )`,
  `CREATE INDEX statement_lines_agreement ON statement_lines (agreement_id, posted_on)`,
  `CREATE TABLE reclaims (
     id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
     agreement_id uuid NOT NULL REFERENCES dp_agreements (id),
     proposed_on date NOT NULL,
     balance_pence bigint NOT NULL,
     surplus_pence bigint NOT NULL,
     proposed_pence bigint NOT NULL CHECK (proposed_pence > 0),
     explanation jsonb NOT NULL,
     status text NOT NULL DEFAULT 'proposed' CHECK (status IN ('proposed', 'approved', 'reduced', 'waived', 'recorded')),
     decided_pence bigint CHECK (decided_pence >= 0),
     decision_reason text,
     decided_at timestamptz,
     decided_by uuid REFERENCES staff_users (id),
     recorded_how text CHECK (recorded_how IN ('returned', 'netted')),
     recorded_at timestamptz,
     recorded_by uuid REFERENCES staff_users (id),
     review_id uuid REFERENCES reviews (id),
     netted_payment_id uuid REFERENCES dp_payments (id),
     version integer NOT NULL DEFAULT 1
   )`,
  `CREATE UNIQUE INDEX reclaims_one_open ON reclaims (agreement_id) WHERE status IN ('proposed', 'approved', 'reduced')`,
  `CREATE TABLE dp_audits (
     id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
     agreement_id uuid NOT NULL REFERENCES dp_agreements (id),
     due_on date NOT NULL,
     status text NOT NULL DEFAULT 'due' CHECK (status IN ('due', 'completed')),
     outcome text CHECK (outcome IN ('no-concerns', 'advice-given', 'reclaim-proposed', 'referred')),
     notes text,
     completed_on date,
     completed_by uuid REFERENCES staff_users (id),
     version integer NOT NULL DEFAULT 1,
     UNIQUE (agreement_id, due_on)
   )`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Selfdirect migrations only go forward: restore a backup instead.');
}
