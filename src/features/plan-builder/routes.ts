import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { PlanContent } from '../../domain/planning/changes.js';
import { paths } from '../../paths.js';
import { type CitizenActor, can } from '../../policies/index.js';
import { presentErrors } from '../../web/forms.js';
import { type Context, type ContextAfter, type Route, idParams, page, redirect, route } from '../../web/route.js';
import { latestCompletedAssessmentOf } from '../assessments/repository.js';
import { publicDirectoryChoices } from '../directory/repository.js';
import { ValidationError } from '../../errors.js';
import { personById } from '../people/repository.js';
import { type PlanRecord, checksFor, loadPlanRecord, planAudit } from '../support-plans/plan-record.js';
import { decisionsOn, latestAgreedPlanOf, openPlanOf } from '../support-plans/repository.js';
import { changeOwnPlan, lineFrom, requireOpenToPerson, sendPlanToWorker, startOwnPlan } from './build.js';
import { type DirectoryChoice, builderPage, needItems, providerItems, startPlanPage } from './presenters.js';
import { aboutForm, lineForm, outcomeForm, removeForm, unpaidForm, versionForm } from './schemas.js';
import { citizenOf } from '../portal/acting.js';

/** The person writes their own support plan in My Selfdirect (issue 14, part 4): for the person, and representatives given the plan. */
const mayPlan = (actor: Parameters<typeof can>[0], r: { person: { id: string } }) => can(actor, 'portal:plan', { person_id: r.person.id });
const settingsOf = (ctx: ContextAfter) => ({ checkPolicy: ctx.config.checkPolicy, signOffLimits: ctx.config.signOffLimits });
const nameOf = (ctx: { citizen?: CitizenActor }, person: { preferred_name: string | null; given_name: string }) => ({ own: citizenOf(ctx).kind === 'person', name: person.preferred_name || person.given_name });

async function loadPersonPlan(ctx: Context, params: { id: string }) {
  const person = await personById(ctx.db, params.id);
  if (!person) return undefined;
  const open = await openPlanOf(ctx.db, person.id);
  const [record, decisions, agreed, assessment] = await Promise.all([
    open ? loadPlanRecord(ctx.db, open.id) : Promise.resolve(undefined),
    open ? decisionsOn(ctx.db, open.id) : Promise.resolve([]),
    latestAgreedPlanOf(ctx.db, person.id),
    latestCompletedAssessmentOf(ctx.db, person.id),
  ]);
  return { person, record, decisions, agreed, assessment };
}
type PersonPlan = NonNullable<Awaited<ReturnType<typeof loadPersonPlan>>>;

function personPlanView(ctx: ContextAfter, s: PersonPlan, errors?: { field: string; message: string }[]) {
  const who = nameOf(ctx, s.person);
  if (s.record) {
    const editable = s.record.plan.status === 'draft' && !s.record.plan.sent_by_person_at;
    return page('plan-builder/views/plan.njk', builderPage({ record: s.record, checks: checksFor(s.record, ctx.today, settingsOf(ctx)), decisions: s.decisions, editable, ...who }), { noStore: true });
  }
  return page('plan-builder/views/start.njk', startPlanPage({ ...who, canStart: Boolean(s.assessment), agreedPlanHref: s.agreed ? paths.portal.plan(s.agreed.id) : null, assessmentHref: paths.portal.selfAssessment(s.person.id), action: paths.portal.ownPlan(s.person.id) }, errors), { noStore: true });
}

const loadOpen = async (ctx: Context, params: { id: string }) => {
  const record = await loadPlanRecord(ctx.db, params.id);
  if (record && mayPlan(ctx.actor, record)) requireOpenToPerson(record);
  return record;
};
const backToPlan = (_ctx: unknown, r: PlanRecord, error?: Error) => redirect(paths.portal.ownPlan(r.person.id), error?.message, 'important');

