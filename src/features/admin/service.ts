import { type Kysely, sql } from 'kysely';
import type { Database, Role } from '../../db/schema.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../errors.js';
import { type StaffActor, can, has } from '../../policies/index.js';
import { roleNeedsTeam } from '../../policies/staff-accounts.js';
import { auditActor, recordAudit } from '../audit/audit-trail.js';
import { DEMO_PASSWORD, hashPassword } from '../auth/passwords.js';
import { isUuid } from '../people/repository.js';

export interface NewStaffUser {
  email: string;
  display_name: string;
  role: Role;
  team_ids: string[];
  password: string | null;
}

export function createAdminService(db: Kysely<Database>, options: { allowDemoPasswords: boolean }) {
  function requireAdmin(actor: StaffActor, ability: 'users:manage' | 'teams:manage') {
    if (!has(actor, ability)) throw new ForbiddenError();
  }

  async function assertTeamsExist(trx: Kysely<Database>, teamIds: string[]) {
    if (teamIds.length === 0) return;
    if (!teamIds.every(isUuid)) throw new ValidationError([{ field: 'team_ids', message: 'Select teams from the list' }]);
    const found = await trx.selectFrom('teams').select('id').where('id', 'in', teamIds).execute();
    if (found.length !== new Set(teamIds).size) throw new ValidationError([{ field: 'team_ids', message: 'Select teams from the list' }]);
  }

  function checkPassword(password: string | null) {
    if (password === DEMO_PASSWORD && !options.allowDemoPasswords) {
      throw new ValidationError([{ field: 'password', message: 'The demo password cannot be used here. Choose another password' }]);
    }
  }

  function checkTeamsForRole(role: Role, teamIds: string[]) {
    if (roleNeedsTeam(role) && teamIds.length === 0) {
      throw new ValidationError([{ field: 'team_ids', message: 'Select at least one team for a social worker or team manager' }]);
    }
  }

  return {
    async listUsers(actor: StaffActor) {
      requireAdmin(actor, 'users:manage');
      const users = await db
        .selectFrom('staff_users')
        .select(['id', 'email', 'display_name', 'role', 'active', 'is_demo'])
        .orderBy('display_name')
        .execute();
      const memberships = await db
        .selectFrom('staff_user_teams')
        .innerJoin('teams', 'teams.id', 'staff_user_teams.team_id')
        .select(['staff_user_teams.user_id', 'teams.name'])
        .orderBy('teams.name')
        .execute();
      return users.map((u) => ({ ...u, teams: memberships.filter((m) => m.user_id === u.id).map((m) => m.name) }));
    },

    async getUser(actor: StaffActor, id: string) {
      requireAdmin(actor, 'users:manage');
      if (!isUuid(id)) throw new NotFoundError('user');
      const user = await db
        .selectFrom('staff_users')
        .select(['id', 'email', 'display_name', 'role', 'active', 'version'])
        .where('id', '=', id)
        .executeTakeFirst();
      if (!user) throw new NotFoundError('user');
      const teams = await db.selectFrom('staff_user_teams').select('team_id').where('user_id', '=', id).execute();
      return { ...user, team_ids: teams.map((t) => t.team_id) };
    },

    async createUser(actor: StaffActor, input: NewStaffUser) {
      requireAdmin(actor, 'users:manage');
      checkPassword(input.password);
      checkTeamsForRole(input.role, input.team_ids);
      const passwordHash = await hashPassword(input.password ?? '');
      return db.transaction().execute(async (trx) => {
        await assertTeamsExist(trx, input.team_ids);
        const clash = await trx.selectFrom('staff_users').select('id').where('email', '=', input.email).executeTakeFirst();
        if (clash) throw new ValidationError([{ field: 'email', message: 'There is already an account with this email address' }]);
        const user = await trx
          .insertInto('staff_users')
          .values({ email: input.email, display_name: input.display_name, role: input.role, password_hash: passwordHash, updated_at: new Date() })
          .returning(['id'])
          .executeTakeFirstOrThrow();
        for (const teamId of new Set(input.team_ids)) await trx.insertInto('staff_user_teams').values({ user_id: user.id, team_id: teamId }).execute();
        await recordAudit(trx, auditActor(actor), {
          action: 'staff-user.created',
          subjectType: 'staff-user',
          subjectId: user.id,
          after: { email: input.email, display_name: input.display_name, role: input.role, team_ids: [...new Set(input.team_ids)].sort() },
        });
        return user;
      });
    },

    /** Changing role, teams, access or password ends the user's sessions, so the change takes effect at once. */
    async updateUser(
      actor: StaffActor,
      id: string,
      input: { display_name: string; role: Role; team_ids: string[]; active: boolean; password: string | null; version: number },
      endSessions: (userId: string) => Promise<void>,
    ) {
      requireAdmin(actor, 'users:manage');
      checkPassword(input.password);
      checkTeamsForRole(input.role, input.team_ids);
      if (!can(actor, 'staff-account:keep-own-access', { id, role: input.role, active: input.active })) {
        throw new ValidationError([{ field: 'role', message: 'You cannot remove your own administrator access. Ask another administrator' }]);
      }
      const passwordHash = input.password ? await hashPassword(input.password) : null;
      await db.transaction().execute(async (trx) => {
        const before = await trx.selectFrom('staff_users').select(['display_name', 'role', 'active', 'version']).where('id', '=', isUuid(id) ? id : '00000000-0000-0000-0000-000000000000').executeTakeFirst();
        if (!before) throw new NotFoundError('user');
        if (before.version !== input.version) throw new ConflictError();
        await assertTeamsExist(trx, input.team_ids);
        const beforeTeams = (await trx.selectFrom('staff_user_teams').select('team_id').where('user_id', '=', id).execute()).map((t) => t.team_id).sort();
        const updated = await trx
          .updateTable('staff_users')
          .set({
            display_name: input.display_name,
            role: input.role,
            active: input.active,
            updated_at: new Date(),
            version: sql`version + 1`,
            ...(passwordHash ? { password_hash: passwordHash } : {}),
          })
          .where('id', '=', id)
          .where('version', '=', input.version)
          .executeTakeFirst();
        if (Number(updated.numUpdatedRows) !== 1) throw new ConflictError();
        await trx.deleteFrom('staff_user_teams').where('user_id', '=', id).execute();
        for (const teamId of new Set(input.team_ids)) await trx.insertInto('staff_user_teams').values({ user_id: id, team_id: teamId }).execute();
        await recordAudit(trx, auditActor(actor), {
          action: 'staff-user.updated',
          subjectType: 'staff-user',
          subjectId: id,
          before: { display_name: before.display_name, role: before.role, active: before.active, team_ids: beforeTeams },
          after: {
            display_name: input.display_name,
            role: input.role,
            active: input.active,
            team_ids: [...new Set(input.team_ids)].sort(),
            ...(passwordHash ? { password: 'reset' } : {}),
          },
        });
      });
      await endSessions(id);
    },

    async listTeams(actor: StaffActor) {
      if (!has(actor, 'teams:manage') && !has(actor, 'users:manage')) throw new ForbiddenError();
      return db
        .selectFrom('teams')
        .select([
          'teams.id',
          'teams.name',
          'teams.version',
          (eb) => eb.selectFrom('staff_user_teams').select(eb.fn.countAll<number>().as('n')).whereRef('staff_user_teams.team_id', '=', 'teams.id').as('staff'),
          (eb) =>
            eb.selectFrom('people').select(eb.fn.countAll<number>().as('n')).whereRef('people.team_id', '=', 'teams.id').where('people.closed_on', 'is', null).as('people'),
        ])
        .orderBy('teams.name')
        .execute();
    },

    async getTeam(actor: StaffActor, id: string) {
      requireAdmin(actor, 'teams:manage');
      const team = isUuid(id) ? await db.selectFrom('teams').select(['id', 'name', 'version']).where('id', '=', id).executeTakeFirst() : undefined;
      if (!team) throw new NotFoundError('team');
      return team;
    },

    async createTeam(actor: StaffActor, name: string) {
      requireAdmin(actor, 'teams:manage');
      return db.transaction().execute(async (trx) => {
        if (await trx.selectFrom('teams').select('id').where(sql`lower(name)`, '=', name.toLowerCase()).executeTakeFirst()) {
          throw new ValidationError([{ field: 'name', message: 'There is already a team with this name' }]);
        }
        const team = await trx.insertInto('teams').values({ name }).returning(['id']).executeTakeFirstOrThrow();
        await recordAudit(trx, auditActor(actor), { action: 'team.created', subjectType: 'team', subjectId: team.id, after: { name } });
        return team;
      });
    },

    async renameTeam(actor: StaffActor, id: string, name: string, version: number) {
      requireAdmin(actor, 'teams:manage');
      await db.transaction().execute(async (trx) => {
        const before = isUuid(id) ? await trx.selectFrom('teams').select(['name', 'version']).where('id', '=', id).executeTakeFirst() : undefined;
        if (!before) throw new NotFoundError('team');
        if (before.version !== version) throw new ConflictError();
        if (await trx.selectFrom('teams').select('id').where(sql`lower(name)`, '=', name.toLowerCase()).where('id', '<>', id).executeTakeFirst()) {
          throw new ValidationError([{ field: 'name', message: 'There is already a team with this name' }]);
        }
        await trx.updateTable('teams').set({ name, version: sql`version + 1` }).where('id', '=', id).where('version', '=', version).execute();
        await recordAudit(trx, auditActor(actor), { action: 'team.renamed', subjectType: 'team', subjectId: id, before: { name: before.name }, after: { name } });
      });
    },
  };
}

export type AdminService = ReturnType<typeof createAdminService>;
