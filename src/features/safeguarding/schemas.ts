import { z } from 'zod';
import { ABUSE_CATEGORIES, RISKS, SECTION_42, STAGES } from '../../domain/safeguarding/concern.js';
import { isoDate, optionalText, requiredChoice, requiredDate, requiredText } from '../../web/fields.js';

const keys = <T extends Record<string, string>>(o: T) => Object.keys(o) as [keyof T & string, ...(keyof T & string)[]];

const detail = {
  risk: requiredChoice(keys(RISKS), 'Choose how high the risk is'),
  section_42: requiredChoice(keys(SECTION_42), 'Say whether a Section 42 enquiry is being made'),
  stage: requiredChoice(keys(STAGES), 'Choose the stage the concern has reached'),
  who_told: optionalText(2000, 'Who has been told'),
};

/** A Section 42 enquiry stage needs a yes to the enquiry. */
const stageAgrees = (form: { stage: string; section_42: string }, ctx: z.RefinementCtx) => {
  if (form.stage === 'section-42-enquiry' && form.section_42 !== 'yes') ctx.addIssue({ code: 'custom', path: ['section_42'], message: 'The stage is a Section 42 enquiry: answer yes, or choose another stage' });
};

export const concernSchema = z
  .object({
    raised_on: requiredDate('The date the concern was raised', 'Enter the date the concern was raised'),
    category: requiredChoice(keys(ABUSE_CATEGORIES), 'Choose the kind of abuse or neglect'),
    concern: requiredText(4000, 'Describe the concern', 'The concern'),
    ...detail,
    action_taken: requiredText(4000, 'Enter the action taken, like “Referred to the safeguarding adults team”', 'The action taken'),
  })
  .superRefine(stageAgrees, { when: () => true });

export const updateSchema = z
  .object({
    action_taken: requiredText(4000, 'Enter the action taken', 'The action taken'),
    ...detail,
    close: z.preprocess((v) => v === 'yes', z.boolean()),
    closed_on: isoDate('The date it was closed'),
  })
  .superRefine((form, ctx) => {
    stageAgrees(form, ctx);
    if (form.close && !form.closed_on) ctx.addIssue({ code: 'custom', path: ['closed_on'], message: 'Enter the date the concern was closed' });
  }, { when: () => true });
