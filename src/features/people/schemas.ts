import { type ZodType, z } from 'zod';
import type { Person } from '../../db/schema.js';
import { codeValues } from '../../domain/cld/code-lists.js';
import { REPRESENTATIVE_KINDS } from '../../domain/people/representatives.js';
import { nhsNumberMessages, parseNhsNumber } from '../../domain/people/nhs-number.js';
import { emailField, isoDate, optionalChoice, optionalText, parsedField, phoneField, postcodeField, requiredText, tickedField } from '../../web/fields.js';
import { blankToNull } from '../../web/forms.js';

const nhsNumber = parsedField(parseNhsNumber, nhsNumberMessages);
const postcode = postcodeField;
const phone = phoneField;
const email = emailField;

/** Day, month and year boxes → 'YYYY-MM-DD', or null when all three are empty. */
function dateOfBirth(today: () => Date) {
  return z
    .object({ day: z.unknown(), month: z.unknown(), year: z.unknown() })
    .transform((parts, ctx) => {
      const [d, m, y] = [parts.day, parts.month, parts.year].map((p) => (typeof p === 'string' ? p.trim() : ''));
      if (!d && !m && !y) return null;
      const missing = [!d && 'day', !m && 'month', !y && 'year'].filter(Boolean);
      if (missing.length > 0) {
        ctx.addIssue({ code: 'custom', message: `Date of birth must include a ${missing.join(' and a ')}` });
        return z.NEVER;
      }
      if (!/^[0-9]{1,2}$/.test(d!) || !/^[0-9]{1,2}$/.test(m!) || !/^[0-9]{4}$/.test(y!)) {
        ctx.addIssue({ code: 'custom', message: 'Date of birth must be a real date, like 27 3 1950' });
        return z.NEVER;
      }
      const [day, month, year] = [Number(d), Number(m), Number(y)];
      const date = new Date(Date.UTC(year, month - 1, day));
      if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
        ctx.addIssue({ code: 'custom', message: 'Date of birth must be a real date, like 27 3 1950' });
        return z.NEVER;
      }
      const now = today();
      if (date.getTime() > now.getTime()) {
        ctx.addIssue({ code: 'custom', message: 'Date of birth must be today or in the past' });
        return z.NEVER;
      }
      if (year < now.getUTCFullYear() - 130) {
        ctx.addIssue({ code: 'custom', message: `Date of birth must be after ${now.getUTCFullYear() - 130}` });
        return z.NEVER;
      }
      return `${y}-${m!.padStart(2, '0')}-${d!.padStart(2, '0')}`;
    });
}

/** The person form as posted: flat fields, the date of birth in three boxes. */
export function personFormSchema(teamIds: string[], today: () => Date = () => new Date()): ZodType<PersonForm> {
  const schema = z
    .preprocess(
      (raw) => {
        const body = (raw ?? {}) as Record<string, unknown>;
        return { ...body, date_of_birth: { day: body['dob-day'], month: body['dob-month'], year: body['dob-year'] } };
      },
      z.object({
        client_type: z.enum(codeValues('Client_Type'), { error: 'Select whether the person receives care and support or is a carer' }),
        given_name: requiredText(100, 'Enter the person’s first name', 'First name'),
        family_name: requiredText(100, 'Enter the person’s last name', 'Last name'),
        preferred_name: optionalText(100, 'Preferred name'),
        date_of_birth: dateOfBirth(today),
        nhs_number: nhsNumber,
        address_line_1: optionalText(200, 'Address line 1'),
        address_line_2: optionalText(200, 'Address line 2'),
        town: optionalText(100, 'Town or city'),
        postcode,
        phone,
        email,
        gender: optionalChoice(codeValues('Gender'), 'Select a gender from the list'),
        ethnicity: optionalChoice(codeValues('Ethnicity'), 'Select an ethnicity from the list'),
        primary_support_reason: optionalChoice(codeValues('Primary_Support_Reason'), 'Select a primary support reason from the list'),
        team_id: z.string({ error: 'Select the team responsible for this person' }).refine((id) => teamIds.includes(id), {
          message: 'Select the team responsible for this person',
        }),
      }),
    );
  return schema as unknown as ZodType<PersonForm>;
}

