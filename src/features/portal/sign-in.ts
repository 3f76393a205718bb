import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { TooManyAttemptsError } from '../../errors.js';
import type { CitizenActor, RecordPart } from '../../policies/index.js';
import type { Context, Executor } from '../../web/route.js';
import { failuresSince, recordAttempt } from '../auth/repository.js';
import { SESSION_LIMITS } from '../auth/sign-in.js';
import { queueMessage } from '../outbox/repository.js';
import { accountByEmail, accountWithOpenGrants, codeByChallenge, countWrongTry, insertCode, insertPortalSession, openGrantsOf, portalSessionByTokenHash, revokePortalSession, touchPortalSession, useCode } from './repository.js';

/**
 * Signing in to My Selfdirect without a password: the person gives their email address and gets a
 * six-digit code (valid 10 minutes, used once). The answer is the same whether or not the address
 * has an account: a challenge is made either way, and only an account's gets a code. Requests are
 * throttled per address and per computer; wrong codes end the challenge after a few tries.
 */
export const CODE = { digits: 6, minutes: 10, wrongTries: 5 };
export const CODE_THROTTLE = { windowMinutes: 15, perEmail: 5, perAddress: 30, wrongPerAddress: 30 };

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');
/** A code is kept only as a hash bound to its challenge, so the table alone does not give it. */
const codeHash = (challenge: string, code: string) => sha256(`${challenge}:${code}`);
const normalised = (email: string) => email.trim().toLowerCase();
const key = (email: string) => `portal:${email}`;

export async function requestCode(ctx: Pick<Context, 'db' | 'config' | 'queued'>, emailInput: string, address: string, now = Date.now()): Promise<{ challenge: string }> {
  const email = normalised(emailInput);
  const since = new Date(now - CODE_THROTTLE.windowMinutes * 60_000);
  const [forEmail, fromAddress] = await Promise.all([failuresSince(ctx.db, { email: key(email) }, since), failuresSince(ctx.db, { address: `portal:${address}` }, since)]);
  if (forEmail.failures >= CODE_THROTTLE.perEmail) throw new TooManyAttemptsError(Math.max(1, Math.ceil((forEmail.last!.getTime() + CODE_THROTTLE.windowMinutes * 60_000 - now) / 1000)));
  if (fromAddress.failures >= CODE_THROTTLE.perAddress) throw new TooManyAttemptsError(Math.max(1, Math.ceil((fromAddress.last!.getTime() + CODE_THROTTLE.windowMinutes * 60_000 - now) / 1000)));
  // Every request counts towards the throttle, for an account or not.
  await recordAttempt(ctx.db, { email: key(email), address: `portal:${address}`, succeeded: false });
  const challenge = randomBytes(32).toString('base64url');
  const account = await accountByEmail(ctx.db, email);
  if (account && (await openGrantsOf(ctx.db, account.id)).length > 0) {
    const code = String(randomInt(0, 10 ** CODE.digits)).padStart(CODE.digits, '0');
    await insertCode(ctx.db, { challengeHash: sha256(challenge), accountId: account.id, codeHash: codeHash(challenge, code), expiresAt: new Date(now + CODE.minutes * 60_000) });
    await queueMessage(ctx, { template: 'sign-in-code', to: email, personalisation: { code, minutes: String(CODE.minutes), council: ctx.config.councilName }, secret: ['code'], reference: 'sign-in-code' });
  }
  return { challenge };
}

export type CodeResult = { ok: true; token: string } | { ok: false; reason: 'wrong' | 'spent' };

export async function checkCode(db: Executor, challenge: string, codeInput: string, address: string, now = Date.now()): Promise<CodeResult> {
  const since = new Date(now - CODE_THROTTLE.windowMinutes * 60_000);
  const wrong = await failuresSince(db, { address: `portal-code:${address}` }, since);
  if (wrong.failures >= CODE_THROTTLE.wrongPerAddress) throw new TooManyAttemptsError(Math.max(1, Math.ceil((wrong.last!.getTime() + CODE_THROTTLE.windowMinutes * 60_000 - now) / 1000)));
  const row = await codeByChallenge(db, sha256(challenge));
  const code = codeInput.replace(/\s+/g, '');
  const fail = async (reason: 'wrong' | 'spent'): Promise<CodeResult> => {
    await recordAttempt(db, { email: 'portal-code', address: `portal-code:${address}`, succeeded: false });
    return { ok: false, reason };
  };
  if (!row) return fail('wrong');
  if (row.used_at || row.expires_at.getTime() <= now || row.wrong_tries >= CODE.wrongTries) return fail('spent');
  const expected = Buffer.from(row.code_hash);
  const given = Buffer.from(codeHash(challenge, code));
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
    await countWrongTry(db, row.id);
    return fail(row.wrong_tries + 1 >= CODE.wrongTries ? 'spent' : 'wrong');
  }
  if (!(await useCode(db, row.id))) return fail('spent');
  return { ok: true, token: await openPortalSession(db, row.account_id, now) };
}

/** A new portal session for an account: the browser keeps the random token, the database only its hash. */
export async function openPortalSession(db: Executor, accountId: string, now = Date.now()) {
  const token = randomBytes(32).toString('base64url');
  await insertPortalSession(db, { tokenHash: sha256(token), accountId, expiresAt: new Date(now + SESSION_LIMITS.absoluteHours * 3_600_000) });
  return token;
}

/** The person or representative for a portal session, or undefined once it has ended or every grant was withdrawn. */
export async function actorForPortalSession(db: Executor, token: string): Promise<CitizenActor | undefined> {
  const session = await portalSessionByTokenHash(db, sha256(token));
  const now = Date.now();
  if (!session || session.revoked_at || session.expires_at.getTime() <= now) return undefined;
  if (now - session.last_seen_at.getTime() > SESSION_LIMITS.idleMinutes * 60_000) return undefined;
  if (now - session.last_seen_at.getTime() > 60_000) await touchPortalSession(db, session.token_hash, new Date(now));
  const found = await accountWithOpenGrants(db, session.account_id);
  if (!found || found.grants.length === 0) return undefined;
  const own = found.grants.find((g) => g.representative_id === null);
  if (own && found.grants.length === 1) return { kind: 'person', id: found.account.id, displayName: found.account.display_name, personId: own.person_id };
  return { kind: 'representative', id: found.account.id, displayName: found.account.display_name, grants: found.grants.map((g) => ({ personId: g.person_id, parts: g.representative_id === null ? (['assessment', 'plan', 'money', 'messages'] as RecordPart[]) : (g.parts as RecordPart[]) })) };
}

export async function signOutOfPortal(db: Executor, token: string) {
  await revokePortalSession(db, sha256(token));
}
