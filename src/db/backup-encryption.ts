import { createCipheriv, createDecipheriv, randomBytes, scryptSync } from 'node:crypto';
import { open } from 'node:fs/promises';
import type { Transform } from 'node:stream';

/**
 * Backups hold special-category data, so they are encrypted with BACKUP_KEY: AES-256-GCM
 * (authenticated: a changed byte is refused, not restored), the key stretched with scrypt and a
 * fresh salt and nonce for every file. The file is a first line naming the format, a JSON line of
 * the parameters (authenticated too), the ciphertext, then the 16-byte tag.
 */
export const ENCRYPTED_MAGIC = 'selfdirect-encrypted-backup/1\n';
const TAG_BYTES = 16;

interface Parameters {
  cipher: 'aes-256-gcm';
  kdf: 'scrypt';
  salt: string;
  iv: string;
}

export class BackupKeyError extends Error {}

function deriveKey(backupKey: string, salt: Buffer): Buffer {
  return scryptSync(backupKey, salt, 32, { N: 1 << 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 });
}

/** The prefix to write before the ciphertext, and the cipher the gzip stream goes through. */
export function encryptingStream(backupKey: string): { prefix: Buffer; cipher: Transform & { getAuthTag(): Buffer } } {
  const salt = randomBytes(16);
  const iv = randomBytes(12);
  const parameters: Parameters = { cipher: 'aes-256-gcm', kdf: 'scrypt', salt: salt.toString('base64'), iv: iv.toString('base64') };
  const prefix = Buffer.from(`${ENCRYPTED_MAGIC}${JSON.stringify(parameters)}\n`, 'utf8');
  const cipher = createCipheriv('aes-256-gcm', deriveKey(backupKey, salt), iv);
  cipher.setAAD(prefix);
  return { prefix, cipher };
}

/** Whether a file is an encrypted backup, by its first bytes. */
export async function isEncryptedBackup(file: string): Promise<boolean> {
  const handle = await open(file, 'r');
  try {
    const head = Buffer.alloc(ENCRYPTED_MAGIC.length);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    return bytesRead === head.length && head.toString('utf8') === ENCRYPTED_MAGIC;
  } finally {
    await handle.close();
  }
}

/**
 * Where the ciphertext is in the file and the decipher to stream it through. The tag is checked
 * when the stream ends: a restore runs in one transaction, so a file that fails it changes nothing.
 */
export async function decryptingStream(file: string, backupKey: string | undefined): Promise<{ start: number; end: number; decipher: Transform }> {
  if (!backupKey) throw new BackupKeyError(`${file} is an encrypted backup: set BACKUP_KEY to the key it was made with`);
  const handle = await open(file, 'r');
  try {
    const { size } = await handle.stat();
    const head = Buffer.alloc(Math.min(size, 1024));
    await handle.read(head, 0, head.length, 0);
    const end = head.indexOf('\n', ENCRYPTED_MAGIC.length);
    let parameters: Parameters;
    try {
      parameters = JSON.parse(head.subarray(ENCRYPTED_MAGIC.length, end).toString('utf8')) as Parameters;
    } catch {
      throw new BackupKeyError(`${file} is damaged: its encryption parameters cannot be read`);
    }
    if (end < 0 || parameters.cipher !== 'aes-256-gcm' || parameters.kdf !== 'scrypt' || size < end + 1 + TAG_BYTES) {
      throw new BackupKeyError(`${file} is damaged or in an encryption this version does not know`);
    }
    const prefix = head.subarray(0, end + 1);
    const tag = Buffer.alloc(TAG_BYTES);
    await handle.read(tag, 0, TAG_BYTES, size - TAG_BYTES);
    const decipher = createDecipheriv('aes-256-gcm', deriveKey(backupKey, Buffer.from(parameters.salt, 'base64')), Buffer.from(parameters.iv, 'base64'));
    decipher.setAAD(prefix);
    decipher.setAuthTag(tag);
    return { start: end + 1, end: size - TAG_BYTES - 1, decipher };
  } finally {
    await handle.close();
  }
}

/** GCM's failure is "Unsupported state or unable to authenticate data": say what it means. */
export function decryptionProblem(error: unknown, file: string): BackupKeyError | null {
  const message = error instanceof Error ? error.message : '';
  if (/unable to authenticate|bad decrypt|incorrect header check|invalid (block|stored|distance)/i.test(message)) {
    return new BackupKeyError(`${file} could not be decrypted: BACKUP_KEY is not the key it was made with, or the file was changed. Nothing was restored`);
  }
  return null;
}
