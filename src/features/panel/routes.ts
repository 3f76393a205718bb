import { z } from 'zod';
import { parsePounds, formatPence } from '../../domain/money/pence.js';
import { paths } from '../../paths.js';
import { escapeHtml, formatDateTime } from '../../web/format.js';
import { blankToNull, presentErrors } from '../../web/forms.js';
import { can } from '../../policies/index.js';
import { type Route, idParams, page, redirect, route } from '../../web/route.js';
import { loadExplained } from '../assessments/routes.js';
import { casesAwaitingPanel } from '../assessments/repository.js';
import { decidePanelCase } from './decide-case.js';
import { explanationView } from '../assessments/presenters.js';
import { fullName } from '../people/presenters.js';
import { captionedTable } from '../../web/tables.js';
import { pageOf } from '../../db/page-of.js';
import { loadPage, pageQuery, pagination, shownRange } from '../../web/pagination.js';

/** Cases on a page of the panel's worklist. */
const PANEL_PAGE = 50;

const decisionSchema = z
  .object({
    decision: z.enum(['agree', 'change'], { error: 'Select whether the panel agrees the indicative amount or sets another' }),
    amount: z.preprocess(blankToNull, z.string().max(30).nullable()),
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

type Explained = NonNullable<Awaited<ReturnType<typeof loadExplained>>>;

function casePage(record: Explained, values: Record<string, string | string[]> = {}, errors?: { field: string; message: string }[]) {
  return page('panel/views/case.njk', {
    title: `Panel decision: ${fullName(record.person)}`,
    caption: record.person.reference,
    view: explanationView(record.explanation, { personName: fullName(record.person), panelDecision: record.decision }),
    decided: Boolean(record.decision),
    indicative: formatPence(record.assessment.weekly_pence ?? 0),
    values,
    backLink: { href: paths.panel.worklist(), text: 'Panel worklist' },
    ...presentErrors(errors, { decision: 'decision' }),
    decisions: [
      { value: 'agree', text: `Agree the indicative amount of ${formatPence(record.assessment.weekly_pence ?? 0)} a week`, checked: values.decision === 'agree' },
      { value: 'change', text: 'Set another amount', checked: values.decision === 'change' },
    ],
  }, { noStore: true });
}

const panelCase = (actor: Parameters<typeof can>[0], r: Explained) => can(actor, 'assessment:panel', r);
const viewed = (r: Explained) => ({ action: 'assessment.viewed', subjectType: 'assessment', subjectId: r.assessment.id, personId: r.person.id });

/** The panel's worklist and decisions, as data: panel members, for cases from any team. */
export const panelRoutes: Route[] = [
  route({
    method: 'GET',
    url: '/panel',
    access: 'panel:decide',
    load: (ctx, _p, request) => loadPage(pageQuery.parse(request.query ?? {}).page, PANEL_PAGE, (window) => pageOf(casesAwaitingPanel(ctx.db), window), (l) => l.rows.length),
    respond: (_ctx, { rows: cases, total, page: current }) =>
      page('panel/views/worklist.njk', {
        title: 'Panel worklist',
        empty: total === 0,
        pagination: pagination(current, PANEL_PAGE, total, paths.panel.worklist()),
        table: captionedTable(`${total} ${total === 1 ? 'case' : 'cases'} waiting for a decision, oldest first${shownRange(current, PANEL_PAGE, cases.length, total)}`, [{ text: 'Person' }, { text: 'Team' }, { text: 'Points', format: 'numeric' }, { text: 'Indicative weekly amount', format: 'numeric' }, { text: 'Assessed' }], cases.map((c) => [
            { html: `<a class="govuk-link" href="${paths.panel.case(c.id)}">${escapeHtml(`${c.given_name} ${c.family_name}`)}</a> (${escapeHtml(c.reference)})` },
            { text: c.team_name },
            { text: String(c.points), format: 'numeric' },
            { text: formatPence(c.weekly_pence ?? 0), format: 'numeric' },
            { text: c.completed_at ? formatDateTime(c.completed_at) : '' },
          ])),
      }),
  }),
  route({ method: 'GET', url: '/panel/:id', access: 'panel:decide', params: idParams, load: loadExplained, allow: panelCase, viewed, respond: (_ctx, r: Explained) => casePage(r) }),
  route({
    method: 'POST',
    url: '/panel/:id',
    access: 'panel:decide',
    params: idParams,
    load: loadExplained,
    allow: panelCase,
    form: decisionSchema,
    command: (ctx, r: Explained, f: z.infer<typeof decisionSchema>) => decidePanelCase(ctx, r, f),
    invalid: (_ctx, r: Explained, problems) => casePage(r, problems.values, problems.errors),
    respond: () => redirect(paths.panel.worklist(), 'Panel decision recorded'),
  }),
];
