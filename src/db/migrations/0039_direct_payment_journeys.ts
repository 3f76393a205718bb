import { type Kysely, sql } from 'kysely';

/**
 * The direct payments officers' two queues kept with each person's journey (issue 19). Reading the
 * accounts page used to search every person's latest agreed plan for a direct payment in its
 * statement (a JSON document each) — about 200 ms a queue at the largest council, on every visit.
 * Each person's journey now also says:
 *
 * - `awaiting_direct_payment`: their latest agreed plan has a direct payment in it and no account
 *   pays for it yet (no agreement and no variation on that plan);
 * - `direct_payment_to_end`: their latest agreed plan has no direct payment in it, nothing pays for
 *   it, and an account with no end date still pays for an earlier version.
 *
 * Kept up to date by the same statement triggers as the rest of the journey, and now also by
 * triggers on direct payment agreements and variations. The queues read the few people flagged.
 */
const REFRESH = `
CREATE OR REPLACE FUNCTION refresh_person_journeys(ids uuid[]) RETURNS void LANGUAGE sql AS $$
  INSERT INTO person_journeys AS j (person_id, completed_assessment_id, completed_at, in_progress_started_at, open_plan_created_at,
    agreed_plan_id, agreed_assessment_id, agreed_on, support_starts_on, next_review_id, next_review_kind, next_review_due_from, next_review_due_by,
    awaiting_direct_payment, direct_payment_to_end)
  SELECT p.id, c.id, c.completed_at, ip.started_at, op.created_at, ag.id, ag.assessment_id, ag.agreed_on, ag.support_starts_on, r.id, r.kind, r.due_from, r.due_by,
    coalesce(ag.with_direct_payment AND NOT paid.for_it, false),
    coalesce(NOT ag.with_direct_payment AND NOT paid.for_it AND paid.earlier_open, false)
  -- Joined to the ids, not filtered by = ANY (ids): that is a scan of the array for every person.
  FROM (SELECT DISTINCT unnest(ids) AS id) touched
  JOIN people p ON p.id = touched.id
  LEFT JOIN LATERAL (SELECT a.id, a.completed_at FROM assessments a WHERE a.person_id = p.id AND a.status = 'completed' ORDER BY a.completed_at DESC, a.id LIMIT 1) c ON true
  LEFT JOIN LATERAL (SELECT a.started_at FROM assessments a WHERE a.person_id = p.id AND a.status = 'in-progress' LIMIT 1) ip ON true
  LEFT JOIN LATERAL (SELECT s.created_at FROM support_plans s WHERE s.person_id = p.id AND s.status <> 'agreed' ORDER BY s.plan_number DESC LIMIT 1) op ON true
  LEFT JOIN LATERAL (
    SELECT s.id, s.assessment_id, s.agreed_on, s.support_starts_on, s.plan_number,
      coalesce(jsonb_typeof(s.statement -> 'directPayment') = 'object', false) AS with_direct_payment
    FROM support_plans s WHERE s.person_id = p.id AND s.status = 'agreed' ORDER BY s.plan_number DESC LIMIT 1) ag ON true
  LEFT JOIN LATERAL (
    SELECT EXISTS (SELECT 1 FROM dp_agreements d WHERE d.plan_id = ag.id) OR EXISTS (SELECT 1 FROM dp_variations v WHERE v.plan_id = ag.id) AS for_it,
      EXISTS (SELECT 1 FROM dp_agreements d JOIN support_plans s ON s.id = d.plan_id WHERE d.person_id = p.id AND d.end_on IS NULL AND s.plan_number < ag.plan_number) AS earlier_open
    WHERE ag.id IS NOT NULL) paid ON true
  LEFT JOIN LATERAL (SELECT v.id, v.kind, v.due_from, v.due_by FROM reviews v WHERE v.person_id = p.id AND v.status = 'scheduled' ORDER BY v.due_by, v.id LIMIT 1) r ON true
  ON CONFLICT (person_id) DO UPDATE SET
    completed_assessment_id = EXCLUDED.completed_assessment_id, completed_at = EXCLUDED.completed_at,
    in_progress_started_at = EXCLUDED.in_progress_started_at, open_plan_created_at = EXCLUDED.open_plan_created_at,
    agreed_plan_id = EXCLUDED.agreed_plan_id, agreed_assessment_id = EXCLUDED.agreed_assessment_id,
    agreed_on = EXCLUDED.agreed_on, support_starts_on = EXCLUDED.support_starts_on,
    next_review_id = EXCLUDED.next_review_id, next_review_kind = EXCLUDED.next_review_kind,
    next_review_due_from = EXCLUDED.next_review_due_from, next_review_due_by = EXCLUDED.next_review_due_by,
    awaiting_direct_payment = EXCLUDED.awaiting_direct_payment, direct_payment_to_end = EXCLUDED.direct_payment_to_end
$$`;

/** A variation names plans, not people: the people are those plans' people. */
const VARIATION_TRIGGER_FUNCTION = `
CREATE FUNCTION person_journeys_touched_by_variation() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('selfdirect.bulk_load', true) = 'on' THEN
    RETURN NULL;
  END IF;
  IF TG_OP = 'INSERT' THEN
    PERFORM refresh_person_journeys(ARRAY(SELECT s.person_id FROM support_plans s WHERE s.id IN (SELECT plan_id FROM new_rows)));
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM refresh_person_journeys(ARRAY(SELECT s.person_id FROM support_plans s WHERE s.id IN (SELECT plan_id FROM old_rows)));
  ELSE
    PERFORM refresh_person_journeys(ARRAY(SELECT s.person_id FROM support_plans s WHERE s.id IN (SELECT plan_id FROM new_rows UNION SELECT plan_id FROM old_rows)));
  END IF;
  RETURN NULL;
END
$$`;

const triggersOn = (table: string, fn: string) => [
  `CREATE TRIGGER ${table}_journeys_insert AFTER INSERT ON ${table} REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ${fn}()`,
  `CREATE TRIGGER ${table}_journeys_update AFTER UPDATE ON ${table} REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ${fn}()`,
  `CREATE TRIGGER ${table}_journeys_delete AFTER DELETE ON ${table} REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION ${fn}()`,
];

const statements = [
  `ALTER TABLE person_journeys ADD COLUMN awaiting_direct_payment boolean NOT NULL DEFAULT false`,
  `ALTER TABLE person_journeys ADD COLUMN direct_payment_to_end boolean NOT NULL DEFAULT false`,
  `CREATE INDEX person_journeys_awaiting_direct_payment ON person_journeys (agreed_on) WHERE awaiting_direct_payment`,
  `CREATE INDEX person_journeys_direct_payment_to_end ON person_journeys (agreed_on) WHERE direct_payment_to_end`,
  REFRESH,
  VARIATION_TRIGGER_FUNCTION,
  ...triggersOn('dp_agreements', 'person_journeys_touched'),
  ...triggersOn('dp_variations', 'person_journeys_touched_by_variation'),
  // An account's payments are read by account (its page, its reconciliation) and the list is in
  // reference order: neither had an index at the size of the largest council.
  `CREATE INDEX dp_payments_agreement ON dp_payments (agreement_id, period_start)`,
  `CREATE INDEX dp_agreements_listing ON dp_agreements ((length(reference)), reference) INCLUDE (id)`,
  `SELECT refresh_person_journeys(ARRAY(SELECT person_id FROM dp_agreements UNION SELECT person_id FROM support_plans WHERE statement ? 'directPayment'))`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Selfdirect migrations only go forward: restore a backup instead.');
}
