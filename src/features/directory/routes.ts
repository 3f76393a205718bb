import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import type { DirectoryEntry } from '../../db/schema.js';
import { CHECK_TYPES, ENTRY_KINDS, checkState, compliance } from '../../domain/directory/checks.js';
import { ValidationError } from '../../errors.js';
import { paths } from '../../paths.js';
import { has } from '../../policies/index.js';
import { escapeHtml, formatDate } from '../../web/format.js';
import { blankToNull, presentErrors } from '../../web/forms.js';
import { type Context, type Route, download, idParams, page, redirect, route } from '../../web/route.js';
import { auditActor } from '../audit/audit-trail.js';
import { formatProblem } from '../../batch/problems.js';
import { DirectoryImportError, directoryCsv, importDirectoryCsv } from './csv.js';
import { changeEntry, checksToActOn, createEntry, entriesWithStatus, recordCheck } from './entries.js';
import * as present from './presenters.js';
import { checksOfEntries, entriesByReference, entryById } from './repository.js';
import { checkSchema, entrySchema } from './schemas.js';
import { captionedTable } from '../../web/tables.js';

/** The directory of providers, personal assistants and support organisations, as data. */

type Values = Record<string, string | string[] | undefined>;
type Errors = { field: string; message: string }[];

const filterSchema = z.object({
  kind: z.preprocess(blankToNull, z.enum(Object.keys(ENTRY_KINDS) as [string, ...string[]]).nullable()).catch(null),
  service: z.preprocess(blankToNull, z.string().max(100).nullable()).catch(null),
  area: z.preprocess(blankToNull, z.string().max(100).nullable()).catch(null),
  status: z.preprocess(blankToNull, z.enum(['meets-standard', 'due-soon', 'not-met']).nullable()).catch(null),
  accepting: z.preprocess(blankToNull, z.string().nullable()).catch(null),
});
const kindQuery = z.object({ kind: z.enum(Object.keys(ENTRY_KINDS) as [DirectoryEntry['kind'], ...DirectoryEntry['kind'][]]).optional().catch(undefined) });
const csvSchema = z.object({ csv: z.preprocess(blankToNull, z.string({ error: 'Paste the CSV file’s contents' }).max(1_000_000, 'Pasted text must be under 1 MB: upload the file instead')) });

/** The largest directory file taken: 5,000 entries are a few megabytes. */
export const DIRECTORY_UPLOAD_BYTES = 16 * 1024 * 1024;
const editSchema = z.object({ version: z.coerce.number().int().positive().catch(-1) });

const ENTRY_DATES = ['consent_recorded_on'];
const CHECK_DATES = ['checked_on', 'expires_on'];
const anchors = { kind: 'kind', services: 'services', areas: 'areas', functions: 'functions', accepting_new: 'accepting_new', consent_recorded_on: 'consent_recorded_on-day', checked_on: 'checked_on-day', expires_on: 'expires_on-day', check_type: 'check_type', outcome: 'outcome', accreditation_status: 'accreditation_status' };

function entryFormPage(id: string | null, values: Values, errors?: Errors, status?: number) {
  const opts = present.entryFormOptions(values);
  return page(
    'directory/views/entry-form.njk',
    {
      title: id ? `Change ${String(values.name ?? 'entry')}` : `Add a ${opts.kindName.toLowerCase()}`,
      action: id ? paths.directory.edit(id) : `${paths.directory.create()}?kind=${opts.kind}`,
      values,
      options: opts,
      backLink: { href: id ? paths.directory.view(id) : paths.directory.list() },
      ...presentErrors(errors, anchors),
    },
    status ? { status } : {},
  );
}

const checkFormPage = (entry: DirectoryEntry, values: Values, errors?: Errors) =>
  page('directory/views/check-form.njk', { title: `Record a check for ${entry.name}`, values, options: present.checkFormOptions(values), backLink: { href: paths.directory.view(entry.id) }, ...presentErrors(errors, anchors) });

const importPage = (values: Values, errors?: Errors) => page('directory/views/import.njk', { title: 'Import the directory', values, backLink: { href: paths.directory.list() }, ...presentErrors(errors) });

const loadEntry = (ctx: Context, params: { id: string }) => entryById(ctx.db, params.id);

