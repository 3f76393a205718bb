import { type Kysely, sql } from 'kysely';

/**
 * A statement line that is the council's payment names the payment it is (each payment at most
 * once), so a payment no statement shows can be named as an exception to reconcile. Lines already
 * imported are linked to the earliest unlinked payment of the same amount within the window.
 */
const statements = [
  `ALTER TABLE statement_lines ADD COLUMN dp_payment_id uuid REFERENCES dp_payments (id)`,
  `CREATE UNIQUE INDEX statement_lines_one_per_payment ON statement_lines (dp_payment_id) WHERE dp_payment_id IS NOT NULL`,
  `DO $$
   DECLARE r record;
   BEGIN
     FOR r IN SELECT id, agreement_id, amount_pence, posted_on FROM statement_lines WHERE matched_by = 'council-payment' ORDER BY posted_on, id LOOP
       UPDATE statement_lines SET dp_payment_id = (
         SELECT p.id FROM dp_payments p
         WHERE p.agreement_id = r.agreement_id
           AND p.amount_pence + p.adjustment_pence - p.netted_pence = r.amount_pence
           AND p.period_start BETWEEN r.posted_on - 10 AND r.posted_on + 10
           AND NOT EXISTS (SELECT 1 FROM statement_lines s WHERE s.dp_payment_id = p.id)
         ORDER BY p.period_start LIMIT 1)
       WHERE id = r.id;
     END LOOP;
   END $$`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Selfdirect migrations only go forward: restore a backup instead.');
}
