import type { RasScheme } from '../../domain/ras/scheme.js';

/** The json column may come back as text or parsed, depending on the driver. */
export function documentOf(row: { document: unknown }): RasScheme {
  return (typeof row.document === 'string' ? JSON.parse(row.document) : row.document) as RasScheme;
}
