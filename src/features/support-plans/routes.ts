import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { PlanContent } from '../../domain/planning/changes.js';
import { upsert } from '../../domain/planning/content.js';
import { planChanges } from '../../domain/planning/changes.js';
import { SIGN_OFF_LEVELS } from '../../domain/planning/sign-off.js';
import { ConflictError, NotFoundError, ValidationError } from '../../errors.js';
import { paths } from '../../paths.js';
import { type StaffActor, can } from '../../policies/index.js';
import { mayAgreeAt, signOffQueueScope } from '../../policies/support-plans.js';
import { dateParts } from '../../web/forms.js';
import { type Context, type ContextAfter, type Route, download, idParams, page, redirect, route, uuid } from '../../web/route.js';
import { explain, compileScheme } from '../../domain/ras/pricing.js';
import { explanationView } from '../assessments/presenters.js';
import { directoryChoices, directoryEntryName } from '../directory/repository.js';
import { compliance } from '../../domain/directory/checks.js';
import { fullName } from '../people/presenters.js';
import { personById } from '../people/repository.js';
import { concernsAbout } from '../safeguarding/repository.js';
import { type Collection, type DirectoryChoice, chosenDirectoryEntry, lines, outcomes, unpaid } from './collections.js';
import { editDraftPlan, requireDraft } from './edit-plan.js';
import * as pages from './pages.js';
import { planPdf } from './pdf.js';
import { type PlanRecord, contentOf, loadPlanRecord, planAudit, planView } from './plan-record.js';
import { personCopy, printSections } from './presenters.js';
import { decisionsOn, planById, plansAwaitingSignOff } from './repository.js';
import { aboutSchema, decisionSchema, moneySchema, supportStartSchema, versionSchema } from './schemas.js';
import { decidePlan, recordSupportStart, submitPlan } from './sign-off.js';
import { openDraftPlan } from './start-plan.js';
import { staffStanding } from '../plan-agreement/presenters.js';
import { planCopyText } from '../consent/presenters.js';
import { latestPlanCopyOf } from '../consent/repository.js';
import { latestAgreementOf } from '../plan-agreement/repository.js';
import { formatDateTime } from '../../web/format.js';

/**
 * The support plan's routes, as data (see src/web/route.ts for the pipeline that runs them).
 * Every plan route loads the plan once, in the request's transaction, and asks the plan policy.
 */

const settingsOf = (ctx: ContextAfter) => ({ checkPolicy: ctx.config.checkPolicy, signOffLimits: ctx.config.signOffLimits });
const load = (ctx: Context, params: { id: string }) => loadPlanRecord(ctx.db, params.id);
const saved = (record: PlanRecord, text = 'Plan saved') => redirect(paths.plans.view(record.plan.id), text);
/** A conflict on save: the plan as it is now, saying why, so the other person's change is never lost. */
const toPlan = (_ctx: ContextAfter, record: PlanRecord, error: ConflictError) => redirect(paths.plans.view(record.plan.id), error.message, 'important');
const writable = (actor: StaffActor, record: PlanRecord) => can(actor, 'plan:write', record);

async function viewFor(ctx: Context, record: PlanRecord) {
  return planView(record, await decisionsOn(ctx.db, record.plan.id), ctx.today, settingsOf(ctx));
}

/** A draft form page: the plan must be a draft to open it. */
const draftLoad = async (ctx: Context, params: { id: string }) => {
  const record = await load(ctx, params);
  if (record) requireDraft(record);
  return record;
};

