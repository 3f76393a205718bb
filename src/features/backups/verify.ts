import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BACKUP_TABLES, BackupError, type BackupOptions, restoreDatabase, tableCounts } from '../../db/backup.js';
import { handleForPglite, migrateToLatest, openPglite } from '../../db/client.js';
import { verifyAuditTrail } from '../audit/audit-trail.js';

/**
 * A backup is only as good as its restore (issue 18): the file is restored into a scratch embedded
 * database in a temporary folder — migrated, empty, thrown away after — every table's rows counted
 * against the backup's manifest, and the whole audit chain checked link by link. Whichever
 * database the service runs on, the scratch one is PGlite: the same migrations make both.
 */
export async function verifyBackupFile(file: string, options: BackupOptions = {}, scratchParent = tmpdir()): Promise<{ rows: number; auditEntries: number }> {
  const dir = await mkdtemp(path.join(scratchParent, 'selfdirect-verify-'));
  const scratch = handleForPglite(await openPglite(dir), 'scratch database for verifying a backup');
  try {
    await migrateToLatest(scratch.db);
    const header = await restoreDatabase(scratch.db, file, options);
    // Counted again in the restored database, apart from the restore's own tally.
    const found = await tableCounts(scratch.db);
    let rows = 0;
    for (const table of BACKUP_TABLES) {
      const expected = header.counts[table.name] ?? 0;
      if (found[table.name] !== expected) throw new BackupError(`Restoring the backup gave ${found[table.name]} rows of ${table.name}, not the ${expected} it holds`);
      rows += expected;
    }
    const audit = await verifyAuditTrail(scratch.db);
    if (!audit.ok) throw new BackupError(`The restored audit trail does not verify at entry ${audit.seq}: ${audit.problem}`);
    return { rows, auditEntries: audit.entries };
  } finally {
    await scratch.close();
    await rm(dir, { recursive: true, force: true });
  }
}
