import { appendFile, open, readFile } from 'node:fs/promises';
import { type AuditAnchor, parseAnchor } from '../../domain/audit/chain.js';
import { ENCRYPTED_MAGIC } from '../../db/backup-encryption.js';
import { readBackupHeader } from '../../db/backup.js';

/**
 * Anchors are the trail's head kept where the database is not: a line appended to
 * AUDIT_ANCHOR_FILE (hourly by the server, or `selfdirect audit anchor`), a log line, and every
 * backup's manifest. `selfdirect audit verify --anchor FILE` checks the trail against them.
 */
export class AnchorFileError extends Error {}

export function anchorLine(anchor: AuditAnchor): string {
  return `${JSON.stringify(anchor)}\n`;
}

export async function appendAnchor(file: string, anchor: AuditAnchor): Promise<void> {
  await appendFile(file, anchorLine(anchor), { mode: 0o600 });
}

async function looksLikeBackup(file: string): Promise<boolean> {
  const handle = await open(file, 'r');
  try {
    const head = Buffer.alloc(ENCRYPTED_MAGIC.length);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    return (bytesRead >= 2 && head[0] === 0x1f && head[1] === 0x8b) || head.subarray(0, bytesRead).toString('utf8') === ENCRYPTED_MAGIC;
  } finally {
    await handle.close();
  }
}

/** The anchors in a file of anchor lines (any other line is ignored, so a log file will do), or in a backup. */
export async function readAnchors(file: string, options: { backupKey?: string | undefined } = {}): Promise<AuditAnchor[]> {
  let anchors: AuditAnchor[];
  if (await looksLikeBackup(file)) {
    const anchor = parseAnchor((await readBackupHeader(file, options)).auditAnchor);
    anchors = anchor ? [anchor] : [];
  } else {
    anchors = [];
    for (const line of (await readFile(file, 'utf8')).split('\n')) {
      const start = line.indexOf('{"format":"selfdirect-audit-anchor/1"');
      if (start < 0) continue;
      const end = line.indexOf('}', start);
      try {
        const anchor = parseAnchor(JSON.parse(line.slice(start, end + 1)));
        if (anchor) anchors.push(anchor);
      } catch {
        // not an anchor after all
      }
    }
  }
  if (anchors.length === 0) throw new AnchorFileError(`${file} holds no audit anchor`);
  return anchors;
}
