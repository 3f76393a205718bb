import { type CodeListName, codeValues, inRelease2, isCodeValue, isUnpaidCarer } from '../cld/code-lists.js';
import { isIsoDate } from '../calendar/iso-date.js';
import { parseNhsNumber } from '../people/nhs-number.js';
import { parsePostcode } from '../people/postcode.js';

/**
 * The rows of a `selfdirect-migration/1` folder (../shared/formats/README.md), checked one at a
 * time: each check names the column and says what was expected. Pure; the folder reader adds
 * what needs more than one row (unique references, references between the files).
 */
export const MIGRATION_FILES = {
  people: ['person_ref', 'nhs_number', 'given_name', 'family_name', 'date_of_birth', 'date_of_death', 'gender', 'ethnicity', 'postcode', 'client_type', 'primary_support_reason', 'team'],
  carers: ['carer_ref', 'cared_for_ref', 'relationship', 'hours_caring_per_week'],
  events: [
    'event_ref',
    'person_ref',
    'event_type',
    'start_date',
    'end_date',
    'outcome',
    'route_of_access',
    'assessment_type',
    'eligible_needs_identified',
    'service_type',
    'service_component',
    'delivery_mechanism',
    'unit_cost_pence',
    'cost_frequency',
    'planned_units_per_week',
    'weekly_cost_pence',
    'provider_name',
    'provider_cqc_location_id',
    'review_reason',
    'review_outcomes_achieved',
  ],
} as const;
export type MigrationFile = keyof typeof MIGRATION_FILES;

export interface LegacyPerson {
  ref: string;
  nhsNumber: string | null;
  givenName: string;
  familyName: string;
  dateOfBirth: string | null;
  dateOfDeath: string | null;
  gender: string | null;
  ethnicity: string | null;
  postcode: string | null;
  clientType: string;
  primarySupportReason: string | null;
  team: string;
}
export interface LegacyCarer {
  carerRef: string;
  caredForRef: string;
  relationship: string | null;
  hoursCaringPerWeek: number | null;
}
export interface LegacyEvent {
  ref: string;
  personRef: string;
  eventType: string;
  startDate: string;
  endDate: string | null;
  outcome: string | null;
  routeOfAccess: string | null;
  assessmentType: string | null;
  eligibleNeedsIdentified: string | null;
  serviceType: string | null;
  serviceComponent: string | null;
  deliveryMechanism: string | null;
  unitCostPence: number | null;
  costFrequency: string | null;
  plannedHundredthsPerWeek: number | null;
  weeklyCostPence: number | null;
  providerName: string | null;
  providerCqcLocationId: string | null;
  reviewReason: string | null;
  reviewOutcomesAchieved: string | null;
}

export interface ColumnProblem {
  column: string;
  message: string;
}
export type Checked<T> = { ok: true; value: T } | { ok: false; problems: ColumnProblem[] };

/** Selfdirect's own event references start so; a previous system's may not. */
export const OWN_EVENT_PREFIX = 'SD-';
const MAX_TEXT = 200;

/** Reads one row's cells by column name, collecting problems. */
class Row {
  readonly problems: ColumnProblem[] = [];
  constructor(private readonly cells: Record<string, string>) {}

