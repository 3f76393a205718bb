import { countOf } from '../../db/page-of.js';
import { z } from 'zod';
import { REVIEW_KINDS, STEP_ORDER, STEPS, type Step } from '../../domain/planning/journey.js';
import { paths } from '../../paths.js';
import { teamsVisibleTo } from '../../policies/people.js';
import { escapeHtml, formatDate, formatDateTime } from '../../web/format.js';
import { type Context, type Route, page, route } from '../../web/route.js';
import { waitingMessages } from '../messages/repository.js';
import { plansSentFromMySelfdirect } from '../plan-builder/repository.js';
import { type JourneyEntry, journeyCounts, journeysAt, sentFromMySelfdirect } from './repository.js';
import { loadPage, pageQuery, pagination, shownRange } from '../../web/pagination.js';
import { captionedTable } from '../../web/tables.js';

const stepParams = z.object({ step: z.enum(STEP_ORDER as [Step, ...Step[]]) });

const SINCE_LABEL: Record<Step, string> = {
  'self-assessment': 'Assessment started',
  'indicative-budget': 'Assessed',
  plan: 'Plan started',
  agreed: 'Agreed',
  'organising-support': 'Agreed',
  'living-with-support': 'Support started',
  review: 'Review due by',
};

const STATES = { scheduled: 'scheduled', due: 'due now', overdue: 'overdue' } as const;

function reviewCell(entry: JourneyEntry) {
  if (!entry.nextReview) return { text: 'None scheduled' };
  return { text: `${REVIEW_KINDS[entry.nextReview.kind]} by ${formatDate(entry.nextReview.dueBy)}: ${STATES[entry.nextReview.state]}` };
}

const MESSAGE_WORDS = { message: 'A message', 'review-request': 'A request for a review', 'change-of-circumstances': 'A change of circumstances' } as const;

const PAGE_SIZE = 50;

interface Sent { href: string; name: string; reference: string; team: string; what: string; sentAt: Date }

/**
 * A page of what people sent from My Selfdirect that waits for the actor's teams — plans,
 * self-assessments to confirm and messages — oldest first, and how many in all. Each kind is read
 * in sent order up to the end of the page and the three are merged, so no visit reads them all.
 */
async function fromPeople(ctx: Context, window: { limit: number; offset: number }): Promise<{ rows: Sent[]; total: number }> {
  const teams = teamsVisibleTo(ctx.actor);
  if (teams.length === 0) return { rows: [], total: 0 };
  const upTo = window.offset + window.limit;
  const plansQ = plansSentFromMySelfdirect(ctx.db, teams);
  const assessmentsQ = sentFromMySelfdirect(ctx.db, teams);
  const messagesQ = waitingMessages(ctx.db, teams);
  const [plans, assessments, messages, counts] = await Promise.all([
    plansQ.limit(upTo).execute(),
    assessmentsQ.limit(upTo).execute(),
    messagesQ.limit(upTo).execute(),
    Promise.all([countOf(plansQ), countOf(assessmentsQ), countOf(messagesQ)]),
  ]);
  const rows = [
    ...plans.map((p) => ({ href: paths.plans.view(p.id), name: `${p.given_name} ${p.family_name}`, reference: p.reference, team: p.team_name, what: `Support plan, version ${p.plan_number}, written and sent by ${p.sent_by_person_as}`, sentAt: p.sent_by_person_at! })),
    ...assessments.map((a) => ({ href: paths.assessments.check(a.id), name: `${a.given_name} ${a.family_name}`, reference: a.reference, team: a.team_name, what: `Self-assessment to check and confirm, sent by ${a.submitted_as}`, sentAt: a.submitted_at! })),
    ...messages.map((m) => ({ href: paths.people.messages(m.person_id), name: `${m.given_name} ${m.family_name}`, reference: m.reference, team: m.team_name, what: `${MESSAGE_WORDS[m.kind]} from ${m.from_label}`, sentAt: m.sent_at })),
  ].sort((a, b) => a.sentAt.getTime() - b.sentAt.getTime());
  return { rows: rows.slice(window.offset, upTo), total: counts.reduce((sum, n) => sum + n, 0) };
}

