import { vi } from 'vitest';

/** Captures what a command writes to standard output and error. Restore with vi.restoreAllMocks(). */
export function captureOutput() {
  const out: string[] = [];
  const err: string[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((s) => (out.push(String(s)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((s) => (err.push(String(s)), true));
  return { out, err, stdout: () => out.join(''), stderr: () => err.join('') };
}
