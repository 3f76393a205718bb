import { z } from 'zod';
import { optionalChoice, optionalText, requiredChoice, requiredDate, requiredText } from '../../web/fields.js';
import { blankToNull } from '../../web/forms.js';

const NOTE_KIND_VALUES = ['visit', 'phone-call', 'meeting', 'contact', 'decision', 'other'] as const;
const DOCUMENT_KIND_VALUES = ['capacity-assessment', 'letter', 'report', 'consent', 'photo', 'other'] as const;

export const allocateSchema = z.object({ worker: z.preprocess(blankToNull, z.string({ error: 'Choose who to allocate them to' })) });

export const transferSchema = z.object({
  team: z.preprocess(blankToNull, z.string({ error: 'Choose the team to transfer them to' })),
  reason: requiredText(2000, 'Enter why they are moving to another team', 'The reason'),
  version: z.coerce.number().int(),
});

/** A time of day, like 14:30 or 9.05am; empty means the start of the day. */
const timeOfDay = z.preprocess(
  blankToNull,
  z
    .string()
    .nullable()
    .transform((value, ctx) => {
      if (value === null) return null;
      const m = /^\s*(\d{1,2})[:.](\d{2})\s*(am|pm)?\s*$/i.exec(value);
      let hours = m ? Number(m[1]) : NaN;
      const minutes = m ? Number(m[2]) : NaN;
      if (m?.[3]) hours = (hours % 12) + (m[3].toLowerCase() === 'pm' ? 12 : 0);
      if (!m || hours > 23 || minutes > 59 || (m[3] && Number(m[1]) > 12)) {
        ctx.addIssue({ code: 'custom', message: 'Enter the time like 14:30 or 2:30pm' });
        return z.NEVER;
      }
      return `${String(hours).padStart(2, '0')}:${String(minutes).padStart(2, '0')}`;
    }),
);

const noteFields = {
  kind: requiredChoice(NOTE_KIND_VALUES, 'Choose what kind of note this is'),
  happened_on: requiredDate('The date it happened', 'Enter the date it happened'),
  happened_time: timeOfDay,
  with_whom: optionalText(200, 'Who it was with'),
  what_happened: requiredText(20000, 'Enter what happened and what was said', 'What happened'),
  decided: optionalText(20000, 'What was decided'),
};

/** A note, and optionally a document with it. */
export const noteSchema = z.object({
  ...noteFields,
  document_kind: optionalChoice(DOCUMENT_KIND_VALUES, 'Choose what kind of document it is'),
  document_title: optionalText(200, 'What the document is'),
});

export const correctionSchema = z.object(noteFields);

export const documentSchema = z.object({
  kind: requiredChoice(DOCUMENT_KIND_VALUES, 'Choose what kind of document it is'),
  title: requiredText(200, 'Enter what the document is, like “Capacity assessment: managing money”', 'What the document is'),
});

export const reasonSchema = z.object({
  reason: requiredText(2000, 'Enter why you need to open this record', 'The reason').refine((v) => v.trim().length >= 10, 'Give the reason in a few words, like “Out-of-hours call: fall at home, daughter asking for help”'),
});

export const outsideSearchSchema = z.object({
  query: requiredText(40, 'Enter their reference or NHS number', 'The reference or NHS number'),
});
