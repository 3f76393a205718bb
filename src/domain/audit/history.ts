import { formatPence } from '../money/pence.js';

/**
 * A record's history in words a manager reads: what happened ("Agreed the support plan,
 * version 2"), not the audit trail's codes; values as money and dates. Pure.
 */

export const HISTORY_KINDS = {
  record: 'The record and its details',
  casework: 'Case notes, documents, allocation and transfers',
  assessment: 'Assessments',
  plan: 'Support plans and reviews',
  money: 'Money: direct payments and charging',
  safeguarding: 'Safeguarding',
  'my-selfdirect': 'My Selfdirect and messages',
} as const;
export type HistoryKind = keyof typeof HISTORY_KINDS;

const AREA_KIND: Record<string, HistoryKind> = {
  person: 'record',
  representative: 'record',
  'carer-link': 'record',
  carer: 'record',
  contact: 'record',
  'case-note': 'casework',
  'case-document': 'casework',
  assessment: 'assessment',
  panel: 'assessment',
  plan: 'plan',
  review: 'plan',
  'direct-payment': 'money',
  'financial-assessment': 'money',
  'financial-assessments': 'money',
  'charging-reminder': 'money',
  reclaim: 'money',
  statement: 'money',
  safeguarding: 'safeguarding',
  portal: 'my-selfdirect',
  message: 'my-selfdirect',
  messages: 'my-selfdirect',
};

const CASEWORK_ACTIONS = new Set(['person.allocated', 'person.reallocated', 'person.transferred', 'person.opened-outside-team', 'person.timeline-viewed', 'person.looked-up-outside-team']);

export function kindOf(action: string): HistoryKind {
  if (CASEWORK_ACTIONS.has(action)) return 'casework';
  return AREA_KIND[action.split('.')[0] ?? ''] ?? 'record';
}

/** The audit actions of a kind, as SQL LIKE patterns and exact names, for the history's filter. */
export function actionPatternsOf(kind: HistoryKind): { prefixes: string[]; exact: string[]; excludeExact: string[] } {
  const prefixes = Object.entries(AREA_KIND).filter(([, k]) => k === kind).map(([area]) => `${area}.`);
  return { prefixes, exact: kind === 'casework' ? [...CASEWORK_ACTIONS] : [], excludeExact: kind === 'record' ? [...CASEWORK_ACTIONS] : [] };
}

/** Opening or reading, not changing: hidden by "changes only". */
export function isRead(action: string): boolean {
  return /(\.|-)viewed$|\.opened$|searched|listed$|looked-up/.test(action);
}

const EXACT: Record<string, string> = {
  'person.viewed': 'Opened the record',
  'person.created': 'Created the record',
  'person.updated': 'Changed the person’s details',
  'person.closed': 'Closed the record',
  'person.history-viewed': 'Read the record history',
  'person.timeline-viewed': 'Read the timeline',
  'person.statutory-details-updated': 'Changed the details for the statutory return',
  'person.migrated': 'Brought the record in from the previous system',
  'person.migration-updated': 'Updated the record from the previous system',
  'person.allocated': 'Allocated the person to a worker',
  'person.reallocated': 'Reallocated the person to another worker',
  'person.transferred': 'Transferred the person to another team',
  'person.opened-outside-team': 'Opened the record from outside its team, giving a reason',
  'person.looked-up-outside-team': 'Looked up the record from outside its team',
  'representative.added': 'Added a representative',
  'representative.ended': 'Ended a representative',
  'carer-link.added': 'Linked an unpaid carer',
  'carer-link.ended': 'Ended a carer link',
  'contact.recorded': 'Recorded a contact or referral',
  'contact.concluded': 'Concluded a contact',
  'contact.viewed': 'Opened a contact',
  'case-note.written': 'Wrote a case note',
  'case-note.corrected': 'Corrected a case note',
  'case-document.added': 'Added a document',
  'case-document.opened': 'Opened a document',
  'assessment.started': 'Started a needs assessment',
  'assessment.answered': 'Answered part of the needs assessment',
  'assessment.completed': 'Completed the needs assessment',
  'assessment.sent-to-worker': 'Sent the self-assessment to the worker',
  'assessment.viewed': 'Opened the needs assessment',
  'panel.decided': 'The panel decided the budget',
  'review.recorded': 'Recorded a review',
  'review.viewed': 'Opened a review',
  'safeguarding.recorded': 'Recorded a safeguarding concern',
  'safeguarding.updated': 'Updated a safeguarding concern',
  'safeguarding.closed': 'Closed a safeguarding concern',
  'safeguarding.viewed': 'Opened a safeguarding concern',
  'direct-payment.agreed': 'Set up a direct payment',
  'direct-payment.varied': 'Varied the direct payment',
  'direct-payment.suspended': 'Suspended the direct payment',
  'direct-payment.resumed': 'Resumed the direct payment',
  'direct-payment.ended': 'Ended the direct payment',
  'direct-payment.viewed': 'Opened the direct payment account',
  'financial-assessment.started': 'Started a financial assessment',
  'financial-assessment.section-saved': 'Saved part of the financial assessment',
  'financial-assessment.completed': 'Completed the financial assessment',
  'financial-assessment.uprated': 'Recalculated the contribution for the new year',
  'financial-assessment.evidence-added': 'Added evidence to the financial assessment',
  'financial-assessment.viewed': 'Opened the financial assessment',
  'cld-events.services': 'Recorded services for the statutory return',
  'cld-events.ended': 'Ended services for the statutory return',
  'cld-events.migrated': 'Brought statutory return events in from the previous system',
  'charging-reminder.raised': 'Noted a reason to look at the contribution again',
  'charging-reminder.resolved': 'Dealt with a reason to look at the contribution again',
  'message.replied': 'Replied to a message',
  'message.dealt-with': 'Marked a message as dealt with',
  'portal.invited': 'Invited someone to My Selfdirect',
  'portal.withdrawn': 'Withdrew access to My Selfdirect',
};

