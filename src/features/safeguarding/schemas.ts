import { z } from 'zod';
import { isoDate, requiredDate, requiredText } from '../../web/fields.js';

export const concernSchema = z.object({
  raised_on: requiredDate('The date the concern was raised', 'Enter the date the concern was raised'),
  concern: requiredText(4000, 'Describe the concern', 'The concern'),
  action_taken: requiredText(4000, 'Enter the action taken, like “Referred to the safeguarding adults team”', 'The action taken'),
});

export const updateSchema = z
  .object({
    action_taken: requiredText(4000, 'Enter the action taken', 'The action taken'),
    close: z.preprocess((v) => v === 'yes', z.boolean()),
    closed_on: isoDate('The date it was closed'),
  })
  .superRefine((form, ctx) => {
    if (form.close && !form.closed_on) ctx.addIssue({ code: 'custom', path: ['closed_on'], message: 'Enter the date the concern was closed' });
  }, { when: () => true });
