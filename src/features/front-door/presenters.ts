import { codeValues } from '../../domain/cld/code-lists.js';
import { paths } from '../../paths.js';
import { escapeHtml, formatDate } from '../../web/format.js';
import { CONTACT_FROM, CONTACT_METHODS } from './schemas.js';
import type { ContactRecord, openContactsIn } from './repository.js';

/** The front door's pages, from what the routes loaded: pure. */

const text = (value: string | null | undefined) => ({ text: value ?? 'Not recorded' });

export function worklistTable(open: Awaited<ReturnType<typeof openContactsIn>>) {
  return {
    caption: 'Contacts waiting to be dealt with, oldest first',
    head: [{ text: 'Received' }, { text: 'Person' }, { text: 'From' }, { text: 'Route of access' }, { text: 'Team' }],
    rows: open.rows.map((c) => [
      { text: formatDate(c.received_on) },
      { html: `<a class="govuk-link" href="${paths.frontDoor.view(c.id)}">${escapeHtml(`${c.given_name} ${c.family_name}`)}</a> (${escapeHtml(c.reference)})` },
      { text: CONTACT_FROM[c.contact_from] },
      { text: c.route_of_access },
      { text: c.team_name },
    ]),
  };
}

export function contactSummary({ contact, person, teamName }: ContactRecord, personVisible: boolean) {
  return {
    rows: [
      { key: { text: 'Person' }, value: personVisible ? { html: `<a class="govuk-link" href="${paths.people.view(person.id)}">${escapeHtml(`${person.given_name} ${person.family_name}`)}</a> (${escapeHtml(person.reference)})` } : { text: `${person.given_name} ${person.family_name} (${person.reference})` } },
      { key: { text: 'Received' }, value: { text: formatDate(contact.received_on) } },
      { key: { text: 'From' }, value: { text: `${CONTACT_FROM[contact.contact_from]}${contact.contact_name ? `: ${contact.contact_name}` : ''}` } },
      { key: { text: 'How' }, value: { text: CONTACT_METHODS[contact.contact_method] } },
      { key: { text: 'Route of access' }, value: { text: contact.route_of_access } },
      { key: { text: 'What was asked for' }, value: { text: contact.what_was_asked } },
      { key: { text: 'Team' }, value: { text: teamName } },
      { key: { text: 'Outcome' }, value: contact.outcome ? { text: `${contact.outcome}, ${formatDate(contact.concluded_on)}` } : { text: 'Not dealt with yet' } },
      ...(contact.outcome_notes ? [{ key: { text: 'Notes' }, value: text(contact.outcome_notes) }] : []),
    ],
  };
}

export function outcomeItems(chosen: string | undefined) {
  return [{ value: '', text: 'Select what happened', selected: !chosen }, ...codeValues('Event_Outcome').map((value) => ({ value, text: value, selected: value === chosen }))];
}

export function newContactOptions(values: Record<string, unknown>, teams: { id: string; name: string }[]) {
  const chosen = (name: string) => (typeof values[name] === 'string' ? (values[name] as string) : '');
  return {
    from: Object.entries(CONTACT_FROM).map(([value, label]) => ({ value, text: label, checked: chosen('contact_from') === value })),
    methods: Object.entries(CONTACT_METHODS).map(([value, label]) => ({ value, text: label, checked: chosen('contact_method') === value })),
    routes: [{ value: '', text: 'Select the route of access', selected: !chosen('route_of_access') }, ...codeValues('Request_Route_of_Access').map((value) => ({ value, text: value, selected: chosen('route_of_access') === value }))],
    clientTypes: codeValues('Client_Type').map((value) => ({ value, text: value, checked: chosen('client_type') === value })),
    teams: teams.length === 1 ? [{ value: teams[0]!.id, text: teams[0]!.name, selected: true }] : [{ value: '', text: 'Select a team' }, ...teams.map((t) => ({ value: t.id, text: t.name, selected: chosen('team_id') === t.id }))],
    known: chosen('known'),
  };
}
