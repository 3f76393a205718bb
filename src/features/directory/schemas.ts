import { z } from 'zod';
import { AREAS, CONTRACT_STATUSES, PUBLIC_FIELDS, SERVICE_CATEGORIES, SUPPORT_FUNCTIONS } from '../../domain/directory/catalogue.js';
import { CHECK_TYPES, ENTRY_KINDS } from '../../domain/directory/checks.js';
import { emailField, isoDate, listOf, optionalPounds, optionalText, phoneField, postcodeField, requiredChoice, requiredDate, requiredText } from '../../web/fields.js';
import { blankToNull } from '../../web/forms.js';

const choices = <T extends readonly string[]>(values: T, message: string) =>
  z.preprocess(listOf, z.array(z.string()).refine((xs) => xs.every((x) => (values as readonly string[]).includes(x)), message));

/** A directory entry as a form or a CSV row gives it. Lists come as repeated fields. */
export const entrySchema = z
  .object({
    kind: z.enum(Object.keys(ENTRY_KINDS) as [keyof typeof ENTRY_KINDS, ...(keyof typeof ENTRY_KINDS)[]], { error: 'Select what kind of entry this is' }),
    name: z.preprocess(blankToNull, z.string({ error: 'Enter the name' }).max(200, 'Name must be 200 characters or fewer')),
    contact_name: optionalText(200, 'Contact name'),
    phone: phoneField,
    email: emailField,
    address: optionalText(500, 'Address'),
    postcode: postcodeField,
    website: z.preprocess(blankToNull, z.url({ protocol: /^https?$/, error: 'Enter a web address starting https://' }).max(500).nullable()),
    description: optionalText(2000, 'What they offer'),
    services: choices(SERVICE_CATEGORIES, 'Select services from the list'),
    areas: choices(AREAS, 'Select areas from the list'),
    availability: optionalText(500, 'Availability'),
    accepting_new: z.preprocess((v) => v === undefined || v === '' ? 'yes' : v, z.enum(['yes', 'no'], { error: 'Select whether they can take on new people' })).transform((v) => v === 'yes'),
    hourly_rate: optionalPounds('Enter the hourly rate in pounds and pence, like 14.50'),
    rates: optionalText(500, 'Rates'),
    cqc_location_id: z.preprocess(blankToNull, z.string().regex(/^1-\d{6,12}$/, 'A CQC location ID looks like 1-123456789').nullable()),
    contract_status: z.preprocess(blankToNull, z.enum(Object.keys(CONTRACT_STATUSES) as [string, ...string[]], { error: 'Select a contract status' }).nullable()),
    functions: choices(Object.keys(SUPPORT_FUNCTIONS), 'Select what the organisation does from the list'),
    public_listing: z.preprocess((v) => v === 'yes', z.boolean()),
    public_fields: choices(Object.keys(PUBLIC_FIELDS), 'Select fields from the list'),
    consent_recorded_on: isoDate('The date consent was given'),
  })
  // Checks across fields run even when a field has a problem, so every problem is listed at once.
  .superRefine(
    (e, ctx) => {
      if (e.public_listing === true && (e.consent_recorded_on === null || e.consent_recorded_on === undefined)) {
        ctx.addIssue({ code: 'custom', path: ['consent_recorded_on'], message: 'Enter the date they agreed to be listed in the public directory' });
      }
      if (e.kind === 'support-organisation' && Array.isArray(e.functions) && e.functions.length === 0) {
        ctx.addIssue({ code: 'custom', path: ['functions'], message: 'Select what the organisation does' });
      }
    },
    { when: () => true },
  )
  .transform((e) => {
    const { hourly_rate, ...rest } = e;
    return {
      ...rest,
      hourly_rate_pence: hourly_rate,
      // Fields that do not apply to the kind are not kept.
      cqc_location_id: e.kind === 'provider' ? e.cqc_location_id : null,
      contract_status: (e.kind === 'provider' ? (e.contract_status ?? 'none') : null) as 'contracted' | 'preferred' | 'spot' | 'none' | null,
      functions: e.kind === 'support-organisation' ? e.functions : [],
      public_fields: e.public_listing ? e.public_fields : [],
    };
  });

