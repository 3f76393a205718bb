import type { Person, Representative } from '../../db/schema.js';
import { dateParts } from '../../web/forms.js';
import { codeValues } from '../../domain/cld/code-lists.js';
import { REPRESENTATIVE_KINDS } from '../../domain/people/representatives.js';
import { formatNhsNumber } from '../../domain/people/nhs-number.js';
import { formatPence } from '../../domain/money/pence.js';
import { paths } from '../../paths.js';
import { type StaffActor, can } from '../../policies/index.js';
import { inTeamWith } from '../../policies/people.js';
import { escapeHtml, formatDate, formatDateTime } from '../../web/format.js';
import type { PersonListing } from './repository.js';

/** Pure functions from records to the parameters of GOV.UK Frontend macros. */

export function fullName(p: { given_name: string; family_name: string; preferred_name?: string | null }): string {
  return `${p.given_name} ${p.family_name}`;
}

const text = (value: string | null | undefined, empty = 'Not recorded') => ({ text: value && value.length > 0 ? value : empty });

export function peopleTable(people: PersonListing[], caption: string) {
  return {
    caption,
    captionClasses: 'govuk-table__caption--m',
    firstCellIsHeader: true,
    head: [{ text: 'Name' }, { text: 'Reference' }, { text: 'Date of birth' }, { text: 'NHS number' }, { text: 'Postcode' }, { text: 'Team' }, { text: 'Status' }],
    rows: people.map((p) => [
      { html: `<a class="govuk-link" href="${paths.people.view(p.id)}">${escapeHtml(`${p.family_name}, ${p.given_name}`)}</a>${p.preferred_name ? `<br><span class="govuk-body-s">Known as ${escapeHtml(p.preferred_name)}</span>` : ''}` },
      { text: p.reference },
      { text: formatDate(p.date_of_birth) },
      { text: p.nhs_number ? formatNhsNumber(p.nhs_number) : '' },
      { text: p.postcode ?? '' },
      { text: p.team_name },
      { html: p.closed_on ? '<strong class="govuk-tag govuk-tag--grey">Closed</strong>' : '<strong class="govuk-tag govuk-tag--green">Open</strong>' },
    ]),
  };
}

export function personSummary(person: Person, teamName: string) {
  const address = [person.address_line_1, person.address_line_2, person.town, person.postcode].filter(Boolean).map((v) => escapeHtml(v!)).join('<br>');
  return {
    details: {
      rows: [
        { key: { text: 'Name' }, value: text(fullName(person)) },
        { key: { text: 'Preferred name' }, value: text(person.preferred_name) },
        { key: { text: 'Reference' }, value: text(person.reference) },
        { key: { text: 'Client type' }, value: text(person.client_type) },
        { key: { text: 'Date of birth' }, value: text(formatDate(person.date_of_birth)) },
        { key: { text: 'NHS number' }, value: text(person.nhs_number ? formatNhsNumber(person.nhs_number) : null) },
        { key: { text: 'Team' }, value: text(teamName) },
      ],
    },
    contact: {
      rows: [
        { key: { text: 'Address' }, value: address ? { html: address } : text(null) },
        { key: { text: 'Telephone' }, value: text(person.phone) },
        { key: { text: 'Email' }, value: text(person.email) },
      ],
    },
    care: {
      rows: [
        { key: { text: 'Primary support reason' }, value: text(person.primary_support_reason) },
        { key: { text: 'Gender' }, value: text(person.gender) },
        { key: { text: 'Ethnicity' }, value: text(person.ethnicity) },
      ],
    },
    statutory: {
      rows: [
        { key: { text: 'Date of death' }, value: text(person.date_of_death ? formatDate(person.date_of_death) : null) },
        { key: { text: 'GP practice code' }, value: text(person.gp_practice_code) },
        { key: { text: 'Accommodation' }, value: text(person.accommodation_status) },
        { key: { text: 'Employment' }, value: text(person.employment_status) },
        { key: { text: 'Has an unpaid carer' }, value: text(person.has_unpaid_carer) },
        { key: { text: 'Autistic' }, value: text(person.autism_spectrum_disorder) },
        { key: { text: 'Visual impairment' }, value: text(person.visual_impairment) },
        { key: { text: 'Hearing impairment' }, value: text(person.hearing_impairment) },
        { key: { text: 'Dementia' }, value: text(person.dementia) },
        { key: { text: 'How care is funded' }, value: text(person.client_funding_status) },
      ],
    },
  };
}

