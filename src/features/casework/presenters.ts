import type { CaseDocumentKind, CaseNoteKind } from '../../db/schema-parts/casework.js';
import { formatPence } from '../../domain/money/pence.js';
import { REVIEW_KINDS, type ReviewKind } from '../../domain/planning/journey.js';
import { paths } from '../../paths.js';
import { escapeHtml, formatBytes, formatDate, formatDateTime } from '../../web/format.js';
import { pagination, shownRange } from '../../web/pagination.js';
import { captionedTable } from '../../web/tables.js';
import { DOCUMENT_KINDS, NOTE_KINDS } from './case-notes.js';
import type { MyCases } from './my-cases.js';

/** Casework pages from what the routes loaded: pure. */

const name = (p: { given_name: string; family_name: string }) => `${p.given_name} ${p.family_name}`;
const personLink = (p: { id: string; given_name: string; family_name: string; reference: string }) => `<a class="govuk-link" href="${paths.people.view(p.id)}">${escapeHtml(name(p))}</a> (${escapeHtml(p.reference)})`;
const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

export interface Need {
  personId: string;
  what: string;
  detail?: string;
  on: Date | string;
  href: string;
  urgent?: boolean;
  /** The date is already in the words (a review's due date). */
  dated?: boolean;
}

/** What needs a worker's people now, from the queries' rows. Pure. */
export function needsOf(c: MyCases, today: string): Map<string, Need[]> {
  const needs: Need[] = [
    ...c.returned.map((d) => ({ personId: d.person_id, what: `Support plan, version ${d.plan_number}, returned by ${d.decided_by_name}`, detail: d.reasons, on: d.decided_at, href: paths.plans.view(d.plan_id), urgent: true })),
    ...c.reviews.map((r) => ({ personId: r.person_id, what: `${REVIEW_KINDS[r.kind as ReviewKind]} ${r.due_by < today ? 'overdue: it was due by' : 'due by'} ${formatDate(r.due_by)}`, on: r.due_by, href: paths.reviews.view(r.id), urgent: r.due_by < today, dated: true })),
    ...c.panel.map((d) => ({ personId: d.person_id, what: `The panel ${d.decision === 'agreed' ? 'agreed the budget' : 'set the budget'} at ${formatPence(d.weekly_pence)} a week`, on: d.decided_at, href: paths.assessments.view(d.assessment_id) })),
    ...c.flags.map((f) => ({ personId: f.person_id, what: `${plural(f.flagged, 'payment', 'payments')} from their direct payment flagged by monitoring`, on: f.latest, href: paths.people.view(f.person_id) })),
    ...c.messages.map((m) => ({ personId: m.person_id, what: `${m.kind === 'review-request' ? 'A request for a review' : m.kind === 'change-of-circumstances' ? 'A change of circumstances' : 'A message'} from ${m.from_label}`, on: m.sent_at, href: paths.people.messages(m.person_id) })),
    ...c.sent.assessments.map((a) => ({ personId: a.person_id, what: `Self-assessment to check and confirm, sent by ${a.submitted_as}`, on: a.submitted_at!, href: paths.assessments.check(a.id) })),
    ...c.sent.plans.map((p) => ({ personId: p.person_id, what: `Support plan, version ${p.plan_number}, written and sent by ${p.sent_by_person_as}`, on: p.sent_by_person_at!, href: paths.plans.view(p.id) })),
  ];
  const byPerson = new Map<string, Need[]>();
  for (const need of needs) byPerson.set(need.personId, [...(byPerson.get(need.personId) ?? []), need]);
  for (const list of byPerson.values()) list.sort((a, b) => Number(Boolean(b.urgent)) - Number(Boolean(a.urgent)) || String(a.on instanceof Date ? a.on.toISOString() : a.on).localeCompare(String(b.on instanceof Date ? b.on.toISOString() : b.on)));
  return byPerson;
}

const when = (on: Date | string) => (on instanceof Date ? formatDateTime(on) : formatDate(on));

function needsHtml(needs: Need[]) {
  if (!needs.length) return 'Nothing waiting';
  return `<ul class="govuk-list">${needs
    .map((n) => `<li><a class="govuk-link" href="${n.href}">${escapeHtml(n.what)}</a>${n.urgent ? ' <strong class="govuk-tag govuk-tag--red">Now</strong>' : ''}${n.dated ? '' : `<br><span class="govuk-body-s">${escapeHtml(when(n.on))}</span>`}${n.detail ? `<br><span class="govuk-body-s">Reasons: ${escapeHtml(n.detail)}</span>` : ''}</li>`)
    .join('')}</ul>`;
}