const PLAN_WORDS: Record<string, string> = {
  started: 'Started the support plan',
  'revision-started': 'Started a new version of the support plan',
  submitted: 'Sent the support plan for sign-off',
  agreed: 'Agreed the support plan',
  returned: 'Returned the support plan',
  'agreed-by-person': 'The person agreed the support plan',
  'disagreed-by-person': 'The person said what is wrong with the support plan',
  'sent-by-person': 'The person sent their support plan to the worker',
  'support-start-recorded': 'Recorded when support starts under the support plan',
  viewed: 'Opened the support plan',
  migrated: 'Brought the support plan in from the previous system',
};

const AREA_NAMES: Record<string, string> = { person: 'Record', plan: 'Support plan', 'direct-payment': 'Direct payment', 'financial-assessment': 'Financial assessment', portal: 'My Selfdirect', message: 'Message', messages: 'Messages', statement: 'Statement', reclaim: 'Reclaim' };

const sentence = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** What happened, in words; a plan event names the plan's version when it is known. */
export function describeEvent(action: string, context: { planNumber?: number } = {}): string {
  const [area = '', verb = ''] = action.split('.');
  if (area === 'plan') {
    const version = context.planNumber ? `, version ${context.planNumber}` : '';
    const words = PLAN_WORDS[verb];
    if (words) return `${words}${version}`;
    // plan.lines-added, plan.outcomes-changed, plan.about-changed …
    const m = /^(.+)-(added|changed|removed)$/.exec(verb);
    if (m) return `${sentence(m[2]!)} ${m[1] === 'lines' ? 'a line of' : m[1] === 'outcomes' ? 'an outcome in' : m[1] === 'unpaid-support' ? 'unpaid support in' : m[1] === 'about' ? 'what matters in' : `${m[1]!.replace(/-/g, ' ')} in`} the support plan${version}`;
  }
  if (EXACT[action]) return EXACT[action]!;
  return `${AREA_NAMES[area] ?? sentence(area.replace(/-/g, ' '))}: ${verb.replace(/-/g, ' ')}`;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const ISO_MOMENT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const day = (iso: string) => {
  const [y, m, d] = iso.slice(0, 10).split('-').map(Number);
  return `${d} ${MONTHS[(m ?? 1) - 1]} ${y}`;
};

/** 'given_name' / 'weeklyPence' → 'Given name' / 'Weekly'. */
export function fieldLabel(key: string): string {
  const words = key
    .replace(/\bnhs\b/gi, 'NHS')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/_/g, ' ')
    .replace(/\b(pence|id)\b/gi, '')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
  return sentence(words || key).replace(/\bnhs\b/gi, 'NHS');
}

function formatValue(key: string, value: unknown): string | null {
  if (value === null || value === undefined || value === '') return '(none)';
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  if (typeof value === 'number') return /pence$/i.test(key) ? formatPence(value) : value.toLocaleString('en-GB');
  if (typeof value === 'string') {
    if (UUID.test(value)) return null; // an internal id says nothing to a reader
    if (ISO_DATE.test(value)) return day(value);
    if (ISO_MOMENT.test(value)) return day(value);
    if (/^[a-z]+(-[a-z]+)+$/.test(value)) return value.replace(/-/g, ' '); // a code: phone-call → phone call
    return value;
  }
  if (Array.isArray(value)) {
    const parts = value.map((v) => (typeof v === 'object' && v !== null ? describeValues(v).join(', ') : formatValue(key, v))).filter((v): v is string => v !== null && v !== '');
    return parts.length ? parts.join('; ') : '(none)';
  }
  if (typeof value === 'object') return describeValues(value).join(', ') || null;
  return String(value);
}

/** A change's values, one "Label: value" each, ids left out. */
export function describeValues(value: unknown): string[] {
  if (value === null || value === undefined || typeof value !== 'object') return [];
  return Object.entries(value as Record<string, unknown>).flatMap(([key, v]) => {
    const text = formatValue(key, v);
    return text === null ? [] : [`${fieldLabel(key)}: ${text}`];
  });
}
