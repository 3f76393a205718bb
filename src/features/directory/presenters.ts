import type { DirectoryEntry } from '../../db/schema.js';
import { AREAS, CONTRACT_STATUSES, PUBLIC_FIELDS, SERVICE_CATEGORIES, SUPPORT_FUNCTIONS } from '../../domain/directory/catalogue.js';
import { CHECK_TYPES, type Compliance, ENTRY_KINDS } from '../../domain/directory/checks.js';
import { formatPence } from '../../domain/money/pence.js';
import { escapeHtml, formatDate } from '../../web/format.js';
import { dateParts } from '../../web/forms.js';
import type { PublicEntry } from './public.js';

/** Pure views of directory entries for GOV.UK macros. */
export function statusTag(c: Compliance) {
  return {
    'meets-standard': '<strong class="govuk-tag govuk-tag--green">Checks in date</strong>',
    'due-soon': '<strong class="govuk-tag govuk-tag--yellow">Check due soon</strong>',
    'not-met': '<strong class="govuk-tag govuk-tag--red">Check missing or expired</strong>',
  }[c.state];
}

const options = (values: readonly string[], selected: string | undefined, any: string) => [
  { value: '', text: any, selected: !selected },
  ...values.map((v) => ({ value: v, text: v, selected: v === selected })),
];

export function filterOptions(f: Record<string, string | undefined>) {
  return {
    kinds: [{ value: '', text: 'Any kind' }, ...Object.entries(ENTRY_KINDS).map(([value, text]) => ({ value, text, selected: value === f.kind }))],
    services: options(SERVICE_CATEGORIES, f.service, 'Any service'),
    areas: options(AREAS, f.area, 'Any area'),
    statuses: [
      { value: '', text: 'Any check status' },
      { value: 'meets-standard', text: 'Checks in date', selected: f.status === 'meets-standard' },
      { value: 'due-soon', text: 'Check due soon', selected: f.status === 'due-soon' },
      { value: 'not-met', text: 'Check missing or expired', selected: f.status === 'not-met' },
    ],
    accepting: [{ value: 'yes', text: 'Only those taking on new people', checked: f.accepting === 'yes' }],
  };
}

export function entryRows(e: DirectoryEntry) {
  const row = (key: string, value: string | null | undefined) => ({ key: { text: key }, value: { text: value && value.length ? value : 'Not recorded' } });
  const rows = [
    row('Kind', ENTRY_KINDS[e.kind]),
    row('Reference', e.reference),
    row('Contact', e.contact_name),
    row('Telephone', e.phone),
    row('Email', e.email),
    row('Address', [e.address, e.postcode].filter(Boolean).join(', ')),
    row('Website', e.website),
    row('What they offer', e.description),
    row('Services', e.services.join(', ')),
    row('Areas', e.areas.join(', ')),
    row('Availability', `${e.availability ?? ''}${e.accepting_new ? ' (taking on new people)' : ' (not taking on new people)'}`.trim()),
  ];
  if (e.kind === 'personal-assistant') rows.push(row('Hourly rate', e.hourly_rate_pence === null ? null : formatPence(e.hourly_rate_pence)));
  if (e.kind === 'provider') rows.push(row('Rates', e.rates), row('CQC location', e.cqc_location_id), row('Contract', e.contract_status ? CONTRACT_STATUSES[e.contract_status] : null));
  if (e.kind === 'support-organisation') rows.push(row('Does', e.functions.map((f) => SUPPORT_FUNCTIONS[f as keyof typeof SUPPORT_FUNCTIONS] ?? f).join(', ')));
  rows.push(
    row(
      'Public directory',
      e.public_listing ? `Listed since ${formatDate(e.consent_recorded_on)}, showing: ${e.public_fields.map((f) => PUBLIC_FIELDS[f as keyof typeof PUBLIC_FIELDS] ?? f).join(', ') || 'name only'}` : 'Not listed: no consent recorded',
    ),
  );
  return { rows };
}

type CheckView = { check_type: keyof typeof CHECK_TYPES; checked_on: string; dueOn: string | null; state: string; dbs_level: string | null; certificate_number: string | null; update_service: boolean; outcome: string | null; decision: string | null; accreditation_status: string | null; detail: string | null };

export function checksTable(checks: CheckView[]) {
  return {
    head: [{ text: 'Check' }, { text: 'Date' }, { text: 'Details' }, { text: 'Renew by' }, { text: 'Status' }],
    rows: checks.map((c) => [
      { text: CHECK_TYPES[c.check_type] },
      { text: formatDate(c.checked_on) },
      {
        text: [
          c.dbs_level ? `${c.dbs_level.replace('-', ' with ')} level` : null,
          c.certificate_number ? `certificate ${c.certificate_number}` : null,
          c.update_service ? 'on the update service' : null,
          c.outcome === 'information' ? `information disclosed; decision: ${c.decision}` : c.outcome === 'clear' ? 'clear' : null,
          c.accreditation_status,
          c.detail,
        ]
          .filter(Boolean)
          .join('; '),
      },
      { text: c.dueOn ? formatDate(c.dueOn) : 'Does not run out' },
      { html: { valid: '<strong class="govuk-tag govuk-tag--green">In date</strong>', 'due-soon': '<strong class="govuk-tag govuk-tag--yellow">Due soon</strong>', expired: '<strong class="govuk-tag govuk-tag--red">Expired</strong>' }[c.state] ?? '' },
    ]),
  };
}

