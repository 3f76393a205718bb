import { hash, verify } from '@node-rs/argon2';

/** argon2id with the library's defaults (19 MiB, 2 passes), the OWASP baseline. */
export async function hashPassword(password: string): Promise<string> {
  return hash(password);
}

/** A hash of a random password: verified against when no account matches, so a miss takes as long as a hit. */
let decoy: Promise<string> | undefined;

export async function verifyPassword(passwordHash: string | null, password: string): Promise<boolean> {
  const target = passwordHash ?? (await (decoy ??= hash(`decoy-${Math.random()}`)));
  try {
    const ok = await verify(target, password);
    return passwordHash !== null && ok;
  } catch {
    return false;
  }
}

export const PASSWORD_RULES = 'Password must be at least 12 characters';
export function passwordProblem(password: string): string | null {
  if (password.length < 12) return PASSWORD_RULES;
  if (password.length > 200) return 'Password must be 200 characters or fewer';
  return null;
}

/** Demo passwords are refused in production. */
export const DEMO_PASSWORD = 'demo-password-1';
