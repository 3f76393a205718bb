import { randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import { DEFAULT_DELIVERY_MECHANISMS } from '../../domain/cld/services.js';
import { addDays } from '../../domain/directory/checks.js';
import { recordAudits } from '../../features/audit/audit-trail.js';
import { concludeContactAtVersion, insertContact } from '../../features/front-door/repository.js';
import { recordAssessmentEvent } from '../../features/statutory-returns/casework-events.js';
import { ownEventReference, recordPlanServices } from '../../features/statutory-returns/plan-services.js';
import { insertCldEvents } from '../../features/statutory-returns/repository.js';
import { londonToday } from '../../web/format.js';
import type { Database } from '../schema.js';

/**
 * The demo council's statutory history: what its previous system held (services and requests
 * over the last three years, brought in as a migration would), the events Selfdirect's own
 * records make (assessments, Margaret's plan), and two contacts at the front door — so the CLD
 * extract, ASCOF 3D and their trend by quarter have something to show.
 */
type System = { id: null; label: string };
interface Past {
  person: number;
  ref: string;
  type: 'Service' | 'Request' | 'Assessment';
  start: number;
  end?: number;
  outcome?: string;
  serviceType?: string;
  component?: string;
  mechanism?: string | null;
  unitCostPence?: number;
  frequency?: string;
  hundredths?: number | null;
  route?: string;
}

const COMMUNITY = 'Long term support: Community';
const HOME_CARE = 'Home support or domiciliary care';
const PAST: Past[] = [
  { person: 2, ref: 'ANY-S-0002', type: 'Service', start: -760, serviceType: COMMUNITY, component: 'Direct payment', mechanism: 'Direct payment', unitCostPence: 1600, frequency: 'Hourly', hundredths: 1200 },
  { person: 4, ref: 'ANY-S-0004', type: 'Service', start: -400, serviceType: 'Long term support: Residential care', component: 'Short term residential care', mechanism: null, unitCostPence: 95000, frequency: 'Weekly', hundredths: 100 },
  { person: 5, ref: 'ANY-S-0005', type: 'Service', start: -550, serviceType: COMMUNITY, component: HOME_CARE, mechanism: 'CASSR managed personal budget', unitCostPence: 2200, frequency: 'Hourly', hundredths: 600 },
  { person: 6, ref: 'ANY-S-0006', type: 'Service', start: -730, end: -180, outcome: 'NFA: Support ended as planned', serviceType: COMMUNITY, component: HOME_CARE, mechanism: 'CASSR commissioned support', unitCostPence: 2150, frequency: 'Hourly', hundredths: 500 },
  { person: 7, ref: 'ANY-S-0007', type: 'Service', start: -365, serviceType: COMMUNITY, component: 'Direct payment', mechanism: null, unitCostPence: 1500, frequency: 'Hourly', hundredths: 1000 },
  { person: 8, ref: 'ANY-S-0008', type: 'Service', start: -270, serviceType: COMMUNITY, component: 'Community supported living', mechanism: null, unitCostPence: 1900, frequency: 'Hourly', hundredths: 2000 },
  { person: 9, ref: 'ANY-S-0009', type: 'Service', start: -1100, serviceType: 'Long term support: Nursing care', component: 'Short term nursing care', mechanism: null, unitCostPence: 120000, frequency: 'Weekly', hundredths: 100 },
  { person: 12, ref: 'ANY-S-0012', type: 'Service', start: -740, serviceType: COMMUNITY, component: HOME_CARE, mechanism: 'CASSR commissioned support', unitCostPence: 2150, frequency: 'Hourly', hundredths: 800 },
  { person: 13, ref: 'ANY-S-0013', type: 'Service', start: -180, serviceType: COMMUNITY, component: 'Direct payment', mechanism: 'Direct payment', unitCostPence: 1500, frequency: 'Hourly', hundredths: 900 },
  { person: 14, ref: 'ANY-S-0014', type: 'Service', start: -450, serviceType: COMMUNITY, component: HOME_CARE, mechanism: 'CASSR managed personal budget', unitCostPence: 2200, frequency: 'Hourly', hundredths: 700 },
  { person: 1, ref: 'ANY-S-0001', type: 'Service', start: -300, end: -300, outcome: 'NFA: Support ended as planned', serviceType: 'Unpaid carer support: Direct to unpaid carer', component: 'Direct payment', mechanism: 'Direct payment', unitCostPence: 40000, frequency: 'One-off', hundredths: null },
  { person: 15, ref: 'ANY-S-0015', type: 'Service', start: -240, serviceType: 'Unpaid carer support: Direct to unpaid carer', component: HOME_CARE, mechanism: 'CASSR commissioned support', unitCostPence: 2000, frequency: 'Hourly', hundredths: 400 },
  { person: 3, ref: 'ANY-A-0003', type: 'Assessment', start: -420, end: -400, outcome: 'NFA: Information and advice or signposting' },
  { person: 11, ref: 'ANY-Q-0011', type: 'Request', start: -200, end: -195, outcome: 'NFA: Information and advice or signposting', route: 'Community or other route' },
  { person: 10, ref: 'ANY-Q-0010', type: 'Request', start: -90, end: -85, outcome: 'Progress to assessment, review or reassessment', route: 'Diversion from hospital services' },
];

export async function seedStatutoryHistory(trx: Transaction<Database>, system: System, people: string[], workerId: string) {
  const today = londonToday();
  await insertCldEvents(
    trx,
    PAST.map((p) => ({
      event_reference: p.ref,
      person_id: people[p.person]!,
      event_type: p.type,
      start_date: addDays(today, p.start),
      end_date: p.end === undefined ? null : addDays(today, p.end),
      outcome: p.outcome ?? null,
      route_of_access: p.route ?? null,
      assessment_type: p.type === 'Assessment' ? 'Long term assessment' : null,
      eligible_needs_identified: p.type === 'Assessment' ? 'No' : null,
      method_of_assessment: p.type === 'Assessment' ? 'Face to face' : null,
      service_type: p.serviceType ?? null,
      service_component: p.component ?? null,
      delivery_mechanism: p.mechanism ?? null,
      unit_cost_pence: p.unitCostPence ?? null,
      cost_frequency: p.frequency ?? null,
      planned_hundredths_per_week: p.hundredths ?? null,
      source: 'migrated' as const,
      updated_at: new Date(),
    })),
  );
  await recordAudits(trx, system, [{ action: 'migration.imported', subjectType: 'migration', subjectId: 'demo-history', after: { events: PAST.length } }]);

  // Selfdirect's own: each completed assessment, and the services of Margaret's agreed plan.
  const assessments = await trx.selectFrom('assessments as a').innerJoin('ras_schemes as s', 's.id', 'a.scheme_row_id').select(['a.id', 'a.person_id', 's.title']).where('a.status', '=', 'completed').execute();
  for (const a of assessments) {
    await recordAssessmentEvent(trx, { id: a.id, personId: a.person_id, startedOn: addDays(today, -63), completedOn: addDays(today, -56), description: a.title }, { assessmentType: 'Long term assessment', methodOfAssessment: 'Supported self-assessment', eligibleNeedsIdentified: 'Yes' });
  }
  const plan = await trx.selectFrom('support_plans as p').innerJoin('people as person', 'person.id', 'p.person_id').select(['p.id', 'p.lines', 'p.support_starts_on', 'p.agreed_on', 'person.id as person_id', 'person.client_type']).where('p.status', '=', 'agreed').executeTakeFirst();
  if (plan) await recordPlanServices(trx, system, { deliveryMechanisms: DEFAULT_DELIVERY_MECHANISMS }, { id: plan.person_id, client_type: plan.client_type }, { id: plan.id, lines: plan.lines, startsOn: plan.support_starts_on ?? plan.agreed_on ?? today });

  // The front door: one contact dealt with, one waiting for the duty team.
  const contacts = [
    { person: 10, receivedOn: addDays(today, -9), from: 'hospital' as const, method: 'email' as const, route: 'Discharge from hospital', asked: 'Daniel is ready to leave the ward and may need help at home.', outcome: 'Progress to assessment, review or reassessment', concludedOn: addDays(today, -8) },
    { person: 11, receivedOn: addDays(today, -1), from: 'the-person' as const, method: 'telephone' as const, route: 'Community or other route', asked: 'Chloe asked about help to find work and to get out more.', outcome: null, concludedOn: null },
  ];
  const team = await trx.selectFrom('people').select('team_id').where('id', '=', people[10]!).executeTakeFirstOrThrow();
  for (const c of contacts) {
    const eventReference = ownEventReference('Q');
    const id = randomUUID();
    await insertCldEvents(trx, [{ event_reference: eventReference, person_id: people[c.person]!, event_type: 'Request', start_date: c.receivedOn, end_date: c.concludedOn, outcome: c.outcome, route_of_access: c.route, description: `Contact by ${c.method}`, source: 'front-door', source_id: id, updated_at: new Date() }]);
    const contact = await insertContact(trx, { id, personId: people[c.person]!, teamId: team.team_id, receivedOn: c.receivedOn, contactFrom: c.from, contactName: null, contactMethod: c.method, routeOfAccess: c.route, whatWasAsked: c.asked, eventReference, createdBy: workerId });
    if (c.outcome && c.concludedOn) await concludeContactAtVersion(trx, contact.id, contact.version, { concludedOn: c.concludedOn, outcome: c.outcome, notes: null, by: workerId });
    await recordAudits(trx, system, [{ action: 'contact.recorded', subjectType: 'contact', subjectId: contact.id, personId: people[c.person]!, after: { received_on: c.receivedOn, route_of_access: c.route } }]);
  }
}
