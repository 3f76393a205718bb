import { z } from 'zod';
import { isoDate, optionalChoice, optionalText, requiredChoice } from '../../web/fields.js';

export const ADVOCACY = { 'not-needed': 'Not needed: they can be involved without help, or have someone suitable', 'care-act-advocate': 'An independent advocate under the Care Act', imca: 'An independent mental capacity advocate (IMCA)', 'family-or-friend': 'A family member or friend who supports them' } as const;
export const CONSENT = { yes: 'Yes', no: 'No', 'not-asked': 'Not asked yet' } as const;
export const AGREED = { yes: 'Yes, they agreed it', no: 'No, they do not agree', 'not-able': 'They were not able to say' } as const;
export const SENT_HOW = { post: 'By post', email: 'By email', 'by-hand': 'Given by hand', 'my-selfdirect': 'In My Selfdirect' } as const;
const keys = <T extends Record<string, string>>(o: T) => Object.keys(o) as [keyof T & string, ...(keyof T & string)[]];

export const consentSchema = z
  .object({
    consent_to_share: requiredChoice(keys(CONSENT), 'Say whether they consent to information being shared'),
    consent_on: isoDate('The date they gave or refused consent'),
    capacity_needed: requiredChoice(['yes', 'no'] as const, 'Say whether there is reason to doubt they can make a decision'),
    capacity_decision: optionalText(500, 'The decision'),
    has_capacity: optionalChoice(['yes', 'no'] as const, 'Say whether they have capacity to make the decision'),
    capacity_assessed_on: isoDate('The date of the capacity assessment'),
    capacity_assessed_by: optionalText(200, 'Who assessed their capacity'),
    decision_maker: optionalText(200, 'The decision-maker'),
    advocacy: requiredChoice(keys(ADVOCACY), 'Say whether they need an advocate'),
    advocate_name: optionalText(200, 'The advocate’s name'),
  })
  .superRefine((f, ctx) => {
    const need = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    if (f.consent_to_share && f.consent_to_share !== 'not-asked' && !f.consent_on) need('consent_on', 'Enter the date they gave or refused consent');
    if (f.capacity_needed === 'yes') {
      if (!f.capacity_decision) need('capacity_decision', 'Enter the decision their capacity was assessed for, like “where to live”');
      if (!f.has_capacity) need('has_capacity', 'Say whether they have capacity to make the decision');
      if (!f.capacity_assessed_on) need('capacity_assessed_on', 'Enter the date of the capacity assessment');
      if (!f.capacity_assessed_by) need('capacity_assessed_by', 'Enter who assessed their capacity');
      if (f.has_capacity === 'no' && !f.decision_maker) need('decision_maker', 'Enter who makes the decision in their best interests');
    }
    if (f.advocacy && f.advocacy !== 'not-needed' && !f.advocate_name) need('advocate_name', 'Enter the advocate’s name');
  }, { when: () => true });

export const planCopySchema = z
  .object({
    person_agreed: requiredChoice(keys(AGREED), 'Say whether the person agreed the plan'),
    note: optionalText(2000, 'What they said'),
    copy_sent_on: isoDate('The date their copy was sent'),
    copy_sent_how: optionalChoice(keys(SENT_HOW), 'Say how their copy was sent'),
  })
  .superRefine((f, ctx) => {
    if (f.person_agreed === 'no' && !f.note) ctx.addIssue({ code: 'custom', path: ['note'], message: 'Enter what they do not agree with' });
    if (f.copy_sent_on && !f.copy_sent_how) ctx.addIssue({ code: 'custom', path: ['copy_sent_how'], message: 'Say how their copy was sent' });
    if (f.copy_sent_how && !f.copy_sent_on) ctx.addIssue({ code: 'custom', path: ['copy_sent_on'], message: 'Enter the date their copy was sent' });
  }, { when: () => true });
