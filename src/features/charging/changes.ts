import { readFile } from 'node:fs/promises';
import type { Person } from '../../db/schema.js';
import { RECEIPT_MAX_BYTES, receiptTypeOf } from '../../domain/documents/receipt.js';
import { formatPence } from '../../domain/money/pence.js';
import { ConflictError, ValidationError } from '../../errors.js';
import type { Context } from '../../web/route.js';
import type { UploadedFile } from '../../web/uploads.js';
import { auditActor, recordAudit } from '../audit/audit-trail.js';
import { type FinancialAssessment, insertEvidence, insertReminder, latestCompletedOf } from './repository.js';
import { rulesOf, rulesRowById } from './rules-repository.js';

/**
 * Keeping an assessment right between reassessments: evidence kept with it (its type checked by
 * its content, stored in the database so backups and the audit trail include it), and changes of
 * circumstances reported, each a reminder to reassess until a new assessment is completed.
 */
export async function addEvidence(ctx: Context, fa: FinancialAssessment, input: { description: string; file: UploadedFile | null | undefined }) {
  if (!input.file || input.file.bytes === 0) throw new ValidationError([{ field: 'file', message: 'Choose the file to add' }]);
  if (input.file.bytes > RECEIPT_MAX_BYTES) throw new ValidationError([{ field: 'file', message: 'The file must be smaller than 10 MB' }]);
  const content = await readFile(input.file.path);
  const type = receiptTypeOf(content);
  if (!type) throw new ValidationError([{ field: 'file', message: 'The file must be a photo or scan (JPG, PNG or HEIC) or a PDF' }]);
  const id = await insertEvidence(ctx.db, { financial_assessment_id: fa.id, description: input.description, media_type: type, bytes: content.length, content, uploaded_by: ctx.actor.id });
  await recordAudit(ctx.db, auditActor(ctx.actor), { action: 'financial-assessment.evidence-added', subjectType: 'financial-assessment', subjectId: fa.id, personId: fa.person_id, after: { evidence: id, description: input.description, type, bytes: content.length } });
  return id;
}

export const CHANGE_KINDS = { income: 'Income started, stopped or changed', capital: 'Savings or capital changed', household: 'Who they live with changed', other: 'Something else' } as const;
export type ChangeKind = keyof typeof CHANGE_KINDS;

/** Records a change of circumstances as a reminder to reassess; a new capital figure says whether it crosses a limit. */
export async function reportChange(ctx: Context, person: Person, change: { kind: ChangeKind; details: string; capitalPence: number | null }) {
  if (person.closed_on) throw new ConflictError('This record is closed');
  const latest = await latestCompletedOf(ctx.db, person.id);
  let crossing = '';
  if (change.capitalPence !== null && latest?.result && latest.rules_row_id) {
    const row = await rulesRowById(ctx.db, latest.rules_row_id);
    const limits = row ? rulesOf(row).capital : null;
    const before = latest.result.capitalPence;
    const now = change.capitalPence;
    if (limits) {
      for (const [limit, name] of [[limits.upperPence, 'upper'], [limits.lowerPence, 'lower']] as const) {
        if ((before > limit) !== (now > limit)) {
          crossing = ` Capital ${now > limit ? 'is now above' : 'has fallen to or below'} the ${name} limit of ${formatPence(limit)} (it was ${formatPence(before)}).`;
          break; // the upper limit first: crossing it decides more
        }
      }
    }
  }
  const details = /[.!?]$/.test(change.details) ? change.details : `${change.details}.`;
  const detail = `${CHANGE_KINDS[change.kind]}: ${details}${change.capitalPence !== null ? ` New capital ${formatPence(change.capitalPence)}.` : ''}${crossing}`;
  const id = await insertReminder(ctx.db, { person_id: person.id, financial_assessment_id: latest?.id ?? null, kind: 'change-reported', detail, raised_by: auditActor(ctx.actor).label });
  await recordAudit(ctx.db, auditActor(ctx.actor), { action: 'charging-reminder.raised', subjectType: 'charging-reminder', subjectId: id, personId: person.id, after: { kind: 'change-reported', detail } });
  return { crossing: crossing !== '' };
}
