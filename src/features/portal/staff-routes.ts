import { z } from 'zod';
import { paths } from '../../paths.js';
import { can } from '../../policies/index.js';
import { emailField, listOf, requiredText } from '../../web/fields.js';
import { idParams, page, redirect, route, type Context, type Route } from '../../web/route.js';
import { activeRepresentativesOf, personById } from '../people/repository.js';
import { inviteToPortal, withdrawFromPortal } from './invitations.js';
import { grantById, grantsForPerson } from './repository.js';
import * as present from './staff-presenters.js';

/** Staff side of My Selfdirect: who can use it for a person, invitations and withdrawals, from the person's record. */
const inviteSchema = z.object({
  who: z.string({ error: 'Choose who to invite' }).min(1, 'Choose who to invite').max(100),
  email: emailField.pipe(z.string({ error: 'Enter their email address' })).transform((e) => e.toLowerCase()),
  parts: z.preprocess(listOf, z.array(z.enum(['assessment', 'plan', 'money', 'messages'], { error: 'Choose from the list' }))),
});
const withdrawSchema = z.object({ reason: requiredText(500, 'Enter why their access ends', 'The reason') });

async function loadPerson(ctx: Context, params: { id: string }) {
  const person = await personById(ctx.db, params.id);
  if (!person) return undefined;
  const [representatives, grants] = await Promise.all([activeRepresentativesOf(ctx.db, person.id), grantsForPerson(ctx.db, person.id)]);
  return { person, representatives, grants };
}
type Loaded = NonNullable<Awaited<ReturnType<typeof loadPerson>>>;
const view = 'portal/views/staff.njk';
const onPerson = { access: 'people:write' as const, params: idParams, load: loadPerson, allow: (actor: Parameters<typeof can>[0], r: Loaded) => can(actor, 'person:change', r.person) };

export const portalStaffRoutes: Route[] = [
  route({ method: 'GET', url: '/people/:id/my-selfdirect', ...onPerson, viewed: (r: Loaded) => ({ action: 'portal.access-viewed', subjectType: 'person', subjectId: r.person.id, personId: r.person.id }), respond: (_ctx, r: Loaded) => page(view, present.staffPage(r, { who: 'person', parts: [] }), { noStore: true }) }),
  route({
    method: 'POST',
    url: '/people/:id/my-selfdirect',
    ...onPerson,
    form: inviteSchema,
    command: (ctx, r: Loaded, f: z.infer<typeof inviteSchema>) => inviteToPortal(ctx, r.person, r.representatives, { who: f.who, email: f.email, parts: f.parts }),
    invalid: (_ctx, r: Loaded, problems) => page(view, present.staffPage(r, problems.values, problems.errors)),
    conflict: (_ctx, r: Loaded, error) => ({ ...page(view, present.staffPage(r, {}, [{ field: 'email', message: error.message }])), status: 409 }),
    respond: (_ctx, r: Loaded) => redirect(paths.portal.invite(r.person.id), 'Invitation sent. They sign in with a code sent to their email'),
  }),
  route({
    method: 'POST',
    url: '/my-selfdirect-grants/:id/withdraw',
    access: 'people:write',
    params: idParams,
    load: async (ctx, params) => {
      const grant = await grantById(ctx.db, params.id);
      const person = grant ? await personById(ctx.db, grant.person_id) : undefined;
      return grant && person ? { grant, person } : undefined;
    },
    allow: (actor, r) => can(actor, 'person:change', r.person),
    form: withdrawSchema,
    command: (ctx, r, f: z.infer<typeof withdrawSchema>) => withdrawFromPortal(ctx, r.grant, f.reason),
    invalid: (_ctx, r, problems) => redirect(paths.portal.invite(r.person.id), problems.errors[0]!.message, 'important'),
    conflict: (_ctx, r, error) => redirect(paths.portal.invite(r.person.id), error.message, 'important'),
    respond: (_ctx, r) => redirect(paths.portal.invite(r.person.id), `${r.grant.display_name} can no longer use My Selfdirect for this person`),
  }),
];
