import { z } from 'zod';
import { FREQUENCIES, FUNDING_STREAMS, MANAGEMENT, PAYMENT_FREQUENCIES } from '../../domain/planning/plan.js';
import { blankToNull } from '../../web/forms.js';
import { uuid } from '../../web/route.js';
import { optionalText, requiredDate, requiredPounds, requiredQuantity, requiredText, tickedField } from '../../web/fields.js';

/** The forms of the support plan. Each message names what to do in plain English. */

export const versionSchema = z.object({ version: z.coerce.number({ error: 'The form is out of date. Open the page again' }).int().positive() });

const keys = <T extends Record<string, string>>(o: T) => Object.keys(o) as [keyof T & string, ...(keyof T & string)[]];



export const aboutSchema = z.object({
  important_to_me: optionalText(4000, 'What is important to the person'),
  staying_well: optionalText(4000, 'What they can do to stay well'),
  contingency: optionalText(4000, 'The contingency plan'),
  prevention_advice: optionalText(4000, 'The advice on preventing needs'),
});

export const outcomeSchema = z.object({
  text: requiredText(1000, 'Enter the outcome the person wants to achieve, in their words', 'The outcome'),
  needs: tickedField.refine((v) => v.length > 0, 'Select the assessed needs this outcome is about'),
});

export const unpaidSchema = z.object({
  who: requiredText(200, 'Enter who gives this support, like “Daughter, Anna” or “Lunch club at St Mary’s”', 'Who'),
  what: requiredText(1000, 'Enter what support they give and when', 'What they do'),
  needs: tickedField.refine((v) => v.length > 0, 'Select the assessed needs this support meets'),
});

export const lineSchema = z
  .object({
    description: requiredText(300, 'Enter what the support is, like “Help to get up and dressed”', 'What the support is'),
    provider: z.preprocess(
      blankToNull,
      z
        .string({ error: 'Choose who provides it from the directory, or choose “Someone not in the directory”' })
        .refine((v) => v === 'other' || uuid.safeParse(v).success, 'Choose who provides it from the directory, or choose “Someone not in the directory”'),
    ),
    provider_name: optionalText(200, 'The name'),
    provider_kind: z.preprocess(blankToNull, z.enum(['personal-assistant', 'organisation']).nullable()),
    frequency: z.preprocess(blankToNull, z.enum(keys(FREQUENCIES), { error: 'Select how often: hours a week, visits a week, or one-off' })),
    quantity: requiredQuantity('Enter how many hours, visits or items', 'Enter how many as a number greater than 0 with up to 2 decimal places, like 7.5'),
    unit_cost: requiredPounds('Enter the cost of one hour, visit or item', 'Enter the unit cost in pounds and pence, like 18.50'),
    needs: tickedField.refine((v) => v.length > 0, 'Select the assessed needs this support meets'),
    outcomes: tickedField,
    management: z.preprocess(blankToNull, z.enum(keys(MANAGEMENT), { error: 'Select how this part of the budget is managed' })),
    funding_stream: z.preprocess(blankToNull, z.enum(keys(FUNDING_STREAMS), { error: 'Select the funding stream' })),
    pays_relative: z.preprocess(blankToNull, z.enum(['yes', 'no'], { error: 'Say whether this pays a close relative who lives with the person' })),
    relative_decision: optionalText(2000, 'The decision'),
    employer_insurance: optionalText(300, 'The insurance details'),
    payroll_arrangement: optionalText(300, 'The payroll arrangement'),
  })
  .superRefine((form, ctx) => {
    if (form.provider === 'other') {
      if (!form.provider_name) ctx.addIssue({ code: 'custom', path: ['provider_name'], message: 'Enter the name of the person or organisation' });
      if (!form.provider_kind) ctx.addIssue({ code: 'custom', path: ['provider_kind'], message: 'Say whether they are a personal assistant or an organisation' });
    }
  }, { when: () => true });

export const moneySchema = z.object({
  payment_frequency: z.preprocess(blankToNull, z.enum(keys(PAYMENT_FREQUENCIES), { error: 'Select how often direct payments are paid' })),
  exceptional_need: optionalText(2000, 'The exceptional need'),
  difference_reason: optionalText(2000, 'The reason'),
});

export const decisionSchema = z.object({
  decision: z.preprocess(blankToNull, z.enum(['agree', 'return'], { error: 'Select whether you agree the plan or return it' })),
  reasons: requiredText(4000, 'Enter the reasons for your decision', 'The reasons'),
});

export const supportStartSchema = z.object({
  starts_on: requiredDate('The date the support starts', 'Enter the date the support starts'),
});
