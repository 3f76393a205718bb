import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Services } from '../../composition.js';
import { parsePounds, formatPence } from '../../domain/money/pence.js';
import { paths } from '../../paths.js';
import { escapeHtml, formatDateTime } from '../../web/format.js';
import { blankToNull, parseForm, presentErrors, submittedText } from '../../web/forms.js';
import { actorOf, allow, flash } from '../../web/session.js';
import { explanationView } from '../assessments/presenters.js';
import { fullName } from '../people/presenters.js';

type IdParams = { Params: { id: string } };

const decisionSchema = z
  .object({
    decision: z.enum(['agree', 'change'], { error: 'Select whether the panel agrees the indicative amount or sets another' }),
    amount: z.preprocess(blankToNull, z.string().nullable()),
    reasons: z.preprocess(blankToNull, z.string({ error: 'Enter the panel’s reasons' }).max(4000, 'Reasons must be 4000 characters or fewer')),
  })
  .transform((form, ctx) => {
    let weeklyPence: number | null = null;
    if (form.decision === 'change') {
      weeklyPence = form.amount === null ? null : parsePounds(form.amount);
      if (weeklyPence === null) {
        ctx.addIssue({ code: 'custom', path: ['amount'], message: form.amount === null ? 'Enter the weekly amount the panel sets' : 'Enter the weekly amount in pounds and pence, like 850.00' });
        return z.NEVER;
      }
    }
    return { agree: form.decision === 'agree', weeklyPence, reasons: form.reasons };
  });

export function registerPanelRoutes(app: FastifyInstance, { assessments }: Services) {
  const panel = { preHandler: [allow('panel:decide')] };

  app.get(paths.panel.worklist(), panel, async (request, reply) => {
    const cases = await assessments.panelWorklist(actorOf(request));
    return reply.view('panel/views/worklist.njk', {
      title: 'Panel worklist',
      empty: cases.length === 0,
      table: {
        caption: `${cases.length} ${cases.length === 1 ? 'case' : 'cases'} waiting for a decision`,
        captionClasses: 'govuk-table__caption--m',
        firstCellIsHeader: true,
        head: [{ text: 'Person' }, { text: 'Team' }, { text: 'Points', format: 'numeric' }, { text: 'Indicative weekly amount', format: 'numeric' }, { text: 'Assessed' }],
        rows: cases.map((c) => [
          { html: `<a class="govuk-link" href="${paths.panel.case(c.id)}">${escapeHtml(`${c.given_name} ${c.family_name}`)}</a> (${c.reference})` },
          { text: c.team_name },
          { text: String(c.points), format: 'numeric' },
          { text: formatPence(c.weekly_pence ?? 0), format: 'numeric' },
          { text: c.completed_at ? formatDateTime(c.completed_at) : '' },
        ]),
      },
    });
  });

  async function renderCase(request: FastifyRequest<IdParams>, reply: FastifyReply, options: { errors?: { field: string; message: string }[]; values?: Record<string, string>; status?: number } = {}) {
    const record = await assessments.explanation(actorOf(request), request.params.id, 'panel');
    const values = options.values ?? {};
    const { errorSummary, fieldErrors } = presentErrors(options.errors, { decision: 'decision' });
    return reply.code(options.status ?? 200).view('panel/views/case.njk', {
      title: `Panel decision: ${fullName(record.person)}`,
      caption: record.person.reference,
      view: explanationView(record.explanation, { personName: fullName(record.person), panelDecision: record.decision }),
      decided: Boolean(record.decision),
      indicative: formatPence(record.assessment.weekly_pence ?? 0),
      values,
      backLink: { href: paths.panel.worklist(), text: 'Panel worklist' },
      errorSummary,
      fieldErrors,
      decisions: [
        { value: 'agree', text: `Agree the indicative amount of ${formatPence(record.assessment.weekly_pence ?? 0)} a week`, checked: values.decision === 'agree' },
        { value: 'change', text: 'Set another amount', checked: values.decision === 'change' },
      ],
    });
  }

  app.get<IdParams>('/panel/:id', panel, async (request, reply) => renderCase(request, reply));

  app.post<IdParams>('/panel/:id', panel, async (request, reply) => {
    const form = parseForm(decisionSchema, request.body);
    if (!form.ok) {
      const values = submittedText(request.body);
      return renderCase(request, reply, { errors: form.errors, values, status: 400 });
    }
    await assessments.decide(actorOf(request), request.params.id, form.value);
    flash(request, 'Panel decision recorded');
    return reply.redirect(paths.panel.worklist(), 303);
  });
}
