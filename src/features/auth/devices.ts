import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * A device a member of staff has signed in on before: a long-lived cookie naming them, signed by
 * the service. Sign-in throttling that protects an account from guessing elsewhere (or pauses an
 * office's shared address) does not lock its owner out on a device they have used.
 */
export const DEVICE_COOKIE = 'selfdirect-device';
export const DEVICE_DAYS = 90;

/** Without a configured secret (development and tests), devices are remembered for the life of the process. */
const processKey = randomBytes(32);
const keyOf = (secret: string | undefined) => (secret ? createHash('sha256').update(`known-device:${secret}`).digest() : processKey);
const mac = (key: Buffer, body: string) => createHmac('sha256', key).update(body).digest('base64url');

export function deviceToken(secret: string | undefined, userId: string, now = Date.now()): string {
  const body = `${userId}.${now + DEVICE_DAYS * 86_400_000}`;
  return `${body}.${mac(keyOf(secret), body)}`;
}

/** The member of staff a device cookie names, if it is genuine and in date. */
export function knownDeviceUser(secret: string | undefined, token: string | undefined, now = Date.now()): string | null {
  if (!token) return null;
  const parts = token.split('.');
  if (parts.length !== 3) return null;
  const [userId, expires, signature] = parts as [string, string, string];
  const expected = Buffer.from(mac(keyOf(secret), `${userId}.${expires}`));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  return Number(expires) > now ? userId : null;
}
