import { sql } from 'kysely';
import type { Role } from '../../db/schema.js';
import type { Executor } from '../../web/route.js';
import { pageOf } from '../../db/page-of.js';

/** The teams, staff_users and staff_user_teams tables (the accounts' sessions belong to auth). */

/** A page of staff accounts by name, each with its teams, and how many accounts there are. */
export async function staffAccounts(db: Executor, window: { limit: number; offset: number }) {
  const { rows: users, total } = await pageOf(
    db.selectFrom('staff_users').select(['id', 'email', 'display_name', 'role', 'active', 'is_demo', (eb) => eb('password_hash', 'is not', null).as('has_password')]).orderBy('display_name').orderBy('id'),
    window,
  );
  const memberships = users.length
    ? await db.selectFrom('staff_user_teams').innerJoin('teams', 'teams.id', 'staff_user_teams.team_id').select(['staff_user_teams.user_id', 'teams.name']).where('staff_user_teams.user_id', 'in', users.map((u) => u.id)).orderBy('teams.name').execute()
    : [];
  return { total, rows: users.map((u) => ({ ...u, teams: memberships.filter((m) => m.user_id === u.id).map((m) => m.name) })) };
}

export async function staffAccountById(db: Executor, id: string) {
  const user = await db
    .selectFrom('staff_users')
    .select(['id', 'email', 'display_name', 'role', 'active', 'version', (eb) => eb('password_hash', 'is not', null).as('has_password')])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!user) return undefined;
  const teams = await db.selectFrom('staff_user_teams').select('team_id').where('user_id', '=', id).execute();
  return { ...user, team_ids: teams.map((t) => t.team_id).sort() };
}
export type StaffAccount = NonNullable<Awaited<ReturnType<typeof staffAccountById>>>;

export async function emailInUse(db: Executor, email: string): Promise<boolean> {
  return Boolean(await db.selectFrom('staff_users').select('id').where('email', '=', email).executeTakeFirst());
}

export async function insertStaffUser(db: Executor, u: { email: string; displayName: string; role: Role; passwordHash: string | null }) {
  return db.insertInto('staff_users').values({ email: u.email, display_name: u.displayName, role: u.role, password_hash: u.passwordHash, updated_at: new Date() }).returning(['id']).executeTakeFirstOrThrow();
}

/** Changes an account at the version the administrator saw: false when someone else changed it first. */
export async function updateStaffUserAtVersion(db: Executor, id: string, version: number, u: { displayName: string; role: Role; active: boolean }): Promise<boolean> {
  const updated = await db
    .updateTable('staff_users')
    .set({ display_name: u.displayName, role: u.role, active: u.active, updated_at: new Date(), version: sql`version + 1` })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(updated.numUpdatedRows) === 1;
}

export async function setTeamsOf(db: Executor, userId: string, teamIds: string[]) {
  await db.deleteFrom('staff_user_teams').where('user_id', '=', userId).execute();
  const unique = [...new Set(teamIds)];
  if (unique.length) await db.insertInto('staff_user_teams').values(unique.map((team_id) => ({ user_id: userId, team_id }))).execute();
}

/** Teams with how many staff and open records each has. */
export async function teamsWithCounts(db: Executor) {
  return db
    .selectFrom('teams')
    .select([
      'teams.id',
      'teams.name',
      'teams.version',
      (eb) => eb.selectFrom('staff_user_teams').select(eb.fn.countAll<number>().as('n')).whereRef('staff_user_teams.team_id', '=', 'teams.id').as('staff'),
      (eb) => eb.selectFrom('people').select(eb.fn.countAll<number>().as('n')).whereRef('people.team_id', '=', 'teams.id').where('people.closed_on', 'is', null).as('people'),
    ])
    .orderBy('teams.name')
    .execute();
}

export async function teamById(db: Executor, id: string) {
  return db.selectFrom('teams').select(['id', 'name', 'version']).where('id', '=', id).executeTakeFirst();
}

export async function countTeams(db: Executor, ids: string[]): Promise<number> {
  if (ids.length === 0) return 0;
  return (await db.selectFrom('teams').select('id').where('id', 'in', ids).execute()).length;
}

export async function teamNamed(db: Executor, name: string, exceptId: string | null) {
  let query = db.selectFrom('teams').select('id').where(sql`lower(name)`, '=', name.toLowerCase());
  if (exceptId) query = query.where('id', '<>', exceptId);
  return query.executeTakeFirst();
}

export async function insertTeam(db: Executor, name: string) {
  return db.insertInto('teams').values({ name }).returning(['id']).executeTakeFirstOrThrow();
}

export async function renameTeamAtVersion(db: Executor, id: string, version: number, name: string): Promise<boolean> {
  const updated = await db.updateTable('teams').set({ name, version: sql`version + 1` }).where('id', '=', id).where('version', '=', version).executeTakeFirst();
  return Number(updated.numUpdatedRows) === 1;
}

/** Whether any demo account (with the published demo password) exists. */
export async function demoAccountsExist(db: Executor): Promise<boolean> {
  return Boolean(await db.selectFrom('staff_users').select('id').where('is_demo', '=', true).limit(1).executeTakeFirst());
}

export async function teamIdNamed(db: Executor, name: string) {
  return db.selectFrom('teams').select('id').where('name', '=', name).executeTakeFirst();
}

/**
 * Retires the demo accounts: they can no longer sign in (deactivated, their published password
 * replaced), and they no longer count as demo accounts. Returns how many there were.
 */
export async function retireDemoAccounts(db: Executor, passwordHash: string): Promise<string[]> {
  const rows = await db.updateTable('staff_users').set({ active: false, is_demo: false, password_hash: passwordHash, updated_at: new Date(), version: sql`version + 1` }).where('is_demo', '=', true).returning('email').execute();
  return rows.map((r) => r.email);
}
