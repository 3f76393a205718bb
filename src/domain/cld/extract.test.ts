import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../root.js';
import { CLD_COLUMNS, type CldEventValues, type CldPerson, checkCldRow, cldRow, openInPeriod } from './extract.js';

const submission = { laCode: 'E06000999', from: '2025-04-01', to: '2026-03-31' };
const person = (over: Partial<CldPerson> = {}): CldPerson => ({
  id: 'p',
  nhsNumber: '9434765919',
  laPersonId: 'AC-1001',
  gpPracticeCode: 'A81001',
  gender: 'Female',
  ethnicity: 'White: Irish',
  dateOfBirth: '1950-02-03',
  dateOfDeath: null,
  clientType: 'Service user',
  primarySupportReason: 'Physical support: Personal care support',
  postcode: 'AT1 2AB',
  accommodationStatus: 'Owner occupier or shared ownership scheme',
  employmentStatus: 'Not in paid employment: Not actively seeking work or retired',
  hasUnpaidCarer: 'Yes',
  autismSpectrumDisorder: 'No',
  visualImpairment: 'No',
  hearingImpairment: 'No',
  dementia: 'No',
  clientFundingStatus: 'Fully social care funded',
  hoursCaringPerWeek: null,
  caresFor: [],
  ...over,
});
const service = (over: Partial<CldEventValues> = {}): CldEventValues => ({
  eventReference: 'SVC-1',
  eventType: 'Service',
  startDate: '2025-01-06',
  endDate: null,
  description: 'Home care, mornings',
  outcome: null,
  routeOfAccess: null,
  assessmentType: null,
  eligibleNeedsIdentified: null,
  methodOfAssessment: null,
  serviceType: 'Long term support: Community',
  serviceComponent: 'Home support or domiciliary care',
  deliveryMechanism: 'Direct payment',
  providerCqcLocationId: '1-101234567',
  reviewReason: null,
  reviewOutcomesAchieved: null,
  methodOfReview: null,
  unitCostPence: 2350,
  costFrequency: 'Hourly',
  plannedHundredthsPerWeek: 750,
  ...over,
});
const failures = (row: ReturnType<typeof cldRow>) => checkCldRow(row).filter((c) => c.validity.startsWith('Failed')).map((c) => [c.column, c.validity]);

/** CLD Release 2's fields, module by module, as ../shared/docs/statutory-returns.md lists them. */
const SPECIFICATION_FIELDS = [
  ...['LA_Code', 'Reporting_Period_Start_Date', 'Reporting_Period_End_Date'],
  ...['NHS_Number', 'LA_Person_Unique_Identifier', 'GP_Practice_Code', 'Gender', 'Ethnicity', 'Date_of_Birth', 'Date_of_Death', 'Client_Type', 'Primary_Support_Reason', 'Postcode', 'Accommodation_Status', 'Employment_Status', 'Has_Unpaid_Carer', 'Autism_Spectrum_Disorder_ASD', 'Visual_Impairment', 'Hearing_Impairment', 'Dementia', 'Client_Funding_Status'],
  ...['Event_Type', 'Event_Reference', 'Event_Start_Date', 'Event_End_Date', 'Event_Description', 'Event_Outcome'],
  ...['Request_Route_of_Access'],
  ...['Assessment_Type', 'Eligible_Needs_Identified', 'Method_of_Assessment'],
  ...['Total_Hrs_Caring_per_week', 'No_of_adults_being_cared_for', 'Adult_1_Linked_Person_ID', 'Adult_2_Linked_Person_ID', 'Adult_3_Linked_Person_ID'],
  ...['Service_Type', 'Service_Component', 'Delivery_Mechanism', 'Provider_CQC_Location_ID'],
  ...['Review_Reason', 'Review_Outcomes_Achieved', 'Method_of_Review'],
  ...['Unit_Cost', 'Cost_Frequency_Unit_Type', 'Planned_units_per_week'],
];

describe('the CLD extract row', () => {
  it('has the specification’s fields in the order statutory-returns.md lists them', () => {
    expect([...CLD_COLUMNS]).toEqual(SPECIFICATION_FIELDS);
    // The list above is the specification's, copied: checked against it when the shared documents
    // are beside the project (a clone on its own has only the copy).
    let doc: string;
    try {
      doc = readFileSync(`${projectRoot}/../shared/docs/statutory-returns.md`, 'utf8');
    } catch {
      return;
    }
    const table = doc.slice(doc.indexOf('| module | fields |'), doc.indexOf('(Field names as DHSC'));
    expect(SPECIFICATION_FIELDS).toEqual([...table.matchAll(/`([A-Za-z0-9_]+)`/g)].map((m) => m[1]));
  });

  it('writes money in pounds and units with up to two decimals, and carers’ links only for carers', () => {
    const row = cldRow(submission, person(), service());
    expect(row).toMatchObject({ Unit_Cost: '23.50', Planned_units_per_week: '7.5', Event_End_Date: '', Total_Hrs_Caring_per_week: '', Client_Type: 'Service user' });
    expect(cldRow(submission, person(), service({ unitCostPence: 5, plannedHundredthsPerWeek: 1400 }))).toMatchObject({ Unit_Cost: '0.05', Planned_units_per_week: '14' });
    const carer = cldRow(submission, person({ clientType: 'Unpaid carer', hoursCaringPerWeek: 35, caresFor: ['9434765870', 'AC-1002'] }), service());
    expect(carer).toMatchObject({ Total_Hrs_Caring_per_week: '35', No_of_adults_being_cared_for: '2', Adult_1_Linked_Person_ID: '9434765870', Adult_2_Linked_Person_ID: 'AC-1002', Adult_3_Linked_Person_ID: '' });
  });

  it('passes a complete row', () => {
    expect(failures(cldRow(submission, person(), service()))).toEqual([]);
  });
});

