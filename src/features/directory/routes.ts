import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Services } from '../../composition.js';
import { CHECK_TYPES, ENTRY_KINDS } from '../../domain/directory/checks.js';
import { ConflictError, ValidationError } from '../../errors.js';
import { paths } from '../../paths.js';
import { has } from '../../policies/index.js';
import { escapeHtml, formatDate, londonToday } from '../../web/format.js';
import { blankToNull, parseForm, presentErrors, submittedValues, withIsoDates } from '../../web/forms.js';
import { actorOf, allow, flash } from '../../web/session.js';
import { formatProblem } from '../ras/allocate.js';
import { DirectoryImportError } from './csv.js';
import * as present from './presenters.js';
import { checkSchema, entrySchema } from './schemas.js';

type IdParams = { Params: { id: string } };
type Values = Record<string, string | string[] | undefined>;

const filterSchema = z.object({
  kind: z.preprocess(blankToNull, z.enum(Object.keys(ENTRY_KINDS) as [string, ...string[]]).nullable()).catch(null),
  service: z.preprocess(blankToNull, z.string().max(100).nullable()).catch(null),
  area: z.preprocess(blankToNull, z.string().max(100).nullable()).catch(null),
  status: z.preprocess(blankToNull, z.enum(['meets-standard', 'due-soon', 'not-met']).nullable()).catch(null),
  accepting: z.preprocess(blankToNull, z.string().nullable()).catch(null),
});

const ENTRY_DATES = ['consent_recorded_on'];
const CHECK_DATES = ['checked_on', 'expires_on'];
const anchors = { kind: 'kind', services: 'services', areas: 'areas', functions: 'functions', accepting_new: 'accepting_new', consent_recorded_on: 'consent_recorded_on-day', checked_on: 'checked_on-day', expires_on: 'expires_on-day', check_type: 'check_type', outcome: 'outcome', accreditation_status: 'accreditation_status' };

