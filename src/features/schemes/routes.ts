import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Services } from '../../composition.js';
import { paths } from '../../paths.js';
import { escapeHtml, formatDate } from '../../web/format.js';
import { blankToNull, parseForm, presentErrors } from '../../web/forms.js';
import { actorOf, allow, flash } from '../../web/session.js';
import { allocationTable, comparison, schemeFacts } from './presenters.js';
import { SchemeInvalidError } from './service.js';

type IdParams = { Params: { id: string } };

const importSchema = z.object({
  document: z.preprocess(blankToNull, z.string({ error: 'Paste the scheme’s JSON' }).max(2_000_000, 'The scheme must be smaller than 2 MB')),
});

export function registerSchemeRoutes(app: FastifyInstance, { schemes }: Services) {
  const manage = { preHandler: [allow('schemes:manage')] };

  app.get(paths.schemes.list(), manage, async (request, reply) => {
    const list = await schemes.list(actorOf(request));
    return reply.view('schemes/views/list.njk', {
      title: 'Resource Allocation System schemes',
      empty: list.length === 0,
      compareItems: list.map((s) => ({ value: s.id, text: `${s.scheme_id} ${s.version} (${s.status})` })),
      compareItemsB: list.map((s, i) => ({ value: s.id, text: `${s.scheme_id} ${s.version} (${s.status})`, selected: i === 1 })),
      table: {
        caption: `${list.length} ${list.length === 1 ? 'scheme version' : 'scheme versions'}`,
        captionClasses: 'govuk-table__caption--m',
        firstCellIsHeader: true,
        head: [{ text: 'Scheme' }, { text: 'Version' }, { text: 'For' }, { text: 'In force from' }, { text: 'Status' }],
        rows: list.map((s) => [
          { html: `<a class="govuk-link" href="${paths.schemes.view(s.id)}">${escapeHtml(s.title)}</a>` },
          { text: s.version },
          { text: s.kind === 'adult' ? 'Adults' : 'Carers' },
          { text: formatDate(s.effective_from) },
          { html: s.status === 'published' ? '<strong class="govuk-tag govuk-tag--green">Published</strong>' : '<strong class="govuk-tag govuk-tag--grey">Draft</strong>' },
        ]),
      },
    });
  });

  app.get(paths.schemes.import(), manage, async (_request, reply) => reply.view('schemes/views/import.njk', { title: 'Import a scheme', values: {}, backLink: { href: paths.schemes.list() } }));

  app.post(paths.schemes.import(), manage, async (request, reply) => {
    const form = parseForm(importSchema, request.body);
    const document = typeof (request.body as Record<string, unknown>)?.document === 'string' ? String((request.body as Record<string, unknown>).document) : '';
    const render = (errors: { field: string; message: string }[]) =>
      reply.code(400).view('schemes/views/import.njk', { title: 'Import a scheme', values: { document }, backLink: { href: paths.schemes.list() }, ...presentErrors(errors) });
    if (!form.ok) return render(form.errors);
    try {
      const saved = await schemes.importScheme(actorOf(request), form.value.document);
      flash(request, `Imported ${saved.scheme_id} ${saved.version} as a draft`);
      return reply.redirect(paths.schemes.view(saved.id), 303);
    } catch (error) {
      if (!(error instanceof SchemeInvalidError)) throw error;
      return render(error.problems.map((p) => ({ field: 'document', message: `${p.path}: ${p.message}` })));
    }
  });

  app.get<{ Querystring: { a?: string; b?: string } }>(paths.schemes.compare(), manage, async (request, reply) => {
    const actor = actorOf(request);
    const { a, b } = request.query;
    if (!a || !b) return reply.redirect(paths.schemes.list(), 303);
    const [left, right] = await Promise.all([schemes.get(actor, a), schemes.get(actor, b)]);
    return reply.view('schemes/views/compare.njk', {
      title: `Compare ${left.row.scheme_id} ${left.row.version} with ${right.row.scheme_id} ${right.row.version}`,
      comparison: comparison(left.scheme, right.scheme),
      backLink: { href: paths.schemes.list() },
    });
  });

  app.get<IdParams>('/schemes/:id', manage, async (request, reply) => {
    const { row, scheme } = await schemes.get(actorOf(request), request.params.id);
    return reply.view('schemes/views/view.njk', {
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
    });
  });

  app.get<IdParams>('/schemes/:id/export', manage, async (request, reply) => {
    const file = await schemes.exportText(actorOf(request), request.params.id);
    return reply.type('application/json; charset=utf-8').header('content-disposition', `attachment; filename="${file.name}"`).send(file.text);
  });

  app.get<IdParams>('/schemes/:id/publish', manage, async (request, reply) => {
    const { row, scheme } = await schemes.get(actorOf(request), request.params.id);
    if (row.status === 'published') return reply.redirect(paths.schemes.view(row.id), 303);
    return reply.view('schemes/views/publish.njk', { title: `Publish ${scheme.title}`, row, backLink: { href: paths.schemes.view(row.id) }, effective: formatDate(scheme.effectiveFrom) });
  });

  app.post<IdParams>('/schemes/:id/publish', manage, async (request, reply) => {
    const version = z.coerce.number().int().positive().safeParse((request.body as Record<string, unknown>)?.row_version);
    await schemes.publish(actorOf(request), request.params.id, version.success ? version.data : -1);
    flash(request, 'Scheme published. New assessments use it from its in-force date');
    return reply.redirect(paths.schemes.view(request.params.id), 303);
  });
}
