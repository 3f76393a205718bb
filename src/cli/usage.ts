import { readFileSync } from 'node:fs';

/** A mistake in how a command was called or what it was given: the message says what to fix. */
export class UsageError extends Error {}

export function loadText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    throw new UsageError(`Cannot read ${file}`);
  }
}
