import { z } from 'zod';
import type { RasSchemeRow } from '../../db/schema.js';
import { ValidationError } from '../../errors.js';
import { paths } from '../../paths.js';
import { escapeHtml, formatDate } from '../../web/format.js';
import { blankToNull, presentErrors } from '../../web/forms.js';
import { type Context, type Route, download, idParams, page, redirect, route, uuid } from '../../web/route.js';
import { auditActor } from '../audit/audit-trail.js';
import { documentOf } from './document.js';
import { SchemeInvalidError, importScheme, publishScheme } from './import-scheme.js';
import { allocationTable, comparison, schemeFacts } from './presenters.js';
import { schemeRowById, schemeSummaries, schemeText } from './repository.js';
import { captionedTable } from '../../web/tables.js';

/** RAS schemes, as data: analysts and administrators import, compare, publish and export them. */

const ACCESS = 'schemes:manage' as const;
const importSchema = z.object({
  document: z.preprocess(blankToNull, z.string({ error: 'Paste the scheme’s JSON' }).max(2_000_000, 'The scheme must be smaller than 2 MB')),
});
const publishSchema = z.object({ row_version: z.coerce.number({ error: 'The form is out of date. Open the page again' }).int().positive() });
const compareQuery = z.object({ a: uuid, b: uuid });

const loadScheme = async (ctx: Context, params: { id: string }) => {
  const row = await schemeRowById(ctx.db, params.id);
  return row ? { row, scheme: documentOf(row) } : undefined;
};
const importPage = (values: Record<string, string | string[]>, errors?: { field: string; message: string }[]) =>
  page('schemes/views/import.njk', { title: 'Import a scheme', values, backLink: { href: paths.schemes.list() }, ...presentErrors(errors) });

function schemePage(row: RasSchemeRow, scheme: ReturnType<typeof documentOf>) {
  return {
    title: scheme.title,
    row,
    facts: schemeFacts(scheme, row.status),
    scheme,
    allocation: allocationTable(scheme),
    adjustments: (scheme.adjustments ?? []).map((a) => ({
      title: a.title,
      text: Object.entries(a.reductions)
        .filter(([, r]) => r > 0)
        .map(([answer, r]) => `“${scheme.domains.flatMap((d) => d.questions).find((q) => q.id === a.questionId)?.answers.find((x) => x.id === answer)?.text ?? answer}” reduces the amount by ${Math.round(r * 10000) / 100}%`)
        .join('; '),
    })),
    exportHref: paths.schemes.export(row.id),
    publishHref: row.status === 'draft' ? paths.schemes.publish(row.id) : null,
    backLink: { href: paths.schemes.list() },
  };
}