function collectionRoutes<T extends { id: string }, F>(collection: Collection<T, F>): Route[] {
  const base = `/plans/:id/${collection.segment}`;
  const itemOf = (record: PlanRecord, itemId: string) => collection.items(contentOf(record.plan)).find((i) => i.id === itemId);
  const withItem = z.object({ id: uuid, itemId: uuid });
  type Loaded = PlanRecord & { itemId: string | null; choices: DirectoryChoice[] };
  const loadForm = (withChoices: boolean) => async (ctx: Context, params: { id: string; itemId?: string }) => {
    const record = await draftLoad(ctx, params);
    if (!record) return undefined;
    if (params.itemId && !itemOf(record, params.itemId)) throw new NotFoundError(collection.noun);
    return { ...record, itemId: params.itemId ?? null, choices: withChoices && collection.usesDirectory ? (await directoryChoices(ctx.db)).map((d) => ({ id: d.id, name: d.name, kind: d.kind, hourlyRatePence: d.hourly_rate_pence, checks: compliance(d.kind, d.checks, ctx.today, ctx.config.checkPolicy).state })) : [] } as Loaded;
  };
  const formPage = (record: Loaded, values: Record<string, string | string[]>, errors?: { field: string; message: string }[]) => page(collection.template, pages.collectionPage(collection, record, record.itemId, values, record.choices, errors));
  const save = async (ctx: Context, record: Loaded, form: F & { version: number }) => {
    const entryId = chosenDirectoryEntry(form);
    const provider = entryId ? await directoryEntryName(ctx.db, entryId) : null;
    if (entryId && !provider) throw new ValidationError([{ field: 'provider', message: 'Choose who provides it from the directory, or choose “Someone not in the directory”' }]);
    const item = collection.build(form, record.itemId ?? randomUUID(), record, provider ?? null);
    await editDraftPlan(ctx, record, form.version, `${collection.segment}-${record.itemId ? 'changed' : 'added'}`, (content: PlanContent) => {
      const items = upsert(collection.items(content), item, record.itemId !== null);
      if (!items) throw new ConflictError('That part of the plan was removed by someone else while you were working on it');
      return collection.replace(content, items);
    });
  };
  const common = { access: 'plans:write' as const, allow: writable, conflict: toPlan };
  const formSchema = (collection.schema as unknown as z.ZodObject).extend(versionSchema.shape);
  return [
    route({ ...common, method: 'GET', url: `${base}/new`, params: idParams, load: loadForm(true), viewed: (r: Loaded) => planAudit(r), respond: (_ctx, r: Loaded) => formPage(r, {}) }),
    route({ ...common, method: 'POST', url: `${base}/new`, params: idParams, load: loadForm(false), reload: loadForm(true), form: formSchema, command: save as never, invalid: (_ctx, r: Loaded, p) => formPage(r, p.values, p.errors), respond: (_ctx, r: Loaded) => saved(r) }),
    route({ ...common, method: 'GET', url: `${base}/:itemId`, params: withItem, load: loadForm(true), viewed: (r: Loaded) => planAudit(r), respond: (_ctx, r: Loaded) => formPage(r, collection.values(itemOf(r, r.itemId!)!)) }),
    route({ ...common, method: 'POST', url: `${base}/:itemId`, params: withItem, load: loadForm(false), reload: loadForm(true), form: formSchema, command: save as never, invalid: (_ctx, r: Loaded, p) => formPage(r, p.values, p.errors), respond: (_ctx, r: Loaded) => saved(r) }),
    // Removing asks first: the button on the item's page opens this question.
    route({
      ...common,
      method: 'GET',
      url: `${base}/:itemId/remove`,
      params: withItem,
      load: loadForm(false),
      viewed: (r: Loaded) => planAudit(r),
      respond: (_ctx, r: Loaded) => {
        const values = collection.values(itemOf(r, r.itemId!)!) as Record<string, unknown>;
        const what = [values.text, values.who && values.what ? `${values.who}: ${values.what}` : null, values.description].find((v) => typeof v === 'string' && v) as string | undefined;
        return page('support-plans/views/remove.njk', { title: `Remove this ${collection.noun} from the plan?`, caption: pages.caption(r), what: what ?? '', action: paths.plans.remove(r.plan.id, collection.segment, r.itemId!), version: r.plan.row_version, backLink: { href: `/plans/${r.plan.id}/${collection.segment}/${r.itemId}` } }, { noStore: true });
      },
    }),
    route({
      ...common,
      method: 'POST',
      url: `${base}/:itemId/remove`,
      params: withItem,
      load: loadForm(false),
      form: versionSchema,
      command: (ctx, r: Loaded, form: { version: number }) =>
        editDraftPlan(ctx, r, form.version, `${collection.segment}-removed`, (content) => collection.replace(content, collection.items(content).filter((i) => i.id !== r.itemId))),
      invalid: (_ctx, r: Loaded, problems) => redirect(paths.plans.view(r.plan.id), problems.errors[0]!.message, 'important'),
      respond: (_ctx, r: Loaded) => saved(r, 'Removed from the plan'),
    }),
  ];
}

