import type { DirectoryEntry } from '../../db/schema.js';
import { type Compliance, type CheckPolicy, REQUIRED_CHECKS, checkState, compliance } from '../../domain/directory/checks.js';
import { ConflictError } from '../../errors.js';
import type { Context, Executor } from '../../web/route.js';
import { auditActor, recordAudit } from '../audit/audit-trail.js';
import { type DirectoryFilters, checksOfEntries, entriesMatching, insertCheck, insertEntry, updateEntry } from './repository.js';
import type { CheckInput, EntryInput } from './schemas.js';

export interface EntryWithStatus extends DirectoryEntry {
  compliance: Compliance;
}

/** Entries matching the filters, each with whether its checks meet the standard today. */
export async function entriesWithStatus(db: Executor, filters: DirectoryFilters & { status?: Compliance['state'] }, today: string, policy: CheckPolicy): Promise<EntryWithStatus[]> {
  const entries = await entriesMatching(db, filters);
  const checks = await checksOfEntries(db, entries.map((e) => e.id));
  const withStatus = entries.map((e) => ({ ...e, compliance: compliance(e.kind, checks.get(e.id)!, today, policy) }));
  return filters.status ? withStatus.filter((e) => e.compliance.state === filters.status) : withStatus;
}

/** What is due soon, overdue or missing, soonest first. */
export async function checksToActOn(db: Executor, today: string, policy: CheckPolicy) {
  const entries = await entriesMatching(db, {});
  const checks = await checksOfEntries(db, entries.map((e) => e.id));
  const items: { entry: DirectoryEntry; what: string; dueOn: string | null; state: 'missing' | 'expired' | 'due-soon' }[] = [];
  for (const e of entries) {
    const latest = new Map<string, (typeof checks extends Map<string, (infer C)[]> ? C : never)>();
    for (const c of checks.get(e.id)!) if (!latest.has(c.check_type)) latest.set(c.check_type, c);
    for (const required of REQUIRED_CHECKS[e.kind]) if (!latest.has(required)) items.push({ entry: e, what: required, dueOn: null, state: 'missing' });
    for (const c of latest.values()) {
      const { state, dueOn } = checkState(c, today, policy);
      if (state !== 'valid') items.push({ entry: e, what: c.check_type, dueOn, state });
    }
  }
  const rank = { missing: 0, expired: 1, 'due-soon': 2 };
  return items.sort((a, b) => rank[a.state] - rank[b.state] || (a.dueOn ?? '').localeCompare(b.dueOn ?? '') || a.entry.name.localeCompare(b.entry.name));
}

export async function createEntry(ctx: Context, input: EntryInput) {
  const created = await insertEntry(ctx.db, input);
  await recordAudit(ctx.db, auditActor(ctx.actor), { action: 'directory.entry-created', subjectType: 'directory-entry', subjectId: created.id, after: input });
  return created;
}

/** The fields an edit changed, before and after. */
export function entryChanges(before: DirectoryEntry, input: EntryInput) {
  const changed = Object.entries(input).filter(([k, v]) => JSON.stringify(before[k as keyof DirectoryEntry] ?? null) !== JSON.stringify(v ?? null));
  return { before: Object.fromEntries(changed.map(([k]) => [k, before[k as keyof DirectoryEntry] ?? null])), after: Object.fromEntries(changed) };
}

export async function changeEntry(ctx: Context, before: DirectoryEntry, version: number, input: EntryInput) {
  if (before.version !== version || !(await updateEntry(ctx.db, before.id, version, input))) throw new ConflictError();
  await recordAudit(ctx.db, auditActor(ctx.actor), { action: 'directory.entry-updated', subjectType: 'directory-entry', subjectId: before.id, ...entryChanges(before, input) });
}

export async function recordCheck(ctx: Context, entry: DirectoryEntry, input: CheckInput) {
  const dbs = input.check_type === 'dbs';
  const check = await insertCheck(ctx.db, {
    ...input,
    dbs_level: dbs ? input.dbs_level : null,
    certificate_number: dbs ? input.certificate_number : null,
    update_service: dbs ? input.update_service : false,
    outcome: dbs ? input.outcome : null,
    accreditation_status: input.check_type === 'accreditation' ? input.accreditation_status : null,
    entry_id: entry.id,
    recorded_by: ctx.actor.email,
  });
  await recordAudit(ctx.db, auditActor(ctx.actor), { action: 'directory.check-recorded', subjectType: 'directory-entry', subjectId: entry.id, after: { check_id: check.id, ...input } });
}
