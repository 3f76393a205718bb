import { TooManyAttemptsError } from '../../errors.js';
import { auditActor, recordAudit } from '../audit/audit-trail.js';
import type { Context, Executor } from '../../web/route.js';
import { THROTTLE, pauseRemaining } from './sign-in.js';
import {
  acceptTotpStep,
  clearTwoFactor,
  endSessionsOf,
  failuresSince,
  recordAttempt,
  recoveryCodesLeft,
  replaceRecoveryCodes,
  setTotpSecret,
  stopWaiting,
  twoFactorOf,
  useRecoveryCode,
} from './repository.js';
import { acceptedStep, looksLikeRecoveryCode, newRecoveryCodes, newTotpSecret, recoveryCodeHash } from './two-factor.js';

/**
 * The second step of signing in with a password, and setting up or taking off an authenticator app
 * (ADR 0020). A wrong code counts as a failed sign-in for the account and address: the same
 * throttle as passwords, so six digits cannot be guessed.
 */

export type CodeResult = { ok: true; recoveryCodesLeft: number | null } | { ok: false };

/** A code from the app, or a recovery code, for a session waiting for one. Throws TooManyAttemptsError when paused. */
export async function checkCode(db: Executor, waiting: { tokenHash: string; userId: string }, typed: string, address: string, now = new Date()): Promise<CodeResult> {
  const user = await twoFactorOf(db, waiting.userId);
  if (!user || !user.active || !user.totp_secret || !user.totp_confirmed_at) return { ok: false };
  const since = new Date(now.getTime() - THROTTLE.windowMinutes * 60_000);
  const [pair, account] = await Promise.all([failuresSince(db, { email: user.email, address }, since), failuresSince(db, { email: user.email }, since)]);
  const wait = Math.max(pauseRemaining(pair.failures, pair.last, THROTTLE.perAccountFromAddress, now.getTime()), pauseRemaining(account.failures, account.last, THROTTLE.perAccount, now.getTime()));
  if (wait > 0) throw new TooManyAttemptsError(wait);
  let ok: boolean;
  let recovery = false;
  if (looksLikeRecoveryCode(typed)) {
    recovery = true;
    ok = await useRecoveryCode(db, user.id, recoveryCodeHash(typed));
  } else {
    const step = acceptedStep(user.totp_secret, typed, user.totp_last_step, now);
    ok = step !== null && (await acceptTotpStep(db, user.id, step, false));
  }
  await recordAttempt(db, { email: user.email, address, succeeded: ok });
  if (!ok) return { ok: false };
  await stopWaiting(db, waiting.tokenHash);
  return { ok: true, recoveryCodesLeft: recovery ? await recoveryCodesLeft(db, user.id) : null };
}

/** The secret being set up for this member of staff (made now if there is none); null when an app is already set up. */
export async function secretToSetUp(db: Executor, userId: string): Promise<{ secret: string; email: string } | null> {
  let user = await twoFactorOf(db, userId);
  if (!user || user.totp_confirmed_at) return null;
  if (!user.totp_secret) {
    await setTotpSecret(db, userId, newTotpSecret());
    user = await twoFactorOf(db, userId);
  }
  return user?.totp_secret ? { secret: user.totp_secret, email: user.email } : null;
}

/**
 * The first code from the app confirms it: the app is set up and ten new recovery codes are made,
 * shown once. Null when the code is not right. Audited as a change to the staff account.
 */
export async function confirmApp(db: Executor, userId: string, typed: string, now = new Date()): Promise<string[] | null> {
  const user = await twoFactorOf(db, userId);
  if (!user || !user.totp_secret || user.totp_confirmed_at) return null;
  const step = acceptedStep(user.totp_secret, typed, user.totp_last_step, now);
  if (step === null || !(await acceptTotpStep(db, userId, step, true))) return null;
  const codes = newRecoveryCodes();
  await replaceRecoveryCodes(db, userId, codes.map(recoveryCodeHash));
  await recordAudit(db, { id: userId, label: user.email }, { action: 'staff-user.two-factor-set-up', subjectType: 'staff-user', subjectId: userId, after: { recoveryCodes: codes.length } });
  return codes;
}

/** New recovery codes in place of the old (all of them, used or not), shown once. */
export async function renewRecoveryCodes(ctx: Context, userId: string): Promise<string[] | null> {
  const user = await twoFactorOf(ctx.db, userId);
  if (!user?.totp_confirmed_at) return null;
  const codes = newRecoveryCodes();
  await replaceRecoveryCodes(ctx.db, userId, codes.map(recoveryCodeHash));
  await recordAudit(ctx.db, auditActor(ctx.actor!), { action: 'staff-user.recovery-codes-renewed', subjectType: 'staff-user', subjectId: userId, after: { recoveryCodes: codes.length } });
  return codes;
}

/**
 * Takes two-factor off an account: by its owner (when it is not required of them), or by an
 * administrator for someone who has lost their phone and codes — every session of theirs ends, and
 * they set up an app again at their next sign-in if it is required.
 */
export async function removeTwoFactor(ctx: Context, userId: string, why: 'turned-off' | 'reset') {
  await clearTwoFactor(ctx.db, userId);
  if (why === 'reset') await endSessionsOf(ctx.db, userId);
  await recordAudit(ctx.db, auditActor(ctx.actor!), { action: why === 'reset' ? 'staff-user.two-factor-reset' : 'staff-user.two-factor-turned-off', subjectType: 'staff-user', subjectId: userId });
}
