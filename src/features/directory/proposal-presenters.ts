import { formatPence } from '../../domain/money/pence.js';
import { paths } from '../../paths.js';
import { escapeHtml, formatDateTime } from '../../web/format.js';
import { captionedTable } from '../../web/tables.js';
import type { ProposalWithNames } from './proposal-repository.js';

/** Pure views of personal assistants proposed for the directory. */
const STATUS_TAGS = {
  proposed: '<strong class="govuk-tag govuk-tag--blue">Waiting for a manager</strong>',
  approved: '<strong class="govuk-tag govuk-tag--green">Added to the directory</strong>',
  declined: '<strong class="govuk-tag govuk-tag--red">Not added</strong>',
};

export function proposalsTable(rows: ProposalWithNames[], total: number, everyone: boolean) {
  return captionedTable(
    `${total} ${total === 1 ? 'proposal' : 'proposals'}`,
    [{ text: 'Name' }, ...(everyone ? [{ text: 'Proposed by' }] : []), { text: 'Proposed' }, { text: 'Status' }],
    rows.map((p) => [
      { html: `<a class="govuk-link" href="${paths.directory.proposal(p.id)}">${escapeHtml(p.name)}</a>` },
      ...(everyone ? [{ text: p.proposed_by_name }] : []),
      { text: formatDateTime(p.proposed_at) },
      { html: STATUS_TAGS[p.status] },
    ]),
  );
}

export function proposalRows(p: ProposalWithNames) {
  const row = (key: string, value: string | null | undefined) => ({ key: { text: key }, value: { text: value && value.length ? value : 'Not given' } });
  return {
    status: STATUS_TAGS[p.status],
    summary: {
      rows: [
        row('Name', p.name),
        row('Telephone', p.phone),
        row('Email', p.email),
        row('Postcode', p.postcode),
        row('Services', p.services.join(', ')),
        row('Areas', p.areas.join(', ')),
        row('Availability', p.availability),
        row('Hourly rate', p.hourly_rate_pence === null ? null : formatPence(p.hourly_rate_pence)),
        row('Why they were proposed', p.reason),
        row('Proposed by', `${p.proposed_by_name}, ${formatDateTime(p.proposed_at)}`),
      ],
    },
  };
}

/** What was decided, by whom and when, in words; null while it waits. */
export function decisionText(p: ProposalWithNames): string | null {
  if (p.status === 'proposed' || !p.decided_at) return null;
  const who = `${p.decided_by_name ?? 'a manager'} on ${formatDateTime(p.decided_at)}`;
  if (p.status === 'approved') return `Added to the directory as ${p.entry_reference} by ${who}.${p.decision_reason ? ` Their note: ${p.decision_reason}` : ''}`;
  return `Not added to the directory, decided by ${who}. Their reason: ${p.decision_reason}`;
}

export function decisionItems(values: Record<string, unknown>) {
  return [
    { value: 'approve', text: 'Add them to the directory', hint: { text: 'You then record their DBS and other checks on their entry' }, checked: values.decision === 'approve' },
    { value: 'decline', text: 'Do not add them', checked: values.decision === 'decline' },
  ];
}
