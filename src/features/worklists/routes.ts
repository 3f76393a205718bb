import type { FastifyInstance } from 'fastify';
import type { Services } from '../../composition.js';
import { REVIEW_KINDS, STEP_ORDER, STEPS, type Step } from '../../domain/planning/journey.js';
import { paths } from '../../paths.js';
import { escapeHtml, formatDate, londonToday } from '../../web/format.js';
import { actorOf, allow } from '../../web/session.js';
import type { JourneyEntry } from './service.js';

type StepParams = { Params: { step: string } };

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

export function registerWorklistRoutes(app: FastifyInstance, { worklists }: Services) {
  const read = { preHandler: [allow('people:read')] };

  app.get('/worklists', read, async (request, reply) => {
    const entries = await worklists.journeys(actorOf(request), londonToday());
    const overdue = entries.filter((e) => e.nextReview?.state === 'overdue').length;
    return reply.view('worklists/views/overview.njk', {
      title: 'Worklists',
      overdue,
      stepRows: STEP_ORDER.map((step, i) => {
        const count = entries.filter((e) => e.step === step).length;
        return {
          key: { text: `${i + 1}. ${STEPS[step]}` },
          value: { html: `<a class="govuk-link" href="${paths.worklists.step(step)}">${count} ${count === 1 ? 'person' : 'people'}<span class="govuk-visually-hidden"> at ${STEPS[step].toLowerCase()}</span></a>` },
        };
      }),
    });
  });

  app.get<StepParams>('/worklists/:step', read, async (request, reply) => {
    const step = request.params.step as Step;
    if (!STEP_ORDER.includes(step)) return reply.callNotFound();
    const entries = (await worklists.journeys(actorOf(request), londonToday())).filter((e) => e.step === step);
    if (step === 'review') entries.sort((a, b) => (a.nextReview?.dueBy ?? '').localeCompare(b.nextReview?.dueBy ?? ''));
    return reply.view('worklists/views/step.njk', {
      title: `Step ${STEP_ORDER.indexOf(step) + 1}: ${STEPS[step]}`,
      empty: entries.length === 0,
      table: {
        caption: `${entries.length} ${entries.length === 1 ? 'person' : 'people'}`,
        captionClasses: 'govuk-table__caption--m',
        firstCellIsHeader: true,
        head: [{ text: 'Person' }, { text: 'Team' }, { text: SINCE_LABEL[step] }, { text: 'Next review' }],
        rows: entries.map((e) => [
          { html: `<a class="govuk-link" href="${step === 'review' && e.nextReview ? paths.reviews.view(e.nextReview.id) : paths.people.view(e.personId)}">${escapeHtml(e.name)}</a> (${e.reference})` },
          { text: e.teamName },
          { text: e.since ? formatDate(e.since) : '' },
          reviewCell(e),
        ]),
      },
      backLink: { href: paths.worklists.overview(), text: 'All worklists' },
    });
  });
}
