import type { FieldError } from '../../errors.js';
import { paths } from '../../paths.js';
import type { CitizenActor, RecordPart } from '../../policies/index.js';
import { formatDate } from '../../web/format.js';
import { presentErrors } from '../../web/forms.js';
import type { portalHome } from './home.js';

/** My Selfdirect's pages, in plain words (a reading age of about 9 to 11). Pure. */

export function signInPage(values: Record<string, unknown>, errors?: FieldError[], provider?: { name: string } | null) {
  return {
    title: 'Sign in to My Selfdirect',
    action: paths.portal.signIn(),
    provider: provider ? { href: paths.portal.oidc(), text: `Sign in with ${provider.name}` } : null,
    values: { email: typeof values.email === 'string' ? values.email : '' },
    ...presentErrors(errors),
  };
}

export function codePage(minutes: number, errors?: FieldError[]) {
  return { title: 'Check your email', action: paths.portal.code(), again: paths.portal.signIn(), minutes, values: {}, ...presentErrors(errors) };
}

const PART_WORDS: Record<RecordPart, string> = { assessment: 'the assessment', plan: 'the support plan', money: 'the money', messages: 'messages with the worker' };
const REVIEW_RESULTS = { 'no-change': 'The plan stays the same', 'plan-revision': 'The plan is being changed', reassessment: 'A new assessment is needed' } as const;
const PLAN_WORDS = { draft: 'Being written', 'awaiting-sign-off': 'Waiting to be agreed by the council', agreed: 'Agreed by the council' } as const;

export function homePage(actor: CitizenActor, people: Awaited<ReturnType<typeof portalHome>>, contact: string) {
  return {
    title: `Hello, ${actor.displayName}`,
    people: people.map(({ person, parts, plan, review, lastReview, agreement, own }) => {
      const name = person.preferred_name || person.given_name;
      const rows: [string, string][] = [];
      if (!own) rows.push(['What you can see', parts.map((p) => PART_WORDS[p]).join(', ')]);
      if (parts.includes('plan')) {
        const standing = plan?.status === 'agreed' ? (agreement?.decision === 'agreed' ? '. You have agreed it' : agreement ? '. You said you do not agree' : '. Please read it and tell us if you agree') : '';
        rows.push([own ? 'Your support plan' : `${name}’s support plan`, plan ? `${PLAN_WORDS[plan.status]}${plan.status === 'agreed' && plan.agreed_on ? ` on ${formatDate(plan.agreed_on)}` : ''}${standing}` : 'Not started yet']);
        rows.push(['Next review', review ? `By ${formatDate(review.due_by)}` : 'None booked yet']);
        if (lastReview?.reviewed_on) rows.push(['Last review', `On ${formatDate(lastReview.reviewed_on)}. ${lastReview.result ? REVIEW_RESULTS[lastReview.result] : ''}`.trim()]);
      }
      const links: { href: string; text: string }[] = [];
      if (parts.includes('assessment')) links.push({ href: paths.portal.selfAssessment(person.id), text: own ? 'Your self-assessment' : `${name}’s self-assessment` });
      if (parts.includes('money')) links.push({ href: paths.portal.money(person.id), text: own ? 'Your money' : `${name}’s money` });
      if (parts.includes('messages')) links.push({ href: paths.portal.messages(person.id), text: own ? 'Messages with your worker' : `Messages about ${name}` });
      if (parts.includes('plan')) links.push({ href: paths.portal.ownPlan(person.id), text: own ? 'Write or follow your support plan' : `Write or follow ${name}’s support plan` });
      if (plan && plan.status === 'agreed' && parts.includes('plan')) links.push({ href: paths.portal.plan(plan.id), text: own ? 'Read your support plan' : `Read ${name}’s support plan` });
      return { heading: own ? 'Your support' : `${name} ${person.family_name}`, rows: rows.map(([key, text]) => ({ key: { text: key }, value: { text } })), links };
    }),
    contact: `Questions? Contact us: ${contact}`,
  };
}
