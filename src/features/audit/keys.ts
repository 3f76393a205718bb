import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { AuditKey, AuditKeyRing } from '../../domain/audit/chain.js';

/**
 * The audit key ring: held outside the database, so that someone who can write to the database
 * cannot recompute the chain. It is loaded once at start-up (the server, a CLI command, the test
 * set-up) from AUDIT_KEYS; every append signs with the first key listed.
 */
let current: AuditKeyRing | undefined;

export function useAuditKeys(ring: AuditKeyRing): void {
  current = ring;
}

export function auditKeys(): AuditKeyRing {
  if (!current) throw new Error('The audit keys were not loaded before the audit trail was used (useAuditKeys at start-up)');
  return current;
}

export class AuditKeyError extends Error {}

const KEY_ID = /^[A-Za-z0-9._-]{1,40}$/;

/**
 * AUDIT_KEYS is `id=secret` pairs separated by commas, the signing key first. To rotate, put a
 * new pair first and keep the old ones: entries they signed are still checked.
 */
export function parseAuditKeys(text: string): AuditKeyRing {
  const keys: AuditKey[] = [];
  for (const [index, part] of text.split(',').entries()) {
    const trimmed = part.trim();
    const split = trimmed.indexOf('=');
    const id = split > 0 ? trimmed.slice(0, split) : '';
    const secret = split > 0 ? trimmed.slice(split + 1) : '';
    if (!KEY_ID.test(id)) throw new AuditKeyError(`AUDIT_KEYS: key ${index + 1} needs an id of letters, digits, dots, dashes or underscores before '='`);
    if (secret.length < 32) throw new AuditKeyError(`AUDIT_KEYS: the secret of key '${id}' must be at least 32 characters (openssl rand -base64 48)`);
    if (keys.some((k) => k.id === id)) throw new AuditKeyError(`AUDIT_KEYS: key id '${id}' is listed twice`);
    keys.push({ id, secret: Buffer.from(secret, 'utf8') });
  }
  return { signing: keys[0]!, byId: new Map(keys.map((k) => [k.id, k.secret])) };
}

/**
 * AUDIT_KEYS when set (required in production). Otherwise, for development only, a key kept in
 * DATA_DIR/audit-keys, created on first use: outside the database, though on the same machine.
 */
export function loadAuditKeys(options: { auditKeys: string | undefined; dataDir: string; environment: string }): AuditKeyRing {
  if (options.auditKeys) return parseAuditKeys(options.auditKeys);
  if (options.environment === 'production') throw new AuditKeyError('AUDIT_KEYS is required when NODE_ENV=production');
  const file = path.resolve(options.dataDir, 'audit-keys');
  if (!existsSync(file)) {
    mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
    try {
      writeFileSync(file, `development=${randomBytes(36).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error; // another process made it first
    }
  }
  chmodSync(file, 0o600);
  return parseAuditKeys(readFileSync(file, 'utf8').trim());
}
