import { z } from 'zod';
import { paths } from '../../paths.js';
import { ROLE_NAMES } from '../../policies/index.js';
import { escapeHtml } from '../../web/format.js';
import { presentErrors } from '../../web/forms.js';
import { type Context, type Route, idParams, page, redirect, route } from '../../web/route.js';
import { formatDateTime } from '../../web/format.js';
import { invitationLink, latestInvitationOf } from '../auth/invitations.js';
import { twoFactorOf } from '../auth/repository.js';
import { can } from '../../policies/index.js';
import { auditActor } from '../audit/audit-trail.js';
import { markNoticeSeen, noticeById } from './access-notices.js';
import { createStaffAccount, sendNewInvitation, updateStaffAccount } from './accounts.js';
import { type StaffAccount, staffAccountById, staffAccounts, teamById, teamsWithCounts } from './repository.js';
import { editTeamSchema, editUserSchema, newUserSchema, teamSchema } from './schemas.js';
import { createTeam, renameTeam } from './teams.js';
import { captionedTable } from '../../web/tables.js';
import { loadPage, pageQuery, pagination, shownRange } from '../../web/pagination.js';

/** Staff accounts on a page of the list. */
const USERS_PAGE = 50;

type Values = Record<string, string | string[] | undefined>;
type Errors = { field: string; message: string }[];

function teamIdsOf(values: Values): string[] {
  const v = values.team_ids;
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}

type Teams = Awaited<ReturnType<typeof teamsWithCounts>>;

/** Radio items from a set of choices, the submitted one checked. */
const radioItems = (choices: Record<string, string>, chosen: unknown) => Object.entries(choices).map(([value, text]) => ({ value, text, checked: value === chosen }));

type Invitation = Awaited<ReturnType<typeof latestInvitationOf>>;

/** Where the account's password stands: set by its owner, or an invitation waiting. */
function passwordStatus(hasPassword: boolean, invitation: Invitation): string {
  if (hasPassword) return invitation?.accepted_at ? `Set by them on ${formatDateTime(invitation.accepted_at)}` : 'Set';
  if (!invitation || invitation.withdrawn_at) return 'Not set, and no invitation is waiting';
  if (invitation.expires_at < new Date()) return `Not set: the invitation sent ${formatDateTime(invitation.created_at)} has expired`;
  return `Not set yet: invited ${formatDateTime(invitation.created_at)}, the link works until ${formatDateTime(invitation.expires_at)}`;
}

/** The link is shown once, to pass on: only its hash is kept. */
const invitationShown = (ctx: { config: { publicUrl: string } }, r: { name: string; token: string; expiresAt: Date }) =>
  `Send ${r.name} this invitation link. It works once, until ${formatDateTime(r.expiresAt)}, and is not shown again: ${invitationLink(ctx.config.publicUrl, r.token)}`;

/** Whether they have set up an authenticator app, and the reset for someone who has lost it. */
function twoFactorStatus(userId: string, confirmedAt: Date | null | undefined) {
  return confirmedAt
    ? { status: `An authenticator app was set up on ${formatDateTime(confirmedAt)}.`, resetAction: paths.twoFactor.reset(userId) }
    : { status: 'No authenticator app is set up.', resetAction: null };
}

function userFormPage(teams: Teams, userId: string | null, values: Values, errors?: Errors, password?: string, twoFactor?: ReturnType<typeof twoFactorStatus>) {
  const selectedTeams = teamIdsOf(values);
  return page('admin/views/user-form.njk', {
    title: userId ? 'Change a user' : 'Add a user',
    action: userId ? paths.admin.editUser(userId) : paths.admin.createUser(),
    inviteAction: userId ? paths.admin.inviteUser(userId) : null,
    password,
    twoFactor: twoFactor ?? null,
    backLink: { href: paths.admin.users() },
    editing: Boolean(userId),
    values,
    roles: radioItems(ROLE_NAMES, values.role),
    teams: teams.map((t) => ({ value: t.id, text: t.name, checked: selectedTeams.includes(t.id) })),
    active: [
      { value: 'yes', text: 'Yes', checked: values.active === 'yes' },
      { value: 'no', text: 'No', checked: values.active === 'no' },
    ],
    ...presentErrors(errors, { role: 'role', team_ids: 'team_ids', active: 'active' }),
  });
}

const teamFormPage = (teamId: string | null, values: Values, errors?: Errors) =>
  page('admin/views/team-form.njk', { title: teamId ? 'Rename a team' : 'Add a team', action: teamId ? paths.admin.editTeam(teamId) : paths.admin.createTeam(), backLink: { href: paths.admin.teams() }, values, ...presentErrors(errors) });

const accountValues = (user: StaffAccount): Values => ({ email: user.email, display_name: user.display_name, role: user.role, team_ids: user.team_ids, active: user.active ? 'yes' : 'no', version: String(user.version) });

async function loadAccount(ctx: Context, params: { id: string }) {
  const user = await staffAccountById(ctx.db, params.id);
  return user ? { user, teams: await teamsWithCounts(ctx.db), invitation: await latestInvitationOf(ctx.db, user.id), twoFactor: twoFactorStatus(user.id, (await twoFactorOf(ctx.db, user.id))?.totp_confirmed_at) } : undefined;
}
type AccountForm = NonNullable<Awaited<ReturnType<typeof loadAccount>>>;

