import type { PortalMessagesTable } from '../../db/schema.js';
import type { FieldError } from '../../errors.js';
import { formatDateTime } from '../../web/format.js';
import { presentErrors } from '../../web/forms.js';
import type { Selectable } from 'kysely';

/** A person's thread with the council, for them (plain words) and for staff. Pure. */
type Message = Selectable<PortalMessagesTable>;

export const CHANGES = {
  health: 'My health or what I can do',
  home: 'Where I live or who I live with',
  'unpaid-support': 'Help from family or friends',
  money: 'Money',
  other: 'Something else',
} as const;
export type ChangeTopic = keyof typeof CHANGES;

const KIND_WORDS = { message: 'Message', 'review-request': 'Asked for a review', 'change-of-circumstances': 'Told us about a change' } as const;

export function threadItems(thread: Message[], forStaff: boolean) {
  return thread.map((m) => ({
    heading: `${m.kind === 'message' ? '' : `${KIND_WORDS[m.kind]}: `}${m.kind === 'change-of-circumstances' && m.topic ? CHANGES[m.topic as ChangeTopic] ?? m.topic : ''}`.replace(/: $/, ''),
    from: m.from_label,
    when: formatDateTime(m.sent_at),
    body: m.body,
    fromCouncil: m.from_staff !== null,
    waiting: forStaff && m.from_account !== null && m.dealt_with_at === null,
  }));
}

export function portalThreadPage(p: { name: { own: boolean; first: string }; thread: Message[]; links: { review: string; change: string; home: string }; values?: Record<string, unknown>; errors?: FieldError[] }) {
  return {
    title: p.name.own ? 'Messages with your worker' : `Messages about ${p.name.first}`,
    items: threadItems(p.thread, false),
    empty: p.thread.length === 0,
    values: { message: typeof p.values?.message === 'string' ? p.values.message : '' },
    links: [
      { href: p.links.review, text: 'Ask for a review' },
      { href: p.links.change, text: 'Tell us about a change' },
    ],
    backLink: { href: p.links.home, text: 'Back to My Selfdirect' },
    ...presentErrors(p.errors, { message: 'message' }),
  };
}

export function reviewRequestPage(back: string, values: Record<string, unknown> = {}, errors?: FieldError[]) {
  return { title: 'Ask for a review', values: { reason: typeof values.reason === 'string' ? values.reason : '' }, backLink: { href: back }, ...presentErrors(errors, { reason: 'reason' }) };
}

export function changePage(back: string, values: Record<string, unknown> = {}, errors?: FieldError[]) {
  const { fieldErrors, errorSummary } = presentErrors(errors, { topic: 'topic', details: 'details' });
  return {
    title: 'Tell us about a change',
    topics: {
      name: 'topic',
      idPrefix: 'topic',
      fieldset: { legend: { text: 'What has changed?', classes: 'govuk-fieldset__legend--m' } },
      items: Object.entries(CHANGES).map(([value, text]) => ({ value, text, checked: values.topic === value })),
      errorMessage: fieldErrors.topic,
    },
    values: { details: typeof values.details === 'string' ? values.details : '' },
    backLink: { href: back },
    fieldErrors,
    errorSummary,
  };
}
