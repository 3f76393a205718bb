import { z } from 'zod';
import { parsePounds } from '../domain/money/pence.js';
import { parsePostcode, postcodeMessages } from '../domain/people/postcode.js';
import { parseQuantity } from '../domain/planning/plan.js';
import { BAD_DATE_PART, MISSING_DATE_PARTS, blankToNull } from './forms.js';

/** Control characters text may not hold (tabs and line breaks are fine). */
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
const text = (max: number, label: string, empty?: string) =>
  z
    .string(empty ? { error: empty } : undefined)
    .max(max, `${label} must be ${max} characters or fewer`)
    .refine((v) => !CONTROL.test(v), `${label} has a hidden character that cannot be saved. Type it again rather than pasting it`);

/** Form fields every feature's schemas share, with their plain-English messages. */
export const optionalText = (max: number, label: string) => z.preprocess(blankToNull, text(max, label).nullable());

export const requiredText = (max: number, empty: string, label: string) => z.preprocess(blankToNull, text(max, label, empty));

/** One of a fixed set of answers, which the form must have. */
export const requiredChoice = <const T extends readonly [string, ...string[]]>(values: T, message: string) => z.preprocess(blankToNull, z.enum(values, { error: message }));

export const optionalChoice = <T extends readonly [string, ...string[]]>(values: T, message: string) => z.preprocess(blankToNull, z.enum(values, { error: message }).nullable());

/** An optional field checked by a domain parser, whose problems have plain-English messages. */
export function parsedField<P extends string, T = string>(parse: (v: string) => { ok: true; value: T } | { ok: false; problem: P }, messages: Record<P, string>) {
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

/** Checkboxes and repeated fields send nothing, one value or several: always a list. */
export const listOf = (v: unknown): unknown[] => (v === undefined || v === null || v === '' ? [] : Array.isArray(v) ? v : [v]);

export const tickedField = z.preprocess(listOf, z.array(z.string()));

/** An ISO date (from `withIsoDates` or a CSV) that must be a real day. */
export const isoDate = (label: string) =>
  z.preprocess(
    blankToNull,
    z
      .string()
      .superRefine((d, ctx) => {
        // From a GOV.UK date input: name the box that is empty, or say the date is not real.
        if (d.startsWith(MISSING_DATE_PARTS)) ctx.addIssue({ code: 'custom', message: `${label} must include a ${d.slice(MISSING_DATE_PARTS.length)}`, abort: true });
        else if (d === `${BAD_DATE_PART}year`) ctx.addIssue({ code: 'custom', message: `${label}: the year must have 4 numbers, like 2026`, abort: true });
        else if (d.startsWith(BAD_DATE_PART)) ctx.addIssue({ code: 'custom', message: `${label} must be a real date, with the day, month and year in numbers`, abort: true });
      })
      .regex(/^\d{4}-\d{2}-\d{2}$/, `${label} must be a date like 2026-04-01`)
      .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), `${label} must be a real date`)
      .nullable(),
  );

/** A date the form must have. */
export const requiredDate = (label: string, empty: string) => isoDate(label).pipe(z.string({ error: empty }));

/** An amount in pounds and pence ("£1,234.50", "12") as integer pence; null when left empty. */
export const optionalPounds = (bad: string) =>
  parsedField(
    (value) => {
      const pence = parsePounds(value);
      return pence === null ? { ok: false as const, problem: 'bad' as const } : { ok: true as const, value: pence };
    },
    { bad },
  );

/** The same, when the form must have it. */
export const requiredPounds = (empty: string, bad: string) => optionalPounds(bad).pipe(z.number({ error: empty }));

/** A quantity with up to 2 decimal places, as hundredths (7.5 → 750); the messages are the form's own. */
export const requiredQuantity = (empty: string, bad: string) =>
  z.preprocess(
    blankToNull,
    z.string({ error: empty }).transform((v, ctx) => {
      const q = parseQuantity(v);
      if (q === null) {
        ctx.addIssue({ code: 'custom', message: bad });
        return z.NEVER;
      }
      return q;
    }),
  );
