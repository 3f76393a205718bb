import { readFile } from 'node:fs/promises';
import { RECEIPT_MAX_BYTES, receiptTypeOf } from '../../domain/documents/receipt.js';
import { ValidationError } from '../../errors.js';
import type { CitizenActor } from '../../policies/index.js';
import type { Context } from '../../web/route.js';
import type { UploadedFile } from '../../web/uploads.js';
import { auditActor, recordAudit } from '../audit/audit-trail.js';
import { actingAs } from '../portal/acting.js';
import { insertExplanation } from './repository.js';

/**
 * The person explains a flagged transaction: in words, with a receipt, or both. The receipt's type
 * is worked out from its content (a photo or a PDF), never its name, and it is kept in the database.
 */
export async function explainTransaction(ctx: Context, citizen: CitizenActor, line: { id: string; flags: string[] }, personId: string, input: { explanation: string | null; receipt: UploadedFile | null | undefined }) {
  let receipt: { bytes: Buffer; type: NonNullable<ReturnType<typeof receiptTypeOf>> } | null = null;
  if (input.receipt) {
    if (input.receipt.bytes > RECEIPT_MAX_BYTES) throw new ValidationError([{ field: 'receipt', message: 'The file must be smaller than 10 MB' }]);
    const bytes = await readFile(input.receipt.path);
    const type = receiptTypeOf(bytes);
    if (!type) throw new ValidationError([{ field: 'receipt', message: 'The file must be a photo (JPG, PNG or HEIC) or a PDF' }]);
    receipt = { bytes, type };
  }
  if (!input.explanation && !receipt) throw new ValidationError([{ field: 'explanation', message: 'Tell us what the money was for, or add a receipt' }]);
  const saved = await insertExplanation(ctx.db, { statementLineId: line.id, personId, explanation: input.explanation, receipt, byAccount: citizen.id, asLabel: await actingAs(ctx.db, citizen, personId) });
  await recordAudit(ctx.db, auditActor(citizen), { action: 'statement.explained', subjectType: 'statement-line', subjectId: line.id, personId, after: { explanation: saved.id, receipt: receipt ? { type: receipt.type, bytes: receipt.bytes.length } : null } });
  return saved;
}
