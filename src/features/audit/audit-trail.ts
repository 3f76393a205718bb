import { type Kysely, sql } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { Actor } from '../../policies/index.js';
import {
  ANCHOR_FORMAT,
  type AuditAnchor,
  type AuditEntryContent,
  CHAIN_START,
  type ChainPosition,
  type ChainProblem,
  GENESIS_HASH,
  anchorProblem,
  canonicalJson,
  entryHash,
  findChainBreak,
} from '../../domain/audit/chain.js';
import { auditKeys } from './keys.js';

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
  await recordAudits(trx, actor, [record]);
}

/**
 * Appends several entries in order, under one turn of the lock: the chain is carried forward in
 * memory and written a few hundred rows to a statement (an import of thousands of records).
 */
export async function recordAudits(trx: Kysely<Database>, actor: AuditActor, records: AuditRecord[]): Promise<void> {
  if (records.length === 0) return;
  await sql`SELECT pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK})`.execute(trx);
  const last = await trx.selectFrom('audit_events').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1).executeTakeFirst();
  const key = auditKeys().signing;
  let seq = last?.seq ?? 0;
  let prevHash = last?.hash ?? GENESIS_HASH;
  const occurredAt = new Date().toISOString();
  for (let i = 0; i < records.length; i += AUDIT_ROWS_PER_STATEMENT) {
    const rows = records.slice(i, i + AUDIT_ROWS_PER_STATEMENT).map((record) => {
      seq += 1;
      const content: AuditEntryContent = {
        seq,
        occurredAt,
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
      const hash = entryHash(prevHash, content, key);
      const row = {
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
        key_id: key.id,
        prev_hash: prevHash,
        hash,
      };
      prevHash = hash;
      return row;
    });
    await trx.insertInto('audit_events').values(rows).execute();
  }
}

const AUDIT_ROWS_PER_STATEMENT = 500;

/** Values as they will read back from jsonb: Dates as ISO strings, undefined dropped. */
function normalise(value: unknown): unknown {
  if (value === undefined || value === null) return null;
  return JSON.parse(canonicalJson(value));
}

export type AuditVerification =
  | { ok: true; entries: number; unkeyed: number }
  | ({ ok: false; entries: number } & ChainProblem);

/**
 * Walks the whole chain in pages, in order of sequence number, checking every link with the
 * configured keys; then checks each anchor (a head recorded earlier, outside the database), which
 * is what shows a trail cut short or rewritten from its start.
 */
export async function verifyAuditTrail(
  db: Kysely<Database>,
  options: { pageSize?: number; anchors?: AuditAnchor[]; keys?: ReadonlyMap<string, Buffer> } = {},
): Promise<AuditVerification> {
  const pageSize = options.pageSize ?? 5000;
  const keys = options.keys ?? auditKeys().byId;
  const anchored = new Map((options.anchors ?? []).map((a) => [a.entries, a]));
  const hashes = new Map<number, string>();
  if (anchored.has(0)) hashes.set(0, GENESIS_HASH);
  let previous: ChainPosition = CHAIN_START;
  let entries = 0;
  let unkeyed = 0;
  for (;;) {
    const rows = await db.selectFrom('audit_events').selectAll().where('seq', '>', previous.seq).orderBy('seq').limit(pageSize).execute();
    if (rows.length === 0) break;
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
      keyId: row.key_id,
      prevHash: row.prev_hash,
      hash: row.hash,
    }));
    const problem = findChainBreak(chained, keys, previous);
    if (problem) return { ok: false, entries: entries + chained.findIndex((e) => e.seq === problem.seq), ...problem };
    for (const row of rows) {
      if (row.key_id === null) unkeyed += 1;
      if (anchored.has(row.seq)) hashes.set(row.seq, row.hash);
    }
    entries += rows.length;
    const last = rows[rows.length - 1]!;
    previous = { seq: last.seq, hash: last.hash, keyed: previous.keyed || last.key_id !== null };
  }
  for (const anchor of anchored.values()) {
    const problem = anchorProblem(anchor, entries, hashes.get(anchor.entries));
    if (problem) return { ok: false, entries, seq: anchor.entries, problem };
  }
  return { ok: true, entries, unkeyed };
}

/** The head of the trail now, to keep outside the database. */
export async function auditAnchor(db: Kysely<Database>): Promise<AuditAnchor> {
  const last = await db.selectFrom('audit_events').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1).executeTakeFirst();
  return { format: ANCHOR_FORMAT, entries: last?.seq ?? 0, hash: last?.hash ?? GENESIS_HASH, at: new Date().toISOString() };
}
