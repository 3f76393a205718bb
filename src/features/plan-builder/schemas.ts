import { z } from 'zod';
import { blankToNull } from '../../web/forms.js';
import { optionalText, requiredPounds, requiredQuantity, requiredText, tickedField } from '../../web/fields.js';
import { uuid } from '../../web/route.js';

/** The person's plan forms, in plain words. The worker completes the rest in the staff plan. */
const version = z.coerce.number({ error: 'The form is out of date. Open the page again' }).int().positive();
const needs = tickedField.refine((v) => v.length > 0, 'Choose the needs it helps with');

export const versionForm = z.object({ version });

export const aboutForm = z.object({
  version,
  important_to_me: optionalText(4000, 'What is important to you'),
  staying_well: optionalText(4000, 'What helps you stay well'),
  contingency: optionalText(4000, 'What should happen if support does not come'),
});

export const outcomeForm = z.object({ version, text: requiredText(1000, 'Say what you want to achieve', 'What you want to achieve'), needs });

export const unpaidForm = z.object({
  version,
  who: requiredText(200, 'Say who helps, like “My daughter, Helen”', 'Who helps'),
  what: requiredText(1000, 'Say what they do and when', 'What they do'),
  needs,
});

export const lineForm = z
  .object({
    version,
    description: requiredText(300, 'Say what the support is, like “Help to get up and dressed”', 'What the support is'),
    provider: z.preprocess(blankToNull, z.string({ error: 'Choose who gives the support' }).refine((v) => v === 'other' || uuid.safeParse(v).success, 'Choose who gives the support')),
    provider_name: optionalText(200, 'Their name'),
    provider_kind: z.preprocess(blankToNull, z.enum(['personal-assistant', 'organisation']).nullable()),
    frequency: z.preprocess(blankToNull, z.enum(['hours-a-week', 'visits-a-week', 'one-off'], { error: 'Choose how often' })),
    quantity: requiredQuantity('Say how many hours, visits or things', 'Write how many as a number, like 7 or 7.5'),
    unit_cost: requiredPounds('Say what one hour, visit or thing costs', 'Write the cost in pounds and pence, like 18.50'),
    needs,
    management: z.preprocess(blankToNull, z.enum(['direct-payment', 'council-managed'], { error: 'Choose who pays for it' })),
  })
  .superRefine((form, ctx) => {
    if (form.provider !== 'other') return;
    if (!form.provider_name) ctx.addIssue({ code: 'custom', path: ['provider_name'], message: 'Write their name' });
    if (!form.provider_kind) ctx.addIssue({ code: 'custom', path: ['provider_kind'], message: 'Say if they are a personal assistant or a group or company' });
  }, { when: () => true });

export const removeForm = z.object({
  version,
  part: z.enum(['outcome', 'unpaid', 'line'], { error: 'Choose what to remove' }),
  item: uuid,
});
