import { type Kysely, sql } from 'kysely';

/**
 * Where each person is in the seven steps, kept up to date by the database (issue 19). The
 * worklists used to work the step out for everyone in the user's teams on every visit; at the
 * largest council that is tens of thousands of people. This table holds, per person, the facts the
 * journey rule needs (src/domain/planning/journey.ts): their latest completed assessment, the one
 * in progress, the open plan, the latest agreed plan and the next scheduled review. Statement
 * triggers on assessments, support plans and reviews refresh the people a statement touched, so a
 * bulk import refreshes each person once. Only `today` is left to the query: a review falls due and
 * support starts as days pass, with no change to any row. Derived, so not backed up: a restore
 * refreshes it as the rows go back in. A bulk load may set `selfdirect.bulk_load` for its
 * transaction and refresh everyone at its end (src/db/seed/large/council.ts).
 */
const REFRESH = `
CREATE FUNCTION refresh_person_journeys(ids uuid[]) RETURNS void LANGUAGE sql AS $$
  INSERT INTO person_journeys AS j (person_id, completed_assessment_id, completed_at, in_progress_started_at, open_plan_created_at,
    agreed_plan_id, agreed_assessment_id, agreed_on, support_starts_on, next_review_id, next_review_kind, next_review_due_from, next_review_due_by)
  SELECT p.id, c.id, c.completed_at, ip.started_at, op.created_at, ag.id, ag.assessment_id, ag.agreed_on, ag.support_starts_on, r.id, r.kind, r.due_from, r.due_by
  -- Joined to the ids, not filtered by = ANY (ids): that is a scan of the array for every person.
  FROM (SELECT DISTINCT unnest(ids) AS id) touched
  JOIN people p ON p.id = touched.id
  LEFT JOIN LATERAL (SELECT a.id, a.completed_at FROM assessments a WHERE a.person_id = p.id AND a.status = 'completed' ORDER BY a.completed_at DESC, a.id LIMIT 1) c ON true
  LEFT JOIN LATERAL (SELECT a.started_at FROM assessments a WHERE a.person_id = p.id AND a.status = 'in-progress' LIMIT 1) ip ON true
  LEFT JOIN LATERAL (SELECT s.created_at FROM support_plans s WHERE s.person_id = p.id AND s.status <> 'agreed' ORDER BY s.plan_number DESC LIMIT 1) op ON true
  LEFT JOIN LATERAL (SELECT s.id, s.assessment_id, s.agreed_on, s.support_starts_on FROM support_plans s WHERE s.person_id = p.id AND s.status = 'agreed' ORDER BY s.plan_number DESC LIMIT 1) ag ON true
  LEFT JOIN LATERAL (SELECT v.id, v.kind, v.due_from, v.due_by FROM reviews v WHERE v.person_id = p.id AND v.status = 'scheduled' ORDER BY v.due_by, v.id LIMIT 1) r ON true
  ON CONFLICT (person_id) DO UPDATE SET
    completed_assessment_id = EXCLUDED.completed_assessment_id, completed_at = EXCLUDED.completed_at,
    in_progress_started_at = EXCLUDED.in_progress_started_at, open_plan_created_at = EXCLUDED.open_plan_created_at,
    agreed_plan_id = EXCLUDED.agreed_plan_id, agreed_assessment_id = EXCLUDED.agreed_assessment_id,
    agreed_on = EXCLUDED.agreed_on, support_starts_on = EXCLUDED.support_starts_on,
    next_review_id = EXCLUDED.next_review_id, next_review_kind = EXCLUDED.next_review_kind,
    next_review_due_from = EXCLUDED.next_review_due_from, next_review_due_by = EXCLUDED.next_review_due_by
$$`;

const TRIGGER_FUNCTION = `
CREATE FUNCTION person_journeys_touched() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- A bulk load (the large data set) refreshes everyone once at its end instead.
  IF current_setting('selfdirect.bulk_load', true) = 'on' THEN
    RETURN NULL;
  END IF;
  IF TG_OP = 'INSERT' THEN
    PERFORM refresh_person_journeys(ARRAY(SELECT DISTINCT person_id FROM new_rows));
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM refresh_person_journeys(ARRAY(SELECT DISTINCT person_id FROM old_rows));
  ELSE
    PERFORM refresh_person_journeys(ARRAY(SELECT person_id FROM new_rows UNION SELECT person_id FROM old_rows));
  END IF;
  RETURN NULL;
END
$$`;

const triggersOn = (table: string) => [
  `CREATE TRIGGER ${table}_journeys_insert AFTER INSERT ON ${table} REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION person_journeys_touched()`,
  `CREATE TRIGGER ${table}_journeys_update AFTER UPDATE ON ${table} REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION person_journeys_touched()`,
  `CREATE TRIGGER ${table}_journeys_delete AFTER DELETE ON ${table} REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION person_journeys_touched()`,
];

const statements = [
  `CREATE TABLE person_journeys (
     person_id uuid PRIMARY KEY REFERENCES people (id) ON DELETE CASCADE,
     completed_assessment_id uuid,
     completed_at timestamptz,
     in_progress_started_at timestamptz,
     open_plan_created_at timestamptz,
     agreed_plan_id uuid,
     agreed_assessment_id uuid,
     agreed_on date,
     support_starts_on date,
     next_review_id uuid,
     next_review_kind text,
     next_review_due_from date,
     next_review_due_by date
   )`,
  // Lists of people at the review step are in due order.
  `CREATE INDEX person_journeys_review ON person_journeys (next_review_due_by) WHERE next_review_id IS NOT NULL`,
  // The lateral lookups above, by person.
  `CREATE INDEX support_plans_person ON support_plans (person_id, plan_number DESC)`,
  REFRESH,
  TRIGGER_FUNCTION,
  ...triggersOn('assessments'),
  ...triggersOn('support_plans'),
  ...triggersOn('reviews'),
  `SELECT refresh_person_journeys(ARRAY(SELECT id FROM people))`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Selfdirect migrations only go forward: restore a backup instead.');
}
