import type { Selectable } from 'kysely';
import type { OutboxMessagesTable } from '../../db/schema.js';
import { formatDateTime } from '../../web/format.js';

const STATUS = { pending: 'Waiting', sending: 'Sending', sent: 'Sent', failed: 'Failed' } as const;

/** The development outbox: what was sent, newest first, with everything it said. Pure. */
export function devOutboxPage(messages: Selectable<OutboxMessagesTable>[], counts: { status: string; n: number }[]) {
  return {
    title: 'Messages sent (development)',
    summary: counts.length ? counts.map((c) => `${STATUS[c.status as keyof typeof STATUS] ?? c.status}: ${Number(c.n)}`).join(' · ') : null,
    messages: messages.map((m) => ({
      heading: `${formatDateTime(m.created_at)} · ${m.template} to ${m.recipient}`,
      status: `${STATUS[m.status]}${m.attempts > 1 ? ` after ${m.attempts} attempts` : ''}${m.last_error ? ` (${m.last_error})` : ''}`,
      rows: Object.entries(m.personalisation).map(([key, value]) => ({ key: { text: key }, value: { text: value } })),
    })),
  };
}
