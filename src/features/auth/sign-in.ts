import { createHash, randomBytes } from 'node:crypto';
import { TooManyAttemptsError } from '../../errors.js';
import type { StaffActor } from '../../policies/index.js';
import type { Executor } from '../../web/route.js';
import { verifyPassword } from './passwords.js';
import { failedAttemptsSince, insertSession, passwordOf, recordAttempt, revokeSession, sessionByTokenHash, staffActorById, touchSession } from './repository.js';

export const THROTTLE = {
  windowMinutes: 15,
  /** Failed attempts for one email address in the window before it is paused. */
  perAccount: 5,
  /** Failed attempts from one network address in the window before it is paused. */
  perAddress: 20,
};

export const SESSION_LIMITS = {
  /** Signed out after this long, however active. */
  absoluteHours: 10,
  /** Signed out after this long without a request. */
  idleMinutes: 60,
};

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

export type SignInResult = { ok: true; token: string; actor: StaffActor } | { ok: false };

/**
 * Checks the throttle before the password, so a paused account or address learns nothing. The
 * same answer is given for a wrong password and an unknown email address. Each attempt is
 * recorded, whatever happens to the rest of the request.
 */
export async function signIn(db: Executor, emailInput: string, password: string, address: string, options: { allowDemoAccounts: boolean } = { allowDemoAccounts: true }): Promise<SignInResult> {
  const email = emailInput.trim().toLowerCase();
  const since = new Date(Date.now() - THROTTLE.windowMinutes * 60_000);
  const [byAccount, byAddress] = await Promise.all([failedAttemptsSince(db, 'email', email, since), failedAttemptsSince(db, 'address', address, since)]);
  if (byAccount >= THROTTLE.perAccount || byAddress >= THROTTLE.perAddress) throw new TooManyAttemptsError(THROTTLE.windowMinutes * 60);
  const user = await passwordOf(db, email);
  const passwordOk = await verifyPassword(user?.password_hash ?? null, password);
  // A demo account's password is published: it never signs in where demo data is not allowed.
  const succeeded = Boolean(user && user.active && passwordOk && (options.allowDemoAccounts || !user.is_demo));
  await recordAttempt(db, { email, address, succeeded });
  if (!succeeded || !user) return { ok: false };
  const actor = await staffActorById(db, user.id);
  if (!actor) return { ok: false };
  const token = randomBytes(32).toString('base64url');
  await insertSession(db, { tokenHash: sha256(token), userId: user.id, expiresAt: new Date(Date.now() + SESSION_LIMITS.absoluteHours * 3_600_000) });
  return { ok: true, token, actor };
}

/** The signed-in member of staff for a session token, or undefined when it has ended. */
export async function actorForSession(db: Executor, token: string): Promise<StaffActor | undefined> {
  const session = await sessionByTokenHash(db, sha256(token));
  const now = Date.now();
  if (!session || session.revoked_at || session.expires_at.getTime() <= now) return undefined;
  if (now - session.last_seen_at.getTime() > SESSION_LIMITS.idleMinutes * 60_000) return undefined;
  if (now - session.last_seen_at.getTime() > 60_000) await touchSession(db, session.token_hash, new Date(now));
  return staffActorById(db, session.user_id);
}

export async function signOut(db: Executor, token: string): Promise<void> {
  await revokeSession(db, sha256(token));
}
