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

/**
 * A GOV.UK date input's three boxes (`name-day`, `name-month`, `name-year`) as one ISO date:
 * '' when all are empty, otherwise the date written YYYY-MM-DD for the schema to check.
 */
/** What withIsoDates leaves for a date with empty boxes ("missing:day and year"), and for one that is not a day. */
export const MISSING_DATE_PARTS = 'missing:';
export const BAD_DATE_PART = 'bad:';

export function withIsoDates(body: unknown, names: string[]): Record<string, unknown> {
  const raw = { ...((body ?? {}) as Record<string, unknown>) };
  for (const name of names) {
    const [d, m, y] = ['day', 'month', 'year'].map((part) => String(raw[`${name}-${part}`] ?? '').trim());
    if (!d && !m && !y) continue;
    // A box left empty is named (GOV.UK's "must include a month"); otherwise the three must make a day.
    const missing = (['day', 'month', 'year'] as const).filter((_, i) => ![d, m, y][i]);
    if (missing.length) raw[name] = `${MISSING_DATE_PARTS}${missing.join(' and ')}`;
    else if (/^\d{4}$/.test(y!) === false && /^\d{1,2}$/.test(d!) && /^\d{1,2}$/.test(m!)) raw[name] = `${BAD_DATE_PART}year`;
    else raw[name] = /^\d{1,2}$/.test(d!) && /^\d{1,2}$/.test(m!) && /^\d{4}$/.test(y!) ? `${y}-${m!.padStart(2, '0')}-${d!.padStart(2, '0')}` : `${BAD_DATE_PART}date`;
  }
  return raw;
}

/** An ISO date back into a GOV.UK date input's three boxes. */
export function dateParts(name: string, iso: string | null | undefined): Record<string, string> {
  if (!iso) return {};
  const [y, m, d] = iso.split('-');
  return { [`${name}-day`]: String(Number(d)), [`${name}-month`]: String(Number(m)), [`${name}-year`]: y ?? '' };
}

/** What a form sent, to show it again beside its errors: never the CSRF token or a password. */
export function submittedValues(body: unknown): Record<string, string | string[]> {
  const values: Record<string, string | string[]> = {};
  for (const [key, value] of Object.entries((body ?? {}) as Record<string, unknown>)) {
    if (key === '_csrf' || key === 'password') continue;
    if (typeof value === 'string' || (Array.isArray(value) && value.every((v) => typeof v === 'string'))) values[key] = value as string | string[];
  }
  return values;
}
