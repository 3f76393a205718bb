import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, addMonths } from '../../src/domain/directory/checks.js';
import { sendReminders } from '../../src/features/reminders/send.js';
import { londonToday } from '../../src/web/format.js';
import { type TestDatabase, testDatabase } from '../helpers/database.js';
import { factories } from '../helpers/factories.js';

/**
 * Issue 18's reminders through the outbox: a review coming up, a direct payment's annual check, a
 * personal assistant's check running out — each once, only to accounts that can read that part of
 * the record, and never for what is overdue or far off.
 */
let database: TestDatabase;
let make: ReturnType<typeof factories>;
const today = londonToday();
const settings = { publicUrl: 'https://selfdirect.anytown.example', checkPolicy: { dbsRecheckMonths: 36, dueSoonDays: 30 } };
let staffId: string;

beforeAll(async () => {
  database = await testDatabase();
  make = factories(database.db);
  staffId = (await make.staff('social-worker')).id;
});
afterAll(async () => database?.close());

async function account(personId: string, email: string, parts: ('plan' | 'money' | 'messages')[] | 'own') {
  const acct = await database.db.insertInto('portal_accounts').values({ email, display_name: email.split('@')[0]! }).returning('id').executeTakeFirstOrThrow();
  let representativeId: string | null = null;
  if (parts !== 'own') representativeId = (await database.db.insertInto('representatives').values({ person_id: personId, kind: 'family-member', name: 'A daughter' }).returning('id').executeTakeFirstOrThrow()).id;
  await database.db.insertInto('portal_grants').values({ account_id: acct.id, person_id: personId, representative_id: representativeId, parts: parts === 'own' ? ['assessment', 'plan', 'money', 'messages'] : parts, invited_by: staffId }).execute();
}

const messagesTo = (email: string) => database.db.selectFrom('outbox_messages').select(['template', 'personalisation', 'reference']).where('recipient', '=', email).where('template', '=', 'letter').execute();

describe('reminders', () => {
  it('tells a person and their representatives who read the plan that a review is coming up, once', async () => {
    const team = await make.team();
    const person = await make.person(team.id);
    const assessment = await make.assessment(person, staffId, { status: 'completed' });
    const plan = await make.plan(person, assessment.id, staffId, { status: 'agreed' });
    const review = await database.db.insertInto('reviews').values({ person_id: person.id, plan_id: plan.id, kind: 'annual', due_from: addDays(today, 10), due_by: addDays(today, 40) }).returning('id').executeTakeFirstOrThrow();
    await account(person.id, 'review.person@example.com', 'own');
    await account(person.id, 'review.planreader@example.com', ['plan']);
    await account(person.id, 'review.messagesonly@example.com', ['messages']);
    // Far off, and overdue: not reminded.
    const later = await make.person(team.id);
    const laterPlan = await make.plan(later, (await make.assessment(later, staffId, { status: 'completed' })).id, staffId, { status: 'agreed' });
    await database.db.insertInto('reviews').values({ person_id: later.id, plan_id: laterPlan.id, kind: 'annual', due_from: addDays(today, 60), due_by: addDays(today, 90) }).execute();
    await database.db.insertInto('reviews').values({ person_id: later.id, plan_id: laterPlan.id, kind: 'light-touch', due_from: addDays(today, -60), due_by: addDays(today, -1) }).execute();
    await account(later.id, 'review.later@example.com', 'own');

    const first = await sendReminders(database.db, today, settings);
    expect(first.reviews).toBeGreaterThanOrEqual(1);
    const [toPerson] = await messagesTo('review.person@example.com');
    expect(toPerson!.personalisation).toMatchObject({ title: 'Your support plan will be checked soon' });
    expect(toPerson!.personalisation.body).toContain('https://selfdirect.anytown.example/my/sign-in');
    expect(toPerson!.reference).toBe(`review-due-${review.id}-${(await database.db.selectFrom('portal_accounts').select('id').where('email', '=', 'review.person@example.com').executeTakeFirstOrThrow()).id}`);
    expect(await messagesTo('review.planreader@example.com')).toHaveLength(1);
    expect(await messagesTo('review.messagesonly@example.com')).toHaveLength(0);
    expect(await messagesTo('review.later@example.com')).toHaveLength(0);

    const again = await sendReminders(database.db, today, settings);
    expect(again.reviews).toBe(0);
    expect(await messagesTo('review.person@example.com')).toHaveLength(1);
  });

  it('tells those who read the money that the direct payment’s annual check is due', async () => {
    const team = await make.team();
    const person = await make.person(team.id);
    const plan = await make.plan(person, (await make.assessment(person, staffId, { status: 'completed' })).id, staffId, { status: 'agreed' });
    const agreement = await make.agreement(plan, staffId);
    await make.dpAudit(agreement.id, addDays(today, 20));
    await account(person.id, 'audit.person@example.com', 'own');
    await account(person.id, 'audit.planonly@example.com', ['plan']);
    const sent = await sendReminders(database.db, today, settings);
    expect(sent.audits).toBe(1);
    const [message] = await messagesTo('audit.person@example.com');
    expect(message!.personalisation.title).toBe('We will check your direct payment soon');
    expect(await messagesTo('audit.planonly@example.com')).toHaveLength(0);
  });

  it('tells the employer of a personal assistant paid by direct payment when the assistant’s check runs out', async () => {
    const team = await make.team();
    const person = await make.person(team.id);
    const assistant = await make.personalAssistant('Pat Assistant');
    await database.db.updateTable('directory_checks').set({ checked_on: addDays(addMonths(today, -36), 10) }).where('entry_id', '=', assistant.id).where('check_type', '=', 'dbs').execute();
    const line = { ...make.line(), directoryEntryId: assistant.id, providerName: assistant.name, providerKind: 'personal-assistant' as const, management: 'direct-payment' as const };
    await make.plan(person, (await make.assessment(person, staffId, { status: 'completed' })).id, staffId, { status: 'agreed', lines: [line] });
    await account(person.id, 'employer@example.com', 'own');
    const sent = await sendReminders(database.db, today, settings);
    expect(sent.checks).toBe(1);
    const [message] = await messagesTo('employer@example.com');
    expect(message!.personalisation.title).toBe('A check on your personal assistant runs out soon');
    expect(message!.personalisation.body).toContain('Pat Assistant');
    expect((await sendReminders(database.db, today, settings)).checks).toBe(0);
  });
});