/** The statutory details form: each list from the CLD code lists, what is recorded chosen. */
export function statutoryDetailsOptions(values: Record<string, unknown>) {
  const chosen = (name: string) => (typeof values[name] === 'string' ? (values[name] as string) : '');
  const select = (name: string, list: Parameters<typeof codeValues>[0]) => selectItems(codeValues(list), chosen(name), 'Not recorded');
  const yesNo = (name: string) => [...codeValues('Yes_No').map((value) => ({ value, text: value, checked: chosen(name) === value })), { value: '', text: 'Not recorded', checked: chosen(name) === '' }];
  return {
    accommodation: select('accommodation_status', 'Accommodation_Status'),
    employment: select('employment_status', 'Employment_Status'),
    funding: select('client_funding_status', 'Client_Funding_Status'),
    hasUnpaidCarer: yesNo('has_unpaid_carer'),
    autism: yesNo('autism_spectrum_disorder'),
    visual: yesNo('visual_impairment'),
    hearing: yesNo('hearing_impairment'),
    dementia: yesNo('dementia'),
  };
}

export function statutoryDetailsValues(person: Person): Record<string, string> {
  const value = (v: string | null) => v ?? '';
  return {
    version: String(person.version),
    ...dateParts('date_of_death', person.date_of_death),
    gp_practice_code: value(person.gp_practice_code),
    accommodation_status: value(person.accommodation_status),
    employment_status: value(person.employment_status),
    has_unpaid_carer: value(person.has_unpaid_carer),
    autism_spectrum_disorder: value(person.autism_spectrum_disorder),
    visual_impairment: value(person.visual_impairment),
    hearing_impairment: value(person.hearing_impairment),
    dementia: value(person.dementia),
    client_funding_status: value(person.client_funding_status),
  };
}

export function representativeCards(personId: string, representatives: Representative[], canWrite: boolean) {
  return representatives.map((r) => ({
    card: {
      title: { text: `${r.name} – ${REPRESENTATIVE_KINDS[r.kind]}`, headingLevel: 3 },
      actions: canWrite && !r.ended_on ? { items: [{ href: paths.people.endRepresentative(personId, r.id), text: 'End', visuallyHiddenText: 'this representative' }] } : undefined,
    },
    rows: [
      { key: { text: 'Relationship' }, value: text(r.relationship) },
      { key: { text: 'Telephone' }, value: text(r.phone) },
      { key: { text: 'Email' }, value: text(r.email) },
      { key: { text: 'Address' }, value: text(r.address) },
      ...(r.ended_on ? [{ key: { text: 'Ended' }, value: text(`${formatDate(r.ended_on)}: ${r.ended_reason ?? ''}`) }] : []),
    ],
  }));
}

export type CarerLinkRow = {
  id: string;
  relationship: string | null;
  hours_caring_per_week: number | null;
  ended_on: string | null;
  carer_id: string;
  carer_reference: string;
  carer_given_name: string;
  carer_family_name: string;
  carer_team_id: string;
  cared_for_id: string;
  cared_for_reference: string;
  cared_for_given_name: string;
  cared_for_family_name: string;
  cared_for_team_id: string;
};

