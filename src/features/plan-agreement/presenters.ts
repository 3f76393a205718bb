import type { Selectable } from 'kysely';
import type { PlanAgreementsTable } from '../../db/schema.js';
import type { FieldError } from '../../errors.js';
import { formatDateTime } from '../../web/format.js';
import { presentErrors } from '../../web/forms.js';

/** The person's answer to their plan, in their words and in the staff record's. Pure. */
type Agreement = Selectable<PlanAgreementsTable>;

/** For My Selfdirect: where the plan stands with the person, and the way to answer. */
export function portalStanding(a: Agreement | undefined, agreeHref: string) {
  if (!a) return { heading: 'Do you agree with this plan?', text: 'The council has agreed this plan. Please read it. Then tell us if you agree.', link: { href: agreeHref, text: 'Agree or tell us what is wrong' }, type: 'important' };
  if (a.decision === 'agreed') return { heading: 'You have agreed this plan', text: `Agreed by ${a.as_label} on ${formatDateTime(a.decided_at)}.`, link: { href: agreeHref, text: 'Change your answer' }, type: 'success' };
  return { heading: 'You said you do not agree', text: `${a.as_label} said on ${formatDateTime(a.decided_at)}: “${a.reasons}”. The worker will talk with you.`, link: { href: agreeHref, text: 'Change your answer' }, type: 'important' };
}

/** For the staff plan page: the person's agreement, or its absence and why. */
export function staffStanding(a: Agreement | undefined, agreedByCouncil: boolean) {
  if (!agreedByCouncil) return null;
  if (!a) return 'The person has not said yet in My Selfdirect whether they agree with this plan.';
  if (a.decision === 'agreed') return `The person agreed this plan in My Selfdirect: ${a.as_label}, ${formatDateTime(a.decided_at)}.`;
  return `The person does not agree with this plan: ${a.as_label}, ${formatDateTime(a.decided_at)}, said “${a.reasons}”.`;
}

export function agreePage(p: { planNumber: number; own: boolean; name: string; as: string; back: string; values?: Record<string, unknown>; errors?: FieldError[] }) {
  const { errorSummary, fieldErrors } = presentErrors(p.errors, { agree: 'agree', reasons: 'reasons' });
  return {
    title: p.own ? 'Do you agree with your support plan?' : `Do you agree with ${p.name}’s support plan?`,
    caption: `Support plan, version ${p.planNumber}`,
    who: p.own ? null : `You are answering as ${p.as}.`,
    agree: {
      name: 'agree',
      idPrefix: 'agree',
      fieldset: { legend: { text: 'Do you agree with the plan?', classes: 'govuk-fieldset__legend--m' } },
      items: [
        { value: 'yes', text: 'Yes, I agree with the plan', checked: p.values?.agree === 'yes' },
        { value: 'no', text: 'No, there is something I do not agree with', checked: p.values?.agree === 'no' },
      ],
      errorMessage: fieldErrors.agree,
    },
    values: { reasons: typeof p.values?.reasons === 'string' ? p.values.reasons : '' },
    backLink: { href: p.back },
    fieldErrors,
    errorSummary,
  };
}
