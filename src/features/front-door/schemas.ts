import { z } from 'zod';
import { codeValues } from '../../domain/cld/code-lists.js';
import { optionalText, requiredChoice, requiredDate, requiredText } from '../../web/fields.js';
import { blankToNull } from '../../web/forms.js';

/** Who contacted the council about the person, in the duty team's words. */
export const CONTACT_FROM = {
  'the-person': 'The person themselves',
  'family-or-friend': 'A family member or friend',
  gp: 'Their GP',
  hospital: 'A hospital',
  'other-professional': 'Another professional',
  other: 'Someone else',
} as const;

export const CONTACT_METHODS = {
  telephone: 'Telephone',
  email: 'Email',
  letter: 'Letter',
  'in-person': 'In person',
  online: 'Online form',
} as const;

const keys = <T extends Record<string, string>>(o: T) => Object.keys(o) as [keyof T & string, ...(keyof T & string)[]];

/** A new contact or referral: for a person with a record (by reference), or a new record. */
export function newContactSchema(teamIds: string[]) {
  return z
    .object({
      received_on: requiredDate('The date of the contact', 'Enter the date of the contact'),
      known: z.preprocess(blankToNull, z.enum(['yes', 'no'], { error: 'Select whether the person already has a record' })),
      person_reference: optionalText(20, 'Reference'),
      client_type: z.preprocess(blankToNull, z.enum(codeValues('Client_Type'), { error: 'Select who the new record is for' }).nullable()),
      given_name: optionalText(100, 'First name'),
      family_name: optionalText(100, 'Last name'),
      contact_from: requiredChoice(keys(CONTACT_FROM), 'Select who made the contact'),
      contact_name: optionalText(200, 'Their name'),
      contact_method: requiredChoice(keys(CONTACT_METHODS), 'Select how they made contact'),
      route_of_access: requiredChoice(codeValues('Request_Route_of_Access'), 'Select the route of access'),
      what_was_asked: requiredText(4000, 'Enter what was asked for', 'What was asked for'),
      team_id: z.string({ error: 'Select the team the contact is for' }).refine((id) => teamIds.includes(id), { message: 'Select the team the contact is for' }),
    })
    .superRefine((form, ctx) => {
      if (form.known === 'yes' && !form.person_reference) ctx.addIssue({ code: 'custom', path: ['person_reference'], message: 'Enter the person’s Selfdirect reference, like AC-1001' });
      if (form.known === 'no') {
        if (!form.client_type) ctx.addIssue({ code: 'custom', path: ['client_type'], message: 'Select who the new record is for' });
        if (!form.given_name) ctx.addIssue({ code: 'custom', path: ['given_name'], message: 'Enter the person’s first name' });
        if (!form.family_name) ctx.addIssue({ code: 'custom', path: ['family_name'], message: 'Enter the person’s last name' });
      }
    }, { when: () => true });
}
export type NewContact = z.infer<ReturnType<typeof newContactSchema>>;

export const concludeSchema = z.object({
  version: z.coerce.number({ error: 'The form is out of date. Open the page again' }).int().positive(),
  concluded_on: requiredDate('The date it was dealt with', 'Enter the date it was dealt with'),
  outcome: requiredChoice(codeValues('Event_Outcome'), 'Select what happened'),
  outcome_notes: optionalText(4000, 'Notes'),
});
export type Conclusion = z.infer<typeof concludeSchema>;
