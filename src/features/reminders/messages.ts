import { formatDate } from '../../web/format.js';

/**
 * What each reminder says: short sentences in plain words, as My Selfdirect speaks (issue 14), and
 * nothing about the person's needs or money in the message itself — only that something is coming
 * up and where to read more. Pure.
 */
export type ReminderKind = 'review-due' | 'audit-due' | 'check-expiry';

export function reminderMessage(kind: ReminderKind, facts: { dueOn: string; assistant?: string }, signInUrl: string): { title: string; body: string } {
  const by = formatDate(facts.dueOn);
  switch (kind) {
    case 'review-due':
      return {
        title: 'Your support plan will be checked soon',
        body: `We will look at your support plan with you by ${by}. We want to know how your support is going. A worker will get in touch. You can tell us now in My Selfdirect: ${signInUrl}`,
      };
    case 'audit-due':
      return {
        title: 'We will check your direct payment soon',
        body: `Once a year we check how direct payment money was spent. Yours is due by ${by}. Please keep your bank statements and receipts ready. A worker will get in touch. You can see your payments in My Selfdirect: ${signInUrl}`,
      };
    case 'check-expiry':
      return {
        title: 'A check on your personal assistant runs out soon',
        body: `The check on ${facts.assistant ?? 'your personal assistant'} runs out on ${by}. Please ask them to get a new one before then. If you need help, contact us. You can see your support in My Selfdirect: ${signInUrl}`,
      };
  }
}
