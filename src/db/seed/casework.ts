import type { Transaction } from 'kysely';
import { recordAudit } from '../../features/audit/audit-trail.js';
import type { Database } from '../schema.js';

/**
 * Demo casework: the demo worker's caseload (Margaret, Priya and Thomas, allocated by the demo
 * manager), everyone else in North left for the manager to allocate, and a few case notes.
 */
export async function seedCasework(trx: Transaction<Database>, system: { id: null; label: string }, people: string[], workerId: string, managerId: string) {
  const day = (daysAgo: number, time: string) => new Date(`${new Date(Date.now() - daysAgo * 86_400_000).toISOString().slice(0, 10)}T${time}:00Z`);
  for (const index of [0, 2, 4]) {
    const person = await trx.selectFrom('people').select(['id', 'team_id']).where('id', '=', people[index]!).executeTakeFirstOrThrow();
    await trx.insertInto('person_allocations').values({ person_id: person.id, worker_id: workerId, team_id: person.team_id, allocated_by: managerId, allocated_at: day(120, '09:30') }).execute();
    await recordAudit(trx, system, { action: 'person.allocated', subjectType: 'person', subjectId: person.id, personId: person.id, after: { worker: 'Sam Worker' } });
  }
  const notes = [
    { person: 0, kind: 'visit' as const, at: day(9, '10:30'), with_whom: 'Margaret and her husband Derek', what_happened: 'Home visit to talk about how the morning calls are going. Margaret says the carers are kind but often late, so Derek helps her wash before they arrive. Derek is tired.', decided: 'Ask the agency about arrival times. Offer Derek a carer’s review.' },
    { person: 0, kind: 'phone-call' as const, at: day(3, '14:05'), with_whom: 'Riverside Home Care', what_happened: 'Called the agency about late morning calls. They have a new rota from next week and will arrive by 8:30.', decided: null },
    { person: 4, kind: 'phone-call' as const, at: day(5, '16:40'), with_whom: 'Susan Clarke, daughter', what_happened: 'Susan called to ask when the panel will decide about her father’s budget. Explained the panel meets weekly and she will be told the outcome.', decided: null },
  ];
  for (const n of notes) {
    const note = await trx.insertInto('case_notes').values({ person_id: people[n.person]!, kind: n.kind, happened_at: n.at, with_whom: n.with_whom, what_happened: n.what_happened, decided: n.decided, written_by: workerId, written_at: n.at }).returning('id').executeTakeFirstOrThrow();
    await recordAudit(trx, system, { action: 'case-note.written', subjectType: 'case-note', subjectId: note.id, personId: people[n.person]!, after: { kind: n.kind, happenedAt: n.at.toISOString() } });
  }
  // Margaret: consent given, no doubt about her capacity, no advocate needed; her copy of the plan sent.
  const margaret = people[0]!;
  await trx.insertInto('consent_records').values({ person_id: margaret, consent_to_share: 'yes', consent_on: day(120, '10:00').toISOString().slice(0, 10), capacity_needed: false, advocacy: 'family-or-friend', advocate_name: 'Derek Ashworth, her husband', recorded_by: workerId, recorded_at: day(120, '10:00') }).execute();
  const plan = await trx.selectFrom('support_plans').select(['id', 'agreed_on']).where('person_id', '=', margaret).where('status', '=', 'agreed').orderBy('plan_number', 'desc').executeTakeFirst();
  if (plan?.agreed_on) await trx.insertInto('plan_copies').values({ plan_id: plan.id, person_agreed: 'yes', note: null, copy_sent_on: plan.agreed_on, copy_sent_how: 'post', recorded_by: workerId }).execute();
}