type Values = Record<string, string | string[] | undefined>;

export function entryFormValues(e: DirectoryEntry): Values {
  return {
    kind: e.kind,
    name: e.name,
    contact_name: e.contact_name ?? '',
    phone: e.phone ?? '',
    email: e.email ?? '',
    address: e.address ?? '',
    postcode: e.postcode ?? '',
    website: e.website ?? '',
    description: e.description ?? '',
    services: e.services,
    areas: e.areas,
    availability: e.availability ?? '',
    accepting_new: e.accepting_new ? 'yes' : 'no',
    hourly_rate: e.hourly_rate_pence === null ? '' : formatPence(e.hourly_rate_pence).replace('£', ''),
    rates: e.rates ?? '',
    cqc_location_id: e.cqc_location_id ?? '',
    contract_status: e.contract_status ?? '',
    functions: e.functions,
    public_listing: e.public_listing ? 'yes' : '',
    public_fields: e.public_fields,
    ...dateParts('consent_recorded_on', e.consent_recorded_on),
    version: String(e.version),
  };
}

const asList = (v: unknown): string[] => (v === undefined || v === null ? [] : Array.isArray(v) ? v.map(String) : [String(v)]);

/** The services and areas checkboxes, ticked as submitted: an entry's form and a worker's proposal. */
export function serviceAndAreaItems(values: Record<string, unknown>) {
  return {
    services: SERVICE_CATEGORIES.map((s) => ({ value: s, text: s, checked: asList(values.services).includes(s) })),
    areas: AREAS.map((a) => ({ value: a, text: a, checked: asList(values.areas).includes(a) })),
  };
}

export function entryFormOptions(values: Values) {
  const kind = String(values.kind ?? '');
  return {
    kind,
    kindName: ENTRY_KINDS[kind as keyof typeof ENTRY_KINDS] ?? '',
    isProvider: kind === 'provider',
    isPersonalAssistant: kind === 'personal-assistant',
    isSupportOrganisation: kind === 'support-organisation',
    ...serviceAndAreaItems(values),
    functions: Object.entries(SUPPORT_FUNCTIONS).map(([value, text]) => ({ value, text, checked: asList(values.functions).includes(value) })),
    publicFields: Object.entries(PUBLIC_FIELDS).map(([value, text]) => ({ value, text, checked: asList(values.public_fields).includes(value) })),
    contract: [{ value: '', text: 'Select a contract status' }, ...Object.entries(CONTRACT_STATUSES).map(([value, text]) => ({ value, text, selected: value === values.contract_status }))],
    accepting: [
      { value: 'yes', text: 'Yes', checked: values.accepting_new !== 'no' },
      { value: 'no', text: 'No', checked: values.accepting_new === 'no' },
    ],
    listing: [{ value: 'yes', text: 'They agreed to be listed in the public directory', checked: values.public_listing === 'yes' }],
  };
}

export function checkFormOptions(values: Values) {
  return {
    types: Object.entries(CHECK_TYPES).map(([value, text]) => ({ value, text, checked: value === values.check_type })),
    levels: [
      { value: '', text: 'Select a level (DBS checks only)' },
      ...[['basic', 'Basic'], ['standard', 'Standard'], ['enhanced', 'Enhanced'], ['enhanced-barred', 'Enhanced with barred list check']].map(([value, text]) => ({ value, text, selected: value === values.dbs_level })),
    ],
    outcomes: [
      { value: 'clear', text: 'Clear: nothing on the certificate', checked: values.outcome === 'clear' },
      { value: 'information', text: 'Information on the certificate', checked: values.outcome === 'information' },
    ],
    updateService: [{ value: 'yes', text: 'The certificate is on the DBS update service', checked: values.update_service === 'yes' }],
    accreditation: [
      { value: 'accredited', text: 'Accredited', checked: values.accreditation_status === 'accredited' },
      { value: 'suspended', text: 'Suspended', checked: values.accreditation_status === 'suspended' },
      { value: 'withdrawn', text: 'Withdrawn', checked: values.accreditation_status === 'withdrawn' },
    ],
  };
}

export function publicCard(e: PublicEntry) {
  const rows = Object.entries(e.shown).map(([field, value]) => ({
    key: { text: PUBLIC_FIELDS[field as keyof typeof PUBLIC_FIELDS] },
    value:
      field === 'website'
        ? { html: `<a class="govuk-link" href="${escapeHtml(String(value))}" rel="noopener">${escapeHtml(String(value))}</a>` }
        : field === 'email'
          ? { html: `<a class="govuk-link" href="mailto:${escapeHtml(String(value))}">${escapeHtml(String(value))}</a>` }
          : field === 'phone'
            ? { html: `<a class="govuk-link" href="tel:${escapeHtml(String(value).replace(/[^0-9+]/g, ''))}">${escapeHtml(String(value))}</a>` }
            : { text: Array.isArray(value) ? value.join(', ') : value },
  }));
  return { card: { title: { text: e.name, headingLevel: 2 } }, rows: [{ key: { text: 'Kind' }, value: { text: ENTRY_KINDS[e.kind] } }, ...rows] };
}

/** How to get in touch with a listed entry: what it agreed to show, or the council when it showed none. */
export function howToContact(e: PublicEntry): { listed: boolean } {
  return { listed: ['phone', 'email', 'website', 'address'].some((f) => f in e.shown) };
}
