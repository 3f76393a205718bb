import { z } from 'zod';
import { REVIEW_KINDS, STEP_ORDER, STEPS, type Step } from '../../domain/planning/journey.js';
import { paths } from '../../paths.js';
import { teamsVisibleTo } from '../../policies/people.js';
import { escapeHtml, formatDate, formatDateTime } from '../../web/format.js';
import { type Context, type Route, page, route } from '../../web/route.js';
import { waitingMessages } from '../messages/repository.js';
import { plansSentFromMySelfdirect } from '../plan-builder/repository.js';
import { type JourneyEntry, journeys, sentFromMySelfdirect } from './repository.js';
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

/** What people sent from My Selfdirect that waits for the actor's teams: self-assessments to confirm and messages, oldest first. */
async function fromPeople(ctx: Context) {
  const teams = teamsVisibleTo(ctx.actor);
  const [assessments, messages, plans] = await Promise.all([sentFromMySelfdirect(ctx.db, teams), waitingMessages(ctx.db, teams), plansSentFromMySelfdirect(ctx.db, teams)]);
  return [
    ...plans.map((p) => ({ href: paths.plans.view(p.id), name: `${p.given_name} ${p.family_name}`, reference: p.reference, team: p.team_name, what: `Support plan, version ${p.plan_number}, written and sent by ${p.sent_by_person_as}`, sentAt: p.sent_by_person_at! })),
    ...assessments.map((a) => ({ href: paths.assessments.check(a.id), name: `${a.given_name} ${a.family_name}`, reference: a.reference, team: a.team_name, what: `Self-assessment to check and confirm, sent by ${a.submitted_as}`, sentAt: a.submitted_at! })),
    ...messages.map((m) => ({ href: paths.people.messages(m.person_id), name: `${m.given_name} ${m.family_name}`, reference: m.reference, team: m.team_name, what: `${MESSAGE_WORDS[m.kind]} from ${m.from_label}`, sentAt: m.sent_at })),
  ].sort((a, b) => a.sentAt.getTime() - b.sentAt.getTime());
}

/** Who is at each of the seven steps, for the actor's teams. */
export const worklistRoutes: Route[] = [
  route({
    method: 'GET',
    url: '/worklists',
    access: 'people:read',
    load: async (ctx) => ({ entries: await journeys(ctx.db, teamsVisibleTo(ctx.actor), ctx.today), sent: (await fromPeople(ctx)).length }),
    respond: (_ctx, { entries, sent }) =>
      page('worklists/views/overview.njk', {
        title: 'Worklists',
        fromPeople: { href: paths.worklists.fromPeople(), text: `${sent} ${sent === 1 ? 'thing' : 'things'} sent from My Selfdirect to look at` },
        overdue: entries.filter((e) => e.nextReview?.state === 'overdue').length,
        stepRows: STEP_ORDER.map((step, i) => {
          const count = entries.filter((e) => e.step === step).length;
          return {
            key: { text: `${i + 1}. ${STEPS[step]}` },
            value: { html: `<a class="govuk-link" href="${paths.worklists.step(step)}">${count} ${count === 1 ? 'person' : 'people'}<span class="govuk-visually-hidden"> at ${STEPS[step].toLowerCase()}</span></a>` },
          };
        }),
      }),
  }),
  route({
    method: 'GET',
    url: '/worklists/from-my-selfdirect',
    access: 'people:read',
    load: fromPeople,
    respond: (_ctx, sent) =>
      page('worklists/views/from-people.njk', {
        title: 'Sent from My Selfdirect',
        empty: sent.length === 0,
        table: captionedTable(`${sent.length} waiting`, [{ text: 'Person' }, { text: 'Team' }, { text: 'What' }, { text: 'Sent' }], sent.map((s) => [
          { html: `<a class="govuk-link" href="${s.href}">${escapeHtml(s.name)}</a> (${escapeHtml(s.reference)})` },
          { text: s.team },
          { text: s.what },
          { text: formatDateTime(s.sentAt) },
        ])),
        backLink: { href: paths.worklists.overview(), text: 'All worklists' },
      }),
  }),
  route({
    method: 'GET',
    url: '/worklists/:step',
    access: 'people:read',
    params: stepParams,
    load: async (ctx, params: { step: Step }) => {
      const entries = (await journeys(ctx.db, teamsVisibleTo(ctx.actor), ctx.today)).filter((e) => e.step === params.step);
      if (params.step === 'review') entries.sort((a, b) => (a.nextReview?.dueBy ?? '').localeCompare(b.nextReview?.dueBy ?? ''));
      return { step: params.step, entries };
    },
    respond: (_ctx, { step, entries }) =>
      page('worklists/views/step.njk', {
        title: `Step ${STEP_ORDER.indexOf(step) + 1}: ${STEPS[step]}`,
        empty: entries.length === 0,
        table: captionedTable(`${entries.length} ${entries.length === 1 ? 'person' : 'people'}`, [{ text: 'Person' }, { text: 'Team' }, { text: SINCE_LABEL[step] }, { text: 'Next review' }], entries.map((e) => [
            { html: `<a class="govuk-link" href="${step === 'review' && e.nextReview ? paths.reviews.view(e.nextReview.id) : paths.people.view(e.personId)}">${escapeHtml(e.name)}</a> (${escapeHtml(e.reference)})` },
            { text: e.teamName },
            { text: e.since ? formatDate(e.since) : '' },
            reviewCell(e),
          ])),
        backLink: { href: paths.worklists.overview(), text: 'All worklists' },
      }),
  }),
];
