import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CODE, CODE_THROTTLE, checkCode, requestCode } from '../../src/features/portal/sign-in.js';
import { loadConfig } from '../../src/config.js';
import { DEMO, type TestApp, Visitor, errorSummary, html, testApp } from '../helpers/app.js';
import { factories } from '../helpers/factories.js';

/**
 * Issue 14, what to build 1: signing in to My Selfdirect with a six-digit code sent by email —
 * valid 10 minutes, single use, throttled per address and per computer, and the same answer
 * whether or not the address has an account. The portal refuses staff sessions; staff pages
 * refuse people. Every read of a person's record from the portal is audited as them.
 */
let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(async () => t?.close());

const db = () => t.database.db;
const latestCode = async (email: string) => {
  const m = await db().selectFrom('outbox_messages').select(['personalisation', 'template']).where('recipient', '=', email).where('template', '=', 'sign-in-code').orderBy('created_at', 'desc').executeTakeFirst();
  return m?.personalisation.code;
};
const strip = (body: string) => body.replace(/nonce="[^"]+"/g, '').replace(/value="[^"]+"/g, '');

async function signedIn(email: string, address: string) {
  const v = new Visitor(t.app, address);
  await v.get('/my/sign-in');
  expect((await v.post('/my/sign-in', { email })).headers.location).toBe('/my/sign-in/code');
  await v.get('/my/sign-in/code');
  const done = await v.post('/my/sign-in/code', { code: (await latestCode(email))! });
  expect(done.headers.location, errorSummary(done).join('; ')).toBe('/my');
  return v;
}

