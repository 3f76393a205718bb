import { createReadStream, createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { StringDecoder } from 'node:string_decoder';
import { pipeline as pipelineCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { PassThrough, Readable } from 'node:stream';
import { createGunzip, createGzip } from 'node:zlib';
import { type Kysely, sql } from 'kysely';
import { type AuditAnchor, anchorProblem, parseAnchor } from '../domain/audit/chain.js';
import { auditAnchor } from '../features/audit/audit-trail.js';
import { SLICES } from '../features/index.js';
import { BackupKeyError, decryptingStream, decryptionProblem, encryptingStream, isEncryptedBackup } from './backup-encryption.js';
import type { Database } from './schema.js';

/**
 * Logical backups: gzipped JSON lines, one row a line, the same format from PGlite and PostgreSQL,
 * so a backup of either restores into either. Tables are listed in the order their foreign keys
 * need; a test checks that every table in the schema is listed here.
 */
export const BACKUP_FORMAT = 'selfdirect-backup/1';

/** Every table backed up, from the slices that own them, parents first (src/features/index.ts). */
export const BACKUP_TABLES: { name: keyof Database; orderBy: string }[] = SLICES.flatMap((slice) => slice.tables ?? []).filter((t) => !t.notBackedUp);

/** Tables left out of backups, each with its reason (sessions, sign-in attempts). */
export const TABLES_NOT_BACKED_UP = SLICES.flatMap((slice) => slice.tables ?? []).filter((t) => t.notBackedUp);

const PAGE = 2000;

interface Header {
  format: string;
  createdAt: string;
  migrations: string[];
  sequences: { name: string; lastValue: number | null }[];
  counts: Record<string, number>;
  /** The audit trail's head when the backup was made: `audit verify --anchor BACKUP` checks against it. */
  auditAnchor: AuditAnchor;
  leftOut: { table: string; reason: string }[];
}

export class BackupError extends Error {}

export interface BackupOptions {
  /** BACKUP_KEY: when set, the backup is encrypted with it (and restoring one needs it). */
  backupKey?: string | undefined;
}

async function appliedMigrations(db: Kysely<Database>): Promise<string[]> {
  const rows = await sql<{ name: string }>`SELECT name FROM kysely_migration ORDER BY name`.execute(db);
  return rows.rows.map((r) => r.name);
}

async function sequences(db: Kysely<Database>) {
  const rows = await sql<{ name: string; last_value: number | null }>`
    SELECT sequencename AS name, last_value FROM pg_sequences WHERE schemaname = 'public' ORDER BY sequencename`.execute(db);
  return rows.rows.map((r) => ({ name: r.name, lastValue: r.last_value === null ? null : Number(r.last_value) }));
}

/** Rows in each backed-up table. */
export async function tableCounts(db: Kysely<Database>): Promise<Record<string, number>> {
  const result: Record<string, number> = {};
  for (const table of BACKUP_TABLES) {
    const row = await sql<{ n: number }>`SELECT count(*) AS n FROM ${sql.table(table.name)}`.execute(db);
    result[table.name] = Number(row.rows[0]!.n);
  }
  return result;
}

/**
 * Writes a consistent snapshot: one REPEATABLE READ transaction, so every table is read as of the
 * same moment. The file appears only when complete.
 */
export async function backupDatabase(db: Kysely<Database>, file: string, options: BackupOptions = {}): Promise<Header> {
  const partial = `${file}.partial`;
  let header!: Header;
  await db.transaction().setIsolationLevel('repeatable read').execute(async (trx) => {
    header = {
      format: BACKUP_FORMAT,
      createdAt: new Date().toISOString(),
      migrations: await appliedMigrations(trx),
      sequences: await sequences(trx),
      counts: await tableCounts(trx),
      auditAnchor: await auditAnchor(trx),
      leftOut: TABLES_NOT_BACKED_UP.map((t) => ({ table: t.name, reason: t.notBackedUp! })),
    };
    async function* lines() {
      yield `${JSON.stringify(header)}\n`;
      for (const table of BACKUP_TABLES) {
        // A cursor reads each table once, in order, a page at a time (LIMIT … OFFSET read every
        // earlier row again for each page: hours for the ledger at the largest council).
        await sql`DECLARE backup_rows NO SCROLL CURSOR FOR SELECT row_to_json(t)::text AS row FROM ${sql.table(table.name)} t ORDER BY ${sql.raw(table.orderBy)}`.execute(trx);
        for (;;) {
          const page = await sql<{ row: string }>`FETCH FORWARD ${sql.raw(String(PAGE))} FROM backup_rows`.execute(trx);
          // The row's JSON text is carried as a string: json columns keep their exact text, line breaks included.
          for (const r of page.rows) yield `{"table":${JSON.stringify(table.name)},"row":${JSON.stringify(r.row)}}\n`;
          if (page.rows.length < PAGE) break;
        }
        await sql`CLOSE backup_rows`.execute(trx);
      }
    }
    const out = createWriteStream(partial, { mode: 0o600 });
    try {
      if (options.backupKey) {
        const { prefix, cipher } = encryptingStream(options.backupKey);
        out.write(prefix);
        await pipeline(Readable.from(lines()), createGzip(), cipher, out, { end: false });
        out.end(cipher.getAuthTag());
        await new Promise<void>((resolve, reject) => out.once('finish', resolve).once('error', reject));
      } else {
        await pipeline(Readable.from(lines()), createGzip(), out);
      }
    } catch (error) {
      out.destroy();
      await rm(partial, { force: true });
      throw error;
    }
  });
  await rename(partial, file);
  return header;
}

/** The file's lines, decrypted when it is encrypted; a stream's failure (a wrong key, a changed byte) is thrown. */
async function* backupLines(file: string, options: BackupOptions): AsyncGenerator<string> {
  const output = new PassThrough();
  if (await isEncryptedBackup(file)) {
    const { start, end, decipher } = await decryptingStream(file, options.backupKey);
    pipelineCallback(createReadStream(file, { start, end }), decipher, createGunzip(), output, () => {});
  } else {
    pipelineCallback(createReadStream(file), createGunzip(), output, () => {});
  }
  const decoder = new StringDecoder('utf8');
  let rest = '';
  try {
    for await (const chunk of output) {
      rest += decoder.write(chunk as Buffer);
      let newline = rest.indexOf('\n');
      while (newline >= 0) {
        yield rest.slice(0, newline);
        rest = rest.slice(newline + 1);
        newline = rest.indexOf('\n');
      }
    }
  } catch (error) {
    throw decryptionProblem(error, file) ?? error;
  }
  rest += decoder.end();
  if (rest) yield rest;
}

/** A backup's manifest (its first line), for `audit verify --anchor BACKUP`. */
export async function readBackupHeader(file: string, options: BackupOptions = {}): Promise<Header> {
  const lines = backupLines(file, options);
  try {
    const first = await lines.next();
    return parseHeader(first.done ? '' : first.value, file);
  } finally {
    await lines.return(undefined);
  }
}

function parseHeader(line: string, file: string): Header {
  let header: Header;
  try {
    header = JSON.parse(line) as Header;
  } catch {
    throw new BackupError(`${file} is not a Selfdirect backup: it could not be read as one`);
  }
  if (header?.format !== BACKUP_FORMAT) throw new BackupError(`${file} is not a Selfdirect backup (format ${String(header?.format)})`);
  return header;
}

/**
 * Restores into a migrated, empty database, all in one transaction: either every row comes back
 * or nothing changes.
 */
export async function restoreDatabase(db: Kysely<Database>, file: string, options: BackupOptions = {}): Promise<Header> {
  const iterator = backupLines(file, options);
  let header: Header;
  try {
    const first = await iterator.next();
    header = parseHeader(first.done ? '' : first.value, file);
  } catch (error) {
    if (error instanceof BackupKeyError || error instanceof BackupError) throw error;
    throw new BackupError(`${file} is not a Selfdirect backup: it could not be read as one`);
  }
  const here = await appliedMigrations(db);
  const missing = header.migrations.filter((m) => !here.includes(m));
  if (missing.length > 0) throw new BackupError(`The backup needs newer software: it has migrations this version does not (${missing.join(', ')})`);

  const existing = await tableCounts(db);
  const nonEmpty = Object.entries(existing).filter(([, n]) => n > 0).map(([t]) => t);
  if (nonEmpty.length > 0) {
    throw new BackupError(`Restore needs an empty database, but these tables have rows: ${nonEmpty.join(', ')}. Restore into a new DATA_DIR or database`);
  }

  const restored: Record<string, number> = {};
  await db.transaction().execute(async (trx) => {
    let batchTable: string | null = null;
    let batch: string[] = [];
    const flush = async () => {
      if (!batchTable || batch.length === 0) return;
      await sql`INSERT INTO ${sql.table(batchTable)} SELECT * FROM json_populate_recordset(NULL::${sql.table(batchTable)}, ${`[${batch.join(',')}]`}::json)`.execute(trx);
      restored[batchTable] = (restored[batchTable] ?? 0) + batch.length;
      batch = [];
    };
    const known = new Set(BACKUP_TABLES.map((t) => t.name as string));
    for await (const line of iterator) {
      if (line.trim() === '') continue;
      let entry: { table: string; row: string };
      try {
        entry = JSON.parse(line) as { table: string; row: string };
      } catch {
        throw new BackupError('The backup is damaged: a line is not JSON. Nothing was restored');
      }
      if (typeof entry?.row !== 'string') throw new BackupError('The backup is damaged: a row is not in the expected form');
      if (!known.has(entry.table)) throw new BackupError(`The backup has a table this version does not know: ${entry.table}`);
      if (entry.table !== batchTable || batch.length >= 500) {
        await flush();
        batchTable = entry.table;
      }
      batch.push(entry.row);
    }
    await flush();
    for (const [table, expected] of Object.entries(header.counts)) {
      if ((restored[table] ?? 0) !== expected) {
        throw new BackupError(`The backup is incomplete: ${table} should have ${expected} rows but has ${restored[table] ?? 0}. Nothing was restored`);
      }
    }
    for (const s of header.sequences) {
      if (s.lastValue !== null) await sql`SELECT setval(${s.name}::regclass, ${s.lastValue}, true)`.execute(trx);
    }
    // The restored trail must end where the manifest says it did (audit verify checks every link).
    const anchor = parseAnchor(header.auditAnchor);
    if (header.auditAnchor !== undefined) {
      const head = await auditAnchor(trx);
      const atAnchor = anchor && (await trx.selectFrom('audit_events').select('hash').where('seq', '=', anchor.entries).executeTakeFirst());
      const problem = anchor ? anchorProblem(anchor, head.entries, anchor.entries === 0 ? anchor.hash : atAnchor?.hash) : 'its audit anchor cannot be read';
      if (problem) throw new BackupError(`The backup's audit trail does not match its manifest: ${problem}. Nothing was restored`);
    }
  });
  return header;
}