/** Who is at each of the seven steps, for the actor's teams. */
export const worklistRoutes: Route[] = [
  route({
    method: 'GET',
    url: '/worklists',
    access: 'people:read',
    load: async (ctx) => {
      const [journeys, sent] = await Promise.all([journeyCounts(ctx.db, teamsVisibleTo(ctx.actor), ctx.today), fromPeople(ctx, { limit: 0, offset: 0 })]);
      return { ...journeys, sent: sent.total };
    },
    respond: (_ctx, { counts, overdue, sent }) =>
      page('worklists/views/overview.njk', {
        title: 'Worklists',
        fromPeople: { href: paths.worklists.fromPeople(), text: `${sent} ${sent === 1 ? 'thing' : 'things'} sent from My Selfdirect to look at` },
        overdue,
        stepRows: STEP_ORDER.map((step, i) => ({
          key: { text: `${i + 1}. ${STEPS[step]}` },
          value: { html: `<a class="govuk-link" href="${paths.worklists.step(step)}">${counts[step]} ${counts[step] === 1 ? 'person' : 'people'}<span class="govuk-visually-hidden"> at ${STEPS[step].toLowerCase()}</span></a>` },
        })),
      }),
  }),
  route({
    method: 'GET',
    url: '/worklists/from-my-selfdirect',
    access: 'people:read',
    load: (ctx, _p, request) => loadPage(pageQuery.parse(request.query ?? {}).page, PAGE_SIZE, (window) => fromPeople(ctx, window), (r) => r.rows.length),
    respond: (_ctx, sent) =>
      page('worklists/views/from-people.njk', {
        title: 'Sent from My Selfdirect',
        empty: sent.total === 0,
        table: captionedTable(`${sent.total} waiting${shownRange(sent.page, PAGE_SIZE, sent.rows.length, sent.total)}`, [{ text: 'Person' }, { text: 'Team' }, { text: 'What' }, { text: 'Sent' }], sent.rows.map((s) => [
          { html: `<a class="govuk-link" href="${s.href}">${escapeHtml(s.name)}</a> (${escapeHtml(s.reference)})` },
          { text: s.team },
          { text: s.what },
          { text: formatDateTime(s.sentAt) },
        ])),
        pagination: pagination(sent.page, PAGE_SIZE, sent.total, paths.worklists.fromPeople()),
        backLink: { href: paths.worklists.overview(), text: 'All worklists' },
      }),
  }),
  route({
    method: 'GET',
    url: '/worklists/:step',
    access: 'people:read',
    params: stepParams,
    load: async (ctx, params: { step: Step }, request) => {
      const found = await loadPage(pageQuery.parse(request.query ?? {}).page, PAGE_SIZE, (window) => journeysAt(ctx.db, teamsVisibleTo(ctx.actor), ctx.today, params.step, window), (r) => r.entries.length);
      return { step: params.step, ...found };
    },
    respond: (_ctx, { step, entries, total, page: current }) =>
      page('worklists/views/step.njk', {
        title: `Step ${STEP_ORDER.indexOf(step) + 1}: ${STEPS[step]}`,
        empty: total === 0,
        table: captionedTable(`${total} ${total === 1 ? 'person' : 'people'}${shownRange(current, PAGE_SIZE, entries.length, total)}`, [{ text: 'Person' }, { text: 'Team' }, { text: SINCE_LABEL[step] }, { text: 'Next review' }], entries.map((e) => [
            { html: `<a class="govuk-link" href="${step === 'review' && e.nextReview ? paths.reviews.view(e.nextReview.id) : paths.people.view(e.personId)}">${escapeHtml(e.name)}</a> (${escapeHtml(e.reference)})` },
            { text: e.teamName },
            { text: e.since ? formatDate(e.since) : '' },
            reviewCell(e),
          ])),
        pagination: pagination(current, PAGE_SIZE, total, paths.worklists.step(step)),
        backLink: { href: paths.worklists.overview(), text: 'All worklists' },
      }),
  }),
];
