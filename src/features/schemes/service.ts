import { type Kysely, sql } from 'kysely';
import type { Database, RasSchemeRow } from '../../db/schema.js';
import { type CompiledScheme, compileScheme } from '../../domain/ras/pricing.js';
import { type RasScheme, type SchemeProblem, parseScheme } from '../../domain/ras/scheme.js';
import { ConflictError, ForbiddenError, NotFoundError, SelfdirectError } from '../../errors.js';
import { type StaffActor, has } from '../../policies/index.js';
import { type AuditActor, auditActor, recordAudit } from '../audit/audit-trail.js';
import { isUuid } from '../people/repository.js';

export class SchemeInvalidError extends SelfdirectError {
  readonly status = 400;
  constructor(readonly problems: SchemeProblem[]) {
    super(`The scheme is not valid: ${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`);
  }
}

export type SchemeSummary = Pick<RasSchemeRow, 'id' | 'scheme_id' | 'version' | 'title' | 'kind' | 'effective_from' | 'status' | 'published_at' | 'row_version'>;

const SUMMARY = ['id', 'scheme_id', 'version', 'title', 'kind', 'effective_from', 'status', 'published_at', 'row_version'] as const;

export { documentOf } from './document.js';
import { documentOf } from './document.js';

export function createSchemeService(db: Kysely<Database>) {
  /** Published schemes never change, so their compiled form is kept. */
  const compiled = new Map<string, CompiledScheme>();

  function requireManage(actor: StaffActor) {
    if (!has(actor, 'schemes:manage')) throw new ForbiddenError();
  }

  async function row(id: string): Promise<RasSchemeRow> {
    const found = isUuid(id) ? await db.selectFrom('ras_schemes').selectAll().where('id', '=', id).executeTakeFirst() : undefined;
    if (!found) throw new NotFoundError('scheme');
    return found;
  }

  /** Imports a scheme as a draft (replacing a draft of the same id and version). Any actor or the system. */
  async function importText(who: AuditActor, text: string) {
    const parsed = parseScheme(text);
    if (!parsed.ok) throw new SchemeInvalidError(parsed.problems);
    const s = parsed.scheme;
    return db.transaction().execute(async (trx) => {
      const existing = await trx.selectFrom('ras_schemes').select(['id', 'status']).where('scheme_id', '=', s.id).where('version', '=', s.version).executeTakeFirst();
      if (existing?.status === 'published') {
        throw new SchemeInvalidError([{ path: '$.version', message: `${s.id} version ${s.version} is published and never changes. Give the new scheme a new version` }]);
      }
      // Stored trimmed: surrounding white space is not part of a JSON value and would not survive a backup.
      const values = { title: s.title, kind: s.kind, effective_from: s.effectiveFrom, document: text.trim(), imported_by: who.label };
      const saved = existing
        ? await trx.updateTable('ras_schemes').set({ ...values, row_version: sql`row_version + 1` }).where('id', '=', existing.id).returning(SUMMARY).executeTakeFirstOrThrow()
        : await trx.insertInto('ras_schemes').values({ ...values, scheme_id: s.id, version: s.version, status: 'draft' }).returning(SUMMARY).executeTakeFirstOrThrow();
      await recordAudit(trx, who, {
        action: existing ? 'scheme.draft-replaced' : 'scheme.imported',
        subjectType: 'ras-scheme',
        subjectId: saved.id,
        after: { scheme_id: s.id, version: s.version, title: s.title, kind: s.kind, effective_from: s.effectiveFrom },
      });
      return saved;
    });
  }

  async function publishRow(who: AuditActor, id: string, rowVersion: number | null) {
    await db.transaction().execute(async (trx) => {
      const current = await trx.selectFrom('ras_schemes').select(['status', 'row_version', 'scheme_id', 'version']).where('id', '=', id).executeTakeFirst();
      if (!current) throw new NotFoundError('scheme');
      if (current.status === 'published') throw new ConflictError(`${current.scheme_id} version ${current.version} is already published`);
      if (rowVersion !== null && current.row_version !== rowVersion) throw new ConflictError();
      await trx.updateTable('ras_schemes').set({ status: 'published', published_at: new Date(), published_by: who.label }).where('id', '=', id).execute();
      await recordAudit(trx, who, { action: 'scheme.published', subjectType: 'ras-scheme', subjectId: id, after: { scheme_id: current.scheme_id, version: current.version } });
    });
  }

  return {
    importText,
    publishRow,

    async list(actor: StaffActor): Promise<SchemeSummary[]> {
      requireManage(actor);
      return db.selectFrom('ras_schemes').select(SUMMARY).orderBy('scheme_id').orderBy('effective_from', 'desc').orderBy('version', 'desc').execute();
    },

    async get(actor: StaffActor, id: string) {
      requireManage(actor);
      const found = await row(id);
      return { row: found, scheme: documentOf(found) };
    },

    async importScheme(actor: StaffActor, text: string) {
      requireManage(actor);
      return importText(auditActor(actor), text);
    },

    async publish(actor: StaffActor, id: string, rowVersion: number) {
      requireManage(actor);
      await row(id);
      await publishRow(auditActor(actor), id, rowVersion);
    },

    /** The scheme text exactly as it was imported. */
    async exportText(actor: StaffActor, id: string): Promise<{ name: string; text: string }> {
      requireManage(actor);
      const found = await row(id);
      return { name: `${found.scheme_id}-${found.version}.ras.json`, text: typeof found.document === 'string' ? found.document : JSON.stringify(found.document, null, 2) };
    },

    async findByIdVersion(schemeId: string, version: string) {
      return db.selectFrom('ras_schemes').selectAll().where('scheme_id', '=', schemeId).where('version', '=', version).executeTakeFirst();
    },

    /** The published scheme of a kind in force on a day: the latest effective date on or before it. */
    async inForce(trx: Kysely<Database>, kind: 'adult' | 'carer', day: string) {
      return trx
        .selectFrom('ras_schemes')
        .select(['id', 'scheme_id', 'version', 'title'])
        .where('kind', '=', kind)
        .where('status', '=', 'published')
        .where('effective_from', '<=', day)
        .orderBy('effective_from', 'desc')
        .orderBy('published_at', 'desc')
        .limit(1)
        .executeTakeFirst();
    },

    /** The compiled scheme of a stored row: how assessments are priced, and re-priced exactly later. */
    async compiledFor(trx: Kysely<Database>, rowId: string): Promise<CompiledScheme> {
      const cached = compiled.get(rowId);
      if (cached) return cached;
      const found = await trx.selectFrom('ras_schemes').select(['document', 'status']).where('id', '=', rowId).executeTakeFirstOrThrow();
      const result = compileScheme(documentOf(found));
      if (found.status === 'published') compiled.set(rowId, result);
      return result;
    },
  };
}

export type SchemeService = ReturnType<typeof createSchemeService>;
