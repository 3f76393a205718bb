import { parseNhsNumber } from './nhs-number.js';
import { parsePostcode } from './postcode.js';

/** What a search for a person looks for, from what a member of staff typed. */
export type SearchTerm =
  | { kind: 'nhs-number'; value: string }
  | { kind: 'postcode'; value: string }
  | { kind: 'reference'; value: string }
  | { kind: 'name'; words: string[] };

/** Ten digits (an NHS number), a reference like AC-1001, a full or partial postcode, or words of a name. */
export function interpretSearch(query: string): SearchTerm {
  const trimmed = query.trim();
  if (/^[0-9][0-9 -]{8,}[0-9]$/.test(trimmed)) {
    const nhs = parseNhsNumber(trimmed);
    if (nhs.ok) return { kind: 'nhs-number', value: nhs.value };
    return { kind: 'nhs-number', value: trimmed.replace(/[^0-9]/g, '') };
  }
  if (/^AC-?[0-9]+$/i.test(trimmed)) return { kind: 'reference', value: trimmed.toUpperCase().replace(/^AC-?/, 'AC-') };
  const postcode = parsePostcode(trimmed);
  if (postcode.ok) return { kind: 'postcode', value: postcode.value };
  if (/^[A-Z]{1,2}[0-9][0-9A-Z]?$/i.test(trimmed)) return { kind: 'postcode', value: trimmed.toUpperCase() };
  return { kind: 'name', words: trimmed.split(/\s+/).filter(Boolean) };
}

/** Only the fields that changed, before and after: what the audit trail records for an edit. */
export function changedFields(before: Record<string, unknown>, after: Record<string, unknown>) {
  const was: Record<string, unknown> = {};
  const now: Record<string, unknown> = {};
  for (const key of Object.keys(after)) {
    if ((before[key] ?? null) !== (after[key] ?? null)) {
      was[key] = before[key] ?? null;
      now[key] = after[key] ?? null;
    }
  }
  return { before: was, after: now };
}
