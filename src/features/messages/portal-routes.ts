import { z } from 'zod';
import { paths } from '../../paths.js';
import { type CitizenActor, can } from '../../policies/index.js';
import { requiredChoice, requiredText } from '../../web/fields.js';
import { type Context, type Route, idParams, page, redirect, route } from '../../web/route.js';
import { personById } from '../people/repository.js';
import { CHANGES, type ChangeTopic, changePage, portalThreadPage, reviewRequestPage } from './presenters.js';
import { threadOf } from './repository.js';
import { sendFromPortal } from './send.js';
import { citizenOf } from '../portal/acting.js';

/** Asking and telling in My Selfdirect (issue 14, part 7): for the person, and representatives given the messages. */
const messageForm = z.object({ message: requiredText(5000, 'Write your message', 'Your message') });
const reviewForm = z.object({ reason: requiredText(5000, 'Say why you would like a review', 'The reason') });
const changeForm = z.object({ topic: requiredChoice(Object.keys(CHANGES) as [ChangeTopic, ...ChangeTopic[]], 'Choose what has changed'), details: requiredText(5000, 'Tell us what has changed', 'What has changed') });

const loadPerson = async (ctx: Context, params: { id: string }) => personById(ctx.db, params.id);
const loadThread = async (ctx: Context, params: { id: string }) => {
  const person = await personById(ctx.db, params.id);
  return person ? { person, thread: await threadOf(ctx.db, person.id) } : undefined;
};
type Thread = NonNullable<Awaited<ReturnType<typeof loadThread>>>;
type Person = NonNullable<Awaited<ReturnType<typeof loadPerson>>>;
const mayWrite = (actor: Parameters<typeof can>[0], r: { id: string } | { person: { id: string } }) => can(actor, 'portal:messages', { person_id: 'person' in r ? r.person.id : r.id });
const nameOf = (ctx: { citizen?: CitizenActor }, person: Person) => ({ own: citizenOf(ctx).kind === 'person', first: person.preferred_name || person.given_name });
const threadView = (ctx: { citizen?: CitizenActor }, r: Thread, values?: Record<string, unknown>, errors?: { field: string; message: string }[]) =>
  page('messages/views/portal-thread.njk', portalThreadPage({ name: nameOf(ctx, r.person), thread: r.thread, links: { review: paths.portal.askForReview(r.person.id), change: paths.portal.tellUsAboutAChange(r.person.id), home: paths.portal.home() }, values, errors }), { noStore: true, status: errors ? 400 : 200 });
const personViewed = (p: Person) => ({ action: 'portal.person-viewed', subjectType: 'person', subjectId: p.id, personId: p.id });
const conflict = (_ctx: unknown, r: Person | Thread, error: Error) => redirect(paths.portal.messages('person' in r ? r.person.id : r.id), error.message, 'important');
const sent = (text: string) => (_ctx: unknown, r: Person | Thread) => redirect(paths.portal.messages('person' in r ? r.person.id : r.id), text);

export const messagePortalRoutes: Route[] = [
  route({ method: 'GET', url: '/my/people/:id/messages', access: 'portal', params: idParams, load: loadThread, allow: mayWrite, viewed: (r: Thread) => ({ action: 'portal.messages-viewed', subjectType: 'person', subjectId: r.person.id, personId: r.person.id }), respond: (ctx, r: Thread) => threadView(ctx, r) }),
  route({
    method: 'POST',
    url: '/my/people/:id/messages',
    access: 'portal',
    params: idParams,
    load: loadThread,
    allow: mayWrite,
    form: messageForm,
    command: (ctx, r: Thread, f: z.infer<typeof messageForm>) => sendFromPortal(ctx, citizenOf(ctx), r.person, { kind: 'message', topic: null, body: f.message }),
    invalid: (ctx, r: Thread, problems) => threadView(ctx, r, problems.values, problems.errors),
    conflict,
    respond: sent('Message sent. The worker will reply here'),
  }),
  route({ method: 'GET', url: '/my/people/:id/ask-for-a-review', access: 'portal', params: idParams, load: loadPerson, allow: mayWrite, viewed: personViewed, respond: (_ctx, p: Person) => page('messages/views/review-request.njk', reviewRequestPage(paths.portal.messages(p.id)), { noStore: true }) }),
  route({
    method: 'POST',
    url: '/my/people/:id/ask-for-a-review',
    access: 'portal',
    params: idParams,
    load: loadPerson,
    allow: mayWrite,
    form: reviewForm,
    command: (ctx, p: Person, f: z.infer<typeof reviewForm>) => sendFromPortal(ctx, citizenOf(ctx), p, { kind: 'review-request', topic: null, body: f.reason }),
    invalid: (_ctx, p: Person, problems) => page('messages/views/review-request.njk', reviewRequestPage(paths.portal.messages(p.id), problems.values, problems.errors), { status: 400 }),
    conflict,
    respond: sent('You have asked for a review. The worker will be in touch'),
  }),
  route({ method: 'GET', url: '/my/people/:id/tell-us-about-a-change', access: 'portal', params: idParams, load: loadPerson, allow: mayWrite, viewed: personViewed, respond: (_ctx, p: Person) => page('messages/views/change.njk', changePage(paths.portal.messages(p.id)), { noStore: true }) }),
  route({
    method: 'POST',
    url: '/my/people/:id/tell-us-about-a-change',
    access: 'portal',
    params: idParams,
    load: loadPerson,
    allow: mayWrite,
    form: changeForm,
    command: (ctx, p: Person, f: z.infer<typeof changeForm>) => sendFromPortal(ctx, citizenOf(ctx), p, { kind: 'change-of-circumstances', topic: f.topic, body: f.details }),
    invalid: (_ctx, p: Person, problems) => page('messages/views/change.njk', changePage(paths.portal.messages(p.id), problems.values, problems.errors), { status: 400 }),
    conflict,
    respond: sent('Thank you for telling us. The worker will be in touch'),
  }),
];
