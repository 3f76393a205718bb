import { createHash, randomBytes } from 'node:crypto';
import { TooManyAttemptsError } from '../../errors.js';
import type { StaffActor } from '../../policies/index.js';
import type { Executor } from '../../web/route.js';
import { verifyPassword } from './passwords.js';
import { twoFactorRequired } from './two-factor.js';
import { failuresSince, insertSession, passwordOf, recordAttempt, revokeSession, sessionByTokenHash, staffActorById, touchSession } from './repository.js';

/**
 * Sign-in throttling, counted over a window: failures for one account from one address pause
 * that pair (even the right password waits); failures for one account from anywhere, or from one
 * address across accounts (an office shares one), pause everyone except on a device the account
 * has signed in on before. Each pause grows with every further failure, to a longest pause.
 */
export const THROTTLE = {
  windowMinutes: 15,
  /** Failures for one account from one address before that pair is paused. */
  perAccountFromAddress: 5,
  /** Failures for one account from any address before it is paused on unknown devices. */
  perAccount: 20,
  /** Failures from one address across accounts before it is paused for unknown devices. */
  perAddress: 50,
  firstPauseSeconds: 30,
  longestPauseSeconds: 15 * 60,
};

/** Seconds still to wait after `failures` failures (the last at `last`) against a threshold: 0 when not paused. */
export function pauseRemaining(failures: number, last: Date | null, threshold: number, now: number): number {
  if (failures < threshold || !last) return 0;
  const pause = Math.min(THROTTLE.longestPauseSeconds, THROTTLE.firstPauseSeconds * 2 ** Math.min(failures - threshold, 20));
  return Math.max(0, Math.ceil((last.getTime() + pause * 1000 - now) / 1000));
}

export const SESSION_LIMITS = {
  /** Signed out after this long, however active. */
  absoluteHours: 10,
  /** Signed out after this long without a request. */
  idleMinutes: 60,
};

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

/** Signed in, or (after a right password) waiting for a code from the app or for the app to be set up (ADR 0020). */
export type SignInResult = { ok: true; token: string; actor: StaffActor; waitingFor: 'code' | 'set-up' | null } | { ok: false };

/**
 * Checks the throttle before the password, so a paused account or address learns nothing. The
 * same answer is given for a wrong password and an unknown email address. Each attempt is
 * recorded, whatever happens to the rest of the request.
 */
export async function signIn(
  db: Executor,
  emailInput: string,
  password: string,
  address: string,
  options: { allowDemoAccounts: boolean; knownDeviceUserId?: string | null; twoFactorRequiredFor?: 'administrators' | 'everyone' | 'nobody' } = { allowDemoAccounts: true },
): Promise<SignInResult> {
  const email = emailInput.trim().toLowerCase();
  const now = Date.now();
  const since = new Date(now - THROTTLE.windowMinutes * 60_000);
  const user = await passwordOf(db, email);
  const knownDevice = Boolean(user && options.knownDeviceUserId === user.id);
  const [pair, account, place] = await Promise.all([failuresSince(db, { email, address }, since), failuresSince(db, { email }, since), failuresSince(db, { address }, since)]);
  const wait = Math.max(
    pauseRemaining(pair.failures, pair.last, THROTTLE.perAccountFromAddress, now),
    knownDevice ? 0 : pauseRemaining(account.failures, account.last, THROTTLE.perAccount, now),
    knownDevice ? 0 : pauseRemaining(place.failures, place.last, THROTTLE.perAddress, now),
  );
  if (wait > 0) throw new TooManyAttemptsError(wait);
  const passwordOk = await verifyPassword(user?.password_hash ?? null, password);
  // A demo account's password is published: it never signs in where demo data is not allowed.
  const succeeded = Boolean(user && user.active && passwordOk && (options.allowDemoAccounts || !user.is_demo));
  await recordAttempt(db, { email, address, succeeded });
  if (!succeeded || !user) return { ok: false };
  const actor = await staffActorById(db, user.id);
  if (!actor) return { ok: false };
  const waitingFor = user.totp_confirmed_at ? 'code' : twoFactorRequired(options.twoFactorRequiredFor ?? 'nobody', user) ? 'set-up' : null;
  return { ok: true, token: await startSession(db, user.id, 'password', waitingFor), actor, waitingFor };
}

/** A new session's token (kept only as its hash): usable at once, or once the second step is done. */
export async function startSession(db: Executor, userId: string, signedInWith: 'password' | 'provider', waitingFor: 'code' | 'set-up' | null): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await insertSession(db, { tokenHash: sha256(token), userId, expiresAt: new Date(Date.now() + SESSION_LIMITS.absoluteHours * 3_600_000), signedInWith, waitingFor });
  return token;
}

/** A second step gets this long after the password. */
export const SECOND_STEP_MINUTES = 10;

/** The session still waiting for its second step, for the pages that take it; undefined when none or too late. */
export async function waitingSession(db: Executor, token: string | undefined) {
  if (!token) return undefined;
  const session = await sessionByTokenHash(db, sha256(token));
  if (!session || session.revoked_at || !session.waiting_for) return undefined;
  if (Date.now() - session.created_at.getTime() > SECOND_STEP_MINUTES * 60_000) return undefined;
  return { tokenHash: session.token_hash, userId: session.user_id, waitingFor: session.waiting_for };
}

/** How the session was signed in: sign-out ends the provider's session too when it was through the provider. */
export async function signedInWith(db: Executor, token: string): Promise<'password' | 'provider' | undefined> {
  return (await sessionByTokenHash(db, sha256(token)))?.signed_in_with;
}

/** The signed-in member of staff for a session token, or undefined when it has ended. */
export async function actorForSession(db: Executor, token: string): Promise<StaffActor | undefined> {
  const session = await sessionByTokenHash(db, sha256(token));
  const now = Date.now();
  if (!session || session.revoked_at || session.waiting_for || session.expires_at.getTime() <= now) return undefined;
  if (now - session.last_seen_at.getTime() > SESSION_LIMITS.idleMinutes * 60_000) return undefined;
  if (now - session.last_seen_at.getTime() > 60_000) await touchSession(db, session.token_hash, new Date(now));
  return staffActorById(db, session.user_id);
}

export async function signOut(db: Executor, token: string): Promise<void> {
  await revokeSession(db, sha256(token));
}