/** People on a page of My cases, and on the home page. */
export const MY_CASES_PAGE = 25;
export const MY_CASES_ON_HOME = 10;

/**
 * The worker's people, those with something waiting first, a page at a time: the table, and which
 * page it is of how many people (a page past the end shows the last).
 */
export function myCasesTable(c: MyCases, today: string, shown: { page: number; pageSize: number }) {
  if (!c.people.length) return null;
  const needs = needsOf(c, today);
  const people = [...c.people].sort((a, b) => (needs.get(b.id)?.length ?? 0) - (needs.get(a.id)?.length ?? 0) || name(a).localeCompare(name(b)));
  const waiting = people.filter((p) => needs.get(p.id)?.length).length;
  const page = Math.min(shown.page, Math.ceil(people.length / shown.pageSize));
  const onPage = people.slice((page - 1) * shown.pageSize, page * shown.pageSize);
  const caption = `${plural(c.people.length, 'person', 'people')} allocated to you, ${waiting} with something waiting${shownRange(page, shown.pageSize, onPage.length, people.length)}`;
  return {
    page,
    total: people.length,
    table: captionedTable(caption, [{ text: 'Person' }, { text: 'What needs you' }, { text: 'Allocated' }], onPage.map((p) => [{ html: personLink(p) }, { html: needsHtml(needs.get(p.id) ?? []) }, { text: formatDate(p.allocated_at.toISOString().slice(0, 10)) }])),
  };
}

/** My cases on its own page, a page at a time. */
export function myCasesPage(c: MyCases, today: string, requested: number) {
  const shown = myCasesTable(c, today, { page: requested, pageSize: MY_CASES_PAGE });
  return { title: 'My cases', table: shown?.table ?? null, pagination: shown ? pagination(shown.page, MY_CASES_PAGE, shown.total, paths.casework.myCases()) : null, returned: returnedBanner(c) };
}

/** The first few of My cases on the home page, with the way to the rest. */
export function myCasesOnHome(c: MyCases, today: string) {
  const shown = myCasesTable(c, today, { page: 1, pageSize: MY_CASES_ON_HOME });
  return {
    table: shown?.table ?? null,
    returned: returnedBanner(c),
    more: { href: paths.casework.myCases(), text: shown && shown.total > MY_CASES_ON_HOME ? `See all ${plural(shown.total, 'person', 'people')} on My cases` : 'Open My cases on its own page' },
  };
}

/** The returned plans' reasons, for the banner at the top of My cases. */
export function returnedBanner(c: MyCases) {
  if (!c.returned.length) return null;
  const people = new Map(c.people.map((p) => [p.id, p]));
  return c.returned.map((d) => {
    const p = people.get(d.person_id);
    return { href: paths.plans.view(d.plan_id), text: `${p ? name(p) : 'A person'}’s support plan, version ${d.plan_number}, was returned by ${d.decided_by_name} on ${formatDateTime(d.decided_at)}`, reasons: d.reasons };
  });
}

export function caseloadTable(rows: { id: string; display_name: string; team_name: string; people: number }[], multipleTeams: boolean) {
  const head = [{ text: 'Worker' }, ...(multipleTeams ? [{ text: 'Team' }] : []), { text: 'Open records allocated', format: 'numeric' }];
  return captionedTable('Caseloads', head, rows.map((r) => [{ text: r.display_name }, ...(multipleTeams ? [{ text: r.team_name }] : []), { text: String(r.people), format: 'numeric' }]));
}

export function unallocatedTable(people: { id: string; reference: string; given_name: string; family_name: string; team_name: string; created_at: Date }[], total: number) {
  return captionedTable(`${plural(total, 'person', 'people')} not allocated to a worker`, [{ text: 'Person' }, { text: 'Team' }, { text: 'Record started' }, { text: 'Action' }], people.map((p) => [
    { html: personLink(p) },
    { text: p.team_name },
    { text: formatDate(p.created_at.toISOString().slice(0, 10)) },
    { html: `<a class="govuk-link" href="${paths.casework.allocate(p.id)}">Allocate<span class="govuk-visually-hidden"> ${escapeHtml(name(p))}</span></a>` },
  ]));
}

export function workerItems(workers: { id: string; display_name: string; role: string }[], selected: string | undefined, current: string | undefined) {
  return workers.map((w) => ({ value: w.id, text: w.display_name, hint: { text: `${w.role === 'team-manager' ? 'Team manager' : 'Social worker'}${w.id === current ? ': allocated now' : ''}` }, checked: w.id === (selected ?? current) }));
}