export const directoryRoutes: Route[] = [
  route({
    method: 'GET',
    url: '/directory',
    access: 'directory:read',
    load: async (ctx, _p, request) => {
      const f = filterSchema.parse(request.query ?? {});
      const entries = await entriesWithStatus(ctx.db, { kind: f.kind ?? undefined, service: f.service ?? undefined, area: f.area ?? undefined, status: f.status ?? undefined, accepting: f.accepting === 'yes' }, ctx.today, ctx.config.checkPolicy);
      return { entries, query: (request.query ?? {}) as Record<string, string> };
    },
    respond: (ctx, { entries, query }) =>
      page('directory/views/list.njk', {
        title: 'Directory of support',
        filters: present.filterOptions(query),
        canManage: has(ctx.actor, 'directory:manage'),
        proposals: has(ctx.actor, 'directory:manage') ? 'Personal assistants proposed' : has(ctx.actor, 'directory:propose') ? 'Propose a personal assistant' : null,
        empty: entries.length === 0,
        table: captionedTable(`${entries.length} ${entries.length === 1 ? 'entry' : 'entries'}`, [{ text: 'Name' }, { text: 'Kind' }, { text: 'Services' }, { text: 'Areas' }, { text: 'Checks' }], entries.map((e) => [
            { html: `<a class="govuk-link" href="${paths.directory.view(e.id)}">${escapeHtml(e.name)}</a>` },
            { text: ENTRY_KINDS[e.kind] },
            { text: e.services.join(', ') },
            { text: e.areas.join(', ') },
            { html: present.statusTag(e.compliance) },
          ])),
      }),
  }),
  route({
    method: 'GET',
    url: '/directory/checks-due',
    access: 'directory:read',
    load: (ctx) => checksToActOn(ctx.db, ctx.today, ctx.config.checkPolicy),
    respond: (_ctx, items) => {
      const label = { missing: '<strong class="govuk-tag govuk-tag--red">Missing</strong>', expired: '<strong class="govuk-tag govuk-tag--red">Overdue</strong>', 'due-soon': '<strong class="govuk-tag govuk-tag--yellow">Due soon</strong>' };
      return page('directory/views/checks-due.njk', {
        title: 'Checks due and overdue',
        empty: items.length === 0,
        table: captionedTable(`${items.length} ${items.length === 1 ? 'check' : 'checks'} to act on`, [{ text: 'Entry' }, { text: 'Check' }, { text: 'Renew by' }, { text: 'Status' }], items.map((i) => [
            { html: `<a class="govuk-link" href="${paths.directory.view(i.entry.id)}">${escapeHtml(i.entry.name)}</a>` },
            { text: CHECK_TYPES[i.what as keyof typeof CHECK_TYPES] },
            { text: i.dueOn ? formatDate(i.dueOn) : 'Not recorded' },
            { html: label[i.state] },
          ])),
      });
    },
  }),
  route({ method: 'GET', url: '/directory/export.csv', access: 'directory:read', load: async (ctx) => directoryCsv(await entriesByReference(ctx.db)), respond: (_ctx, text) => ({ ...download('text/csv; charset=utf-8', text, 'directory.csv'), noStore: false }) }),
  route({ method: 'GET', url: '/directory/import', access: 'directory:manage', respond: () => importPage({}) }),
  route({
    method: 'POST',
    url: '/directory/import/file',
    access: 'directory:manage',
    // A directory of the largest council (5,000 entries) is a few megabytes.
    uploads: { maxBytes: DIRECTORY_UPLOAD_BYTES },
    transaction: false,
    command: async (ctx) => {
      const file = ctx.files.csv_file;
      if (!file) throw new ValidationError([{ field: 'csv_file', message: 'Choose the directory CSV file to upload' }]);
      const bytes = await readFile(file.path);
      let text: string;
      try {
        text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
      } catch {
        throw new ValidationError([{ field: 'csv_file', message: 'The file is not UTF-8 text: it may have been saved as Latin-1 or Windows-1252. Save it as "CSV UTF-8" and upload it again' }]);
      }
      try {
        return await importDirectoryCsv(ctx.db, auditActor(ctx.actor), text);
      } catch (error) {
        if (error instanceof DirectoryImportError) throw new ValidationError(error.problems.map((p) => ({ field: 'csv_file', message: formatProblem(p) })));
        throw error;
      }
    },
    invalid: (_ctx, _r, problems) => importPage({}, problems.errors),
    respond: (_ctx, _r, counts) => redirect(paths.directory.list(), `Imported: ${counts.created} added, ${counts.updated} changed, ${counts.unchanged} unchanged`),
  }),
  route({
    method: 'POST',
    url: '/directory/import',
    access: 'directory:manage',
    transaction: false,
    form: csvSchema,
    command: async (ctx, _r, f: z.infer<typeof csvSchema>) => {
      try {
        return await importDirectoryCsv(ctx.db, auditActor(ctx.actor), f.csv);
      } catch (error) {
        if (error instanceof DirectoryImportError) throw new ValidationError(error.problems.map((p) => ({ field: 'csv', message: formatProblem(p) })));
        throw error;
      }
    },
    invalid: (_ctx, _r, problems) => importPage(problems.values, problems.errors),
    respond: (_ctx, _r, counts) => redirect(paths.directory.list(), `Imported: ${counts.created} added, ${counts.updated} changed, ${counts.unchanged} unchanged`),
  }),
  route({
    method: 'GET',
    url: '/directory/new',
    access: 'directory:manage',
    load: async (_ctx, _p, request) => kindQuery.parse(request.query ?? {}),
    respond: (_ctx, q) =>
      q.kind
        ? entryFormPage(null, { kind: q.kind, accepting_new: 'yes' })
        : page('directory/views/choose-kind.njk', { title: 'What are you adding?', kinds: Object.entries(ENTRY_KINDS).map(([value, text]) => ({ value, text })), backLink: { href: paths.directory.list() } }),
  }),
  route({
    method: 'POST',
    url: '/directory/new',
    access: 'directory:manage',
    load: async (_ctx, _p, request) => ({ kind: kindQuery.parse(request.query ?? {}).kind }),
    form: (_ctx, q: { kind?: string }) => z.preprocess((body) => ({ ...(body as object), kind: q.kind }), entrySchema),
    dates: ENTRY_DATES,
    command: (ctx, _q, f: z.infer<typeof entrySchema>) => createEntry(ctx, f),
    invalid: (_ctx, q: { kind?: string }, problems) => entryFormPage(null, { ...problems.values, kind: q.kind }, problems.errors),
    respond: (_ctx, _q, created) => redirect(paths.directory.view(created.id), `${created.name} added as ${created.reference}`),
  }),
  route({
    method: 'GET',
    url: '/directory/:id',
    access: 'directory:read',
    params: idParams,
    load: async (ctx, params) => {
      const entry = await loadEntry(ctx, params);
      return entry ? { entry, checks: (await checksOfEntries(ctx.db, [entry.id])).get(entry.id)! } : undefined;
    },
    respond: (ctx, { entry, checks }) => {
      const state = compliance(entry.kind, checks, ctx.today, ctx.config.checkPolicy);
      return page('directory/views/entry.njk', {
        title: entry.name,
        entry,
        summary: present.entryRows(entry),
        checks: present.checksTable(checks.map((c) => ({ ...c, ...checkState(c, ctx.today, ctx.config.checkPolicy) }))),
        compliance: state,
        statusTag: present.statusTag(state),
        canManage: has(ctx.actor, 'directory:manage'),
        editHref: paths.directory.edit(entry.id),
        checkHref: paths.directory.addCheck(entry.id),
        backLink: { href: paths.directory.list(), text: 'Directory' },
      });
    },
  }),
  route({ method: 'GET', url: '/directory/:id/edit', access: 'directory:manage', params: idParams, load: loadEntry, respond: (_ctx, entry) => entryFormPage(entry.id, present.entryFormValues(entry)) }),
  route({
    method: 'POST',
    url: '/directory/:id/edit',
    access: 'directory:manage',
    params: idParams,
    load: loadEntry,
    form: (_ctx, entry: DirectoryEntry) => z.preprocess((body) => ({ ...(body as object), kind: entry.kind }), entrySchema).and(editSchema),
    dates: ENTRY_DATES,
    command: (ctx, entry: DirectoryEntry, f: z.infer<typeof entrySchema> & { version: number }) => {
      const { version, ...input } = f;
      return changeEntry(ctx, entry, version, input as z.infer<typeof entrySchema>);
    },
    invalid: (_ctx, entry: DirectoryEntry, problems) => entryFormPage(entry.id, { ...problems.values, kind: entry.kind }, problems.errors),
    conflict: (_ctx, entry: DirectoryEntry) =>
      entryFormPage(entry.id, present.entryFormValues(entry), [{ field: 'name', message: 'Someone else changed this entry while you were editing it. Their changes are shown below. Make your changes again and save' }], 409),
    respond: (_ctx, entry: DirectoryEntry) => redirect(paths.directory.view(entry.id), 'Entry updated'),
  }),
  route({ method: 'GET', url: '/directory/:id/checks/new', access: 'directory:manage', params: idParams, load: loadEntry, respond: (_ctx, entry) => checkFormPage(entry, {}) }),
  route({
    method: 'POST',
    url: '/directory/:id/checks/new',
    access: 'directory:manage',
    params: idParams,
    load: loadEntry,
    form: checkSchema,
    dates: CHECK_DATES,
    command: (ctx, entry: DirectoryEntry, f: z.infer<typeof checkSchema>) => recordCheck(ctx, entry, f),
    invalid: (_ctx, entry: DirectoryEntry, problems) => checkFormPage(entry, problems.values, problems.errors),
    respond: (_ctx, entry: DirectoryEntry) => redirect(paths.directory.view(entry.id), 'Check recorded'),
  }),
];
