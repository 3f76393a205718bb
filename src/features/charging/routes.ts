import { z } from 'zod';
import type { Person } from '../../db/schema.js';
import { formatPence } from '../../domain/money/pence.js';
import { paths } from '../../paths.js';
import { can } from '../../policies/index.js';
import { formatDate } from '../../web/format.js';
import { listOf } from '../../web/fields.js';
import { presentErrors } from '../../web/forms.js';
import { type Context, type ContextAfter, type Route, download, idParams, page, redirect, route } from '../../web/route.js';
import { personById } from '../people/repository.js';
import { latestAgreedPlanOf, openPlanOf } from '../support-plans/repository.js';
import { contributionFor } from './plan-contribution.js';
import { SECTIONS, SECTION_TITLES, type Section, sectionForms } from './entries.js';
import { explainContribution, basisSentence } from './explanation.js';
import { calculate, completeFinancialAssessment, saveSection, sectionDefaults, startFinancialAssessment } from './financial-assessment.js';
import { checkCards, explanationSteps, formValues, frequencyItems, historyTable, incomeRows, personName, reasonText, taskList } from './presenters.js';
import { type FinancialAssessment, assessmentsOf, draftOf, evidenceOf, financialAssessmentById, latestCompletedOf, openRemindersOf } from './repository.js';
import { rulesOf, rulesRowById } from './rules-repository.js';

/** A person's financial assessments: start, fill in each section, check and complete, and the explanation. */

const ACCESS = 'charging:assess' as const;
const rowVersionForm = z.object({ row_version: z.coerce.number({ error: 'The form is out of date. Open the page again' }).int().positive() });

const loadPerson = async (ctx: Context, p: { id: string }) => {
  const person = await personById(ctx.db, p.id);
  return person ? { person } : undefined;
};
const loadAssessment = async (ctx: Context, p: { id: string }) => {
  const fa = await financialAssessmentById(ctx.db, p.id);
  const person = fa ? await personById(ctx.db, fa.person_id) : undefined;
  return fa && person ? { fa, person, defaults: await sectionDefaults(ctx.db, fa, person, ctx.today) } : undefined;
};
type Loaded = NonNullable<Awaited<ReturnType<typeof loadAssessment>>>;

const readable = (actor: Context['actor'], r: { person: Person }) => can(actor, 'financial-assessment:read', { person: r.person });
const writable = (actor: Context['actor'], r: { person: Person }) => can(actor, 'financial-assessment:write', { person: r.person });
const viewedFa = (r: Loaded) => ({ action: 'financial-assessment.viewed', subjectType: 'financial-assessment', subjectId: r.fa.id, personId: r.person.id });

const caption = (person: Person) => `Financial assessment: ${personName(person)}`;

function sectionPage(r: Loaded, section: Section, values: Record<string, string | string[]>, errors?: { field: string; message: string }[], status?: number) {
  const presented = presentErrors(errors, { assessed_on: 'assessed_on-day', date_of_birth: 'date_of_birth-day', pension_credit_age_on: 'pension_credit_age_on-day', household: 'household', route: 'route', pension_credit_age: 'pension_credit_age', night_care_arranged: 'night_care_arranged' });
  return page(
    `charging/views/section-${section}.njk`,
    {
      title: SECTION_TITLES[section],
      caption: caption(r.person),
      values: { ...values, premiums: listOf(values.premiums).map(String) },
      rowVersion: r.fa.row_version,
      incomeRows: section === 'income' ? incomeRows(values, presented.fieldErrors) : null,
      housingFrequencies: frequencyItems(values.housing_costs_frequency as string | undefined),
      councilTaxFrequencies: frequencyItems(values.council_tax_frequency as string | undefined),
      backLink: { href: paths.charging.check(r.fa.id) },
      ...presented,
    },
    status ? { status } : {},
  );
}

function sectionRoutes(section: Section): Route[] {
  const url = `/financial-assessments/:id/${section}`;
  const common = { url, access: ACCESS, params: idParams, load: loadAssessment } as const;
  return [
    route({ ...common, method: 'GET', allow: writable, viewed: viewedFa, respond: (_ctx, r: Loaded) => (r.fa.status !== 'draft' ? redirect(paths.charging.view(r.fa.id), 'This financial assessment is complete: start a new one to change it', 'important') : sectionPage(r, section, formValues(r.fa.entries[section], r.defaults))) }),
    route({
      ...common,
      method: 'POST',
      allow: writable,
      form: sectionForms[section] as z.ZodType<Record<string, unknown>>,
      dates: section === 'about' ? ['assessed_on', 'date_of_birth', 'pension_credit_age_on'] : [],
      command: (ctx, r: Loaded, f: Record<string, unknown>) => saveSection(ctx, r.fa, section, f),
      invalid: (_ctx, r: Loaded, problems) => sectionPage(r, section, problems.values, problems.errors, 400),
      conflict: (_ctx, r: Loaded, error) => redirect(paths.charging.check(r.fa.id), error.message, 'important'),
      respond: (_ctx, r: Loaded) => {
        const next = SECTIONS.slice(SECTIONS.indexOf(section) + 1).find((s) => r.fa.entries[s] === undefined);
        return redirect(next ? paths.charging.section(r.fa.id, next) : paths.charging.check(r.fa.id), `Saved: ${SECTION_TITLES[section].toLowerCase()}`);
      },
    }),
  ];
}

