import { z } from 'zod';
import { parsePostcode, postcodeMessages } from '../domain/people/postcode.js';
import { blankToNull } from './forms.js';

/** Form fields every feature's schemas share, with their plain-English messages. */
export const optionalText = (max: number, label: string) => z.preprocess(blankToNull, z.string().max(max, `${label} must be ${max} characters or fewer`).nullable());

export const requiredText = (max: number, empty: string, label: string) =>
  z.preprocess(blankToNull, z.string({ error: empty }).max(max, `${label} must be ${max} characters or fewer`));

export const optionalChoice = <T extends readonly [string, ...string[]]>(values: T, message: string) => z.preprocess(blankToNull, z.enum(values, { error: message }).nullable());

/** An optional field checked by a domain parser, whose problems have plain-English messages. */
export function parsedField<P extends string>(parse: (v: string) => { ok: true; value: string } | { ok: false; problem: P }, messages: Record<P, string>) {
  return z.preprocess(
    blankToNull,
    z
      .string()
      .nullable()
      .transform((value, ctx) => {
        if (value === null) return null;
        const parsed = parse(value);
        if (parsed.ok) return parsed.value;
        ctx.addIssue({ code: 'custom', message: messages[parsed.problem] });
        return z.NEVER;
      }),
  );
}

export const postcodeField = parsedField(parsePostcode, postcodeMessages);

export const phoneField = z.preprocess(
  blankToNull,
  z
    .string()
    .regex(/^\+?[0-9 ()-]{10,20}$/, 'Enter a telephone number, like 01632 960 001 or 07700 900 982')
    .refine((v) => v.replace(/[^0-9]/g, '').length >= 10, 'Enter a telephone number, like 01632 960 001 or 07700 900 982')
    .nullable(),
);

export const emailField = z.preprocess(blankToNull, z.email('Enter an email address in the correct format, like name@example.com').max(254).nullable());
