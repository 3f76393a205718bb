import { parseNhsNumber } from '../people/nhs-number.js';
import { isIsoDate } from '../calendar/iso-date.js';
import { parsePostcode } from '../people/postcode.js';
import { type CodeListName, inRelease2, isCodeValue, isUnpaidCarer } from './code-lists.js';

/**
 * The CLD Release 2 extract: one row per event, the person's details repeated on each, columns
 * named and ordered exactly as the specification's fields (../shared/docs/statutory-returns.md),
 * and the checks DHSC makes of each field, in DHSC's own categories. Pure.
 */
export const CLD_COLUMNS = [
  'LA_Code',
  'Reporting_Period_Start_Date',
  'Reporting_Period_End_Date',
  'NHS_Number',
  'LA_Person_Unique_Identifier',
  'GP_Practice_Code',
  'Gender',
  'Ethnicity',
  'Date_of_Birth',
  'Date_of_Death',
  'Client_Type',
  'Primary_Support_Reason',
  'Postcode',
  'Accommodation_Status',
  'Employment_Status',
  'Has_Unpaid_Carer',
  'Autism_Spectrum_Disorder_ASD',
  'Visual_Impairment',
  'Hearing_Impairment',
  'Dementia',
  'Client_Funding_Status',
  'Event_Type',
  'Event_Reference',
  'Event_Start_Date',
  'Event_End_Date',
  'Event_Description',
  'Event_Outcome',
  'Request_Route_of_Access',
  'Assessment_Type',
  'Eligible_Needs_Identified',
  'Method_of_Assessment',
  'Total_Hrs_Caring_per_week',
  'No_of_adults_being_cared_for',
  'Adult_1_Linked_Person_ID',
  'Adult_2_Linked_Person_ID',
  'Adult_3_Linked_Person_ID',
  'Service_Type',
  'Service_Component',
  'Delivery_Mechanism',
  'Provider_CQC_Location_ID',
  'Review_Reason',
  'Review_Outcomes_Achieved',
  'Method_of_Review',
  'Unit_Cost',
  'Cost_Frequency_Unit_Type',
  'Planned_units_per_week',
] as const;
export type CldColumn = (typeof CLD_COLUMNS)[number];
export type CldRow = Record<CldColumn, string>;

/** The person as the extract needs them (one row of people, with their carer links). */
export interface CldPerson {
  id: string;
  nhsNumber: string | null;
  /** The council's identifier: the previous system's reference for migrated people, else Selfdirect's. */
  laPersonId: string | null;
  gpPracticeCode: string | null;
  gender: string | null;
  ethnicity: string | null;
  dateOfBirth: string | null;
  dateOfDeath: string | null;
  clientType: string;
  primarySupportReason: string | null;
  postcode: string | null;
  accommodationStatus: string | null;
  employmentStatus: string | null;
  hasUnpaidCarer: string | null;
  autismSpectrumDisorder: string | null;
  visualImpairment: string | null;
  hearingImpairment: string | null;
  dementia: string | null;
  clientFundingStatus: string | null;
  /** For an unpaid carer: the hours of care a week, and the people cared for (their CLD ids). */
  hoursCaringPerWeek: number | null;
  caresFor: string[];
}

export interface CldEventValues {
  eventReference: string;
  eventType: string;
  startDate: string;
  endDate: string | null;
  description: string | null;
  outcome: string | null;
  routeOfAccess: string | null;
  assessmentType: string | null;
  eligibleNeedsIdentified: string | null;
  methodOfAssessment: string | null;
  serviceType: string | null;
  serviceComponent: string | null;
  deliveryMechanism: string | null;
  providerCqcLocationId: string | null;
  reviewReason: string | null;
  reviewOutcomesAchieved: string | null;
  methodOfReview: string | null;
  unitCostPence: number | null;
  costFrequency: string | null;
  plannedHundredthsPerWeek: number | null;
}

export interface Submission {
  laCode: string;
  from: string;
  to: string;
}

/** The event's end for deciding whether it is open: the person's death when it comes first. */
export function effectiveEnd(event: { endDate: string | null }, person: { dateOfDeath: string | null }): string | null {
  if (person.dateOfDeath && (!event.endDate || person.dateOfDeath < event.endDate)) return person.dateOfDeath;
  return event.endDate;
}

/** Open at any time in the period: started on or before its last day, not ended before its first. */
export function openInPeriod(event: { startDate: string; endDate: string | null }, person: { dateOfDeath: string | null }, from: string, to: string): boolean {
  const end = effectiveEnd(event, person);
  return event.startDate <= to && (end === null || end >= from);
}

/** A CLD person identifier: the NHS number where known, else the council's. */
export function cldPersonId(person: Pick<CldPerson, 'nhsNumber' | 'laPersonId'>): string | null {
  return person.nhsNumber ?? person.laPersonId;
}