  private problem(column: string, message: string) {
    this.problems.push({ column, message });
  }
  optional(column: string): string | null {
    const value = (this.cells[column] ?? '').trim();
    if (value.length > MAX_TEXT) {
      this.problem(column, `must be at most ${MAX_TEXT} characters`);
      return null;
    }
    return value === '' ? null : value;
  }
  required(column: string, what: string): string {
    const value = this.optional(column);
    if (value === null && !this.problems.some((p) => p.column === column)) this.problem(column, `is empty: expected ${what}`);
    return value ?? '';
  }
  date(column: string, required = false): string | null {
    const value = required ? this.required(column, 'a date written YYYY-MM-DD') || null : this.optional(column);
    if (value === null) return null;
    if (!isIsoDate(value)) {
      this.problem(column, `"${value}" is not a date written YYYY-MM-DD`);
      return null;
    }
    return value;
  }
  coded(column: string, list: CodeListName, required = false): string | null {
    const value = required ? this.required(column, `a CLD Release 2 ${list}`) || null : this.optional(column);
    if (value === null || isCodeValue(list, value)) return value;
    const older = inRelease2(list, value);
    if (older?.mapped && older.value) this.problem(column, `"${value}" is Release 1 wording: use "${older.value}"`);
    else {
      const values = codeValues(list);
      this.problem(column, `"${value}" is not a CLD Release 2 ${list}${values.length <= 6 ? `: expected one of ${values.map((x) => `"${x}"`).join(', ')}` : ' (the values are case-sensitive)'}`);
    }
    return null;
  }
  whole(column: string): number | null {
    const value = this.optional(column);
    if (value === null) return null;
    if (!/^-?\d+$/.test(value) || !Number.isSafeInteger(Number(value))) {
      this.problem(column, `"${value}" is not a whole number`);
      return null;
    }
    return Number(value);
  }
  /** A number with at most two decimal places, as hundredths. */
  hundredths(column: string): number | null {
    const value = this.optional(column);
    if (value === null) return null;
    const match = /^(\d+)(?:\.(\d{1,2}))?$/.exec(value);
    if (!match || !Number.isSafeInteger(Number(match[1]) * 100)) {
      this.problem(column, `"${value}" is not a number with at most two decimal places`);
      return null;
    }
    return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
  }
  /** Columns that do not apply to this kind of row must be left empty. */
  empty(columns: readonly string[], why: string) {
    for (const column of columns) if (this.optional(column) !== null) this.problem(column, `must be empty ${why}`);
  }
  done<T>(value: T): Checked<T> {
    return this.problems.length ? { ok: false, problems: this.problems } : { ok: true, value };
  }
}

export function checkPersonRow(cells: Record<string, string>): Checked<LegacyPerson> {
  const row = new Row(cells);
  const ref = row.required('person_ref', 'the previous system’s person reference');
  const nhsText = row.optional('nhs_number');
  let nhsNumber: string | null = null;
  if (nhsText !== null) {
    const parsed = parseNhsNumber(nhsText);
    if (parsed.ok) nhsNumber = parsed.value;
    else row.problems.push({ column: 'nhs_number', message: `"${nhsText}" is not a valid NHS number: expected 10 digits passing the modulus 11 check, or empty` });
  }
  const givenName = row.required('given_name', 'the person’s first name');
  const familyName = row.required('family_name', 'the person’s last name');
  const dateOfBirth = row.date('date_of_birth');
  const dateOfDeath = row.date('date_of_death');
  if (dateOfBirth && dateOfDeath && dateOfDeath < dateOfBirth) row.problems.push({ column: 'date_of_death', message: `${dateOfDeath} is before the date of birth, ${dateOfBirth}` });
  const gender = row.coded('gender', 'Gender');
  const ethnicity = row.coded('ethnicity', 'Ethnicity');
  const postcodeText = row.optional('postcode');
  let postcode: string | null = null;
  if (postcodeText !== null) {
    const parsed = parsePostcode(postcodeText);
    if (parsed.ok) postcode = parsed.value;
    else row.problems.push({ column: 'postcode', message: `"${postcodeText}" is not a UK postcode or pseudo-postcode` });
  }
  const clientType = row.coded('client_type', 'Client_Type', true) ?? '';
  const primarySupportReason = row.coded('primary_support_reason', 'Primary_Support_Reason');
  const team = row.required('team', 'the name of the team that supports the person');
  return row.done({ ref, nhsNumber, givenName, familyName, dateOfBirth, dateOfDeath, gender, ethnicity, postcode, clientType, primarySupportReason, team });
}

export function checkCarerRow(cells: Record<string, string>): Checked<LegacyCarer> {
  const row = new Row(cells);
  const carerRef = row.required('carer_ref', 'the carer’s person_ref');
  const caredForRef = row.required('cared_for_ref', 'the person_ref of the person they care for');
  const relationship = row.optional('relationship');
  const hoursCaringPerWeek = row.whole('hours_caring_per_week');
  if (hoursCaringPerWeek !== null && (hoursCaringPerWeek < 0 || hoursCaringPerWeek > 168)) row.problems.push({ column: 'hours_caring_per_week', message: 'must be from 0 to 168 hours a week' });
  if (carerRef && carerRef === caredForRef) row.problems.push({ column: 'cared_for_ref', message: 'is the carer themselves' });
  return row.done({ carerRef, caredForRef, relationship, hoursCaringPerWeek });
}