/** A form that changes the draft: shown, checked, saved with the version check, then back to the plan. */
function draftForm<F extends { version: number }>(spec: { segment: string; view: string; title: string; schema: z.ZodType<F>; what: string; extra?: (ctx: Context, r: PlanRecord) => Promise<Record<string, unknown>>; values?: (r: PlanRecord) => Record<string, unknown>; change: (c: PlanContent, f: F, extra: Record<string, unknown>) => PlanContent; done: string }): Route[] {
  type Loaded = PlanRecord & { extra: Record<string, unknown> };
  const load = async (ctx: Context, params: { id: string }) => {
    const record = await loadOpen(ctx, params);
    return record ? ({ ...record, extra: (await spec.extra?.(ctx, record)) ?? {} } as Loaded) : undefined;
  };
  const view = (r: Loaded, values: Record<string, unknown>, errors?: { field: string; message: string }[]) =>
    page(spec.view, { title: spec.title, caption: `Support plan, version ${r.plan.plan_number}`, values, version: r.plan.row_version, needItems: needItems(r, values.needs), ...r.extra, providerItems: providerItems((r.extra.directory as DirectoryChoice[] | undefined) ?? [], values.provider), backLink: { href: paths.portal.ownPlan(r.person.id) }, ...presentErrors(errors) }, { noStore: true, status: errors ? 400 : 200 });
  const url = `/my/plans/:id/${spec.segment}`;
  return [
    route({ method: 'GET', url, access: 'portal', params: idParams, load, allow: mayPlan, viewed: (r: Loaded) => planAudit(r, 'portal.plan-viewed'), respond: (_ctx, r: Loaded) => view(r, spec.values?.(r) ?? {}) }),
    route({
      method: 'POST',
      url,
      access: 'portal',
      params: idParams,
      load,
      allow: mayPlan,
      form: spec.schema,
      command: (ctx, r: Loaded, f: F) => changeOwnPlan(ctx, r, f.version, spec.what, (c) => spec.change(c, f, r.extra)),
      invalid: (_ctx, r: Loaded, problems) => view(r, problems.values, problems.errors),
      conflict: backToPlan,
      respond: (_ctx, r: Loaded) => redirect(paths.portal.ownPlan(r.person.id), spec.done),
    }),
  ];
}