const pounds = (pence: number) => `${pence < 0 ? '-' : ''}${Math.floor(Math.abs(pence) / 100)}.${String(Math.abs(pence) % 100).padStart(2, '0')}`;
const hundredths = (h: number) => (h % 100 === 0 ? String(h / 100) : `${Math.floor(h / 100)}.${String(h % 100).padStart(2, '0').replace(/0$/, '')}`);
const v = (value: string | number | null | undefined) => (value === null || value === undefined ? '' : String(value));

export function cldRow(submission: Submission, person: CldPerson, event: CldEventValues): CldRow {
  const carer = isUnpaidCarer(person.clientType);
  return {
    LA_Code: submission.laCode,
    Reporting_Period_Start_Date: submission.from,
    Reporting_Period_End_Date: submission.to,
    NHS_Number: v(person.nhsNumber),
    LA_Person_Unique_Identifier: v(person.laPersonId),
    GP_Practice_Code: v(person.gpPracticeCode),
    Gender: v(person.gender),
    Ethnicity: v(person.ethnicity),
    Date_of_Birth: v(person.dateOfBirth),
    Date_of_Death: v(person.dateOfDeath),
    Client_Type: person.clientType,
    Primary_Support_Reason: v(person.primarySupportReason),
    Postcode: v(person.postcode),
    Accommodation_Status: v(person.accommodationStatus),
    Employment_Status: v(person.employmentStatus),
    Has_Unpaid_Carer: v(person.hasUnpaidCarer),
    Autism_Spectrum_Disorder_ASD: v(person.autismSpectrumDisorder),
    Visual_Impairment: v(person.visualImpairment),
    Hearing_Impairment: v(person.hearingImpairment),
    Dementia: v(person.dementia),
    Client_Funding_Status: v(person.clientFundingStatus),
    Event_Type: event.eventType,
    Event_Reference: event.eventReference,
    Event_Start_Date: event.startDate,
    Event_End_Date: v(event.endDate),
    Event_Description: v(event.description),
    Event_Outcome: v(event.outcome),
    Request_Route_of_Access: v(event.routeOfAccess),
    Assessment_Type: v(event.assessmentType),
    Eligible_Needs_Identified: v(event.eligibleNeedsIdentified),
    Method_of_Assessment: v(event.methodOfAssessment),
    Total_Hrs_Caring_per_week: carer ? v(person.hoursCaringPerWeek) : '',
    No_of_adults_being_cared_for: carer && person.caresFor.length > 0 ? String(person.caresFor.length) : '',
    Adult_1_Linked_Person_ID: carer ? v(person.caresFor[0]) : '',
    Adult_2_Linked_Person_ID: carer ? v(person.caresFor[1]) : '',
    Adult_3_Linked_Person_ID: carer ? v(person.caresFor[2]) : '',
    Service_Type: v(event.serviceType),
    Service_Component: v(event.serviceComponent),
    Delivery_Mechanism: v(event.deliveryMechanism),
    Provider_CQC_Location_ID: v(event.providerCqcLocationId),
    Review_Reason: v(event.reviewReason),
    Review_Outcomes_Achieved: v(event.reviewOutcomesAchieved),
    Method_of_Review: v(event.methodOfReview),
    Unit_Cost: event.unitCostPence === null ? '' : pounds(event.unitCostPence),
    Cost_Frequency_Unit_Type: v(event.costFrequency),
    Planned_units_per_week: event.plannedHundredthsPerWeek === null ? '' : hundredths(event.plannedHundredthsPerWeek),
  };
}

/** DHSC's categories for each field of each row (GetDQValues). */
export type FieldValidity = 'Passed: Valid' | 'Passed: Blank (Not Mandatory)' | 'Failed: Blank (Mandatory)' | 'Failed: Invalid' | 'Failed: Release 1';
export interface FieldCheck {
  column: CldColumn;
  validity: FieldValidity;
  /** What to fix, in plain words (failures only). */
  message?: string;
}

const CODED: Partial<Record<CldColumn, CodeListName>> = {
  Gender: 'Gender',
  Ethnicity: 'Ethnicity',
  Client_Type: 'Client_Type',
  Primary_Support_Reason: 'Primary_Support_Reason',
  Accommodation_Status: 'Accommodation_Status',
  Employment_Status: 'Employment_Status',
  Has_Unpaid_Carer: 'Yes_No',
  Autism_Spectrum_Disorder_ASD: 'Yes_No',
  Visual_Impairment: 'Yes_No',
  Hearing_Impairment: 'Yes_No',
  Dementia: 'Yes_No',
  Client_Funding_Status: 'Client_Funding_Status',
  Event_Type: 'Event_Type',
  Event_Outcome: 'Event_Outcome',
  Request_Route_of_Access: 'Request_Route_of_Access',
  Assessment_Type: 'Assessment_Type',
  Eligible_Needs_Identified: 'Yes_No',
  Method_of_Assessment: 'Method_of_Assessment',
  Service_Type: 'Service_Type',
  Service_Component: 'Service_Component',
  Delivery_Mechanism: 'Delivery_Mechanism',
  Review_Reason: 'Review_Reason',
  Review_Outcomes_Achieved: 'Review_Outcomes_Achieved',
  Method_of_Review: 'Method_of_Review',
  Cost_Frequency_Unit_Type: 'Cost_Frequency_Unit_Type',
};