export function teamItems(teams: { id: string; name: string }[], currentTeam: string, selected: string | undefined) {
  return teams.filter((t) => t.id !== currentTeam).map((t) => ({ value: t.id, text: t.name, checked: t.id === selected }));
}

export const noteKindItems = (selected: unknown) => Object.entries(NOTE_KINDS).map(([value, text]) => ({ value, text, checked: value === selected }));
export const documentKindItems = (selected: unknown) => [{ value: '', text: 'Choose a kind of document', selected: !selected }, ...Object.entries(DOCUMENT_KINDS).map(([value, text]) => ({ value, text, selected: value === selected }))];

export interface TimelineEvent {
  at: string;
  what: string;
  detail?: string[];
  href?: string;
  linkText?: string;
  note?: { id: string; correctHref: string | null; corrected: boolean; correction: boolean };
}

type NoteRow = { id: string; kind: CaseNoteKind; happened_at: Date; with_whom: string | null; what_happened: string; decided: string | null; corrects_note_id: string | null; written_at: Date; written_by_name: string };
type DocumentRow = { id: string; case_note_id: string | null; kind: CaseDocumentKind; title: string; media_type: string; bytes: number; uploaded_at: Date; uploaded_by_name: string };


/** A note's moment: the date alone when no time was given (saved at midnight, London). */
const happened = (at: Date) => {
  const text = formatDateTime(at);
  return text.endsWith(' at 12:00am') ? text.slice(0, -' at 12:00am'.length) : text;
};

export function noteEvents(notes: NoteRow[], documents: DocumentRow[], canCorrect: boolean): { event: TimelineEvent; sortKey: string; documents: { href: string; text: string }[] }[] {
  const correctedIds = new Set(notes.map((n) => n.corrects_note_id).filter(Boolean));
  return notes.map((n) => ({
    sortKey: n.happened_at.toISOString(),
    documents: documents.filter((d) => d.case_note_id === n.id).map((d) => ({ href: paths.casework.document(d.id), text: `${d.title} (${DOCUMENT_KINDS[d.kind]}, ${formatBytes(d.bytes)})` })),
    event: {
      // When it was written is said only when it was not at the time (a note written up later).
      at: `${happened(n.happened_at)}. Written by ${n.written_by_name}${Math.abs(n.written_at.getTime() - n.happened_at.getTime()) > 3_600_000 ? ` on ${formatDateTime(n.written_at)}` : ''}`,
      what: `${n.corrects_note_id ? 'Correction: ' : ''}${NOTE_KINDS[n.kind]}${n.with_whom ? ` with ${n.with_whom}` : ''}`,
      detail: [n.what_happened, ...(n.decided ? [`Decided: ${n.decided}`] : [])],
      note: { id: n.id, correctHref: canCorrect ? paths.casework.correct(n.id) : null, corrected: correctedIds.has(n.id), correction: Boolean(n.corrects_note_id) },
    },
  }));
}

export function documentEvents(documents: DocumentRow[]) {
  return documents
    .filter((d) => !d.case_note_id)
    .map((d) => ({ sortKey: d.uploaded_at.toISOString(), documents: [{ href: paths.casework.document(d.id), text: `${d.title} (${DOCUMENT_KINDS[d.kind]}, ${formatBytes(d.bytes)})` }], event: { at: formatDateTime(d.uploaded_at), what: `Document added by ${d.uploaded_by_name}` } as TimelineEvent }));
}

export function accessReportTable(rows: { person_id: string; given_name: string; family_name: string; reference: string; opened_by: string; team_name: string; reason: string; opened_at: Date; expires_at: Date }[], total: number) {
  return captionedTable(`${plural(total, 'time', 'times')} a record was opened from outside its team`, [{ text: 'Person' }, { text: 'Opened by' }, { text: 'Reason' }, { text: 'When' }], rows.map((r) => [
    { html: `${personLink({ id: r.person_id, given_name: r.given_name, family_name: r.family_name, reference: r.reference })}<br><span class="govuk-body-s">${escapeHtml(r.team_name)}</span>` },
    { text: r.opened_by },
    { text: r.reason },
    { text: `${formatDateTime(r.opened_at)}, for ${Math.round((r.expires_at.getTime() - r.opened_at.getTime()) / 3_600_000)} hours` },
  ]));
}
