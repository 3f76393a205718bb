import { fullName } from '../people/presenters.js';
import type { z } from 'zod';
import type { Person } from '../../db/schema.js';
import { paths } from '../../paths.js';
import { can } from '../../policies/index.js';
import { formatDate } from '../../web/format.js';
import { dateParts, presentErrors } from '../../web/forms.js';
import { type Context, type Route, idParams, page, redirect, route } from '../../web/route.js';
import { personById } from '../people/repository.js';
import { type PlanRecord, loadPlanRecord } from '../support-plans/plan-record.js';
import { consentValues, radios } from './presenters.js';
import { recordConsent, recordPlanCopy } from './record.js';
import { latestConsentOf, latestPlanCopyOf } from './repository.js';
import { ADVOCACY, AGREED, CONSENT, SENT_HOW, consentSchema, planCopySchema } from './schemas.js';

/** Consent, capacity and advocacy on a person's record; the person's agreement and copy of an agreed plan. */
type Values = Record<string, unknown>;
type Errors = { field: string; message: string }[] | undefined;
const CONSENT_ANCHORS = { consent_to_share: 'consent_to_share', consent_on: 'consent_on-day', capacity_needed: 'capacity_needed', has_capacity: 'has_capacity', capacity_assessed_on: 'capacity_assessed_on-day', advocacy: 'advocacy' };

const consentPage = (person: Person, values: Values, errors?: Errors) =>
  page(
    'consent/views/consent.njk',
    {
      title: 'Consent, capacity and advocacy',
      caption: `${fullName(person)} (${person.reference})`,
      values,
      consent: radios(CONSENT, values.consent_to_share),
      capacityNeeded: radios({ no: 'No', yes: 'Yes: a capacity assessment was done for a decision' }, values.capacity_needed),
      hasCapacity: radios({ yes: 'Yes, they can make this decision', no: 'No, they cannot make this decision at the moment' }, values.has_capacity),
      advocacy: radios(ADVOCACY, values.advocacy),
      backLink: { href: paths.people.view(person.id) },
      ...presentErrors(errors, CONSENT_ANCHORS),
    },
    errors ? { status: 400 } : { noStore: true },
  );

const loadPerson = async (ctx: Context, p: { id: string }) => {
  const person = await personById(ctx.db, p.id);
  return person ? { person, consent: await latestConsentOf(ctx.db, person.id) } : undefined;
};
type ForConsent = NonNullable<Awaited<ReturnType<typeof loadPerson>>>;

const planCopyPage = (r: PlanRecord, values: Values, errors?: Errors) =>
  page(
    'consent/views/plan-copy.njk',
    {
      title: 'The person’s agreement and their copy',
      caption: `${fullName(r.person)}: support plan version ${r.plan.plan_number}, agreed ${formatDate(r.plan.agreed_on)}`,
      values,
      agreed: radios(AGREED, values.person_agreed),
      sentHow: radios(SENT_HOW, values.copy_sent_how),
      backLink: { href: paths.plans.view(r.plan.id) },
      ...presentErrors(errors, { person_agreed: 'person_agreed', copy_sent_on: 'copy_sent_on-day', copy_sent_how: 'copy_sent_how' }),
    },
    errors ? { status: 400 } : { noStore: true },
  );

const loadPlan = (ctx: Context, p: { id: string }) => loadPlanRecord(ctx.db, p.id);
const mayRecordCopy = (a: Parameters<typeof can>[0], r: PlanRecord) => can(a, 'plan:write', r) && r.plan.status === 'agreed';

export const consentRoutes: Route[] = [
  route({ method: 'GET', url: '/people/:id/consent', access: 'people:write', params: idParams, load: loadPerson, allow: (a, r: ForConsent) => can(a, 'person:change', r.person), viewed: (r: ForConsent) => ({ action: 'person.viewed', subjectType: 'person', subjectId: r.person.id, personId: r.person.id }), respond: (_ctx, r: ForConsent) => consentPage(r.person, consentValues(r.consent)) }),
  route({
    method: 'POST',
    url: '/people/:id/consent',
    access: 'people:write',
    params: idParams,
    load: loadPerson,
    allow: (a, r: ForConsent) => can(a, 'person:change', r.person),
    form: consentSchema,
    dates: ['consent_on', 'capacity_assessed_on'],
    command: (ctx, r: ForConsent, f: z.infer<typeof consentSchema>) => recordConsent(ctx, r.person, f),
    invalid: (_ctx, r: ForConsent, problems) => consentPage(r.person, problems.values, problems.errors),
    respond: (_ctx, r: ForConsent) => redirect(paths.people.view(r.person.id), 'Consent, capacity and advocacy saved'),
  }),
  route({
    method: 'GET',
    url: '/plans/:id/person-agreement',
    access: 'plans:write',
    params: idParams,
    load: async (ctx, p: { id: string }) => {
      const r = await loadPlan(ctx, p);
      return r ? { ...r, copy: await latestPlanCopyOf(ctx.db, r.plan.id) } : undefined;
    },
    allow: mayRecordCopy,
    viewed: (r) => ({ action: 'plan.viewed', subjectType: 'support-plan', subjectId: r.plan.id, personId: r.person.id }),
    respond: (_ctx, r) => planCopyPage(r, r.copy ? { person_agreed: r.copy.person_agreed, note: r.copy.note ?? '', copy_sent_how: r.copy.copy_sent_how ?? '', ...dateParts('copy_sent_on', r.copy.copy_sent_on) } : {}),
  }),
  route({
    method: 'POST',
    url: '/plans/:id/person-agreement',
    access: 'plans:write',
    params: idParams,
    load: loadPlan,
    allow: mayRecordCopy,
    form: planCopySchema,
    dates: ['copy_sent_on'],
    command: (ctx, r: PlanRecord, f: z.infer<typeof planCopySchema>) => recordPlanCopy(ctx, r.plan, f),
    invalid: (_ctx, r: PlanRecord, problems) => planCopyPage(r, problems.values, problems.errors),
    respond: (_ctx, r: PlanRecord) => redirect(paths.plans.view(r.plan.id), 'The person’s agreement and their copy are recorded'),
  }),
];
