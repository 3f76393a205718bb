import { z } from 'zod';
import { carePlanResource } from '../domain/fhir/care-plan.js';
import { patientResource } from '../domain/fhir/patient.js';
import { parseNhsNumber } from '../domain/people/nhs-number.js';
import { addDays } from '../domain/directory/checks.js';
import type { Person } from '../db/schema.js';
import { peopleWithNhsNumber, personById } from '../features/people/repository.js';
import { latestAgreedPlanOf, planById, planVersionsOf } from '../features/support-plans/repository.js';
import type { Executor } from '../web/route.js';
import { type ApiClientActor, seesTeam } from './clients.js';
import { type ApiContext, type ApiRoute, BeingWorkedOut, apiRoute } from './pipeline.js';
import { explain } from '../domain/ras/pricing.js';
import { reportingPeriod } from '../domain/calendar/reporting-period.js';
import { assessmentRecordById, assessmentsOfPerson } from '../features/assessments/repository.js';
import { compiledSchemeFor } from '../features/schemes/repository.js';
import { figuresFor } from '../features/statutory-returns/kept-figures.js';
import * as s from './schemas.js';
import { apiPaymentRoutes } from './v1-payments.js';

/**
 * Version 1 of the open API (ADR 0021): people (read, and found by NHS number — in the body, never
 * the address), their agreed support plan with its budget statement, and both as FHIR. Every read
 * of a person's record is audited as the client, exactly as a member of staff's view is.
 */
const idParams = z.object({ id: z.uuid() });

const viewed = (ctx: ApiContext, person: Person, reason?: string) => ctx.audit({ action: 'person.viewed', subjectType: 'person', subjectId: person.id, personId: person.id, ...(reason ? { reason } : {}) });

/** The person, when this client may see them (their team is one of its teams). */
async function visiblePerson(db: Executor, client: ApiClientActor, id: string): Promise<Person | undefined> {
  const person = await personById(db, id);
  return person && seesTeam(client, person.team_id) ? person : undefined;
}

/** The person the client may see, with their record's read audited; undefined (a 404) otherwise. */
async function readPerson(ctx: ApiContext, id: string): Promise<Person | undefined> {
  const person = await visiblePerson(ctx.db, ctx.client, id);
  if (person) await viewed(ctx, person);
  return person;
}

const personJson = (p: Person): z.infer<typeof s.person> => ({
  id: p.id,
  reference: p.reference,
  name: { given: p.given_name, family: p.family_name, preferred: p.preferred_name },
  dateOfBirth: p.date_of_birth,
  dateOfDeath: p.date_of_death,
  nhsNumber: p.nhs_number,
  address: { line1: p.address_line_1, line2: p.address_line_2, town: p.town, postcode: p.postcode },
  phone: p.phone,
  email: p.email,
  teamId: p.team_id,
  closedOn: p.closed_on,
  version: p.version,
});

const patientFacts = (p: Person) => ({
  id: p.id,
  reference: p.reference,
  givenName: p.given_name,
  familyName: p.family_name,
  preferredName: p.preferred_name,
  dateOfBirth: p.date_of_birth,
  dateOfDeath: p.date_of_death,
  nhsNumber: p.nhs_number,
  addressLine1: p.address_line_1,
  addressLine2: p.address_line_2,
  town: p.town,
  postcode: p.postcode,
  phone: p.phone,
  email: p.email,
  gender: p.gender,
  closedOn: p.closed_on,
});

type Plan = NonNullable<Awaited<ReturnType<typeof planById>>>;

const planJson = (plan: Plan): z.infer<typeof s.plan> => ({
  id: plan.id,
  personId: plan.person_id,
  planNumber: plan.plan_number,
  agreedOn: plan.agreed_on,
  supportStartsOn: plan.support_starts_on,
  indicativeWeeklyPence: plan.indicative_weekly_pence,
  outcomes: plan.outcomes.map((o) => ({ id: o.id, text: o.text })),
  lines: plan.lines.map((l) => ({ id: l.id, description: l.description, providerName: l.providerName, frequency: l.frequency, quantityHundredths: l.quantityHundredths, unitCostPence: l.unitCostPence, management: l.management, fundingStream: l.fundingStream, outcomes: l.outcomes })),
  statement: plan.statement ? { weekly: plan.statement.weekly, annual: plan.statement.annual, oneOffPence: plan.statement.oneOffPence, directPayment: plan.statement.directPayment ? { netWeeklyPence: plan.statement.directPayment.netWeeklyPence, paymentPence: plan.statement.directPayment.paymentPence, frequency: plan.statement.directPayment.frequency } : null } : null,
});

