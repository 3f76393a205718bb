import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Services } from '../../composition.js';
import { REVIEW_KINDS, reviewState } from '../../domain/planning/journey.js';
import { ConflictError } from '../../errors.js';
import { paths } from '../../paths.js';
import { formatDate, londonToday } from '../../web/format.js';
import { optionalText, requiredDate, requiredText } from '../../web/fields.js';
import { blankToNull, dateParts, parseForm, presentErrors, submittedValues, withIsoDates } from '../../web/forms.js';
import { actorOf, allow, flash } from '../../web/session.js';
import { can } from '../../policies/index.js';
import { fullName } from '../people/presenters.js';
import { safeguardingBanner } from '../safeguarding/presenters.js';
import { versionSchema } from '../support-plans/schemas.js';

type IdParams = { Params: { id: string } };
type Values = Record<string, string | string[]>;

const RESULTS = {
  'no-change': 'No change: the plan carries on as it is',
  'plan-revision': 'Revise the plan: start a new version for sign-off',
  reassessment: 'Reassess: needs have changed, so a new assessment is needed',
} as const;

const reviewSchema = z.object({
  reviewed_on: requiredDate('The date of the review', 'Enter the date of the review'),
  working: requiredText(4000, 'Enter what is working, in the person’s words', 'What is working'),
  not_working: optionalText(4000, 'What is not working'),
  outcomes_achieved: requiredText(4000, 'Enter how far the person’s outcomes have been achieved', 'The outcomes achieved'),
  result: z.preprocess(blankToNull, z.enum(['no-change', 'plan-revision', 'reassessment'], { error: 'Select what happens next' })),
});

export function registerReviewRoutes(app: FastifyInstance, { reviews, safeguarding }: Services) {
  const read = { preHandler: [allow('people:read')] };

  async function render(request: FastifyRequest<IdParams>, reply: FastifyReply, values: Values | null, errors?: { field: string; message: string }[], status = 200) {
    const actor = actorOf(request);
    const { review, person, planNumber } = await reviews.view(actor, request.params.id);
    const { errorSummary, fieldErrors } = presentErrors(errors, { reviewed_on: 'reviewed_on-day', result: 'result' });
    const state = reviewState({ dueFrom: review.due_from, dueBy: review.due_by }, londonToday());
    const chosen = values?.result ?? '';
    return reply.code(status).view('reviews/views/review.njk', {
      title: REVIEW_KINDS[review.kind],
      caption: `${fullName(person)} (${person.reference})`,
      safeguardingBanner: safeguardingBanner(await safeguarding.forPerson(actor, person.id)),
      due: `Due between ${formatDate(review.due_from)} and ${formatDate(review.due_by)}, of support plan version ${planNumber}`,
      state: review.status === 'scheduled' ? { scheduled: 'Not due yet', due: 'Due', overdue: 'Overdue' }[state] : null,
      recorded: review.status === 'completed'
        ? [
            { key: { text: 'Reviewed on' }, value: { text: formatDate(review.reviewed_on) } },
            { key: { text: 'What is working' }, value: { text: review.working ?? '' } },
            { key: { text: 'What is not working' }, value: { text: review.not_working ?? 'Nothing recorded' } },
            { key: { text: 'Outcomes achieved' }, value: { text: review.outcomes_achieved ?? '' } },
            { key: { text: 'What happens next' }, value: { text: RESULTS[review.result!] } },
          ]
        : null,
      cancelled: review.status === 'cancelled' ? review.cancelled_reason : null,
      canRecord: can(actor, 'review:record', { review, person }),
      values: values ?? dateParts('reviewed_on', londonToday()),
      resultItems: Object.entries(RESULTS).map(([value, text]) => ({ value, text, checked: value === chosen })),
      version: review.version,
      errorSummary,
      fieldErrors,
      backLink: { href: paths.people.view(person.id), text: 'Back to the person’s record' },
    });
  }

  app.get<IdParams>('/reviews/:id', read, async (request, reply) => render(request, reply, null));

  app.post<IdParams>('/reviews/:id', { preHandler: [allow('plans:write')] }, async (request, reply) => {
    const actor = actorOf(request);
    const { review } = await reviews.access(actor, request.params.id);
    const values = submittedValues(request.body);
    const version = parseForm(versionSchema, request.body);
    const form = parseForm(reviewSchema, withIsoDates(request.body, ['reviewed_on']));
    if (!form.ok) return render(request, reply, values, form.errors, 400);
    if (form.value.reviewed_on > londonToday()) return render(request, reply, values, [{ field: 'reviewed_on', message: 'The date of the review must be today or in the past' }], 400);
    try {
      if (!version.ok) throw new ConflictError();
      const { revisionId } = await reviews.record(actor, request.params.id, version.value.version, {
        reviewedOn: form.value.reviewed_on,
        working: form.value.working,
        notWorking: form.value.not_working,
        outcomesAchieved: form.value.outcomes_achieved,
        result: form.value.result,
      });
      if (revisionId) {
        flash(request, 'Review recorded. A new version of the plan has been started: the agreed plan and budget stay in force until it is agreed');
        return reply.redirect(paths.plans.view(revisionId), 303);
      }
      flash(request, form.value.result === 'reassessment' ? 'Review recorded. Start a new assessment from the person’s record' : 'Review recorded. The next annual review has been scheduled');
      return reply.redirect(paths.people.view(review.person_id), 303);
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      return render(request, reply, values, [{ field: 'working', message: error.message }], 409);
    }
  });
}
