import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Person } from '../../db/schema.js';
import type { CaseDocumentKind, CaseNoteKind } from '../../db/schema-parts/casework.js';
import { CASE_DOCUMENT_MAX_BYTES, checkCaseDocument } from '../../domain/documents/case-document.js';
import { ConflictError, ValidationError } from '../../errors.js';
import { ScannerUnavailableError, scanWithClamd } from '../../virus-scan/clamd.js';
import { londonMoment } from '../../web/format.js';
import type { Context } from '../../web/route.js';
import type { UploadedFile } from '../../web/uploads.js';
import { auditActor, recordAudit } from '../audit/audit-trail.js';
import { caseNoteById, insertCaseDocument, insertCaseNote } from './repository.js';

/**
 * Case notes (a visit, a call, a decision) and documents kept with the record. A note is never
 * edited once saved (the database refuses): a mistake is put right by a correction that points at
 * it. A document is checked by its content, scanned by clamd when the council runs one, and kept
 * in the database with the record, so backups and the audit trail carry it.
 */
export const NOTE_KINDS: Record<CaseNoteKind, string> = { visit: 'Visit', 'phone-call': 'Phone call', meeting: 'Meeting', contact: 'Other contact (email, letter, message)', decision: 'Decision', other: 'Something else' };
export const DOCUMENT_KINDS: Record<CaseDocumentKind, string> = { 'capacity-assessment': 'Mental capacity assessment', letter: 'Letter', report: 'Report', consent: 'Consent form', photo: 'Photo', other: 'Something else' };

export interface NoteForm {
  kind: CaseNoteKind;
  happened_on: string;
  /** 'HH:MM' on a London clock, or null when only the day is known. */
  happened_time: string | null;
  with_whom: string | null;
  what_happened: string;
  decided: string | null;
}

export interface DocumentForm {
  kind: CaseDocumentKind;
  title: string;
}

export async function writeCaseNote(ctx: Context, person: Person, form: NoteForm, options: { correcting?: string; document?: { form: DocumentForm | null; file: UploadedFile | null | undefined } } = {}) {
  if (person.closed_on) throw new ConflictError('This record is closed: case notes cannot be added');
  const happenedAt = londonMoment(form.happened_on, form.happened_time ?? '00:00');
  if (form.happened_on > ctx.today) throw new ValidationError([{ field: 'happened_on', message: 'The date it happened must be today or in the past' }]);
  if (happenedAt.getTime() > Date.now() + 60_000) throw new ValidationError([{ field: 'happened_time', message: 'The time it happened must be now or earlier' }]);
  if (options.correcting) {
    const original = await caseNoteById(ctx.db, options.correcting);
    if (!original || original.person_id !== person.id) throw new ValidationError([{ field: 'what_happened', message: 'The note being corrected is not on this record' }]);
  }
  // Check the document before anything is written, so a refused file leaves no note behind.
  const prepared = options.document?.file ? await prepareDocument(ctx, options.document.file, options.document.form) : null;
  const note = await insertCaseNote(ctx.db, { personId: person.id, kind: form.kind, happenedAt, withWhom: form.with_whom, whatHappened: form.what_happened, decided: form.decided, correctsNoteId: options.correcting ?? null, writtenBy: ctx.actor.id });
  await recordAudit(ctx.db, auditActor(ctx.actor), { action: options.correcting ? 'case-note.corrected' : 'case-note.written', subjectType: 'case-note', subjectId: note.id, personId: person.id, after: { kind: form.kind, happenedAt: happenedAt.toISOString(), ...(options.correcting ? { corrects: options.correcting } : {}) } });
  if (prepared) await keepDocument(ctx, person, prepared, note.id);
  return { noteId: note.id, documentAdded: Boolean(prepared) };
}

interface PreparedDocument {
  form: DocumentForm;
  type: string;
  content: Buffer;
  scan: 'clean' | 'not-configured';
}

async function prepareDocument(ctx: Context, file: UploadedFile, form: DocumentForm | null): Promise<PreparedDocument> {
  if (!form) throw new ValidationError([{ field: 'document_title', message: 'Enter what the document is' }]);
  if (file.bytes === 0) throw new ValidationError([{ field: 'file', message: 'The file is empty: choose the document to add' }]);
  if (file.bytes > CASE_DOCUMENT_MAX_BYTES) throw new ValidationError([{ field: 'file', message: 'The file must be smaller than 20 MB' }]);
  const content = await readFile(file.path);
  // Scanned first: an infected file is named as one whatever it claims to be.
  let scan: PreparedDocument['scan'] = 'not-configured';
  if (ctx.config.clamdAddress) {
    try {
      const result = await scanWithClamd(ctx.config.clamdAddress, content);
      if (!result.clean) throw new ValidationError([{ field: 'file', message: `The file contains a virus (${result.signature}) and was not added. Tell your IT service desk where it came from` }]);
      scan = 'clean';
    } catch (error) {
      if (error instanceof ScannerUnavailableError) throw new ValidationError([{ field: 'file', message: 'The file could not be checked for viruses just now, so it was not added. Try again in a few minutes' }]);
      throw error;
    }
  }
  const check = checkCaseDocument(file.name, content);
  if (!check.ok) throw new ValidationError([{ field: 'file', message: check.message }]);
  return { form, type: check.type, content, scan };
}

async function keepDocument(ctx: Context, person: Person, d: PreparedDocument, caseNoteId: string | null) {
  const sha256 = createHash('sha256').update(d.content).digest('hex');
  const row = await insertCaseDocument(ctx.db, { personId: person.id, caseNoteId, kind: d.form.kind, title: d.form.title, mediaType: d.type, content: d.content, sha256, virusScan: d.scan, uploadedBy: ctx.actor.id });
  await recordAudit(ctx.db, auditActor(ctx.actor), { action: 'case-document.added', subjectType: 'case-document', subjectId: row.id, personId: person.id, after: { kind: d.form.kind, title: d.form.title, type: d.type, bytes: d.content.length, sha256, virusScan: d.scan } });
  return row.id;
}

/** A document on its own (a letter that came in the post), not with a note. */
export async function addCaseDocument(ctx: Context, person: Person, form: DocumentForm, file: UploadedFile | null | undefined) {
  if (person.closed_on) throw new ConflictError('This record is closed: documents cannot be added');
  if (!file) throw new ValidationError([{ field: 'file', message: 'Choose the document to add' }]);
  return keepDocument(ctx, person, await prepareDocument(ctx, file, form), null);
}
