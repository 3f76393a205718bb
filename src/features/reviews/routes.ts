import { z } from 'zod';
import { codeValues } from '../../domain/cld/code-lists.js';
import type { Person, Review } from '../../db/schema.js';
import { REVIEW_KINDS, reviewState } from '../../domain/planning/journey.js';
import { paths } from '../../paths.js';
import { formatDate } from '../../web/format.js';
import { optionalText, requiredDate, requiredText } from '../../web/fields.js';
import { blankToNull, dateParts, presentErrors } from '../../web/forms.js';
import { type StaffActor, can } from '../../policies/index.js';
import { type Context, type ContextAfter, type Route, idParams, page, redirect, route } from '../../web/route.js';
import { personById } from '../people/repository.js';
import { concernsAbout } from '../safeguarding/repository.js';
import { planById } from '../support-plans/repository.js';
import { recordReview } from './record-review.js';
import { reviewById } from './repository.js';
import { fullName } from '../people/presenters.js';
import { safeguardingBanner } from '../safeguarding/presenters.js';
import { versionSchema } from '../support-plans/schemas.js';

type Values = Record<string, string | string[]>;

const RESULTS = {
  'no-change': 'No change: the plan carries on as it is',
  'plan-revision': 'Revise the plan: start a new version for sign-off',
  reassessment: 'Reassess: needs have changed, so a new assessment is needed',
} as const;

const reviewSchema = versionSchema.extend({
  reviewed_on: requiredDate('The date of the review', 'Enter the date of the review'),
  working: requiredText(4000, 'Enter what is working, in the person’s words', 'What is working'),
  not_working: optionalText(4000, 'What is not working'),
  outcomes_achieved: requiredText(4000, 'Enter how far the person’s outcomes have been achieved', 'The outcomes achieved'),
  review_reason: z.preprocess(blankToNull, z.enum(codeValues('Review_Reason'), { error: 'Select why the review took place' }).nullable()),
  method_of_review: z.preprocess(blankToNull, z.enum(codeValues('Method_of_Review'), { error: 'Select how the review was done' }).nullable()),
  review_outcomes_achieved: z.preprocess(blankToNull, z.enum(codeValues('Review_Outcomes_Achieved'), { error: 'Select whether the person’s outcomes were achieved' })),
  result: z.preprocess(blankToNull, z.enum(['no-change', 'plan-revision', 'reassessment'], { error: 'Select what happens next' })),
});

interface ReviewRecord {
  review: Review;
  person: Person;
  planNumber: number;
  concerns: Awaited<ReturnType<typeof concernsAbout>>;
}

async function loadReview(ctx: Context, params: { id: string }): Promise<ReviewRecord | undefined> {
  const review = await reviewById(ctx.db, params.id);
  if (!review) return undefined;
  const [person, plan] = await Promise.all([personById(ctx.db, review.person_id), planById(ctx.db, review.plan_id)]);
  if (!person || !plan) return undefined;
  return { review, person, planNumber: plan.plan_number, concerns: can(ctx.actor, 'person:read', person) ? await concernsAbout(ctx.db, person.id) : [] };
}

function reviewPage(ctx: ContextAfter, { review, person, planNumber, concerns }: ReviewRecord, values: Values | null, errors?: { field: string; message: string }[]) {
  const state = reviewState({ dueFrom: review.due_from, dueBy: review.due_by }, ctx.today);
  const chosen = values?.result ?? '';
  return page('reviews/views/review.njk', {
    title: REVIEW_KINDS[review.kind],
    caption: `${fullName(person)} (${person.reference})`,
    safeguardingBanner: safeguardingBanner(concerns),
    due: `Due between ${formatDate(review.due_from)} and ${formatDate(review.due_by)}, of support plan version ${planNumber}`,
    state: review.status === 'scheduled' ? { scheduled: 'Not due yet', due: 'Due', overdue: 'Overdue' }[state] : null,
    recorded:
      review.status === 'completed'
        ? [
            { key: { text: 'Reviewed on' }, value: { text: formatDate(review.reviewed_on) } },
            { key: { text: 'What is working' }, value: { text: review.working ?? '' } },
            { key: { text: 'What is not working' }, value: { text: review.not_working ?? 'Nothing recorded' } },
            { key: { text: 'Outcomes achieved' }, value: { text: review.outcomes_achieved ?? '' } },
            { key: { text: 'What happens next' }, value: { text: RESULTS[review.result!] } },
          ]
        : null,
    cancelled: review.status === 'cancelled' ? review.cancelled_reason : null,
    canRecord: can(ctx.actor, 'review:record', { review, person }),
    values: values ?? dateParts('reviewed_on', ctx.today),
    resultItems: Object.entries(RESULTS).map(([value, text]) => ({ value, text, checked: value === chosen })),
    reasons: codeValues('Review_Reason').map((value) => ({ value, text: value, selected: (values?.review_reason || 'Planned review') === value })),
    methods: codeValues('Method_of_Review').map((value) => ({ value, text: value, selected: (values?.method_of_review || 'Face to face') === value })),
    achievedItems: codeValues('Review_Outcomes_Achieved').map((value) => ({ value, text: value, checked: values?.review_outcomes_achieved === value })),
    version: review.version,
    ...presentErrors(errors, { reviewed_on: 'reviewed_on-day', result: 'result', review_outcomes_achieved: 'review_outcomes_achieved' }),
    backLink: { href: paths.people.view(person.id), text: 'Back to the person’s record' },
  }, { noStore: true });
}

const viewed = (r: ReviewRecord) => ({ action: 'review.viewed', subjectType: 'review', subjectId: r.review.id, personId: r.person.id });

/** Reviews, as data: casework staff read their teams' reviews and record them. */
export const reviewRoutes: Route[] = [
  route({ method: 'GET', url: '/reviews/:id', access: 'people:read', params: idParams, load: loadReview, allow: (actor: StaffActor, r: ReviewRecord) => can(actor, 'review:read', r), viewed, respond: (ctx, r: ReviewRecord) => reviewPage(ctx, r, null) }),
  route({
    method: 'POST',
    url: '/reviews/:id',
    access: 'plans:write',
    params: idParams,
    load: loadReview,
    allow: (actor: StaffActor, r: ReviewRecord) => can(actor, 'review:write', r),
    form: reviewSchema,
    dates: ['reviewed_on'],
    command: async (ctx, r: ReviewRecord, f: z.infer<typeof reviewSchema>) => ({
      ...(await recordReview(ctx, r, f.version, {
        reviewedOn: f.reviewed_on,
        working: f.working,
        notWorking: f.not_working,
        outcomesAchieved: f.outcomes_achieved,
        result: f.result,
        report: { reviewReason: f.review_reason ?? 'Planned review', methodOfReview: f.method_of_review ?? 'Face to face', reviewOutcomesAchieved: f.review_outcomes_achieved },
      })),
      result: f.result,
    }),
    invalid: (ctx, r: ReviewRecord, problems) => reviewPage(ctx, r, problems.values, problems.errors),
    conflict: (ctx, r: ReviewRecord, error) => ({ ...reviewPage(ctx, r, null, [{ field: 'working', message: error.message }]), status: 409 }),
    respond: (_ctx, r: ReviewRecord, { revisionId, result }) => {
      if (revisionId) return redirect(paths.plans.view(revisionId), 'Review recorded. A new version of the plan has been started: the agreed plan and budget stay in force until it is agreed');
      return redirect(paths.people.view(r.person.id), result === 'reassessment' ? 'Review recorded. Start a new assessment from the person’s record' : 'Review recorded. The next annual review has been scheduled');
    },
  }),
];
