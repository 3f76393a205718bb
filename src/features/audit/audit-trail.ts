import { type Kysely, sql } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { Actor } from '../../policies/index.js';
import { type AuditEntryContent, type ChainProblem, GENESIS_HASH, canonicalJson, entryHash, findChainBreak } from '../../domain/audit/chain.js';

/** Who did it: a member of staff, or the system (a CLI command, a scheduled job). */
export interface AuditActor {
  id: string | null;
  label: string;
}

/** A signed-in member of staff as the audit trail names them. */
export function auditActor(actor: Actor): AuditActor {
  return { id: actor.id, label: actor.kind === 'staff' ? actor.email : `${actor.kind}:${actor.id}` };
}

/** What one audit entry says happened. */
export interface AuditRecord {
  action: string;
  subjectType: string;
  subjectId: string;
  personId?: string | null;
  before?: unknown;
  after?: unknown;
  reason?: string | null;
}

/** One arbitrary, fixed key: appends to the chain take turns on it until their transaction ends. */
const AUDIT_CHAIN_LOCK = 7_250_001;

/**
 * Appends one entry in the caller's transaction, so the entry exists exactly when the change does.
 * The advisory lock orders concurrent appends; it is held until the transaction ends.
 */
export async function recordAudit(trx: Kysely<Database>, actor: AuditActor, record: AuditRecord): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK})`.execute(trx);
  const last = await trx.selectFrom('audit_events').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1).executeTakeFirst();
  const content: AuditEntryContent = {
    seq: (last?.seq ?? 0) + 1,
    occurredAt: new Date().toISOString(),
    actorId: actor.id,
    actor: actor.label,
    action: record.action,
    subjectType: record.subjectType,
    subjectId: record.subjectId,
    personId: record.personId ?? null,
    before: normalise(record.before),
    after: normalise(record.after),
    reason: record.reason ?? null,
  };
  const prevHash = last?.hash ?? GENESIS_HASH;
  await trx
    .insertInto('audit_events')
    .values({
      seq: content.seq,
      occurred_at: content.occurredAt,
      actor_id: content.actorId,
      actor: content.actor,
      action: content.action,
      subject_type: content.subjectType,
      subject_id: content.subjectId,
      person_id: content.personId,
      before: content.before === null ? null : canonicalJson(content.before),
      after: content.after === null ? null : canonicalJson(content.after),
      reason: content.reason,
      prev_hash: prevHash,
      hash: entryHash(prevHash, content),
    })
    .execute();
}

/** Values as they will read back from jsonb: Dates as ISO strings, undefined dropped. */
function normalise(value: unknown): unknown {
  if (value === undefined || value === null) return null;
  return JSON.parse(canonicalJson(value));
}

export type AuditVerification = { ok: true; entries: number } | ({ ok: false; entries: number } & ChainProblem);

/** Walks the whole chain in pages, in order of sequence number. */
export async function verifyAuditTrail(db: Kysely<Database>, pageSize = 5000): Promise<AuditVerification> {
  let previous = { seq: 0, hash: GENESIS_HASH };
  let entries = 0;
  for (;;) {
    const rows = await db.selectFrom('audit_events').selectAll().where('seq', '>', previous.seq).orderBy('seq').limit(pageSize).execute();
    if (rows.length === 0) return { ok: true, entries };
    const chained = rows.map((row) => ({
      seq: row.seq,
      occurredAt: row.occurred_at.toISOString(),
      actorId: row.actor_id,
      actor: row.actor,
      action: row.action,
      subjectType: row.subject_type,
      subjectId: row.subject_id,
      personId: row.person_id,
      before: row.before ?? null,
      after: row.after ?? null,
      reason: row.reason,
      prevHash: row.prev_hash,
      hash: row.hash,
    }));
    const problem = findChainBreak(chained, previous);
    if (problem) return { ok: false, entries: entries + chained.findIndex((e) => e.seq === problem.seq), ...problem };
    entries += rows.length;
    const last = rows[rows.length - 1]!;
    previous = { seq: last.seq, hash: last.hash };
  }
}

export async function personHistory(db: Kysely<Database>, personId: string) {
  return db.selectFrom('audit_events').selectAll().where('person_id', '=', personId).orderBy('seq', 'desc').execute();
}
