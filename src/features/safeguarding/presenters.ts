import { ABUSE_CATEGORIES, RISKS, STAGES } from '../../domain/safeguarding/concern.js';
import type { SafeguardingConcern } from '../../db/schema.js';
import { paths } from '../../paths.js';
import { escapeHtml, formatDate } from '../../web/format.js';

/** The banner every page about the person shows while a safeguarding concern is open. */
export function safeguardingBanner(concerns: SafeguardingConcern[]) {
  const open = concerns.filter((c) => c.status === 'open');
  if (open.length === 0) return null;
  const items = open.map((c) => `<li><strong>Raised on ${formatDate(c.raised_on)}:</strong> ${escapeHtml(c.concern)}<br>Action taken: ${escapeHtml(c.action_taken)}</li>`).join('');
  return {
    titleText: 'Safeguarding',
    titleId: 'safeguarding-title',
    html: `<p class="govuk-notification-banner__heading">There ${open.length === 1 ? 'is an open safeguarding concern' : `are ${open.length} open safeguarding concerns`} about this person</p><ul class="govuk-list">${items}</ul>`,
    attributes: { id: 'safeguarding-banner' },
  };
}

export function concernsTable(concerns: SafeguardingConcern[], canWrite: boolean) {
  if (concerns.length === 0) return null;
  return {
    caption: 'Safeguarding concerns',
    captionClasses: 'govuk-visually-hidden',
    head: [{ text: 'Raised' }, { text: 'Concern' }, { text: 'Action taken' }, { text: 'Status' }],
    rows: concerns.map((c) => [
      { text: formatDate(c.raised_on) },
      { html: `${c.category ? `<strong>${ABUSE_CATEGORIES[c.category]}</strong><br>` : ''}${escapeHtml(c.concern)}${c.risk || c.stage ? `<br><span class="govuk-body-s">${[c.risk ? `${RISKS[c.risk]} risk` : '', c.stage ? STAGES[c.stage] : '', c.section_42 === 'yes' ? 'Section 42 enquiry' : ''].filter(Boolean).join('. ')}</span>` : ''}${c.who_told ? `<br><span class="govuk-body-s">Told: ${escapeHtml(c.who_told)}</span>` : ''}` },
      { text: c.action_taken },
      {
        html: `${c.status === 'open' ? 'Open' : `Closed on ${formatDate(c.closed_on)}`}${canWrite ? ` <a class="govuk-link" href="${paths.safeguarding.update(c.id)}">Update<span class="govuk-visually-hidden"> the concern raised on ${formatDate(c.raised_on)}</span></a>` : ''}`,
      },
    ]),
  };
}
