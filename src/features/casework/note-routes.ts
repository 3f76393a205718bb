import { fullName } from '../people/presenters.js';
import type { z } from 'zod';
import type { Person } from '../../db/schema.js';
import { CASE_DOCUMENT_EXTENSIONS, CASE_DOCUMENT_MAX_BYTES, type CaseDocumentType } from '../../domain/documents/case-document.js';
import { paths } from '../../paths.js';
import { can } from '../../policies/index.js';
import { formatDate, formatDateTime } from '../../web/format.js';
import { dateParts, presentErrors } from '../../web/forms.js';
import { type Context, type Route, download, idParams, page, redirect, route } from '../../web/route.js';
import { ValidationError } from '../../errors.js';
import { personById } from '../people/repository.js';
import { addCaseDocument, writeCaseNote } from './case-notes.js';
import * as present from './presenters.js';
import { allocationHistory, caseDocumentFile, caseDocumentsOf, caseNoteById, caseNotesOf, transfersOf } from './repository.js';
import { correctionSchema, documentSchema, noteSchema } from './schemas.js';
import { otherEventsOf } from './timeline.js';

/** The person's timeline, case notes (and corrections), and documents kept with the record. */

type Problems = { field: string; message: string }[] | undefined;
const loadPerson = async (ctx: Context, p: { id: string }) => {
  const person = await personById(ctx.db, p.id);
  return person ? { person } : undefined;
};
type Loaded = { person: Person };
const NOTE_ANCHORS = { kind: 'kind', happened_on: 'happened_on-day' };

function notePage(person: Person, values: Record<string, unknown>, errors: Problems, correcting?: { id: string; summary: string }) {
  return page(
    'casework/views/note.njk',
    {
      title: correcting ? 'Correct a case note' : 'Add a case note',
      caption: fullName(person),
      correcting: correcting?.summary,
      withDocument: !correcting,
      values,
      kinds: present.noteKindItems(values.kind),
      documentKinds: present.documentKindItems(values.document_kind),
      maxMegabytes: CASE_DOCUMENT_MAX_BYTES / 1024 / 1024,
      backLink: { href: paths.casework.timeline(person.id) },
      ...presentErrors(errors, NOTE_ANCHORS),
    },
    errors ? { status: 400 } : { noStore: true },
  );
}

const documentPage = (person: Person, values: Record<string, unknown> = {}, errors?: Problems) =>
  page('casework/views/document.njk', { title: 'Add a document', caption: fullName(person), values, documentKinds: present.documentKindItems(values.kind), maxMegabytes: CASE_DOCUMENT_MAX_BYTES / 1024 / 1024, backLink: { href: paths.casework.timeline(person.id) }, ...presentErrors(errors) }, errors ? { status: 400 } : { noStore: true });

async function loadTimeline(ctx: Context, p: { id: string }) {
  const person = await personById(ctx.db, p.id);
  if (!person) return undefined;
  const [notes, documents, transfers, allocations, others] = await Promise.all([caseNotesOf(ctx.db, person.id), caseDocumentsOf(ctx.db, person.id), transfersOf(ctx.db, person.id), allocationHistory(ctx.db, person.id), otherEventsOf(ctx.db, person.id)]);
  return { person, notes, documents, transfers, allocations, others };
}
type Timeline = NonNullable<Awaited<ReturnType<typeof loadTimeline>>>;

async function loadNote(ctx: Context, p: { id: string }) {
  const note = await caseNoteById(ctx.db, p.id);
  const person = note ? await personById(ctx.db, note.person_id) : undefined;
  return note && person ? { note, person } : undefined;
}
type ForCorrection = NonNullable<Awaited<ReturnType<typeof loadNote>>>;
const correctionSummary = (r: ForCorrection) => `You are correcting the note of ${formatDateTime(r.note.happened_at)}. The note stays on the record as it was written, marked as corrected, with your correction after it.`;

