import { createHash, randomBytes } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import type { Database, Role } from '../../db/schema.js';
import { TooManyAttemptsError } from '../../errors.js';
import type { StaffActor as Actor } from '../../policies/index.js';
import { verifyPassword } from './passwords.js';

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

export type SignInResult = { ok: true; token: string; actor: Actor } | { ok: false };

export function createAuthService(db: Kysely<Database>) {
  async function recentFailures(column: 'email' | 'address', value: string): Promise<number> {
    const since = new Date(Date.now() - THROTTLE.windowMinutes * 60_000);
    const row = await db
      .selectFrom('sign_in_attempts')
      .select(sql<number>`count(*)`.as('failures'))
      .where(column, '=', value)
      .where('succeeded', '=', false)
      .where('attempted_at', '>', since)
      .executeTakeFirstOrThrow();
    return row.failures;
  }

  async function actorFor(userId: string): Promise<Actor | undefined> {
    const user = await db.selectFrom('staff_users').select(['id', 'email', 'display_name', 'role', 'active']).where('id', '=', userId).executeTakeFirst();
    if (!user || !user.active) return undefined;
    const teams = await db.selectFrom('staff_user_teams').select('team_id').where('user_id', '=', userId).execute();
    return { kind: 'staff', id: user.id, email: user.email, displayName: user.display_name, role: user.role as Role, teamIds: teams.map((t) => t.team_id) };
  }

  return {
    /**
     * Checks the throttle before the password, so a paused account or address learns nothing.
     * The same answer is given for a wrong password and an unknown email address.
     */
    async signIn(emailInput: string, password: string, address: string): Promise<SignInResult> {
      const email = emailInput.trim().toLowerCase();
      const [byAccount, byAddress] = await Promise.all([recentFailures('email', email), recentFailures('address', address)]);
      if (byAccount >= THROTTLE.perAccount || byAddress >= THROTTLE.perAddress) {
        throw new TooManyAttemptsError(THROTTLE.windowMinutes * 60);
      }
      const user = await db.selectFrom('staff_users').select(['id', 'password_hash', 'active']).where('email', '=', email).executeTakeFirst();
      const passwordOk = await verifyPassword(user?.password_hash ?? null, password);
      const succeeded = Boolean(user && user.active && passwordOk);
      await db.insertInto('sign_in_attempts').values({ email, address, succeeded, attempted_at: new Date() }).execute();
      if (!succeeded || !user) return { ok: false };
      const actor = await actorFor(user.id);
      if (!actor) return { ok: false };
      const token = randomBytes(32).toString('base64url');
      await db
        .insertInto('staff_sessions')
        .values({
          token_hash: sha256(token),
          user_id: user.id,
          last_seen_at: new Date(),
          expires_at: new Date(Date.now() + SESSION_LIMITS.absoluteHours * 3_600_000),
        })
        .execute();
      return { ok: true, token, actor };
    },

    /** The signed-in member of staff for a session token, or undefined when it has ended. */
    async actorForSession(token: string): Promise<Actor | undefined> {
      const session = await db
        .selectFrom('staff_sessions')
        .select(['token_hash', 'user_id', 'last_seen_at', 'expires_at', 'revoked_at'])
        .where('token_hash', '=', sha256(token))
        .executeTakeFirst();
      const now = Date.now();
      if (!session || session.revoked_at || session.expires_at.getTime() <= now) return undefined;
      if (now - session.last_seen_at.getTime() > SESSION_LIMITS.idleMinutes * 60_000) return undefined;
      if (now - session.last_seen_at.getTime() > 60_000) {
        await db.updateTable('staff_sessions').set({ last_seen_at: new Date(now) }).where('token_hash', '=', session.token_hash).execute();
      }
      return actorFor(session.user_id);
    },

    async signOut(token: string): Promise<void> {
      await db.updateTable('staff_sessions').set({ revoked_at: new Date() }).where('token_hash', '=', sha256(token)).where('revoked_at', 'is', null).execute();
    },

    /** Ends every session of a user: when they are deactivated or their password is reset. */
    async endSessionsOf(userId: string): Promise<void> {
      await db.updateTable('staff_sessions').set({ revoked_at: new Date() }).where('user_id', '=', userId).where('revoked_at', 'is', null).execute();
    },

    /** Attempts older than a day are not needed for throttling. */
    async forgetOldAttempts(): Promise<void> {
      await db.deleteFrom('sign_in_attempts').where('attempted_at', '<', new Date(Date.now() - 86_400_000)).execute();
    },
  };
}

export type AuthService = ReturnType<typeof createAuthService>;
