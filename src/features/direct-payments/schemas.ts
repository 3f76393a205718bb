import { z } from 'zod';
import { parsePounds } from '../../domain/money/pence.js';
import { isoDate, optionalText, requiredChoice, requiredDate, requiredPounds, requiredText } from '../../web/fields.js';
import { blankToNull } from '../../web/forms.js';
import { uuid } from '../../web/route.js';
import { versionSchema } from '../support-plans/schemas.js';

/** The direct payments forms. Each message says what to do, in plain English. */

export const agreementSchema = z
  .object({
    recipient_kind: requiredChoice(['person', 'nominated-person', 'authorised-person'], 'Select who receives the payments'),
    recipient_name: requiredText(200, 'Enter the name of the person who receives the payments', 'The name'),
    account_kind: requiredChoice(['prepaid-card', 'bank-account', 'managed-account'], 'Select the kind of account'),
    account_details: requiredText(200, 'Enter the card or account reference', 'The reference'),
    prepaid_card_choice: requiredChoice(['accepted', 'declined'], 'Record whether the person chose a prepaid card: it is offered, never imposed'),
    start_on: requiredDate('The start date', 'Enter the date payments start'),
    frequency: requiredChoice(['four-weekly', 'weekly', 'monthly'], 'Select how often payments are made'),
    contingency: requiredPounds('Enter the contingency, or 0', 'Enter the contingency in pounds and pence, like 100.00'),
    second_account_reason: optionalText(1000, 'The reason for a second account'),
    contribution_into_account: z.enum(['yes', 'no']).default('no').catch('no'),
  })
  .superRefine(
    (f, ctx) => {
      if (f.account_kind === 'prepaid-card' && f.prepaid_card_choice === 'declined') ctx.addIssue({ code: 'custom', path: ['account_kind'], message: 'The person declined a prepaid card: choose their bank account or a managed account' });
    },
    { when: () => true },
  );

export const suspendSchema = z
  .object({
    from_on: requiredDate('The first day', 'Enter the first day of the suspension'),
    to_on: isoDate('The last day'),
    reason: requiredText(1000, 'Enter why payments are suspended', 'The reason'),
  })
  .refine((f) => f.to_on === null || f.from_on <= f.to_on, { path: ['to_on'], message: 'The last day must be on or after the first day', when: () => true });

export const resumeSchema = z.object({ resume_on: requiredDate('The first day paid again', 'Enter the first day payments start again') }).extend(versionSchema.shape);

export const runSchema = z.object({ run_on: requiredDate('The run date', 'Enter the date of the run') });

/** "Not in the plan" sends an empty value; anything else must name a line of the plan (checked against it). */
export const matchSchema = z.object({ line: optionalChoiceOfText() });
function optionalChoiceOfText() {
  return z.preprocess(blankToNull, z.string().max(100).nullable());
}

export const reclaimDecisionSchema = z
  .object({
    decision: requiredChoice(['approve', 'reduce', 'waive'], 'Select your decision'),
    amount: z.preprocess(blankToNull, z.string().max(30).nullable()),
    reason: requiredText(2000, 'Enter the reason for your decision', 'The reason'),
    letter_reason: optionalText(2000, 'What the letter tells the person'),
  })
  .extend(versionSchema.shape)
  .transform((f, ctx) => {
    const pence = f.amount === null ? null : parsePounds(f.amount);
    if (f.decision === 'reduce' && pence === null) {
      ctx.addIssue({ code: 'custom', path: ['amount'], message: 'Enter the reduced amount in pounds and pence, like 150.00' });
      return z.NEVER;
    }
    return { kind: f.decision, amountPence: pence, reason: f.reason, letterReason: f.letter_reason, version: f.version };
  });

/** What can end a direct payment. A hospital stay, or a short stay in a care home, suspends it instead. */
export const ENDED_BECAUSE = {
  died: 'The person died',
  'moved-away': 'They moved to another council’s area',
  'care-home': 'They moved into a care home to live',
  'council-arranged': 'They chose council-arranged support instead',
  'chose-to-stop': 'They, or the person receiving the payments, no longer want a direct payment',
  other: 'Something else',
} as const;

export const endSchema = z.object({
  ended_because: requiredChoice(Object.keys(ENDED_BECAUSE) as [keyof typeof ENDED_BECAUSE, ...(keyof typeof ENDED_BECAUSE)[]], 'Select what has happened'),
  end_on: requiredDate('The last day paid for', 'Enter the last day the direct payment pays for'),
  reason: requiredText(1000, 'Enter why the direct payment ends, like “Moved to council-arranged home care”', 'The reason'),
});

const owed = (what: string) => requiredPounds(`Enter the ${what} still to pay, or 0`, `Enter the ${what} in pounds and pence, like 240.00`);

/** The final reconciliation: what must still be paid from the account, and the officer's own notes (never in a letter). */
export const finalSchema = z.object({
  notice: owed('notice pay'),
  holiday: owed('holiday pay'),
  redundancy: owed('redundancy pay'),
  other: owed('other bills'),
  notes: requiredText(2000, 'Enter how you checked these figures, like “Payroll confirmed one week’s notice”', 'Your notes'),
});

const wholeNumber = (label: string, min: number, max: number, empty: string) =>
  z.preprocess(blankToNull, z.string({ error: empty }).regex(/^\d{1,3}$/, `${label} must be a whole number, like 4`).transform(Number).pipe(z.number().min(min, `${label} must be ${min} or more`).max(max, `${label} must be ${max} or less`)));

/** The redundancy calculator, for one personal assistant: their weekly pay, full years of work and age on the last day. The rest of the form comes back as it was typed. */
export const redundancySchema = z.looseObject({
  pa_weekly: requiredPounds('Enter their weekly pay', 'Enter their weekly pay in pounds and pence, like 300.00'),
  pa_years: wholeNumber('Years worked', 0, 60, 'Enter how many full years they worked for the person'),
  pa_age: wholeNumber('Their age', 16, 100, 'Enter their age on the last day'),
});

export const variationSchema = z.object({ from_on: requiredDate('The date the change starts', 'Enter the date the new amount starts') });

export const reclaimRecordSchema = z.object({ how: requiredChoice(['netted', 'returned'], 'Select how the money comes back') }).extend(versionSchema.shape);

export const auditSchema = z.object({
  outcome: requiredChoice(['no-concerns', 'advice-given', 'reclaim-proposed', 'referred'], 'Select the outcome of the audit'),
  notes: requiredText(4000, 'Enter what the audit found', 'The notes'),
});

/** `/direct-payments/spend/2026.csv`: the financial year it starts. */
export const spendParams = z.object({ year: z.string().regex(/^\d{4}\.csv$/).transform((v) => Number(v.slice(0, 4))) });

export const idOnly = z.object({ id: uuid });