/** A page of a draft plan with one form (about the person; money): show it, save it, show it again with its problems. */
function draftFormRoutes<F extends { version: number }>(
  url: string,
  view: string,
  form: z.ZodType<F>,
  what: string,
  pageOf: (record: PlanRecord, values: Record<string, string | string[]>, errors?: { field: string; message: string }[]) => Record<string, unknown>,
  valuesOf: (record: PlanRecord) => Record<string, string | string[]>,
  apply: (content: PlanContent, form: F) => PlanContent,
): Route[] {
  const common = { url, access: 'plans:write' as const, params: idParams, load: draftLoad, allow: writable };
  return [
    route({ ...common, method: 'GET', viewed: planAudit, respond: (_ctx, r: PlanRecord) => page(view, pageOf(r, valuesOf(r))) }),
    route({
      ...common,
      method: 'POST',
      form,
      command: (ctx, r: PlanRecord, f: F) => editDraftPlan(ctx, r, f.version, what, (c) => apply(c, f)),
      invalid: (_ctx, r: PlanRecord, p) => page(view, pageOf(r, p.values, p.errors)),
      conflict: toPlan,
      respond: (_ctx, r: PlanRecord) => saved(r),
    }),
  ];
}

const planRead = (actor: StaffActor, record: PlanRecord) => can(actor, 'plan:read', record);
const aboutForm = aboutSchema.extend(versionSchema.shape);
const moneyForm = moneySchema.extend(versionSchema.shape);
const decisionForm = decisionSchema.extend(versionSchema.shape);
const supportStartForm = supportStartSchema.extend(versionSchema.shape);

/** The plan with its page's extras: the checks, decisions, and (for casework staff) the safeguarding banner. */
async function planPageOf(ctx: Context, params: { id: string }, forThePage: boolean) {
  const record = await load(ctx, params);
  if (!record) return undefined;
  if (!forThePage) return { view: planView(record, [], ctx.today, settingsOf(ctx)), concerns: null, agreement: undefined, copy: undefined };
  const [view, concerns, agreement, copy] = await Promise.all([viewFor(ctx, record), can(ctx.actor, 'plan:see-casework', record) ? concernsAbout(ctx.db, record.person.id) : Promise.resolve(null), latestAgreementOf(ctx.db, record.plan.id), record.plan.status === 'agreed' ? latestPlanCopyOf(ctx.db, record.plan.id) : Promise.resolve(undefined)]);
  return { view, concerns, agreement, copy };
}
const loadPlanPage = (ctx: Context, params: { id: string }) => planPageOf(ctx, params, true);
/** For a decision about the plan: its checks and sign-off, without the page's decisions and concerns (loaded again only to show a problem). */
const loadPlanToDecide = (ctx: Context, params: { id: string }) => planPageOf(ctx, params, false);
type PlanPage = NonNullable<Awaited<ReturnType<typeof loadPlanPage>>>;

/** The person's copy: the plan in their words, with the explanation of their indicative budget. */
/** The person's own copy of a plan (staff print it; the person reads it in My Selfdirect). */
export async function loadPersonCopy(ctx: Context, params: { id: string }) {
  const record = await load(ctx, params);
  if (!record) return undefined;
  const view = await viewFor(ctx, record);
  const explanation = record.assessment.status === 'completed' ? explain(compileScheme(record.scheme), record.assessment.answers, record.assessment.group_id) : null;
  const explained = explanation ? explanationView(explanation, { personName: fullName(record.person), panelDecision: record.panelDecision }) : null;
  return { view, copy: personCopy(view, explained, fullName(record.person)) };
}
export type CopyPage = NonNullable<Awaited<ReturnType<typeof loadPersonCopy>>>;