export function registerDirectoryRoutes(app: FastifyInstance, { directory, directoryFiles }: Services) {
  const read = { preHandler: [allow('directory:read')] };
  const manage = { preHandler: [allow('directory:manage')] };

  app.get<{ Querystring: Record<string, string> }>(paths.directory.list(), read, async (request, reply) => {
    const actor = actorOf(request);
    const f = filterSchema.parse(request.query);
    const entries = await directory.search(actor, { kind: f.kind ?? undefined, service: f.service ?? undefined, area: f.area ?? undefined, status: f.status ?? undefined, accepting: f.accepting === 'yes' }, londonToday());
    return reply.view('directory/views/list.njk', {
      title: 'Directory of support',
      filters: present.filterOptions(request.query),
      canManage: has(actor, 'directory:manage'),
      empty: entries.length === 0,
      table: {
        caption: `${entries.length} ${entries.length === 1 ? 'entry' : 'entries'}`,
        captionClasses: 'govuk-table__caption--m',
        firstCellIsHeader: true,
        head: [{ text: 'Name' }, { text: 'Kind' }, { text: 'Services' }, { text: 'Areas' }, { text: 'Checks' }],
        rows: entries.map((e) => [
          { html: `<a class="govuk-link" href="${paths.directory.view(e.id)}">${escapeHtml(e.name)}</a>` },
          { text: ENTRY_KINDS[e.kind] },
          { text: e.services.join(', ') },
          { text: e.areas.join(', ') },
          { html: present.statusTag(e.compliance) },
        ]),
      },
    });
  });

  app.get(paths.directory.checksDue(), read, async (request, reply) => {
    const items = await directory.worklist(actorOf(request), londonToday());
    const label = { missing: '<strong class="govuk-tag govuk-tag--red">Missing</strong>', expired: '<strong class="govuk-tag govuk-tag--red">Overdue</strong>', 'due-soon': '<strong class="govuk-tag govuk-tag--yellow">Due soon</strong>' };
    return reply.view('directory/views/checks-due.njk', {
      title: 'Checks due and overdue',
      empty: items.length === 0,
      table: {
        caption: `${items.length} ${items.length === 1 ? 'check' : 'checks'} to act on`,
        captionClasses: 'govuk-table__caption--m',
        firstCellIsHeader: true,
        head: [{ text: 'Entry' }, { text: 'Check' }, { text: 'Renew by' }, { text: 'Status' }],
        rows: items.map((i) => [
          { html: `<a class="govuk-link" href="${paths.directory.view(i.entry.id)}">${escapeHtml(i.entry.name)}</a>` },
          { text: CHECK_TYPES[i.what as keyof typeof CHECK_TYPES] },
          { text: i.dueOn ? formatDate(i.dueOn) : 'Not recorded' },
          { html: label[i.state] },
        ]),
      },
    });
  });

  app.get(paths.directory.exportCsv(), read, async (request, reply) => {
    const text = await directoryFiles.exportText(actorOf(request));
    return reply.type('text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="directory.csv"').send(text);
  });

  app.get(paths.directory.import(), manage, async (_request, reply) => reply.view('directory/views/import.njk', { title: 'Import the directory', values: {}, backLink: { href: paths.directory.list() } }));

  app.post(paths.directory.import(), manage, async (request, reply) => {
    const csv = z.object({ csv: z.preprocess(blankToNull, z.string({ error: 'Paste the CSV file’s contents' }).max(5_000_000, 'The file must be smaller than 5 MB')) });
    const form = parseForm(csv, request.body);
    const values = submittedValues(request.body);
    const render = (errors: { field: string; message: string }[]) => reply.code(400).view('directory/views/import.njk', { title: 'Import the directory', values, backLink: { href: paths.directory.list() }, ...presentErrors(errors) });
    if (!form.ok) return render(form.errors);
    try {
      const counts = await directoryFiles.importText(actorOf(request), form.value.csv);
      flash(request, `Imported: ${counts.created} added, ${counts.updated} changed, ${counts.unchanged} unchanged`);
      return reply.redirect(paths.directory.list(), 303);
    } catch (error) {
      if (!(error instanceof DirectoryImportError)) throw error;
      return render(error.problems.map((p) => ({ field: 'csv', message: formatProblem(p) })));
    }
  });

  async function renderEntryForm(request: FastifyRequest, reply: FastifyReply, options: { id?: string; values: Values; errors?: { field: string; message: string }[]; status?: number }) {
    const opts = present.entryFormOptions(options.values);
    return reply.code(options.status ?? 200).view('directory/views/entry-form.njk', {
      title: options.id ? `Change ${String(options.values.name ?? 'entry')}` : `Add a ${opts.kindName.toLowerCase()}`,
      action: options.id ? paths.directory.edit(options.id) : `${paths.directory.create()}?kind=${opts.kind}`,
      values: options.values,
      options: opts,
      backLink: { href: options.id ? paths.directory.view(options.id) : paths.directory.list() },
      ...presentErrors(options.errors, anchors),
    });
  }

  app.get<{ Querystring: { kind?: string } }>(paths.directory.create(), manage, async (request, reply) => {
    const kind = request.query.kind;
    if (!kind || !(kind in ENTRY_KINDS)) {
      return reply.view('directory/views/choose-kind.njk', {
        title: 'What are you adding?',
        kinds: Object.entries(ENTRY_KINDS).map(([value, text]) => ({ value, text })),
        backLink: { href: paths.directory.list() },
      });
    }
    return renderEntryForm(request, reply, { values: { kind, accepting_new: 'yes' } });
  });

  app.post<{ Querystring: { kind?: string } }>(paths.directory.create(), manage, async (request, reply) => {
    const values = { ...submittedValues(request.body), kind: request.query.kind };
    const form = parseForm(entrySchema, withIsoDates({ ...(request.body as object), kind: request.query.kind }, ENTRY_DATES));
    if (!form.ok) return renderEntryForm(request, reply, { values, errors: form.errors, status: 400 });
    const created = await directory.create(actorOf(request), form.value);
    flash(request, `${created.name} added as ${created.reference}`);
    return reply.redirect(paths.directory.view(created.id), 303);
  });

  app.get<IdParams>('/directory/:id', read, async (request, reply) => {
    const actor = actorOf(request);
    const { entry, checks, compliance } = await directory.get(actor, request.params.id, londonToday());
    return reply.view('directory/views/entry.njk', {
      title: entry.name,
      entry,
      summary: present.entryRows(entry),
      checks: present.checksTable(checks),
      compliance,
      statusTag: present.statusTag(compliance),
      canManage: has(actor, 'directory:manage'),
      editHref: paths.directory.edit(entry.id),
      checkHref: paths.directory.addCheck(entry.id),
      backLink: { href: paths.directory.list(), text: 'Directory' },
    });
  });

  app.get<IdParams>('/directory/:id/edit', manage, async (request, reply) => {
    const { entry } = await directory.get(actorOf(request), request.params.id, londonToday());
    return renderEntryForm(request, reply, { id: entry.id, values: present.entryFormValues(entry) });
  });

  app.post<IdParams>('/directory/:id/edit', manage, async (request, reply) => {
    const actor = actorOf(request);
    const { entry } = await directory.get(actor, request.params.id, londonToday());
    const values = { ...submittedValues(request.body), kind: entry.kind };
    const form = parseForm(entrySchema, withIsoDates({ ...(request.body as object), kind: entry.kind }, ENTRY_DATES));
    const version = Number((request.body as Record<string, unknown>)?.version);
    try {
      if (!form.ok) throw new ValidationError(form.errors);
      await directory.update(actor, entry.id, version, form.value);
    } catch (error) {
      if (error instanceof ValidationError) return renderEntryForm(request, reply, { id: entry.id, values, errors: error.fieldErrors, status: 400 });
      if (!(error instanceof ConflictError)) throw error;
      const { entry: current } = await directory.get(actor, entry.id, londonToday());
      return renderEntryForm(request, reply, {
        id: entry.id,
        values: present.entryFormValues(current),
        errors: [{ field: 'name', message: 'Someone else changed this entry while you were editing it. Their changes are shown below. Make your changes again and save' }],
        status: 409,
      });
    }
    flash(request, 'Entry updated');
    return reply.redirect(paths.directory.view(entry.id), 303);
  });

  async function renderCheckForm(request: FastifyRequest<IdParams>, reply: FastifyReply, values: Values, errors?: { field: string; message: string }[]) {
    const { entry } = await directory.get(actorOf(request), request.params.id, londonToday());
    return reply.code(errors ? 400 : 200).view('directory/views/check-form.njk', {
      title: `Record a check for ${entry.name}`,
      values,
      options: present.checkFormOptions(values),
      backLink: { href: paths.directory.view(entry.id) },
      ...presentErrors(errors, anchors),
    });
  }

  app.get<IdParams>('/directory/:id/checks/new', manage, async (request, reply) => renderCheckForm(request, reply, {}));

  app.post<IdParams>('/directory/:id/checks/new', manage, async (request, reply) => {
    const form = parseForm(checkSchema, withIsoDates(request.body, CHECK_DATES));
    if (!form.ok) return renderCheckForm(request, reply, submittedValues(request.body), form.errors);
    await directory.recordCheck(actorOf(request), request.params.id, form.value);
    flash(request, 'Check recorded');
    return reply.redirect(paths.directory.view(request.params.id), 303);
  });
}