describe('data quality: DHSC’s categories', () => {
  it('blank mandatory fields, by event type', () => {
    expect(failures(cldRow(submission, person({ primarySupportReason: null, postcode: null }), service({ serviceComponent: null, costFrequency: null })))).toEqual([
      ['Primary_Support_Reason', 'Failed: Blank (Mandatory)'],
      ['Postcode', 'Failed: Blank (Mandatory)'],
      ['Service_Component', 'Failed: Blank (Mandatory)'],
      ['Cost_Frequency_Unit_Type', 'Failed: Blank (Mandatory)'],
    ]);
    const request = service({ eventType: 'Request', serviceType: null, serviceComponent: null, deliveryMechanism: null, providerCqcLocationId: null, unitCostPence: null, costFrequency: null, plannedHundredthsPerWeek: null, endDate: '2025-01-06' });
    expect(failures(cldRow(submission, person(), request))).toEqual([
      ['Event_Outcome', 'Failed: Blank (Mandatory)'],
      ['Request_Route_of_Access', 'Failed: Blank (Mandatory)'],
    ]);
  });

  it('blank but not mandatory passes', () => {
    const checks = checkCldRow(cldRow(submission, person({ gpPracticeCode: null }), service({ deliveryMechanism: null })));
    expect(checks.find((c) => c.column === 'GP_Practice_Code')?.validity).toBe('Passed: Blank (Not Mandatory)');
    expect(checks.find((c) => c.column === 'Delivery_Mechanism')?.validity).toBe('Passed: Blank (Not Mandatory)');
  });

  it('Release 1 wording, invalid values and dates out of order', () => {
    const row = cldRow(submission, person({ clientType: 'Service User', ethnicity: 'White', gpPracticeCode: '81001', nhsNumber: '9434765918' }), service({ deliveryMechanism: 'CASSR Managed Personal Budget', endDate: '2025-01-05' }));
    const checks = checkCldRow(row).filter((c) => c.validity.startsWith('Failed'));
    expect(checks).toEqual([
      { column: 'NHS_Number', validity: 'Failed: Invalid', message: 'The NHS number is not a valid 10-digit NHS number' },
      { column: 'GP_Practice_Code', validity: 'Failed: Invalid', message: 'A GP practice code is a letter and five digits, like A81001' },
      { column: 'Ethnicity', validity: 'Failed: Invalid', message: '"White" is not a Release 2 value of Ethnicity' },
      { column: 'Client_Type', validity: 'Failed: Release 1', message: '"Service User" is Release 1 wording: use "Service user"' },
      { column: 'Event_Outcome', validity: 'Failed: Blank (Mandatory)', message: 'Event_Outcome is required' },
      { column: 'Event_End_Date', validity: 'Failed: Invalid', message: 'The event ends before it starts' },
      { column: 'Delivery_Mechanism', validity: 'Failed: Release 1', message: '"CASSR Managed Personal Budget" is Release 1 wording: use "CASSR managed personal budget"' },
    ].sort((a, b) => CLD_COLUMNS.indexOf(a.column as never) - CLD_COLUMNS.indexOf(b.column as never)));
  });

  it('a person with neither an NHS number nor the council’s identifier', () => {
    expect(failures(cldRow(submission, person({ nhsNumber: null, laPersonId: null }), service()))).toEqual([['LA_Person_Unique_Identifier', 'Failed: Blank (Mandatory)']]);
    expect(failures(cldRow(submission, person({ nhsNumber: null }), service()))).toEqual([]);
  });
});

describe('events open in the period', () => {
  const alive = { dateOfDeath: null };
  it('started on or before its last day and not ended before its first, a death ending it', () => {
    expect(openInPeriod({ startDate: '2026-03-31', endDate: null }, alive, submission.from, submission.to)).toBe(true);
    expect(openInPeriod({ startDate: '2026-04-01', endDate: null }, alive, submission.from, submission.to)).toBe(false);
    expect(openInPeriod({ startDate: '2024-01-01', endDate: '2025-04-01' }, alive, submission.from, submission.to)).toBe(true);
    expect(openInPeriod({ startDate: '2024-01-01', endDate: '2025-03-31' }, alive, submission.from, submission.to)).toBe(false);
    expect(openInPeriod({ startDate: '2024-01-01', endDate: null }, { dateOfDeath: '2025-03-31' }, submission.from, submission.to)).toBe(false);
    expect(openInPeriod({ startDate: '2024-01-01', endDate: '2026-01-01' }, { dateOfDeath: '2025-04-01' }, submission.from, submission.to)).toBe(true);
  });
});