/** A linked person in a team the viewer cannot see is shown by reference only. */
export function carerLinkTable(actor: StaffActor, personId: string, links: CarerLinkRow[], side: 'carer' | 'cared_for', canWrite: boolean) {
  return {
    head: [{ text: side === 'carer' ? 'Carer' : 'Person cared for' }, { text: 'Relationship' }, { text: 'Hours of care a week', format: 'numeric' }, { text: 'Status' }, { html: '<span class="govuk-visually-hidden">Actions</span>' }],
    rows: links.map((l) => {
      const id = side === 'carer' ? l.carer_id : l.cared_for_id;
      const reference = side === 'carer' ? l.carer_reference : l.cared_for_reference;
      const name = side === 'carer' ? `${l.carer_given_name} ${l.carer_family_name}` : `${l.cared_for_given_name} ${l.cared_for_family_name}`;
      const teamId = side === 'carer' ? l.carer_team_id : l.cared_for_team_id;
      const visible = inTeamWith(actor, 'people:read', { team_id: teamId });
      return [
        visible ? { html: `<a class="govuk-link" href="${paths.people.view(id)}">${escapeHtml(name)}</a> (${reference})` } : { text: `A person in another team (${reference})` },
        text(l.relationship),
        { text: l.hours_caring_per_week === null ? 'Not recorded' : String(l.hours_caring_per_week), format: 'numeric' },
        { text: l.ended_on ? `Ended ${formatDate(l.ended_on)}` : 'Current' },
        canWrite && !l.ended_on
          ? { html: `<a class="govuk-link" href="${paths.people.endCarerLink(personId, l.id)}">End<span class="govuk-visually-hidden"> link with ${escapeHtml(visible ? name : reference)}</span></a>` }
          : { text: '' },
      ];
    }),
  };
}

export function personActions(actor: StaffActor, person: Person) {
  const writable = can(actor, 'person:change', person);
  return {
    edit: writable ? paths.people.edit(person.id) : null,
    close: writable ? paths.people.close(person.id) : null,
    addRepresentative: writable ? paths.people.addRepresentative(person.id) : null,
    portal: writable ? paths.portal.invite(person.id) : null,
    addCarer: writable ? paths.people.addCarer(person.id) : null,
    history: can(actor, 'person:history', person) ? paths.people.history(person.id) : null,
    /** A death is often recorded after a record is closed, so these stay open to change. */
    statutoryDetails: can(actor, 'person:write', person) ? paths.people.statutoryDetails(person.id) : null,
  };
}

const selectItems = (values: readonly string[], selected: string | null | undefined, placeholder: string) => [
  { value: '', text: placeholder, selected: !selected },
  ...values.map((v) => ({ value: v, text: v, selected: v === selected })),
];

/** How the form words each CLD client type; a value added to the list shows as itself. */
const CLIENT_TYPE_LABELS: Record<string, string> = {
  'Service user': 'Needs care and support',
  'Unpaid carer': 'Unpaid carer',
  'Unpaid carer known by association': 'Unpaid carer known only through the person they care for (not assessed)',
};

export type PersonFormValues = Record<string, string | undefined>;

/** What the person form shows: a stored record, or what was just submitted. */
export function personFormValues(person: Person): PersonFormValues {
  const [year, month, day] = person.date_of_birth ? person.date_of_birth.split('-') : [];
  return {
    client_type: person.client_type,
    given_name: person.given_name,
    family_name: person.family_name,
    preferred_name: person.preferred_name ?? '',
    'dob-day': day ? String(Number(day)) : '',
    'dob-month': month ? String(Number(month)) : '',
    'dob-year': year ?? '',
    nhs_number: person.nhs_number ? formatNhsNumber(person.nhs_number) : '',
    address_line_1: person.address_line_1 ?? '',
    address_line_2: person.address_line_2 ?? '',
    town: person.town ?? '',
    postcode: person.postcode ?? '',
    phone: person.phone ?? '',
    email: person.email ?? '',
    gender: person.gender ?? '',
    ethnicity: person.ethnicity ?? '',
    primary_support_reason: person.primary_support_reason ?? '',
    team_id: person.team_id,
    version: String(person.version),
  };
}


