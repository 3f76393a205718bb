import { paths } from '../../paths.js';
import { formatDate, formatDateTime } from '../../web/format.js';
import { dateParts } from '../../web/forms.js';
import type { latestConsentOf, latestPlanCopyOf } from './repository.js';
import { ADVOCACY, AGREED, CONSENT, SENT_HOW } from './schemas.js';

/** Consent, capacity and advocacy on the person's page; the person's agreement on the plan's. Pure. */
type Consent = NonNullable<Awaited<ReturnType<typeof latestConsentOf>>>;
type PlanCopy = NonNullable<Awaited<ReturnType<typeof latestPlanCopyOf>>>;
const row = (key: string, value: string) => ({ key: { text: key }, value: { text: value } });

export function consentRows(c: Consent | undefined) {
  if (!c) return null;
  return [
    row('Consent to share information', `${CONSENT[c.consent_to_share]}${c.consent_on ? `, ${formatDate(c.consent_on)}` : ''}`),
    row(
      'Mental capacity',
      c.capacity_needed
        ? `Assessed for “${c.capacity_decision}” on ${formatDate(c.capacity_assessed_on)} by ${c.capacity_assessed_by}: ${c.has_capacity === 'yes' ? 'they have capacity to decide' : `they lack capacity to decide; the decision-maker is ${c.decision_maker}, in their best interests`}`
        : 'No reason to doubt they can make their own decisions',
    ),
    row('Advocacy', `${ADVOCACY[c.advocacy].split(':')[0]}${c.advocate_name ? `: ${c.advocate_name}` : ''}`),
    row('Recorded', `${formatDateTime(c.recorded_at)} by ${c.recorded_by_name}`),
  ];
}

export function consentValues(c: Consent | undefined): Record<string, string> {
  if (!c) return {};
  return { consent_to_share: c.consent_to_share, ...dateParts('consent_on', c.consent_on), capacity_needed: c.capacity_needed ? 'yes' : 'no', capacity_decision: c.capacity_decision ?? '', has_capacity: c.has_capacity ?? '', ...dateParts('capacity_assessed_on', c.capacity_assessed_on), capacity_assessed_by: c.capacity_assessed_by ?? '', decision_maker: c.decision_maker ?? '', advocacy: c.advocacy, advocate_name: c.advocate_name ?? '' };
}

export function planCopyText(copy: PlanCopy | undefined, planId: string, canRecord: boolean) {
  const link = canRecord ? { href: paths.consent.planCopy(planId), text: copy ? 'Change what the person said or when their copy was sent' : 'Record whether the person agreed and when their copy was sent' } : null;
  if (!copy) return { text: 'Not recorded yet whether the person agreed this plan or when their copy was sent.', link };
  const agreed = `${AGREED[copy.person_agreed]}${copy.note ? ` (“${copy.note}”)` : ''}`;
  const sent = copy.copy_sent_on ? `Their copy was sent ${SENT_HOW[copy.copy_sent_how!].toLowerCase()} on ${formatDate(copy.copy_sent_on)}.` : 'Their copy has not been sent yet.';
  return { text: `${agreed}. ${sent} Recorded by ${copy.recorded_by_name}, ${formatDateTime(copy.recorded_at)}.`, link };
}

export const radios = (all: Record<string, string>, selected: unknown) => Object.entries(all).map(([value, text]) => ({ value, text, checked: selected === value }));
