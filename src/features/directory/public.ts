import type { DirectoryEntry } from '../../db/schema.js';
import { type PublicField, PUBLIC_FIELDS } from '../../domain/directory/catalogue.js';
import { formatPence } from '../../domain/money/pence.js';

export interface PublicEntry {
  id: string;
  name: string;
  kind: DirectoryEntry['kind'];
  shown: Partial<Record<PublicField, string | string[]>>;
}

/** Copies across only what the entry agreed to show the public. */
export function publicView(e: DirectoryEntry): PublicEntry {
  const shown: PublicEntry['shown'] = {};
  for (const field of e.public_fields as PublicField[]) {
    if (!(field in PUBLIC_FIELDS)) continue;
    const value = field === 'rates' && e.kind === 'personal-assistant' && e.hourly_rate_pence !== null ? `${formatPence(e.hourly_rate_pence)} an hour` : e[field];
    if (value !== null && value !== undefined && !(Array.isArray(value) && value.length === 0)) shown[field] = value as string | string[];
  }
  return { id: e.id, name: e.name, kind: e.kind, shown };
}