export function personFormOptions(values: PersonFormValues, teams: { id: string; name: string }[]) {
  return {
    clientTypes: [
      ...codeValues('Client_Type').map((value) => ({ value, text: CLIENT_TYPE_LABELS[value] ?? value, checked: values.client_type === value })),
    ],
    genders: selectItems(codeValues('Gender'), values.gender, 'Not recorded'),
    ethnicities: selectItems(codeValues('Ethnicity'), values.ethnicity, 'Not recorded'),
    supportReasons: selectItems(codeValues('Primary_Support_Reason'), values.primary_support_reason, 'Not recorded'),
    teams:
      teams.length === 1
        ? [{ value: teams[0]!.id, text: teams[0]!.name, selected: true }]
        : [{ value: '', text: 'Select a team' }, ...teams.map((t) => ({ value: t.id, text: t.name, selected: t.id === values.team_id }))],
  };
}

/** Anchors for the error summary: a date's first box. */
export const personFormAnchors = { date_of_birth: 'dob-day', client_type: 'client_type' };

export function representativeKindItems(selected: string | undefined) {
  return Object.entries(REPRESENTATIVE_KINDS).map(([value, label]) => ({ value, text: label, checked: value === selected }));
}

type AssessmentListing = {
  id: string;
  kind: string;
  status: string;
  scheme_id: string;
  scheme_version: string;
  points: number | null;
  weekly_pence: number | null;
  outcome: string | null;
  started_at: Date;
  completed_at: Date | null;
  submitted_at: Date | null;
  submitted_as: string | null;
  decision: string | null;
  panel_weekly_pence: number | null;
};

const OUTCOMES: Record<string, string> = { allocated: 'Indicative budget', 'below-threshold': 'Below threshold', 'panel-review': 'Panel review' };

export function assessmentTable(list: AssessmentListing[]) {
  if (list.length === 0) return null;
  return {
    head: [{ text: 'Assessment' }, { text: 'Status' }, { text: 'Points', format: 'numeric' }, { text: 'Weekly amount', format: 'numeric' }],
    rows: list.map((a) => {
      const label = `${a.kind === 'carer' ? 'Carer’s assessment' : 'Self-assessment'}, ${formatDate((a.completed_at ?? a.started_at).toISOString().slice(0, 10))}`;
      const outcome = a.status === 'completed' ? `${OUTCOMES[a.outcome ?? ''] ?? ''}${a.decision ? (a.decision === 'agreed' ? ': panel agreed' : ': panel set the amount') : a.outcome === 'panel-review' ? ': waiting for the panel' : ''}` : a.submitted_at ? `Sent from My Selfdirect by ${a.submitted_as} on ${formatDateTime(a.submitted_at)}: check it with them and confirm` : 'In progress';
      const weekly = a.panel_weekly_pence ?? a.weekly_pence;
      return [
        a.status === 'completed' ? { html: `<a class="govuk-link" href="${paths.assessments.view(a.id)}">${escapeHtml(label)}</a>` } : { text: label },
        { text: outcome },
        { text: a.points === null ? '' : String(a.points), format: 'numeric' },
        { text: weekly === null ? '' : formatPence(weekly), format: 'numeric' },
      ];
    }),
  };
}

/** The person's contacts and referrals at the front door, newest first, each linking to its page. */
export function contactTable(contacts: { id: string; received_on: string; route_of_access: string; outcome: string | null; concluded_on: string | null }[]) {
  return {
    caption: 'Contacts and referrals',
    captionClasses: 'govuk-visually-hidden',
    head: [{ text: 'Received' }, { text: 'Route of access' }, { text: 'Outcome' }],
    rows: contacts.map((c) => [
      { html: `<a class="govuk-link" href="${paths.frontDoor.view(c.id)}">${formatDate(c.received_on)}</a>` },
      { text: c.route_of_access },
      { text: c.outcome ? `${c.outcome} (${formatDate(c.concluded_on)})` : 'Not dealt with yet' },
    ]),
  };
}