async function loadCheck(ctx: Context, p: { id: string }) {
  const r = await loadAssessment(ctx, p);
  if (!r) return undefined;
  return { ...r, outcome: r.fa.status === 'draft' ? await calculate(ctx.db, r.fa) : null };
}
type Checked = NonNullable<Awaited<ReturnType<typeof loadCheck>>>;

function checkPage(r: Checked, errors?: { field: string; message: string }[]) {
  const outcome = r.outcome;
  const preview = outcome?.ok ? explainContribution({ rules: outcome.calculation.rules, circumstances: outcome.calculation.circumstances, result: outcome.calculation.result, assessedOn: outcome.calculation.circumstances.assessmentDate }) : null;
  const problems = errors ?? (outcome && !outcome.ok ? outcome.problems : []);
  return page('charging/views/check.njk', {
    title: 'Check the financial assessment',
    caption: caption(r.person),
    taskList: taskList(r.fa.id, r.fa.entries),
    cards: checkCards(r.fa.id, r.fa.entries),
    preview: preview ? { headline: preview.headline, basis: basisSentence(preview), toConfirm: preview.rules.figuresToConfirm, amount: formatPence(preview.weeklyContributionPence) } : null,
    problems: problems.map((p) => ({ text: p.message, href: SECTIONS.includes(p.field as Section) ? paths.charging.section(r.fa.id, p.field) : '#' })),
    rowVersion: r.fa.row_version,
    evidenceHref: paths.charging.evidence(r.fa.id),
    letterHref: r.fa.source === 'uprating' ? paths.charging.letter(r.fa.id) : null,
    backLink: { href: paths.charging.personAssessments(r.person.id) },
    ...(errors ? presentErrors(errors.map((e) => ({ field: e.field, message: e.message })), Object.fromEntries(SECTIONS.map((s) => [s, 'check-answers']))) : {}),
  });
}

/**
 * What a completed assessment changes for the person's agreed plan: the contribution that plan was
 * agreed with against the one this assessment gives with that plan's cost. An agreed plan never
 * changes, so a different figure needs a new version (and a direct payment is varied from the
 * assessment's date when it is agreed).
 */
async function planChangeFor(ctx: Context, fa: FinancialAssessment) {
  const latest = await latestCompletedOf(ctx.db, fa.person_id);
  const plan = latest?.id === fa.id ? await latestAgreedPlanOf(ctx.db, fa.person_id) : undefined;
  if (!plan) return null;
  const now = await contributionFor(ctx.db, fa.person_id, plan.lines, fa.id);
  const before = Number(plan.contribution_weekly_pence);
  return now.pence === before ? null : { planNumber: plan.plan_number, before, after: now.pence, open: Boolean(await openPlanOf(ctx.db, fa.person_id)) };
}

async function loadExplanation(ctx: Context, p: { id: string }) {
  const r = await loadAssessment(ctx, p);
  if (!r || r.fa.status !== 'completed') return r ? { ...r, explanation: null, evidence: [] } : undefined;
  const rules = rulesOf((await rulesRowById(ctx.db, r.fa.rules_row_id!))!);
  return { ...r, explanation: explainContribution({ rules, circumstances: r.fa.circumstances!, result: r.fa.result!, assessedOn: r.fa.assessed_on! }), evidence: await evidenceOf(ctx.db, r.fa.id), planChange: await planChangeFor(ctx, r.fa) };
}
type Explained = NonNullable<Awaited<ReturnType<typeof loadExplanation>>>;

function explanationPage(ctx: ContextAfter, r: Explained) {
  if (!r.explanation) return redirect(paths.charging.check(r.fa.id));
  const e = r.explanation;
  return page('charging/views/explanation.njk', {
    title: `How ${personName(r.person)}’s contribution was worked out`,
    caption: caption(r.person),
    headline: e.headline,
    amount: formatPence(e.weeklyContributionPence),
    basis: basisSentence(e),
    toConfirm: e.rules.figuresToConfirm,
    steps: explanationSteps(e),
    reason: reasonText(e.reason),
    jsonHref: paths.charging.json(r.fa.id),
    evidenceHref: paths.charging.evidence(r.fa.id),
    letterHref: r.fa.source === 'uprating' ? paths.charging.letter(r.fa.id) : null,
    evidenceCount: r.evidence.length,
    planChange: r.planChange
      ? {
          text: `The agreed support plan (version ${r.planChange.planNumber}) has a contribution of ${formatPence(r.planChange.before)} a week. This assessment gives ${formatPence(r.planChange.after)} a week with that plan’s cost. An agreed plan never changes: ${r.planChange.open ? 'the version being written takes the new contribution' : 'start a new version, which takes the new contribution'}. When it is agreed, a direct payment is varied from ${formatDate(r.fa.assessed_on)}, the date of this assessment.`,
          startHref: !r.planChange.open && can(ctx.actor, 'person:start-plan', r.person) ? paths.plans.start(r.person.id) : null,
        }
      : null,
    backLink: { href: paths.charging.personAssessments(r.person.id) },
  });
}

