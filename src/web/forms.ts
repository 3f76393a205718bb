import type { ZodType } from 'zod';
import type { FieldError } from '../errors.js';

export type FormResult<T> = { ok: true; value: T } | { ok: false; errors: FieldError[] };

/** Parses a submitted form with its Zod schema; each field keeps only its first problem. */
export function parseForm<T>(schema: ZodType<T>, body: unknown): FormResult<T> {
  const result = schema.safeParse(body ?? {});
  if (result.success) return { ok: true, value: result.data };
  const seen = new Set<string>();
  const errors: FieldError[] = [];
  for (const issue of result.error.issues) {
    const field = String(issue.path[0] ?? 'form');
    if (seen.has(field)) continue;
    seen.add(field);
    errors.push({ field, message: issue.message });
  }
  return { ok: false, errors };
}

/**
 * GOV.UK error summary and per-field messages. `anchors` maps a field to the id of the input the
 * summary link should focus (a date's day box, the first radio).
 */
export function presentErrors(errors: FieldError[] | undefined, anchors: Record<string, string> = {}) {
  if (!errors || errors.length === 0) return { errorSummary: null, fieldErrors: {} as Record<string, { text: string }> };
  const fieldErrors: Record<string, { text: string }> = {};
  for (const e of errors) fieldErrors[e.field] = { text: e.message };
  return {
    errorSummary: {
      titleText: 'There is a problem',
      errorList: errors.map((e) => ({ text: e.message, href: `#${anchors[e.field] ?? e.field}` })),
    },
    fieldErrors,
  };
}

/** Form text: trimmed; '' or a missing field means "not given". */
export function blankToNull(value: unknown): unknown {
  if (value === undefined) return null;
  if (typeof value !== 'string') return value;
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}