const REQUEST = ['route_of_access'] as const;
const ASSESSMENT = ['assessment_type', 'eligible_needs_identified'] as const;
const SERVICE = ['service_type', 'service_component', 'delivery_mechanism', 'unit_cost_pence', 'cost_frequency', 'planned_units_per_week', 'weekly_cost_pence', 'provider_name', 'provider_cqc_location_id'] as const;
const REVIEW = ['review_reason', 'review_outcomes_achieved'] as const;
const APPLIES: Record<string, readonly string[]> = { Request: REQUEST, Assessment: ASSESSMENT, Service: SERVICE, Review: REVIEW };

export function checkEventRow(cells: Record<string, string>): Checked<LegacyEvent> {
  const row = new Row(cells);
  const ref = row.required('event_ref', 'the previous system’s event reference');
  if (ref.startsWith(OWN_EVENT_PREFIX)) row.problems.push({ column: 'event_ref', message: `must not start "${OWN_EVENT_PREFIX}": Selfdirect’s own event references do` });
  const personRef = row.required('person_ref', 'the person_ref of the person in people.csv');
  const eventType = row.coded('event_type', 'Event_Type', true) ?? '';
  const startDate = row.date('start_date', true) ?? '';
  const endDate = row.date('end_date');
  if (startDate && endDate && endDate < startDate) row.problems.push({ column: 'end_date', message: `${endDate} is before the start date, ${startDate}` });
  const outcome = row.coded('outcome', 'Event_Outcome');
  if (eventType) row.empty([REQUEST, ASSESSMENT, SERVICE, REVIEW].flat().filter((c) => !APPLIES[eventType]!.includes(c)), `for a ${eventType} event`);
  const applies = (column: string) => APPLIES[eventType]?.includes(column) ?? false;
  const when = <T>(column: string, read: () => T | null): T | null => (applies(column) ? read() : null);
  const event: LegacyEvent = {
    ref,
    personRef,
    eventType,
    startDate,
    endDate,
    outcome,
    routeOfAccess: when('route_of_access', () => row.coded('route_of_access', 'Request_Route_of_Access')),
    assessmentType: when('assessment_type', () => row.coded('assessment_type', 'Assessment_Type')),
    eligibleNeedsIdentified: when('eligible_needs_identified', () => row.coded('eligible_needs_identified', 'Yes_No')),
    serviceType: when('service_type', () => row.coded('service_type', 'Service_Type', true)),
    serviceComponent: when('service_component', () => row.coded('service_component', 'Service_Component')),
    deliveryMechanism: when('delivery_mechanism', () => row.coded('delivery_mechanism', 'Delivery_Mechanism')),
    unitCostPence: when('unit_cost_pence', () => row.whole('unit_cost_pence')),
    costFrequency: when('cost_frequency', () => row.coded('cost_frequency', 'Cost_Frequency_Unit_Type')),
    plannedHundredthsPerWeek: when('planned_units_per_week', () => row.hundredths('planned_units_per_week')),
    weeklyCostPence: when('weekly_cost_pence', () => row.whole('weekly_cost_pence')),
    providerName: when('provider_name', () => row.optional('provider_name')),
    providerCqcLocationId: when('provider_cqc_location_id', () => row.optional('provider_cqc_location_id')),
    reviewReason: when('review_reason', () => row.coded('review_reason', 'Review_Reason')),
    reviewOutcomesAchieved: when('review_outcomes_achieved', () => row.coded('review_outcomes_achieved', 'Review_Outcomes_Achieved')),
  };
  if (event.providerCqcLocationId && !/^1-\d{6,12}$/.test(event.providerCqcLocationId)) {
    row.problems.push({ column: 'provider_cqc_location_id', message: `"${event.providerCqcLocationId}" is not a CQC location ID, like 1-101234567` });
  }
  for (const column of ['weekly_cost_pence', 'unit_cost_pence'] as const) {
    const value = column === 'weekly_cost_pence' ? event.weeklyCostPence : event.unitCostPence;
    if (value !== null && value < 0) row.problems.push({ column, message: 'must be 0 or more pence' });
  }
  return row.done(event);
}

/** A carer link needs an unpaid carer at its carer end. */
export function carerTypeProblem(carer: LegacyPerson): string | null {
  return isUnpaidCarer(carer.clientType) ? null : `${carer.ref} is a "${carer.clientType}" in people.csv: a carer’s client_type is "Unpaid carer" or "Unpaid carer known by association"`;
}
