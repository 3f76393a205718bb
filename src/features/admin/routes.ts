import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../../composition.js';
import { ValidationError } from '../../errors.js';
import { paths } from '../../paths.js';
import { ROLE_NAMES, ROLES } from '../../policies/index.js';
import { escapeHtml } from '../../web/format.js';
import { parseForm, presentErrors, submittedValues } from '../../web/forms.js';
import { actorOf, allow, flash } from '../../web/session.js';
import { editTeamSchema, editUserSchema, newUserSchema, teamSchema } from './schemas.js';

type IdParams = { Params: { id: string } };
type Values = Record<string, string | string[] | undefined>;

function teamIdsOf(values: Values): string[] {
  const v = values.team_ids;
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}

export function registerAdminRoutes(app: FastifyInstance, { admin, auth }: Services) {
  const users = { preHandler: [allow('users:manage')] };
  const teams = { preHandler: [allow('teams:manage')] };

  app.get(paths.admin.users(), users, async (request, reply) => {
    const list = await admin.listUsers(actorOf(request));
    return reply.view('admin/views/users.njk', {
      title: 'Users',
      table: {
        caption: `${list.length} staff ${list.length === 1 ? 'account' : 'accounts'}`,
        captionClasses: 'govuk-table__caption--m',
        firstCellIsHeader: true,
        head: [{ text: 'Name' }, { text: 'Email' }, { text: 'Role' }, { text: 'Teams' }, { text: 'Access' }],
        rows: list.map((u) => [
          { html: `<a class="govuk-link" href="${paths.admin.editUser(u.id)}">${escapeHtml(u.display_name)}</a>` },
          { text: u.email },
          { text: ROLE_NAMES[u.role] },
          { text: u.teams.join(', ') || 'None' },
          { text: u.active ? 'Can sign in' : 'Cannot sign in' },
        ]),
      },
    });
  });

  async function renderUserForm(request: FastifyRequest, reply: FastifyReply, options: { userId?: string; values: Values; errors?: { field: string; message: string }[]; status?: number }) {
    const allTeams = await admin.listTeams(actorOf(request));
    const selectedTeams = teamIdsOf(options.values);
    return reply.code(options.status ?? 200).view('admin/views/user-form.njk', {
      title: options.userId ? 'Change a user' : 'Add a user',
      action: options.userId ? paths.admin.editUser(options.userId) : paths.admin.createUser(),
      backLink: { href: paths.admin.users() },
      editing: Boolean(options.userId),
      values: options.values,
      roles: ROLES.map((role) => ({ value: role, text: ROLE_NAMES[role], checked: options.values.role === role })) /* the form's chosen value, not an access check */,
      teams: allTeams.map((t) => ({ value: t.id, text: t.name, checked: selectedTeams.includes(t.id) })),
      active: [
        { value: 'yes', text: 'Yes', checked: options.values.active === 'yes' },
        { value: 'no', text: 'No', checked: options.values.active === 'no' },
      ],
      ...presentErrors(options.errors, { role: 'role', team_ids: 'team_ids', active: 'active' }),
    });
  }

  app.get(paths.admin.createUser(), users, async (request, reply) => renderUserForm(request, reply, { values: {} }));

  app.post(paths.admin.createUser(), users, async (request, reply) => {
    const form = parseForm(newUserSchema, request.body);
    try {
      if (!form.ok) throw new ValidationError(form.errors);
      await admin.createUser(actorOf(request), form.value);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return renderUserForm(request, reply, { values: submittedValues(request.body), errors: error.fieldErrors, status: 400 });
    }
    flash(request, 'User added');
    return reply.redirect(paths.admin.users(), 303);
  });

  app.get<IdParams>('/admin/users/:id/edit', users, async (request, reply) => {
    const user = await admin.getUser(actorOf(request), request.params.id);
    return renderUserForm(request, reply, {
      userId: user.id,
      values: { email: user.email, display_name: user.display_name, role: user.role, team_ids: user.team_ids, active: user.active ? 'yes' : 'no', version: String(user.version) },
    });
  });

  app.post<IdParams>('/admin/users/:id/edit', users, async (request, reply) => {
    const actor = actorOf(request);
    const user = await admin.getUser(actor, request.params.id);
    const form = parseForm(editUserSchema, request.body);
    try {
      if (!form.ok) throw new ValidationError(form.errors);
      await admin.updateUser(actor, user.id, { ...form.value, active: form.value.active === 'yes' }, auth.endSessionsOf);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return renderUserForm(request, reply, { userId: user.id, values: { ...submittedValues(request.body), email: user.email }, errors: error.fieldErrors, status: 400 });
    }
    flash(request, 'User updated');
    return reply.redirect(paths.admin.users(), 303);
  });

  app.get(paths.admin.teams(), teams, async (request, reply) => {
    const list = await admin.listTeams(actorOf(request));
    return reply.view('admin/views/teams.njk', {
      title: 'Teams',
      table: {
        caption: `${list.length} ${list.length === 1 ? 'team' : 'teams'}`,
        captionClasses: 'govuk-table__caption--m',
        firstCellIsHeader: true,
        head: [{ text: 'Team' }, { text: 'Staff', format: 'numeric' }, { text: 'Open records', format: 'numeric' }],
        rows: list.map((t) => [
          { html: `<a class="govuk-link" href="${paths.admin.editTeam(t.id)}">${escapeHtml(t.name)}</a>` },
          { text: String(t.staff ?? 0), format: 'numeric' },
          { text: String(t.people ?? 0), format: 'numeric' },
        ]),
      },
    });
  });

  const renderTeamForm = (reply: FastifyReply, options: { teamId?: string; values: Values; errors?: { field: string; message: string }[]; status?: number }) =>
    reply.code(options.status ?? 200).view('admin/views/team-form.njk', {
      title: options.teamId ? 'Rename a team' : 'Add a team',
      action: options.teamId ? paths.admin.editTeam(options.teamId) : paths.admin.createTeam(),
      backLink: { href: paths.admin.teams() },
      values: options.values,
      ...presentErrors(options.errors),
    });

  app.get(paths.admin.createTeam(), teams, async (_request, reply) => renderTeamForm(reply, { values: {} }));

  app.post(paths.admin.createTeam(), teams, async (request, reply) => {
    const form = parseForm(teamSchema, request.body);
    try {
      if (!form.ok) throw new ValidationError(form.errors);
      await admin.createTeam(actorOf(request), form.value.name);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return renderTeamForm(reply, { values: submittedValues(request.body), errors: error.fieldErrors, status: 400 });
    }
    flash(request, 'Team added');
    return reply.redirect(paths.admin.teams(), 303);
  });

  app.get<IdParams>('/admin/teams/:id/edit', teams, async (request, reply) => {
    const team = await admin.getTeam(actorOf(request), request.params.id);
    return renderTeamForm(reply, { teamId: team.id, values: { name: team.name, version: String(team.version) } });
  });

  app.post<IdParams>('/admin/teams/:id/edit', teams, async (request, reply) => {
    const actor = actorOf(request);
    const team = await admin.getTeam(actor, request.params.id);
    const form = parseForm(editTeamSchema, request.body);
    try {
      if (!form.ok) throw new ValidationError(form.errors);
      await admin.renameTeam(actor, team.id, form.value.name, form.value.version);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return renderTeamForm(reply, { teamId: team.id, values: submittedValues(request.body), errors: error.fieldErrors, status: 400 });
    }
    flash(request, 'Team renamed');
    return reply.redirect(paths.admin.teams(), 303);
  });
}