export const supportPlanRoutes: Route[] = [
  route({
    method: 'POST',
    url: '/people/:id/plans',
    access: 'plans:write',
    params: idParams,
    load: (ctx, params) => personById(ctx.db, params.id),
    allow: (actor, person) => can(actor, 'person:write', person),
    command: (ctx, person) => openDraftPlan(ctx.db, ctx.actor, person),
    respond: (_ctx, _person, plan) => redirect(paths.plans.view(plan.id)),
    invalid: (_ctx, person, problems) => redirect(paths.people.view(person.id), problems.errors[0]!.message, 'important'),
    conflict: (_ctx, person, error) => redirect(paths.people.view(person.id), error.message, 'important'),
  }),
  route({
    method: 'GET',
    url: '/plans/:id',
    access: 'plans:read',
    params: idParams,
    load: loadPlanPage,
    allow: (actor, p: PlanPage) => planRead(actor, p.view),
    viewed: (p: PlanPage) => planAudit(p.view),
    respond: (ctx, p: PlanPage) => page('support-plans/views/plan.njk', { ...pages.planPage(ctx.actor, p.view, p.concerns), personAgreement: staffStanding(p.agreement, p.view.plan.status === 'agreed'), planCopy: p.view.plan.status === 'agreed' && can(ctx.actor, 'plan:see-casework', p.view) ? planCopyText(p.copy, p.view.plan.id, can(ctx.actor, 'plan:write', p.view)) : null, sentByPerson: p.view.plan.sent_by_person_at ? `${p.view.plan.sent_by_person_as} wrote this plan in My Selfdirect and sent it on ${formatDateTime(p.view.plan.sent_by_person_at)}. Check it with them, complete what is missing, and send it for sign-off.` : null }, { noStore: true }),
  }),
  ...draftFormRoutes('/plans/:id/about', 'support-plans/views/about.njk', aboutForm, 'about-changed', pages.aboutPage, pages.aboutValues, (c, f: z.infer<typeof aboutForm>) => ({ ...c, importantToMe: f.important_to_me, stayingWell: f.staying_well, contingency: f.contingency, preventionAdvice: f.prevention_advice })),
  ...collectionRoutes(outcomes),
  ...collectionRoutes(unpaid),
  ...collectionRoutes(lines),
  ...draftFormRoutes('/plans/:id/money', 'support-plans/views/money.njk', moneyForm, 'money-changed', pages.moneyPage, pages.moneyValues, (c, f: z.infer<typeof moneyForm>) => ({ ...c, paymentFrequency: f.payment_frequency, exceptionalNeed: f.exceptional_need, differenceReason: f.difference_reason })),
  route({
    method: 'POST',
    url: '/plans/:id/submit',
    access: 'plans:write',
    params: idParams,
    load: loadPlanToDecide,
    reload: loadPlanPage,
    allow: (actor, p: PlanPage) => writable(actor, p.view),
    form: versionSchema,
    command: (ctx, p: PlanPage, f: { version: number }) => submitPlan(ctx, p.view, f.version),
    invalid: (ctx, p: PlanPage, problems) => page('support-plans/views/plan.njk', pages.planPage(ctx.actor, p.view, p.concerns, problems.errors)),
    conflict: (_ctx, p: PlanPage, error) => redirect(paths.plans.view(p.view.plan.id), error.message, 'important'),
    respond: (ctx, p: PlanPage, { level }) => redirect(mayAgreeAt(ctx.actor, level) ? paths.plans.signOff(p.view.plan.id) : paths.plans.view(p.view.plan.id), `Plan sent for sign-off by ${SIGN_OFF_LEVELS[level]}`),
  }),
  route({
    method: 'GET',
    url: '/plans/:id/sign-off',
    access: 'plans:sign-off',
    params: idParams,
    load: loadPlanPage,
    allow: (actor, p: PlanPage) => can(actor, 'plan:sign-off', p.view),
    viewed: (p: PlanPage) => planAudit(p.view),
    respond: (ctx, p: PlanPage) => page('support-plans/views/sign-off.njk', pages.signOffPage(ctx.actor, p.view)),
  }),
  route({
    method: 'POST',
    url: '/plans/:id/sign-off',
    access: 'plans:sign-off',
    params: idParams,
    load: loadPlanToDecide,
    reload: loadPlanPage,
    allow: (actor, p: PlanPage) => can(actor, 'plan:sign-off', p.view),
    form: decisionForm,
    command: async (ctx, p: PlanPage, f: { version: number; decision: 'agree' | 'return'; reasons: string }) => {
      await decidePlan(ctx, p.view, f.version, { agree: f.decision === 'agree', reasons: f.reasons });
      return f.decision;
    },
    invalid: (ctx, p: PlanPage, problems) => page('support-plans/views/sign-off.njk', pages.signOffPage(ctx.actor, p.view, problems.values, problems.errors)),
    conflict: (_ctx, p: PlanPage, error) => redirect(paths.plans.signOff(p.view.plan.id), error.message, 'important'),
    respond: (ctx, p: PlanPage, decision: 'agree' | 'return') =>
      redirect(can(ctx.actor, 'plan:see-casework', p.view) ? paths.plans.view(p.view.plan.id) : paths.plans.signOffQueue(), decision === 'agree' ? 'Plan agreed. Reviews have been scheduled' : 'Plan returned with your reasons'),
  }),
  route({
    method: 'GET',
    url: '/sign-off',
    access: 'plans:sign-off',
    load: async (ctx) => {
      const scope = signOffQueueScope(ctx.actor);
      return scope ? plansAwaitingSignOff(ctx.db, scope) : [];
    },
    respond: (_ctx, queue) => page('support-plans/views/queue.njk', pages.queuePage(queue)),
  }),
  route({
    method: 'POST',
    url: '/plans/:id/revise',
    access: 'plans:write',
    params: idParams,
    load,
    allow: writable,
    command: async (ctx, r: PlanRecord) => {
      if (!can(ctx.actor, 'plan:revise', r)) throw new ConflictError(r.person.closed_on ? 'This record is closed' : 'Only the newest agreed version of a plan can be revised');
      return openDraftPlan(ctx.db, ctx.actor, r.person);
    },
    respond: (_ctx, _r, plan) => redirect(paths.plans.view(plan.id), `Version ${plan.plan_number} started. The agreed version stays in force until this one is agreed`),
  }),
  route({
    method: 'GET',
    url: '/plans/:id/support-start',
    access: 'plans:write',
    params: idParams,
    load,
    allow: writable,
    viewed: planAudit,
    command: async (_ctx, r: PlanRecord) => {
      if (r.plan.status !== 'agreed') throw new ConflictError('Record when support starts once the plan is agreed');
    },
    respond: (_ctx, r: PlanRecord) => page('support-plans/views/support-start.njk', pages.supportStartPage(r, dateParts('starts_on', r.plan.support_starts_on))),
  }),
  route({
    method: 'POST',
    url: '/plans/:id/support-start',
    access: 'plans:write',
    params: idParams,
    load,
    allow: writable,
    form: supportStartForm,
    dates: ['starts_on'],
    command: (ctx, r: PlanRecord, f: { version: number; starts_on: string }) => recordSupportStart(ctx, r, f.version, f.starts_on),
    invalid: (_ctx, r: PlanRecord, p) => page('support-plans/views/support-start.njk', pages.supportStartPage(r, p.values, p.errors)),
    conflict: toPlan,
    respond: (_ctx, r: PlanRecord) => saved(r, 'Start of support recorded'),
  }),
  route({
    method: 'GET',
    url: '/plans/:id/changes',
    access: 'people:read',
    params: idParams,
    load: async (ctx, params) => {
      const record = await load(ctx, params);
      if (!record) return undefined;
      return { record, previous: record.plan.previous_id ? ((await planById(ctx.db, record.plan.previous_id)) ?? null) : null };
    },
    allow: (actor, r) => planRead(actor, r.record),
    viewed: (r) => planAudit(r.record),
    respond: (_ctx, r) => page('support-plans/views/changes.njk', pages.changesPage(r.record, r.previous, r.previous ? planChanges(contentOf(r.previous), contentOf(r.record.plan)) : [])),
  }),
  route({
    method: 'GET',
    url: '/plans/:id/print',
    access: 'people:read',
    params: idParams,
    load: loadPersonCopy,
    allow: (actor, p: CopyPage) => planRead(actor, p.view),
    viewed: (p: CopyPage) => planAudit(p.view),
    respond: (_ctx, { view, copy }: CopyPage) =>
      page('support-plans/views/print.njk', { title: copy.title, copy, sections: printSections(copy), pdf: view.plan.status === 'agreed' ? paths.plans.pdf(view.plan.id) : null, backLink: { href: paths.plans.view(view.plan.id), text: 'Back to the plan' } }, { noStore: true }),
  }),
  route({
    method: 'GET',
    url: '/plans/:id/plan.pdf',
    access: 'people:read',
    params: idParams,
    load: loadPersonCopy,
    allow: (actor, p: CopyPage) => planRead(actor, p.view) && p.view.plan.status === 'agreed',
    viewed: (p: CopyPage) => planAudit(p.view),
    respond: async (ctx, { view, copy }: CopyPage) => download('application/pdf', await planPdf(copy, ctx.config.councilName), `support-plan-${view.person.reference}-v${view.plan.plan_number}.pdf`),
  }),
];
