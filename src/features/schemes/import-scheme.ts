import { type SchemeProblem, parseScheme } from '../../domain/ras/scheme.js';
import { ConflictError, SelfdirectError } from '../../errors.js';
import type { Executor } from '../../web/route.js';
import { type AuditActor, recordAudit } from '../audit/audit-trail.js';
import { type SchemeSummary, insertDraft, markPublished, replaceDraft, schemeByIdVersion, schemeRowById } from './repository.js';

export class SchemeInvalidError extends SelfdirectError {
  readonly status = 400;
  constructor(readonly problems: SchemeProblem[]) {
    super(`The scheme is not valid: ${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`);
  }
}

/**
 * Imports a scheme as a draft (replacing a draft of the same id and version), for a member of
 * staff or the system. A published version never changes. Run it in a transaction. A scheme with
 * Release 1 Primary Support Reasons is kept in Release 2 wording, and the warnings say what changed.
 */
export async function importScheme(db: Executor, who: AuditActor, text: string): Promise<SchemeSummary & { warnings: SchemeProblem[] }> {
  const parsed = parseScheme(text);
  if (!parsed.ok) throw new SchemeInvalidError(parsed.problems);
  const s = parsed.scheme;
  const existing = await schemeByIdVersion(db, s.id, s.version);
  if (existing?.status === 'published') {
    throw new SchemeInvalidError([{ path: '$.version', message: `${s.id} version ${s.version} is published and never changes. Give the new scheme a new version` }]);
  }
  // Stored trimmed: surrounding white space is not part of a JSON value and would not survive a backup.
  const document = parsed.warnings.length > 0 ? JSON.stringify(s, null, 2) : text.trim();
  const values = { title: s.title, kind: s.kind, effective_from: s.effectiveFrom, document, imported_by: who.label };
  const saved = existing ? await replaceDraft(db, existing.id, values) : await insertDraft(db, { ...values, scheme_id: s.id, version: s.version });
  await recordAudit(db, who, {
    action: existing ? 'scheme.draft-replaced' : 'scheme.imported',
    subjectType: 'ras-scheme',
    subjectId: saved.id,
    after: { scheme_id: s.id, version: s.version, title: s.title, kind: s.kind, effective_from: s.effectiveFrom, ...(parsed.warnings.length > 0 ? { release_2_wording: parsed.warnings.map((w) => `${w.path}: ${w.message}`) } : {}) },
  });
  return { ...saved, warnings: parsed.warnings };
}

/** Publishes a draft: from then on it never changes. `rowVersion` (from the form) must still be current; the CLI passes null. */
export async function publishScheme(db: Executor, who: AuditActor, id: string, rowVersion: number | null) {
  const current = await schemeRowById(db, id);
  if (!current) throw new ConflictError('That scheme no longer exists');
  if (current.status === 'published') throw new ConflictError(`${current.scheme_id} version ${current.version} is already published`);
  if (rowVersion !== null && current.row_version !== rowVersion) throw new ConflictError();
  await markPublished(db, id, who.label);
  await recordAudit(db, who, { action: 'scheme.published', subjectType: 'ras-scheme', subjectId: id, after: { scheme_id: current.scheme_id, version: current.version } });
}