export const planBuilderRoutes: Route[] = [
  route({ method: 'GET', url: '/my/people/:id/plan', access: 'portal', params: idParams, load: loadPersonPlan, allow: mayPlan, viewed: (s: PersonPlan) => ({ action: 'portal.plan-viewed', subjectType: s.record ? 'support-plan' : 'person', subjectId: s.record?.plan.id ?? s.person.id, personId: s.person.id }), respond: (ctx, s: PersonPlan) => personPlanView(ctx, s) }),
  route({
    method: 'POST',
    url: '/my/people/:id/plan',
    access: 'portal',
    params: idParams,
    load: loadPersonPlan,
    allow: mayPlan,
    command: (ctx, s: PersonPlan) => startOwnPlan(ctx, citizenOf(ctx), s.person),
    invalid: (ctx, s: PersonPlan, problems) => personPlanView(ctx, s, problems.errors),
    conflict: (_ctx, s: PersonPlan, error) => redirect(paths.portal.ownPlan(s.person.id), error.message, 'important'),
    respond: (_ctx, s: PersonPlan) => redirect(paths.portal.ownPlan(s.person.id), 'Your plan is started. Work through each part'),
  }),
  ...draftForm({
    segment: 'about',
    view: 'plan-builder/views/about.njk',
    title: 'What is important to you',
    schema: aboutForm,
    what: 'about-changed',
    values: (r) => ({ important_to_me: r.plan.important_to_me ?? '', staying_well: r.plan.staying_well ?? '', contingency: r.plan.contingency ?? '' }),
    change: (c, f) => ({ ...c, importantToMe: f.important_to_me, stayingWell: f.staying_well, contingency: f.contingency }),
    done: 'Saved',
  }),
  ...draftForm({
    segment: 'outcomes/new',
    view: 'plan-builder/views/outcome.njk',
    title: 'What do you want to achieve?',
    schema: outcomeForm,
    what: 'outcome-added',
    change: (c, f) => ({ ...c, outcomes: [...c.outcomes, { id: randomUUID(), text: f.text, needs: f.needs }] }),
    done: 'Added to your plan',
  }),
  ...draftForm({
    segment: 'unpaid-support/new',
    view: 'plan-builder/views/unpaid.njk',
    title: 'Help from family, friends and groups',
    schema: unpaidForm,
    what: 'unpaid-support-added',
    change: (c, f) => ({ ...c, unpaidSupport: [...c.unpaidSupport, { id: randomUUID(), who: f.who, what: f.what, needs: f.needs }] }),
    done: 'Added to your plan',
  }),
  ...draftForm({
    segment: 'lines/new',
    view: 'plan-builder/views/line.njk',
    title: 'Add paid support',
    schema: lineForm,
    what: 'line-added',
    extra: async (ctx) => ({ directory: await publicDirectoryChoices(ctx.db) }),
    change: (c, f, extra) => {
      const chosen = (extra.directory as DirectoryChoice[]).find((d) => d.id === f.provider);
      // Only the public directory is offered; any other id is not a choice.
      if (!chosen && f.provider !== 'other') throw new ValidationError([{ field: 'provider', message: 'Choose who gives the support' }]);
      const provider = chosen ? { directoryEntryId: chosen.id, name: chosen.name, kind: chosen.kind } : { name: f.provider_name!, kind: f.provider_kind! };
      return { ...c, lines: [...c.lines, lineFrom({ description: f.description, provider, frequency: f.frequency, quantityHundredths: f.quantity, unitCostPence: f.unit_cost, needs: f.needs, management: f.management })] };
    },
    done: 'Added to your plan',
  }),
  route({
    method: 'POST',
    url: '/my/plans/:id/remove',
    access: 'portal',
    params: idParams,
    load: loadOpen,
    allow: mayPlan,
    form: removeForm,
    command: (ctx, r: PlanRecord, f: z.infer<typeof removeForm>) => {
      const ids = f.part === 'outcome' ? r.plan.outcomes.map((o) => o.id) : f.part === 'unpaid' ? r.plan.unpaid_support.map((u) => u.id) : r.plan.lines.map((l) => l.id);
      if (!ids.includes(f.item)) throw new ValidationError([{ field: 'item', message: 'That is not in the plan any more' }]);
      return changeOwnPlan(ctx, r, f.version, `${f.part === 'unpaid' ? 'unpaid-support' : f.part}-removed`, (c) =>
        f.part === 'outcome'
          ? { ...c, outcomes: c.outcomes.filter((o) => o.id !== f.item), lines: c.lines.map((l) => ({ ...l, outcomes: l.outcomes.filter((id) => id !== f.item) })) }
          : f.part === 'unpaid'
            ? { ...c, unpaidSupport: c.unpaidSupport.filter((u) => u.id !== f.item) }
            : { ...c, lines: c.lines.filter((l) => l.id !== f.item) },
      );
    },
    invalid: (_ctx, r: PlanRecord, problems) => redirect(paths.portal.ownPlan(r.person.id), problems.errors[0]?.message, 'important'),
    conflict: backToPlan,
    respond: (_ctx, r: PlanRecord) => redirect(paths.portal.ownPlan(r.person.id), 'Removed from your plan'),
  }),
  route({
    method: 'POST',
    url: '/my/plans/:id/send',
    access: 'portal',
    params: idParams,
    load: loadOpen,
    allow: mayPlan,
    form: versionForm,
    command: async (ctx, r: PlanRecord, f: z.infer<typeof versionForm>) => {
      await sendPlanToWorker(ctx, citizenOf(ctx), r, f.version);
      return true;
    },
    invalid: (_ctx, r: PlanRecord, problems) => redirect(paths.portal.ownPlan(r.person.id), problems.errors[0]?.message, 'important'),
    conflict: backToPlan,
    respond: (_ctx, r: PlanRecord) => redirect(paths.portal.ownPlan(r.person.id), 'Sent to the worker. They will check it with you'),
  }),
];
