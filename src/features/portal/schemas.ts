import { z } from 'zod';
import { blankToNull } from '../../web/forms.js';

/** My Selfdirect's forms, with messages in plain words. */
export const emailSchema = z.object({
  email: z.preprocess(blankToNull, z.email({ error: (issue) => (issue.input === null || issue.input === undefined ? 'Enter your email address' : 'Enter your email address in the right way, like name@example.com') }).max(254)),
});

export const codeSchema = z.object({
  code: z.preprocess((v) => (typeof v === 'string' ? v.replace(/\s+/g, '') : v), z.string({ error: 'Enter the 6 numbers from the email' }).regex(/^\d{6}$/, 'Enter the 6 numbers from the email')),
});