export const noteRoutes: Route[] = [
  route({
    method: 'GET',
    url: '/people/:id/timeline',
    access: 'people:read',
    params: idParams,
    load: loadTimeline,
    allow: (a, r: Timeline) => can(a, 'person:read-notes', r.person),
    viewed: (r: Timeline) => ({ action: 'person.timeline-viewed', subjectType: 'person', subjectId: r.person.id, personId: r.person.id }),
    respond: (ctx, r: Timeline) => {
      const canWrite = can(ctx.actor, 'person:notes', r.person);
      const events = [
        ...present.noteEvents(r.notes, r.documents, canWrite),
        ...present.documentEvents(r.documents),
        ...r.transfers.map((t) => ({ sortKey: t.transferred_at.toISOString(), documents: [], event: { at: formatDateTime(t.transferred_at), what: `Transferred from ${t.from_team} to ${t.to_team} by ${t.by_name}`, detail: [`Reason: ${t.reason}`] } })),
        ...r.allocations.map((a) => ({ sortKey: a.allocated_at.toISOString(), documents: [], event: { at: formatDateTime(a.allocated_at), what: `Allocated to ${a.worker_name} by ${a.allocated_by_name}`, detail: a.ended_at ? [`Until ${formatDateTime(a.ended_at)}${a.ended_reason ? `: ${a.ended_reason}` : ''}`] : [] } })),
        ...r.others.map((o) => ({ sortKey: o.sortKey, documents: [], event: { at: o.at.length === 10 ? formatDate(o.at) : formatDateTime(new Date(o.at)), what: o.what, href: o.href, linkText: o.linkText } })),
      ].sort((a, b) => b.sortKey.localeCompare(a.sortKey));
      return page('casework/views/timeline.njk', { title: `Timeline: ${fullName(r.person)}`, caption: r.person.reference, events, addNote: canWrite ? paths.casework.newNote(r.person.id) : null, addDocument: canWrite ? paths.casework.newDocument(r.person.id) : null, backLink: { href: paths.people.view(r.person.id), text: 'Back to the record' } }, { noStore: true });
    },
  }),
  route({ method: 'GET', url: '/people/:id/notes/new', access: 'people:write', params: idParams, load: loadPerson, allow: (a, r: Loaded) => can(a, 'person:notes', r.person), viewed: (r: Loaded) => ({ action: 'person.viewed', subjectType: 'person', subjectId: r.person.id, personId: r.person.id }), respond: (ctx, r: Loaded) => notePage(r.person, { kind: 'visit', ...dateParts('happened_on', ctx.today) }, undefined) }),
  route({
    method: 'POST',
    url: '/people/:id/notes/new',
    access: 'people:write',
    params: idParams,
    load: loadPerson,
    allow: (a, r: Loaded) => can(a, 'person:notes', r.person),
    uploads: { maxBytes: CASE_DOCUMENT_MAX_BYTES },
    form: noteSchema,
    dates: ['happened_on'],
    command: (ctx, r: Loaded, f: z.infer<typeof noteSchema>) => {
      const file = ctx.files.file;
      if (file && !f.document_title) throw new ValidationError([{ field: 'document_title', message: 'Enter what the document is, like “Capacity assessment: managing money”' }]);
      if (!file && f.document_title) throw new ValidationError([{ field: 'file', message: 'Choose the document to add, or leave “What the document is” empty' }]);
      return writeCaseNote(ctx, r.person, f, { document: { form: file && f.document_title ? { kind: f.document_kind ?? 'other', title: f.document_title } : null, file } });
    },
    invalid: (_ctx, r: Loaded, problems) => notePage(r.person, problems.values, problems.errors),
    respond: (_ctx, r: Loaded, o) => redirect(paths.casework.timeline(r.person.id), o.documentAdded ? 'Case note and document saved' : 'Case note saved'),
  }),
  route({ method: 'GET', url: '/case-notes/:id/correct', access: 'people:write', params: idParams, load: loadNote, allow: (a, r: ForCorrection) => can(a, 'person:notes', r.person), viewed: (r: ForCorrection) => ({ action: 'person.viewed', subjectType: 'person', subjectId: r.person.id, personId: r.person.id }), respond: (ctx, r: ForCorrection) => notePage(r.person, { kind: r.note.kind, with_whom: r.note.with_whom ?? '', what_happened: r.note.what_happened, decided: r.note.decided ?? '', ...dateParts('happened_on', ctx.today) }, undefined, { id: r.note.id, summary: correctionSummary(r) }) }),
  route({
    method: 'POST',
    url: '/case-notes/:id/correct',
    access: 'people:write',
    params: idParams,
    load: loadNote,
    allow: (a, r: ForCorrection) => can(a, 'person:notes', r.person),
    form: correctionSchema,
    dates: ['happened_on'],
    command: (ctx, r: ForCorrection, f: z.infer<typeof correctionSchema>) => writeCaseNote(ctx, r.person, f, { correcting: r.note.id }),
    invalid: (_ctx, r: ForCorrection, problems) => notePage(r.person, problems.values, problems.errors, { id: r.note.id, summary: correctionSummary(r) }),
    respond: (_ctx, r: ForCorrection) => redirect(paths.casework.timeline(r.person.id), 'Correction saved. The note it corrects is marked as corrected'),
  }),
  route({ method: 'GET', url: '/people/:id/documents/new', access: 'people:write', params: idParams, load: loadPerson, allow: (a, r: Loaded) => can(a, 'person:notes', r.person), viewed: (r: Loaded) => ({ action: 'person.viewed', subjectType: 'person', subjectId: r.person.id, personId: r.person.id }), respond: (_ctx, r: Loaded) => documentPage(r.person) }),
  route({
    method: 'POST',
    url: '/people/:id/documents/new',
    access: 'people:write',
    params: idParams,
    load: loadPerson,
    allow: (a, r: Loaded) => can(a, 'person:notes', r.person),
    uploads: { maxBytes: CASE_DOCUMENT_MAX_BYTES },
    form: documentSchema,
    command: (ctx, r: Loaded, f: z.infer<typeof documentSchema>) => addCaseDocument(ctx, r.person, f, ctx.files.file),
    invalid: (_ctx, r: Loaded, problems) => documentPage(r.person, problems.values, problems.errors),
    respond: (_ctx, r: Loaded) => redirect(paths.casework.timeline(r.person.id), 'Document added'),
  }),
  route({
    method: 'GET',
    url: '/case-documents/:id',
    access: 'people:read',
    params: idParams,
    load: async (ctx, p: { id: string }) => {
      const file = await caseDocumentFile(ctx.db, p.id);
      const person = file ? await personById(ctx.db, file.person_id) : undefined;
      return file && person ? { file, person } : undefined;
    },
    allow: (a, r) => can(a, 'person:read-notes', r.person),
    viewed: (r) => ({ action: 'case-document.opened', subjectType: 'case-document', subjectId: r.file.id, personId: r.person.id }),
    respond: (_ctx, r) => ({ ...download(r.file.media_type, Buffer.from(r.file.content), `document-${r.file.id}.${CASE_DOCUMENT_EXTENSIONS[r.file.media_type as CaseDocumentType] ?? 'bin'}`), noStore: true }),
  }),
];