/** Which fields a row must have, by its event type and the person's client type. */
function mandatory(row: CldRow): Set<CldColumn> {
  const required = new Set<CldColumn>(['LA_Code', 'Reporting_Period_Start_Date', 'Reporting_Period_End_Date', 'Gender', 'Ethnicity', 'Date_of_Birth', 'Client_Type', 'Postcode', 'Event_Type', 'Event_Reference', 'Event_Start_Date']);
  // A person is identified by NHS number where known, else by the council's own identifier.
  if (row.NHS_Number === '') required.add('LA_Person_Unique_Identifier');
  if (row.Client_Type === 'Service user') required.add('Primary_Support_Reason');
  if (row.Event_End_Date) required.add('Event_Outcome');
  if (row.Event_Type === 'Request') required.add('Request_Route_of_Access');
  if (row.Event_Type === 'Assessment') {
    required.add('Assessment_Type');
    if (row.Event_End_Date) required.add('Eligible_Needs_Identified');
  }
  if (row.Event_Type === 'Service') {
    for (const c of ['Service_Type', 'Service_Component', 'Unit_Cost', 'Cost_Frequency_Unit_Type'] as const) required.add(c);
  }
  if (row.Event_Type === 'Review') {
    required.add('Review_Reason');
    if (row.Event_End_Date) required.add('Review_Outcomes_Achieved');
  }
  return required;
}


/** Checks one extract row field by field; each failure says what to fix. */
export function checkCldRow(row: CldRow): FieldCheck[] {
  const required = mandatory(row);
  const checks: FieldCheck[] = [];
  const fail = (column: CldColumn, validity: FieldValidity, message: string) => checks.push({ column, validity, message });
  for (const column of CLD_COLUMNS) {
    const value = row[column];
    if (value === '') {
      if (required.has(column)) fail(column, 'Failed: Blank (Mandatory)', column === 'LA_Person_Unique_Identifier' ? 'The person has neither an NHS number nor the council’s identifier' : `${column} is required`);
      else checks.push({ column, validity: 'Passed: Blank (Not Mandatory)' });
      continue;
    }
    const list = CODED[column];
    if (list && !isCodeValue(list, value)) {
      const older = inRelease2(list, value);
      if (older?.mapped) fail(column, 'Failed: Release 1', `"${value}" is Release 1 wording${older.value ? `: use "${older.value}"` : ''}`);
      else fail(column, 'Failed: Invalid', `"${value}" is not a Release 2 value of ${list}`);
      continue;
    }
    const problem = valueProblem(column, value, row);
    if (problem) fail(column, 'Failed: Invalid', problem);
    else checks.push({ column, validity: 'Passed: Valid' });
  }
  return checks;
}

function valueProblem(column: CldColumn, value: string, row: CldRow): string | null {
  switch (column) {
    case 'NHS_Number':
      return parseNhsNumber(value).ok ? null : 'The NHS number is not a valid 10-digit NHS number';
    case 'Postcode':
      return parsePostcode(value).ok ? null : 'The postcode is not a UK postcode or pseudo-postcode';
    case 'GP_Practice_Code':
      return /^[A-Z]\d{5}$/.test(value) ? null : 'A GP practice code is a letter and five digits, like A81001';
    case 'Date_of_Birth':
    case 'Date_of_Death':
    case 'Event_Start_Date':
    case 'Event_End_Date':
    case 'Reporting_Period_Start_Date':
    case 'Reporting_Period_End_Date':
      if (!isIsoDate(value)) return `${column} must be a date written YYYY-MM-DD`;
      if (column === 'Event_End_Date' && value < row.Event_Start_Date) return 'The event ends before it starts';
      if (column === 'Date_of_Death' && row.Date_of_Birth && value < row.Date_of_Birth) return 'The date of death is before the date of birth';
      if (column === 'Event_Start_Date' && row.Date_of_Birth && value < row.Date_of_Birth) return 'The event starts before the person was born';
      if (column === 'Event_Start_Date' && row.Date_of_Death && value > row.Date_of_Death) return 'The event starts after the person died';
      return null;
    case 'Total_Hrs_Caring_per_week':
    case 'No_of_adults_being_cared_for':
      return /^\d+$/.test(value) ? null : `${column} must be a whole number`;
    case 'Unit_Cost':
      return /^-?\d+\.\d{2}$/.test(value) ? null : 'The unit cost must be in pounds and pence';
    case 'Planned_units_per_week':
      return /^\d+(\.\d{1,2})?$/.test(value) ? null : 'Planned units a week must be a number with at most two decimal places';
    default:
      return null;
  }
}