export type EntryInput = z.output<typeof entrySchema>;

export const checkSchema = z
  .object({
    check_type: z.enum(Object.keys(CHECK_TYPES) as [keyof typeof CHECK_TYPES, ...(keyof typeof CHECK_TYPES)[]], { error: 'Select the kind of check' }),
    checked_on: requiredDate('The date', 'Enter the date of the check or certificate'),
    expires_on: isoDate('The expiry date'),
    dbs_level: z.preprocess(blankToNull, z.enum(['basic', 'standard', 'enhanced', 'enhanced-barred'], { error: 'Select the level of the DBS check' }).nullable()),
    certificate_number: z.preprocess(blankToNull, z.string().regex(/^\d{12}$/, 'A DBS certificate number is 12 digits').nullable()),
    update_service: z.preprocess((v) => v === 'yes', z.boolean()),
    outcome: z.preprocess(blankToNull, z.enum(['clear', 'information'], { error: 'Select what the certificate showed' }).nullable()),
    decision: optionalText(2000, 'The decision'),
    accreditation_status: z.preprocess(blankToNull, z.enum(['accredited', 'suspended', 'withdrawn'], { error: 'Select the accreditation status' }).nullable()),
    detail: optionalText(500, 'Details'),
  })
  .superRefine((c, ctx) => {
    if (c.check_type === 'dbs') {
      if (!c.dbs_level) ctx.addIssue({ code: 'custom', path: ['dbs_level'], message: 'Select the level of the DBS check' });
      if (!c.certificate_number) ctx.addIssue({ code: 'custom', path: ['certificate_number'], message: 'Enter the 12-digit DBS certificate number' });
      if (!c.outcome) ctx.addIssue({ code: 'custom', path: ['outcome'], message: 'Select what the certificate showed' });
      if (c.outcome === 'information' && !c.decision) ctx.addIssue({ code: 'custom', path: ['decision'], message: 'Record the decision taken about the information on the certificate' });
    }
    if (c.check_type === 'accreditation' && !c.accreditation_status) ctx.addIssue({ code: 'custom', path: ['accreditation_status'], message: 'Select the accreditation status' });
    if (c.expires_on && c.checked_on && c.expires_on < c.checked_on) ctx.addIssue({ code: 'custom', path: ['expires_on'], message: 'The expiry date must be after the date of the check' });
    if (['public-liability-insurance', 'employers-liability-insurance', 'accreditation'].includes(c.check_type) && !c.expires_on) {
      ctx.addIssue({ code: 'custom', path: ['expires_on'], message: 'Enter the date it runs out' });
    }
  }, { when: () => true });

export type CheckInput = z.output<typeof checkSchema>;

/** A personal assistant a worker proposes for the directory: enough for a manager to decide and to find them. */
export const proposalSchema = z.object({
  name: requiredText(200, 'Enter their name', 'Name'),
  phone: phoneField,
  email: emailField,
  postcode: postcodeField,
  services: choices(SERVICE_CATEGORIES, 'Select services from the list'),
  areas: choices(AREAS, 'Select areas from the list'),
  availability: optionalText(500, 'Availability'),
  hourly_rate: optionalPounds('Enter the hourly rate in pounds and pence, like 14.50'),
  reason: requiredText(2000, 'Say why you are proposing them and what you know of their checks', 'Why you are proposing them'),
});

export type ProposalInput = z.output<typeof proposalSchema>;

/** A manager's decision on a proposal: a reason is needed to decline. */
export const proposalDecisionSchema = z
  .object({
    decision: requiredChoice(['approve', 'decline'], 'Select whether to add them to the directory'),
    decision_reason: optionalText(2000, 'The reason'),
  })
  .superRefine((d, ctx) => {
    if (d.decision === 'decline' && !d.decision_reason) ctx.addIssue({ code: 'custom', path: ['decision_reason'], message: 'Say why they are not being added, so the worker knows' });
  }, { when: () => true });