export const financialAssessmentRoutes: Route[] = [
  route({
    method: 'GET',
    url: '/people/:id/financial-assessments',
    access: ACCESS,
    params: idParams,
    load: async (ctx, p: { id: string }) => {
      const loaded = await loadPerson(ctx, p);
      if (!loaded) return undefined;
      return { ...loaded, latest: await latestCompletedOf(ctx.db, p.id), draft: await draftOf(ctx.db, p.id), history: await assessmentsOf(ctx.db, p.id), reminders: await openRemindersOf(ctx.db, p.id) };
    },
    allow: readable,
    viewed: (r) => ({ action: 'financial-assessments.viewed', subjectType: 'person', subjectId: r.person.id, personId: r.person.id }),
    respond: (ctx, r) =>
      page('charging/views/person.njk', {
        title: `Financial assessments: ${personName(r.person)}`,
        latest: r.latest ? { amount: formatPence(r.latest.weekly_contribution_pence ?? 0), date: formatDate(r.latest.assessed_on), reason: reasonText(r.latest.reason), href: paths.charging.view(r.latest.id) } : null,
        draftHref: r.draft ? paths.charging.check(r.draft.id) : null,
        canStart: can(ctx.actor, 'financial-assessment:write', { person: r.person }),
        startUrl: paths.charging.start(r.person.id),
        reminders: r.reminders.map((m) => ({ text: `${formatDate(m.raised_at.toISOString().slice(0, 10))}: ${m.detail}`, resolveHref: can(ctx.actor, 'financial-assessment:write', { person: r.person }) ? paths.charging.resolveReminder(m.id) : null })),
        changeHref: can(ctx.actor, 'financial-assessment:write', { person: r.person }) ? paths.charging.reportChange(r.person.id) : null,
        history: r.history.length > 0 ? historyTable(r.history) : null,
        backLink: { href: can(ctx.actor, 'person:read', r.person) ? `/people/${r.person.id}` : '/' },
      }),
  }),
  route({
    method: 'POST',
    url: '/people/:id/financial-assessments/new',
    access: ACCESS,
    params: idParams,
    load: loadPerson,
    allow: writable,
    command: (ctx, r) => startFinancialAssessment(ctx, r.person),
    respond: (_ctx, _r, id: string) => redirect(paths.charging.check(id)),
  }),
  ...SECTIONS.flatMap(sectionRoutes),
  route({ method: 'GET', url: '/financial-assessments/:id/check', access: ACCESS, params: idParams, load: loadCheck, allow: readable, viewed: viewedFa, respond: (_ctx, r: Checked) => (r.fa.status === 'completed' ? redirect(paths.charging.view(r.fa.id)) : checkPage(r)) }),
  route({
    method: 'POST',
    url: '/financial-assessments/:id/check',
    access: ACCESS,
    params: idParams,
    load: loadCheck,
    allow: writable,
    form: rowVersionForm,
    command: (ctx, r: Checked, f: z.infer<typeof rowVersionForm>) => completeFinancialAssessment(ctx, r.fa, f.row_version),
    reload: loadCheck,
    invalid: (_ctx, r: Checked, problems) => checkPage(r, problems.errors),
    conflict: (_ctx, r: Checked, error) => redirect(paths.charging.check(r.fa.id), error.message, 'important'),
    respond: (_ctx, r: Checked, result) => redirect(paths.charging.view(r.fa.id), `Financial assessment complete: ${formatPence(result.weeklyContributionPence)} a week`),
  }),
  route({ method: 'GET', url: '/financial-assessments/:id', access: ACCESS, params: idParams, load: loadExplanation, allow: readable, viewed: viewedFa, respond: explanationPage }),
  route({
    method: 'GET',
    url: '/financial-assessments/:id/explanation.json',
    access: ACCESS,
    params: idParams,
    load: loadExplanation,
    allow: readable,
    viewed: viewedFa,
    respond: (_ctx, r: Explained) => (r.explanation ? download('application/json; charset=utf-8', JSON.stringify(r.explanation, null, 2)) : redirect(paths.charging.check(r.fa.id))),
  }),
];