/** An agreed plan the client may see, with its person; drafts are the council's work in progress, not shared. */
async function readAgreedPlan(ctx: ApiContext, id: string): Promise<Plan | undefined> {
  const plan = await planById(ctx.db, id);
  if (!plan || plan.status !== 'agreed') return undefined;
  const person = await visiblePerson(ctx.db, ctx.client, plan.person_id);
  if (!person) return undefined;
  await planRead(ctx, plan);
  return plan;
}

const planRead = (ctx: ApiContext, plan: Plan) => ctx.audit({ action: 'plan.viewed', subjectType: 'support-plan', subjectId: plan.id, personId: plan.person_id });

/** When a version ended: the day before the next agreed version of the person's plan starts. */
async function endedOn(db: Executor, plan: Plan): Promise<string | null> {
  const next = (await planVersionsOf(db, plan.person_id)).filter((v) => v.status === 'agreed' && v.plan_number > plan.plan_number).at(-1);
  return next?.support_starts_on ? addDays(next.support_starts_on, -1) : null;
}

const localSystem = (ctx: ApiContext) => `${ctx.config.publicUrl}/Id/person-reference`;
const DIRECTORY_PAGE = 100;

export const apiV1Routes: ApiRoute[] = [
  ...apiPaymentRoutes,
  apiRoute({
    method: 'POST',
    url: '/api/v1/people/search',
    scope: 'people:read',
    tag: 'People',
    summary: 'Find people by NHS number',
    description: 'The NHS number goes in the body, never the address (addresses are logged). Answers the people of the client’s teams with that number: none or one.',
    body: s.nhsSearch,
    response: s.peopleFound,
    handle: async (ctx, { body }) => {
      const parsed = parseNhsNumber(body.nhsNumber);
      if (!parsed.ok) return { people: [] };
      const people = (await peopleWithNhsNumber(ctx.db, parsed.value)).filter((p) => seesTeam(ctx.client, p.team_id));
      for (const p of people) await viewed(ctx, p, 'found by NHS number through the API');
      return { people: people.map(personJson) };
    },
  }),
  apiRoute({
    method: 'GET',
    url: '/api/v1/people/:id',
    scope: 'people:read',
    tag: 'People',
    summary: 'A person’s record',
    params: idParams,
    response: s.person,
    handle: async (ctx, { params }) => {
      const person = await readPerson(ctx, params.id);
      if (!person) return undefined;
      return personJson(person);
    },
  }),
  apiRoute({
    method: 'GET',
    url: '/api/v1/people/:id/fhir',
    scope: 'people:read',
    tag: 'FHIR',
    summary: 'A person as a FHIR R4 UK Core Patient',
    params: idParams,
    response: s.fhirResource,
    contentType: 'application/fhir+json',
    handle: async (ctx, { params }) => {
      const person = await readPerson(ctx, params.id);
      if (!person) return undefined;
      return patientResource(patientFacts(person), localSystem(ctx));
    },
  }),
  apiRoute({
    method: 'GET',
    url: '/api/v1/people/:id/plan',
    scope: 'plans:read',
    tag: 'Support plans',
    summary: 'A person’s agreed support plan in force, with its budget statement',
    params: idParams,
    response: s.plan,
    handle: async (ctx, { params }) => {
      const person = await visiblePerson(ctx.db, ctx.client, params.id);
      const plan = person ? await latestAgreedPlanOf(ctx.db, person.id) : undefined;
      if (!plan) return undefined;
      await planRead(ctx, plan);
      return planJson(plan);
    },
  }),
  apiRoute({
    method: 'GET',
    url: '/api/v1/plans/:id',
    scope: 'plans:read',
    tag: 'Support plans',
    summary: 'An agreed support plan, with its budget statement',
    params: idParams,
    response: s.plan,
    handle: async (ctx, { params }) => {
      const plan = await readAgreedPlan(ctx, params.id);
      return plan ? planJson(plan) : undefined;
    },
  }),
  apiRoute({
    method: 'GET',
    url: '/api/v1/plans/:id/fhir',
    scope: 'plans:read',
    tag: 'FHIR',
    summary: 'An agreed support plan as a FHIR R4 CarePlan',
    params: idParams,
    response: s.fhirResource,
    contentType: 'application/fhir+json',
    handle: async (ctx, { params }) => {
      const plan = await readAgreedPlan(ctx, params.id);
      if (!plan) return undefined;
      return carePlanResource({
        id: plan.id,
        personId: plan.person_id,
        planNumber: plan.plan_number,
        agreedAt: plan.agreed_at,
        supportStartsOn: plan.support_starts_on,
        endedOn: await endedOn(ctx.db, plan),
        importantToMe: plan.important_to_me,
        outcomes: plan.outcomes,
        lines: plan.lines,
        weeklyCostPence: plan.statement?.weekly.costPence ?? null,
        today: ctx.today,
      });
    },
  }),
  apiRoute({
    method: 'GET',
    url: '/api/v1/people/:id/assessments',
    scope: 'assessments:read',
    tag: 'Assessments',
    summary: 'A person’s completed assessments, newest first',
    params: idParams,
    response: s.assessmentListing,
    handle: async (ctx, { params }) => {
      const person = await readPerson(ctx, params.id);
      if (!person) return undefined;
      const rows = (await assessmentsOfPerson(ctx.db, person.id)).filter((a) => a.status === 'completed' && a.completed_at).sort((a, b) => b.completed_at!.getTime() - a.completed_at!.getTime());
      return { assessments: rows.map((a) => ({ id: a.id, kind: a.kind, completedAt: a.completed_at!.toISOString(), schemeId: a.scheme_id, schemeVersion: a.scheme_version, indicativeWeeklyPence: a.weekly_pence })) };
    },
  }),
  apiRoute({
    method: 'GET',
    url: '/api/v1/assessments/:id',
    scope: 'assessments:read',
    tag: 'Assessments',
    summary: 'A completed assessment and how its indicative personal budget was worked out',
    description: 'Every answer’s points, each domain’s cap, the adjustments and the pricing, with exact figures before the one rounding: the explanation the person is given. Re-priced with the scheme the assessment was priced with.',
    params: idParams,
    response: s.explainedAssessment,
    handle: async (ctx, { params }) => {
      const record = await assessmentRecordById(ctx.db, params.id);
      if (!record || record.assessment.status !== 'completed' || !seesTeam(ctx.client, record.person.team_id)) return undefined;
      await ctx.audit({ action: 'assessment.viewed', subjectType: 'assessment', subjectId: record.assessment.id, personId: record.person.id });
      const e = explain(await compiledSchemeFor(ctx.db, record.assessment.scheme_row_id), record.assessment.answers, record.assessment.group_id);
      return {
        id: record.assessment.id,
        personId: record.person.id,
        completedAt: record.assessment.completed_at?.toISOString() ?? null,
        ...e,
        adjustments: e.adjustments as Record<string, unknown>[],
        allocation: e.allocation as unknown as Record<string, unknown>,
        panelDecision: record.decision ? { decision: record.decision.decision, weeklyPence: record.decision.weekly_pence, reasons: record.decision.reasons } : null,
      };
    },
  }),
  apiRoute({
    method: 'GET',
    url: '/api/v1/directory',
    scope: 'directory:read',
    tag: 'Directory',
    summary: 'The directory of support, 100 entries a page',
    description: 'Organisations with their contact details; personal assistants only when they have agreed to be listed, and never their contact details.',
    query: s.pageQuery,
    response: s.directoryPage,
    handle: async (ctx, { query }) => {
      const listed = ctx.db.selectFrom('directory_entries').where((eb) => eb.or([eb('kind', '<>', 'personal-assistant'), eb('public_listing', '=', true)]));
      const total = Number((await listed.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
      const rows = await listed.selectAll().orderBy('reference').limit(DIRECTORY_PAGE).offset((query.page - 1) * DIRECTORY_PAGE).execute();
      return {
        entries: rows.map((d) => ({
          id: d.id,
          reference: d.reference,
          kind: d.kind,
          name: d.name,
          description: d.description,
          services: d.services,
          areas: d.areas,
          acceptingNew: d.accepting_new,
          hourlyRatePence: d.hourly_rate_pence,
          cqcLocationId: d.cqc_location_id,
          contact: d.kind === 'personal-assistant' ? null : { phone: d.phone, email: d.email, website: d.website, address: d.address, postcode: d.postcode },
        })),
        page: query.page,
        pages: Math.max(1, Math.ceil(total / DIRECTORY_PAGE)),
        total,
      };
    },
  }),
  apiRoute({
    method: 'GET',
    url: '/api/v1/reports/ascof',
    scope: 'reports:read',
    tag: 'Statutory reports',
    summary: 'ASCOF 3D for a financial year or quarter',
    description: 'The figures kept for the period (ADR 0018). When they are being worked out the answer is 503 with Retry-After: ask again then.',
    query: s.periodQuery,
    response: s.ascof,
    handle: async (ctx, { query }) => {
      const asked = reportingPeriod(query.period);
      if (!asked) return undefined;
      const period = asked.to > ctx.today ? { ...asked, to: ctx.today } : asked;
      if (period.from > ctx.today) return undefined;
      const [kept] = await figuresFor(ctx.db, 'ascof', [period], { laCode: ctx.config.statutory.laCode, workOutNowUpTo: ctx.config.statutory.workOutNowUpTo });
      if (!kept || kept.period.to !== period.to) throw new BeingWorkedOut();
      return { period: { from: kept.period.from, to: kept.period.to }, workedOutAt: kept.workedOutAt.toISOString(), measures: kept.figures.measures, unknownDeliveryMechanism: kept.figures.unknownDeliveryMechanism };
    },
  }),
];