describe('signing in to My Selfdirect', () => {
  it('signed out, /my leads to its sign-in; a code by email signs Peggy in, and her page is audited as her', async () => {
    const v = new Visitor(t.app, '10.20.0.1');
    const first = await v.get('/my');
    expect([first.statusCode, first.headers.location]).toEqual([303, '/my/sign-in']);
    const page = html(await v.get('/my/sign-in'));
    expect(page('h1').text()).toBe('Sign in to My Selfdirect');
    expect(errorSummary(await v.post('/my/sign-in', { email: '' }))).toEqual(['Enter your email address']);
    expect(errorSummary(await v.post('/my/sign-in', { email: 'peggy at home' }))).toEqual(['Enter your email address in the right way, like name@example.com']);
    const sent = await v.post('/my/sign-in', { email: ' Margaret@Anytown.example ' });
    expect([sent.statusCode, sent.headers.location]).toEqual([303, '/my/sign-in/code']);
    await v.get('/my/sign-in/code');
    expect(errorSummary(await v.post('/my/sign-in/code', { code: '12' }))).toEqual(['Enter the 6 numbers from the email']);
    const code = (await latestCode('margaret@anytown.example'))!;
    expect(code).toMatch(/^\d{6}$/);
    const wrong = await v.post('/my/sign-in/code', { code: code === '000000' ? '000001' : '000000' });
    expect([wrong.statusCode, errorSummary(wrong)]).toEqual([400, ['That code is not right. Check the email and try again']]);
    const done = await v.post('/my/sign-in/code', { code: `${code.slice(0, 3)} ${code.slice(3)}` });
    expect([done.statusCode, done.headers.location]).toEqual([303, '/my']);
    const home = html(await v.get('/my'));
    expect(home('h1').text()).toBe('Hello, Peggy');
    expect(home('main').text()).toContain('Your support plan');
    const account = await db().selectFrom('portal_accounts').select('id').where('email', '=', 'margaret@anytown.example').executeTakeFirstOrThrow();
    const audited = await db().selectFrom('audit_events').select(['actor', 'action']).where('action', '=', 'portal.person-viewed').where('actor_id', '=', account.id).execute();
    expect(audited[0]).toEqual({ actor: `person:${account.id}`, action: 'portal.person-viewed' });
    // Signed in, the sign-in page sends her to her page; signing out ends it.
    expect((await v.get('/my/sign-in')).headers.location).toBe('/my');
    expect((await v.post('/my/sign-out', {})).headers.location).toBe('/my/sign-in');
    expect((await v.get('/my')).headers.location).toBe('/my/sign-in');
  });

  it('the same answer whether or not the address has an account; only an account is sent a code', async () => {
    const known = new Visitor(t.app, '10.20.0.2');
    const unknown = new Visitor(t.app, '10.20.0.3');
    for (const v of [known, unknown]) await v.get('/my/sign-in');
    const a = await known.post('/my/sign-in', { email: 'helen@anytown.example' });
    const b = await unknown.post('/my/sign-in', { email: 'nobody@anytown.example' });
    expect([a.statusCode, a.headers.location]).toEqual([b.statusCode, b.headers.location]);
    expect(strip((await known.get('/my/sign-in/code')).body)).toBe(strip((await unknown.get('/my/sign-in/code')).body));
    expect(await latestCode('nobody@anytown.example')).toBeUndefined();
    expect(errorSummary(await unknown.post('/my/sign-in/code', { code: '123456' }))).toEqual(['That code is not right. Check the email and try again']);
  });

  it('a code works once, for 10 minutes, and not after too many wrong tries', async () => {
    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' });
    const ask = async () => {
      const { challenge } = await requestCode({ db: db(), config }, 'helen@anytown.example', '10.20.1.1');
      return { challenge, code: (await latestCode('helen@anytown.example'))! };
    };
    const once = await ask();
    expect(await checkCode(db(), once.challenge, once.code, '10.20.1.1')).toMatchObject({ ok: true });
    expect(await checkCode(db(), once.challenge, once.code, '10.20.1.1')).toEqual({ ok: false, reason: 'spent' });
    const late = await ask();
    expect(await checkCode(db(), late.challenge, late.code, '10.20.1.1', Date.now() + CODE.minutes * 60_000 + 1)).toEqual({ ok: false, reason: 'spent' });
    const guessed = await ask();
    const wrong = guessed.code === '999999' ? '999998' : '999999';
    for (let i = 0; i < CODE.wrongTries; i++) await checkCode(db(), guessed.challenge, wrong, '10.20.1.2');
    expect(await checkCode(db(), guessed.challenge, guessed.code, '10.20.1.2')).toEqual({ ok: false, reason: 'spent' });
  });

  it('asking for codes is throttled per address and per computer, known or not', async () => {
    const v = new Visitor(t.app, '10.20.2.1');
    await v.get('/my/sign-in');
    for (let i = 0; i < CODE_THROTTLE.perEmail; i++) {
      expect((await v.post('/my/sign-in', { email: 'often@anytown.example' })).statusCode).toBe(303);
      await v.get('/my/sign-in');
    }
    await v.get('/my/sign-in');
    const paused = await v.post('/my/sign-in', { email: 'often@anytown.example' });
    expect(paused.statusCode).toBe(429);
    expect(errorSummary(paused)[0]).toMatch(/^You have asked for a lot of codes\. Wait \d+ minutes? and try again$/);
    const office = new Visitor(t.app, '10.20.2.2');
    await office.get('/my/sign-in');
    for (let i = 0; i < CODE_THROTTLE.perAddress; i++) {
      const r = await office.post('/my/sign-in', { email: `person${i}@anytown.example` });
      expect(r.statusCode).toBe(303);
      await office.get('/my/sign-in');
    }
    expect((await office.post('/my/sign-in', { email: 'one.more@anytown.example' })).statusCode).toBe(429);
  });

  it('the portal refuses staff sessions, and staff pages refuse people', async () => {
    const worker = new Visitor(t.app, '10.20.3.1');
    await worker.signIn(DEMO.worker);
    expect((await worker.get('/my')).statusCode).toBe(403);
    const helen = await signedIn('helen@anytown.example', '10.20.3.2');
    const home = html(await helen.get('/my'));
    expect(home('h1').text()).toBe('Hello, Helen Ashworth');
    expect(home('main').text()).toContain('What you can see');
    for (const page of ['/people', '/direct-payments', '/admin/users']) {
      const refused = await helen.get(page);
      expect(refused.statusCode, page).toBe(403);
      expect(html(refused)('main a').last().attr('href')).toBe('/my');
    }
    // The staff home takes a person to their own.
    expect((await helen.get('/')).headers.location).toBe('/my');
    expect((await helen.post('/sign-out', {})).statusCode).toBe(403);
  });

  it('Peggy reads and downloads her agreed plan; another person’s plan reads exactly like one that does not exist', async () => {
    const peggy = await signedIn('margaret@anytown.example', '10.20.4.1');
    const home = html(await peggy.get('/my'));
    const link = home('a:contains("Read your support plan")').attr('href')!;
    expect(link).toMatch(/^\/my\/plans\/[0-9a-f-]{36}$/);
    const copy = await peggy.get(link);
    expect(copy.statusCode).toBe(200);
    expect(html(copy)('main').text()).toContain('Margaret Ashworth');
    const pdf = await peggy.get(`${link}/plan.pdf`);
    expect([pdf.statusCode, pdf.headers['content-type']]).toEqual([200, 'application/pdf']);
    const margaret = await db().selectFrom('people').select('id').where('preferred_name', '=', 'Peggy').executeTakeFirstOrThrow();
    const make = factories(db());
    const officer = await make.financeOfficer();
    const otherPerson = await make.person((await make.team()).id);
    const other = await make.plan(otherPerson, (await make.assessment(otherPerson, officer.id, { status: 'completed' })).id, officer.id, { status: 'agreed' });
    expect(other.person_id).not.toBe(margaret.id);
    const theirs = await peggy.get(`/my/plans/${other.id}`);
    const missing = await peggy.get('/my/plans/00000000-0000-4000-8000-000000000000');
    expect([theirs.statusCode, missing.statusCode]).toEqual([404, 404]);
    expect(strip(theirs.body)).toBe(strip(missing.body));
    expect((await peggy.get(`/my/plans/${other.id}/plan.pdf`)).statusCode).toBe(404);
    const account = await db().selectFrom('portal_accounts').select('id').where('email', '=', 'margaret@anytown.example').executeTakeFirstOrThrow();
    expect(await db().selectFrom('audit_events').select('action').where('actor_id', '=', account.id).where('action', 'in', ['portal.plan-viewed', 'portal.plan-downloaded']).execute()).toHaveLength(2);
  });
});
