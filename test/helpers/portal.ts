import { expect } from 'vitest';
import { type TestApp, Visitor } from './app.js';

/** Signs in to My Selfdirect as a browser would: the address, then the code read from the outbox. */
export async function portalVisitor(t: TestApp, email: string, address: string) {
  const v = new Visitor(t.app, address);
  await v.get('/my/sign-in');
  await v.post('/my/sign-in', { email });
  await v.get('/my/sign-in/code');
  const code = (await t.database.db.selectFrom('outbox_messages').select('personalisation').where('recipient', '=', email).where('template', '=', 'sign-in-code').orderBy('created_at', 'desc').executeTakeFirstOrThrow()).personalisation.code!;
  expect((await v.post('/my/sign-in/code', { code })).headers.location).toBe('/my');
  return v;
}
