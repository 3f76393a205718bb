import { type Kysely, sql } from 'kysely';
import type { Database, DirectoryCheck, DirectoryEntry } from '../../db/schema.js';
import { type PublicField, PUBLIC_FIELDS } from '../../domain/directory/catalogue.js';
import { type CheckPolicy, type Compliance, REQUIRED_CHECKS, checkState, compliance } from '../../domain/directory/checks.js';
import { formatPence } from '../../domain/money/pence.js';
import { ConflictError, ForbiddenError, NotFoundError } from '../../errors.js';
import { type StaffActor, has } from '../../policies/index.js';
import { auditActor, recordAudit } from '../audit/audit-trail.js';
import { isUuid } from '../people/repository.js';
import type { CheckInput, EntryInput } from './schemas.js';

export interface DirectoryFilters {
  kind?: string;
  service?: string;
  area?: string;
  accepting?: boolean;
  status?: Compliance['state'];
}

export interface EntryWithStatus extends DirectoryEntry {
  compliance: Compliance;
}

export function createDirectoryService(db: Kysely<Database>, policy: CheckPolicy) {
  function requireRead(actor: StaffActor) {
    if (!has(actor, 'directory:read')) throw new ForbiddenError();
  }
  function requireManage(actor: StaffActor) {
    if (!has(actor, 'directory:manage')) throw new ForbiddenError();
  }

  async function checksFor(entryIds: string[]): Promise<Map<string, DirectoryCheck[]>> {
    const byEntry = new Map<string, DirectoryCheck[]>(entryIds.map((id) => [id, []]));
    if (entryIds.length === 0) return byEntry;
    const rows = await db.selectFrom('directory_checks').selectAll().where('entry_id', 'in', entryIds).orderBy('checked_on', 'desc').execute();
    for (const row of rows) byEntry.get(row.entry_id)!.push(row);
    return byEntry;
  }

  function filtered(filters: DirectoryFilters) {
    let query = db.selectFrom('directory_entries').selectAll().orderBy(sql`lower(name)`);
    if (filters.kind) query = query.where('kind', '=', filters.kind as DirectoryEntry['kind']);
    if (filters.service) query = query.where(sql<boolean>`${filters.service} = ANY(services)`);
    if (filters.area) query = query.where(sql<boolean>`${filters.area} = ANY(areas)`);
    if (filters.accepting) query = query.where('accepting_new', '=', true);
    return query;
  }

  async function withStatus(entries: DirectoryEntry[], today: string): Promise<EntryWithStatus[]> {
    const checks = await checksFor(entries.map((e) => e.id));
    return entries.map((e) => ({ ...e, compliance: compliance(e.kind, checks.get(e.id)!, today, policy) }));
  }

  async function entry(id: string): Promise<DirectoryEntry> {
    const found = isUuid(id) ? await db.selectFrom('directory_entries').selectAll().where('id', '=', id).executeTakeFirst() : undefined;
    if (!found) throw new NotFoundError('directory entry');
    return found;
  }

  return {
    async search(actor: StaffActor, filters: DirectoryFilters, today: string): Promise<EntryWithStatus[]> {
      requireRead(actor);
      const entries = await withStatus(await filtered(filters).execute(), today);
      return filters.status ? entries.filter((e) => e.compliance.state === filters.status) : entries;
    },

    async get(actor: StaffActor, id: string, today: string) {
      requireRead(actor);
      const found = await entry(id);
      const checks = (await checksFor([id])).get(id)!;
      return { entry: found, checks: checks.map((c) => ({ ...c, ...checkState(c, today, policy) })), compliance: compliance(found.kind, checks, today, policy) };
    },

    /** For the support plan's Legal check: an entry's checks, by id. */
    /** Every entry's name and kind, for choosing who provides a support plan line. */
    async choices() {
      return db.selectFrom('directory_entries').select(['id', 'name', 'kind']).orderBy(sql`lower(name)`).execute();
    },

    async checksOf(id: string) {
      const found = await entry(id);
      return { entry: found, checks: (await checksFor([id])).get(id)! };
    },

    async create(actor: StaffActor, input: EntryInput) {
      requireManage(actor);
      return db.transaction().execute(async (trx) => {
        const created = await trx
          .insertInto('directory_entries')
          .values({ ...input, reference: sql<string>`'DIR-' || nextval('directory_reference_seq')`, updated_at: new Date() })
          .returningAll()
          .executeTakeFirstOrThrow();
        await recordAudit(trx, auditActor(actor), { action: 'directory.entry-created', subjectType: 'directory-entry', subjectId: created.id, after: input });
        return created;
      });
    },

    async update(actor: StaffActor, id: string, version: number, input: EntryInput) {
      requireManage(actor);
      await db.transaction().execute(async (trx) => {
        const before = isUuid(id) ? await trx.selectFrom('directory_entries').selectAll().where('id', '=', id).executeTakeFirst() : undefined;
        if (!before) throw new NotFoundError('directory entry');
        if (before.version !== version) throw new ConflictError();
        const updated = await trx
          .updateTable('directory_entries')
          .set({ ...input, updated_at: new Date(), version: sql`version + 1` })
          .where('id', '=', id)
          .where('version', '=', version)
          .executeTakeFirst();
        if (Number(updated.numUpdatedRows) !== 1) throw new ConflictError();
        const was: Record<string, unknown> = {};
        const now: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(input)) {
          if (JSON.stringify(before[k as keyof DirectoryEntry] ?? null) !== JSON.stringify(v ?? null)) {
            was[k] = before[k as keyof DirectoryEntry] ?? null;
            now[k] = v;
          }
        }
        await recordAudit(trx, auditActor(actor), { action: 'directory.entry-updated', subjectType: 'directory-entry', subjectId: id, before: was, after: now });
      });
    },

    async recordCheck(actor: StaffActor, id: string, input: CheckInput) {
      requireManage(actor);
      await entry(id);
      await db.transaction().execute(async (trx) => {
        const check = await trx
          .insertInto('directory_checks')
          .values({
            ...input,
            checked_on: input.checked_on,
            dbs_level: input.check_type === 'dbs' ? input.dbs_level : null,
            certificate_number: input.check_type === 'dbs' ? input.certificate_number : null,
            update_service: input.check_type === 'dbs' ? input.update_service : false,
            outcome: input.check_type === 'dbs' ? input.outcome : null,
            accreditation_status: input.check_type === 'accreditation' ? input.accreditation_status : null,
            entry_id: id,
            recorded_by: actor.email,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await recordAudit(trx, auditActor(actor), { action: 'directory.check-recorded', subjectType: 'directory-entry', subjectId: id, after: { check_id: check.id, ...input } });
      });
    },

    /** What is due soon, overdue or missing, soonest first. */
    async worklist(actor: StaffActor, today: string) {
      requireRead(actor);
      const entries = await db.selectFrom('directory_entries').selectAll().orderBy('name').execute();
      const checks = await checksFor(entries.map((e) => e.id));
      const items: { entry: DirectoryEntry; what: string; dueOn: string | null; state: 'missing' | 'expired' | 'due-soon' }[] = [];
      for (const e of entries) {
        const latest = new Map<string, DirectoryCheck>();
        for (const c of checks.get(e.id)!) if (!latest.has(c.check_type)) latest.set(c.check_type, c);
        for (const required of REQUIRED_CHECKS[e.kind]) if (!latest.has(required)) items.push({ entry: e, what: required, dueOn: null, state: 'missing' });
        for (const c of latest.values()) {
          const { state, dueOn } = checkState(c, today, policy);
          if (state !== 'valid') items.push({ entry: e, what: c.check_type, dueOn, state });
        }
      }
      const rank = { missing: 0, expired: 1, 'due-soon': 2 };
      return items.sort((a, b) => rank[a.state] - rank[b.state] || (a.dueOn ?? '').localeCompare(b.dueOn ?? '') || a.entry.name.localeCompare(b.entry.name));
    },

    /** The public directory: only entries that agreed to be listed, and only the fields they agreed to show. */
    async publicSearch(filters: { service?: string; area?: string }) {
      const entries = await filtered(filters).where('public_listing', '=', true).execute();
      return entries.map(publicView);
    },

    async publicGet(id: string) {
      const found = isUuid(id) ? await db.selectFrom('directory_entries').selectAll().where('id', '=', id).where('public_listing', '=', true).executeTakeFirst() : undefined;
      if (!found) throw new NotFoundError('directory entry');
      return publicView(found);
    },
  };
}

export interface PublicEntry {
  id: string;
  name: string;
  kind: DirectoryEntry['kind'];
  shown: Partial<Record<PublicField, string | string[]>>;
}

/** Copies across only what the entry agreed to show. */
export function publicView(e: DirectoryEntry): PublicEntry {
  const shown: PublicEntry['shown'] = {};
  for (const field of e.public_fields as PublicField[]) {
    if (!(field in PUBLIC_FIELDS)) continue;
    const value = field === 'rates' && e.kind === 'personal-assistant' && e.hourly_rate_pence !== null ? `${formatPence(e.hourly_rate_pence)} an hour` : e[field];
    if (value !== null && value !== undefined && !(Array.isArray(value) && value.length === 0)) shown[field] = value as string | string[];
  }
  return { id: e.id, name: e.name, kind: e.kind, shown };
}

export type DirectoryService = ReturnType<typeof createDirectoryService>;