/** Staff accounts and teams, as data: administrators only, who never open case records. */
export const adminRoutes: Route[] = [
  route({
    method: 'GET',
    url: '/admin/users',
    access: 'users:manage',
    load: (ctx, _p, request) => loadPage(pageQuery.parse(request.query ?? {}).page, USERS_PAGE, (window) => staffAccounts(ctx.db, window), (l) => l.rows.length),
    respond: (_ctx, list) =>
      page('admin/views/users.njk', {
        title: 'Users',
        pagination: pagination(list.page, USERS_PAGE, list.total, paths.admin.users()),
        table: captionedTable(`${list.total} staff ${list.total === 1 ? 'account' : 'accounts'}${shownRange(list.page, USERS_PAGE, list.rows.length, list.total)}`, [{ text: 'Name' }, { text: 'Email' }, { text: 'Role' }, { text: 'Teams' }, { text: 'Access' }], list.rows.map((u) => [
            { html: `<a class="govuk-link" href="${paths.admin.editUser(u.id)}">${escapeHtml(u.display_name)}</a>` },
            { text: u.email },
            { text: ROLE_NAMES[u.role] },
            { text: u.teams.join(', ') || 'None' },
            { text: !u.active ? 'Cannot sign in' : u.has_password ? 'Can sign in' : 'Invited' },
          ])),
      }),
  }),
  route({ method: 'GET', url: '/admin/users/new', access: 'users:manage', load: (ctx) => teamsWithCounts(ctx.db), respond: (_ctx, teams) => userFormPage(teams, null, {}) }),
  route({
    method: 'POST',
    url: '/admin/users/new',
    access: 'users:manage',
    load: (ctx) => teamsWithCounts(ctx.db),
    form: newUserSchema,
    command: (ctx, _teams, f: z.infer<typeof newUserSchema>) => createStaffAccount(ctx, f),
    invalid: (_ctx, teams, problems) => userFormPage(teams, null, problems.values, problems.errors),
    respond: (ctx, _teams, created) => redirect(paths.admin.editUser(created.id), invitationShown(ctx, created), 'important'),
  }),
  route({
    method: 'GET',
    url: '/admin/users/:id/edit',
    access: 'users:manage',
    params: idParams,
    load: loadAccount,
    respond: (_ctx, a: AccountForm) => userFormPage(a.teams, a.user.id, accountValues(a.user), undefined, passwordStatus(Boolean(a.user.has_password), a.invitation), a.twoFactor),
  }),
  route({
    method: 'POST',
    url: '/admin/users/:id/invitation',
    access: 'users:manage',
    params: idParams,
    load: (ctx, p) => staffAccountById(ctx.db, p.id),
    command: (ctx, account) => sendNewInvitation(ctx, account),
    respond: (ctx, _account, invited) => redirect(paths.admin.editUser(invited.id), invitationShown(ctx, invited), 'important'),
  }),
  route({
    method: 'POST',
    url: '/admin/users/:id/edit',
    access: 'users:manage',
    params: idParams,
    load: loadAccount,
    form: editUserSchema,
    command: (ctx, a: AccountForm, f: z.infer<typeof editUserSchema>) => updateStaffAccount(ctx, a.user, { ...f, active: f.active === 'yes' }),
    invalid: (_ctx, a: AccountForm, problems) => userFormPage(a.teams, a.user.id, { ...problems.values, email: a.user.email }, problems.errors, passwordStatus(Boolean(a.user.has_password), a.invitation), a.twoFactor),
    respond: () => redirect(paths.admin.users(), 'User updated'),
  }),
  route({
    method: 'GET',
    url: '/admin/teams',
    access: 'teams:manage',
    load: (ctx) => teamsWithCounts(ctx.db),
    respond: (_ctx, list) =>
      page('admin/views/teams.njk', {
        title: 'Teams',
        table: captionedTable(`${list.length} ${list.length === 1 ? 'team' : 'teams'}`, [{ text: 'Team' }, { text: 'Staff', format: 'numeric' }, { text: 'Open records', format: 'numeric' }], list.map((t) => [{ html: `<a class="govuk-link" href="${paths.admin.editTeam(t.id)}">${escapeHtml(t.name)}</a>` }, { text: String(t.staff ?? 0), format: 'numeric' }, { text: String(t.people ?? 0), format: 'numeric' }])),
      }),
  }),
  route({ method: 'GET', url: '/admin/teams/new', access: 'teams:manage', respond: () => teamFormPage(null, {}) }),
  route({
    method: 'POST',
    url: '/admin/teams/new',
    access: 'teams:manage',
    form: teamSchema,
    command: (ctx, _r, f: z.infer<typeof teamSchema>) => createTeam(ctx, f.name),
    invalid: (_ctx, _r, problems) => teamFormPage(null, problems.values, problems.errors),
    respond: () => redirect(paths.admin.teams(), 'Team added'),
  }),
  route({ method: 'GET', url: '/admin/teams/:id/edit', access: 'teams:manage', params: idParams, load: (ctx, p) => teamById(ctx.db, p.id), respond: (_ctx, team) => teamFormPage(team.id, { name: team.name, version: String(team.version) }) }),
  route({
    method: 'POST',
    url: '/admin/teams/:id/edit',
    access: 'teams:manage',
    params: idParams,
    load: (ctx, p) => teamById(ctx.db, p.id),
    form: editTeamSchema,
    command: (ctx, team, f: z.infer<typeof editTeamSchema>) => renameTeam(ctx, team, f.name, f.version),
    invalid: (_ctx, team, problems) => teamFormPage(team.id, problems.values, problems.errors),
    respond: () => redirect(paths.admin.teams(), 'Team renamed'),
  }),
  route({
    method: 'POST',
    url: '/access-notices/:id/seen',
    access: 'case-access:review',
    params: idParams,
    load: (ctx, p) => noticeById(ctx.db, p.id),
    allow: (a, notice) => can(a, 'case-access-notice:see', notice),
    command: (ctx, notice) => markNoticeSeen(ctx.db, auditActor(ctx.actor), notice),
    respond: () => redirect(paths.home(), 'Marked as seen'),
  }),
];