/** A person's details as the form gives them: the record's own columns. */
export type PersonForm = Pick<
  Person,
  | 'given_name'
  | 'family_name'
  | 'preferred_name'
  | 'date_of_birth'
  | 'nhs_number'
  | 'address_line_1'
  | 'address_line_2'
  | 'town'
  | 'postcode'
  | 'phone'
  | 'email'
  | 'gender'
  | 'ethnicity'
  | 'primary_support_reason'
  | 'team_id'
> & { client_type: string };

export const versionSchema = z.object({
  version: z.coerce.number({ error: 'The form is out of date. Open the page again.' }).int().positive(),
});

export const closeSchema = z.object({
  closure_reason: requiredText(500, 'Enter why the record is being closed', 'Reason'),
  version: z.coerce.number().int().positive(),
  payments_end_on: isoDate('The last day paid for'),
  concerns_checked: tickedField,
});

export const searchSchema = z.object({
  query: z.preprocess(
    blankToNull,
    z.string({ error: 'Enter a name, NHS number or postcode' }).max(100, 'Search must be 100 characters or fewer'),
  ),
});

export const representativeSchema = z.object({
  kind: z.enum(Object.keys(REPRESENTATIVE_KINDS) as [string, ...string[]], { error: 'Select the kind of representative' }),
  name: requiredText(200, 'Enter the representative’s name', 'Name'),
  relationship: optionalText(100, 'Relationship'),
  phone,
  email,
  address: optionalText(500, 'Address'),
});

export const endLinkSchema = z.object({
  ended_reason: requiredText(500, 'Enter why this link is ending', 'Reason'),
});

export const carerLinkSchema = z.object({
  carer_reference: requiredText(20, 'Enter the carer’s Selfdirect reference, like AC-1001', 'Reference'),
  relationship: optionalText(100, 'Relationship'),
  hours_caring_per_week: z.preprocess(
    (v) => (typeof v === 'string' && v.trim() !== '' ? Number(v.trim()) : null),
    z.number({ error: 'Enter the hours of care a week as a whole number, like 35' }).int('Enter the hours of care a week as a whole number, like 35').min(0, 'The hours of care a week must be 0 or more').max(168, 'The hours of care a week must be 168 or fewer (there are 168 hours in a week)').nullable(),
  ),
});

/** What the CLD return needs of a person and the rest of their record does not (issue 15). */
export const statutoryDetailsSchema = z.object({
  version: z.coerce.number({ error: 'The form is out of date. Open the page again' }).int().positive(),
  date_of_death: isoDate('The date of death'),
  gp_practice_code: z.preprocess(
    (v) => (typeof v === 'string' ? v.trim().toUpperCase() || null : null),
    z.string().regex(/^[A-Z]\d{5}$/, 'Enter the GP practice code as a letter and five digits, like A81001').nullable(),
  ),
  accommodation_status: optionalChoice(codeValues('Accommodation_Status'), 'Select where the person lives from the list'),
  employment_status: optionalChoice(codeValues('Employment_Status'), 'Select the person’s employment from the list'),
  has_unpaid_carer: optionalChoice(codeValues('Yes_No'), 'Select whether the person has an unpaid carer'),
  autism_spectrum_disorder: optionalChoice(codeValues('Yes_No'), 'Select whether the person is autistic'),
  visual_impairment: optionalChoice(codeValues('Yes_No'), 'Select whether the person has a visual impairment'),
  hearing_impairment: optionalChoice(codeValues('Yes_No'), 'Select whether the person has a hearing impairment'),
  dementia: optionalChoice(codeValues('Yes_No'), 'Select whether the person has dementia'),
  client_funding_status: optionalChoice(codeValues('Client_Funding_Status'), 'Select how the person’s care is funded'),
});
export type StatutoryDetails = Omit<z.infer<typeof statutoryDetailsSchema>, 'version'>;