export const schemeRoutes: Route[] = [
  route({
    method: 'GET',
    url: '/schemes',
    access: ACCESS,
    load: (ctx) => schemeSummaries(ctx.db),
    respond: (_ctx, list) =>
      page('schemes/views/list.njk', {
        title: 'Resource Allocation System schemes',
        empty: list.length === 0,
        compareItems: list.map((s) => ({ value: s.id, text: `${s.scheme_id} ${s.version} (${s.status})` })),
        compareItemsB: list.map((s, i) => ({ value: s.id, text: `${s.scheme_id} ${s.version} (${s.status})`, selected: i === 1 })),
        table: captionedTable(`${list.length} ${list.length === 1 ? 'scheme version' : 'scheme versions'}`, [{ text: 'Scheme' }, { text: 'Version' }, { text: 'For' }, { text: 'In force from' }, { text: 'Status' }], list.map((s) => [
            { html: `<a class="govuk-link" href="${paths.schemes.view(s.id)}">${escapeHtml(s.title)}</a>` },
            { text: s.version },
            { text: s.kind === 'adult' ? 'Adults' : 'Carers' },
            { text: formatDate(s.effective_from) },
            { html: s.status === 'published' ? '<strong class="govuk-tag govuk-tag--green">Published</strong>' : '<strong class="govuk-tag govuk-tag--grey">Draft</strong>' },
          ])),
      }),
  }),
  route({ method: 'GET', url: '/schemes/import', access: ACCESS, respond: () => importPage({}) }),
  route({
    method: 'POST',
    url: '/schemes/import',
    access: ACCESS,
    form: importSchema,
    command: async (ctx, _r, f: z.infer<typeof importSchema>) => {
      try {
        return await importScheme(ctx.db, auditActor(ctx.actor), f.document);
      } catch (error) {
        if (error instanceof SchemeInvalidError) throw new ValidationError(error.problems.map((p) => ({ field: 'document', message: `${p.path}: ${p.message}` })));
        throw error;
      }
    },
    invalid: (_ctx, _r, problems) => importPage({ document: problems.values.document ?? '' }, problems.errors),
    respond: (_ctx, _r, saved) => redirect(paths.schemes.view(saved.id), `Imported ${saved.scheme_id} ${saved.version} as a draft${saved.warnings.length > 0 ? `. ${saved.warnings.length} Primary Support ${saved.warnings.length === 1 ? 'Reason was' : 'Reasons were'} in Release 1 wording and ${saved.warnings.length === 1 ? 'is' : 'are'} now in Release 2 wording` : ''}`),
  }),
  route({
    method: 'GET',
    url: '/schemes/compare',
    access: ACCESS,
    load: async (ctx, _params, request) => {
      const query = compareQuery.safeParse(request.query);
      if (!query.success) return { missing: true as const };
      const [left, right] = await Promise.all([loadScheme(ctx, { id: query.data.a }), loadScheme(ctx, { id: query.data.b })]);
      return left && right ? { missing: false as const, left, right } : undefined;
    },
    respond: (_ctx, c) =>
      c.missing
        ? redirect(paths.schemes.list())
        : page('schemes/views/compare.njk', { title: `Compare ${c.left.row.scheme_id} ${c.left.row.version} with ${c.right.row.scheme_id} ${c.right.row.version}`, comparison: comparison(c.left.scheme, c.right.scheme), backLink: { href: paths.schemes.list() } }),
  }),
  route({ method: 'GET', url: '/schemes/:id', access: ACCESS, params: idParams, load: loadScheme, respond: (_ctx, s) => page('schemes/views/view.njk', schemePage(s.row, s.scheme)) }),
  route({
    method: 'GET',
    url: '/schemes/:id/export',
    access: ACCESS,
    params: idParams,
    load: loadScheme,
    respond: (_ctx, s) => ({ ...download('application/json; charset=utf-8', schemeText(s.row), `${s.row.scheme_id}-${s.row.version}.ras.json`), noStore: false }),
  }),
  route({
    method: 'GET',
    url: '/schemes/:id/publish',
    access: ACCESS,
    params: idParams,
    load: loadScheme,
    respond: (_ctx, s) =>
      s.row.status === 'published' ? redirect(paths.schemes.view(s.row.id)) : page('schemes/views/publish.njk', { title: `Publish ${s.scheme.title}`, row: s.row, backLink: { href: paths.schemes.view(s.row.id) }, effective: formatDate(s.scheme.effectiveFrom) }),
  }),
  route({
    method: 'POST',
    url: '/schemes/:id/publish',
    access: ACCESS,
    params: idParams,
    load: loadScheme,
    form: publishSchema,
    command: (ctx, s, f: z.infer<typeof publishSchema>) => publishScheme(ctx.db, auditActor(ctx.actor), s.row.id, f.row_version),
    invalid: (_ctx, s) => redirect(paths.schemes.publish(s.row.id), 'The form is out of date. Open the page again', 'important'),
    respond: (_ctx, s) => redirect(paths.schemes.view(s.row.id), 'Scheme published. New assessments use it from its in-force date'),
  }),
];
