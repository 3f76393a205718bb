import { createHash, randomInt } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';
import QRCode from 'qrcode';
import type { Role } from '../../db/schema.js';

/**
 * Two-factor sign-in with an authenticator app (TOTP, RFC 6238: six digits, 30 seconds, SHA-1 as
 * every app supports; `otpauth`) and recovery codes (ADR 0020). Pure but for the randomness.
 */

const PERIOD_SECONDS = 30;
/** A code from the step before or after is accepted too: phones' clocks drift. */
const WINDOW = 1;
export const RECOVERY_CODES = 10;
/** Letters and digits nobody mistakes for another (no 0/o, 1/l/i). */
const RECOVERY_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

export const newTotpSecret = () => new Secret({ size: 20 }).base32;

const totp = (secret: string, label = 'Selfdirect', issuer = 'Selfdirect') => new TOTP({ issuer, label, algorithm: 'SHA1', digits: 6, period: PERIOD_SECONDS, secret: Secret.fromBase32(secret) });

/** The time step a moment falls in. */
export const stepAt = (now: Date) => Math.floor(now.getTime() / 1000 / PERIOD_SECONDS);

/**
 * The time step of a right code, or null: wrong, from outside the window, or from a step at or
 * before the last one accepted (a code is never accepted twice, even within its 30 seconds).
 */
export function acceptedStep(secret: string, code: string, lastStep: number | null, now: Date): number | null {
  const token = code.replace(/\s+/g, '');
  if (!/^\d{6}$/.test(token)) return null;
  const delta = totp(secret).validate({ token, timestamp: now.getTime(), window: WINDOW });
  if (delta === null) return null;
  const step = stepAt(now) + delta;
  return lastStep !== null && step <= lastStep ? null : step;
}

/** The code an app shows at a moment: for tests and the set-up page's own check. */
export const codeAt = (secret: string, now: Date) => totp(secret).generate({ timestamp: now.getTime() });

/** What an authenticator app scans: the council's name as the issuer, the member of staff's email as the label. */
export function setUpDetails(secret: string, email: string, councilName: string) {
  const uri = totp(secret, email, `Selfdirect (${councilName})`).toString();
  // The key in groups of four, for typing into an app that cannot scan.
  return { uri, key: secret.match(/.{1,4}/g)!.join(' ') };
}

/** The QR code of the set-up address as an SVG (the key is given as text beside it). */
export async function qrCodeSvg(uri: string): Promise<string> {
  const svg = await QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  return svg.replace('<svg ', '<svg role="img" aria-label="QR code to scan with your authenticator app" focusable="false" ');
}

/** Ten codes, each used once instead of a code from the app: 10 letters or digits, shown as two groups of five. */
export function newRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODES }, () => {
    const chars = Array.from({ length: 10 }, () => RECOVERY_ALPHABET[randomInt(RECOVERY_ALPHABET.length)]).join('');
    return `${chars.slice(0, 5)}-${chars.slice(5)}`;
  });
}

/** A recovery code as typed (any case, spaces or hyphens) → what is kept of it. */
export function recoveryCodeHash(typed: string): string {
  return createHash('sha256').update(typed.toLowerCase().replace(/[\s-]+/g, '')).digest('hex');
}

export const looksLikeRecoveryCode = (typed: string) => /^[a-z0-9]{10}$/i.test(typed.replace(/[\s-]+/g, ''));

/** Whether this member of staff must use an app after their password. Demo accounts never: they cannot sign in in production. */
export function twoFactorRequired(setting: 'administrators' | 'everyone' | 'nobody', user: { role: Role; is_demo: boolean }): boolean {
  if (user.is_demo) return false;
  return setting === 'everyone' || (setting === 'administrators' && user.role === 'administrator');
}
