import { z } from 'zod';
import { paths } from '../../paths.js';
import { type StaffActor, can } from '../../policies/index.js';
import { requiredText } from '../../web/fields.js';
import { presentErrors } from '../../web/forms.js';
import { type Context, type Route, idParams, page, redirect, route } from '../../web/route.js';
import { fullName } from '../people/presenters.js';
import { personById } from '../people/repository.js';
import { threadItems } from './presenters.js';
import { threadOf } from './repository.js';
import { dealWith, replyFromStaff } from './send.js';

/** The person's thread on the staff record: read by the team, replied to and marked dealt with by casework staff. */
const replyForm = z.object({ reply: requiredText(5000, 'Write the reply', 'The reply') });

async function loadThread(ctx: Context, params: { id: string }) {
  const person = await personById(ctx.db, params.id);
  return person ? { person, thread: await threadOf(ctx.db, person.id) } : undefined;
}
type Thread = NonNullable<Awaited<ReturnType<typeof loadThread>>>;

function threadPage(actor: StaffActor, r: Thread, values: Record<string, unknown> = {}, errors?: { field: string; message: string }[]) {
  const waiting = r.thread.filter((m) => m.from_account !== null && m.dealt_with_at === null).length;
  const writable = can(actor, 'person:write', r.person);
  return page('messages/views/staff-thread.njk', {
    title: 'Messages from My Selfdirect',
    caption: fullName(r.person),
    items: threadItems(r.thread, true),
    empty: r.thread.length === 0,
    waiting,
    writable,
    dealtWith: paths.people.messagesDealtWith(r.person.id),
    values: { reply: typeof values.reply === 'string' ? values.reply : '' },
    backLink: { href: paths.people.view(r.person.id), text: 'Back to the person’s record' },
    ...presentErrors(errors, { reply: 'reply' }),
  }, { noStore: true, status: errors ? 400 : 200 });
}

const readable = (actor: StaffActor, r: Thread) => can(actor, 'person:read', r.person);
const writable = (actor: StaffActor, r: Thread) => can(actor, 'person:write', r.person);

export const messageStaffRoutes: Route[] = [
  route({ method: 'GET', url: '/people/:id/messages', access: 'people:read', params: idParams, load: loadThread, allow: readable, viewed: (r: Thread) => ({ action: 'messages.viewed', subjectType: 'person', subjectId: r.person.id, personId: r.person.id }), respond: (ctx, r: Thread) => threadPage(ctx.actor, r) }),
  route({
    method: 'POST',
    url: '/people/:id/messages',
    access: 'people:write',
    params: idParams,
    load: loadThread,
    allow: writable,
    form: replyForm,
    command: (ctx, r: Thread, f: z.infer<typeof replyForm>) => replyFromStaff(ctx, ctx.actor, r.person, f.reply),
    invalid: (ctx, r: Thread, problems) => threadPage(ctx.actor, r, problems.values, problems.errors),
    respond: (_ctx, r: Thread) => redirect(paths.people.messages(r.person.id), 'Reply sent. We have emailed them to say there is a new message'),
  }),
  route({
    method: 'POST',
    url: '/people/:id/messages/dealt-with',
    access: 'people:write',
    params: idParams,
    load: loadThread,
    allow: writable,
    command: (ctx, r: Thread) => dealWith(ctx, ctx.actor, r.person),
    conflict: (_ctx, r: Thread, error) => redirect(paths.people.messages(r.person.id), error.message, 'important'),
    respond: (_ctx, r: Thread) => redirect(paths.people.messages(r.person.id), 'Marked as dealt with'),
  }),
];
