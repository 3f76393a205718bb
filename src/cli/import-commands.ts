import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { progressBar } from '../batch/progress.js';
import { MigrationFolderError, checkMigrationFolder, formatMigrationProblem } from '../features/migration/read-folder.js';
import { type MigrationSummary, importLegacyFolder } from '../features/migration/import-legacy.js';
import { UsageError } from './usage.js';
import { withDatabase } from './with-database.js';

/** `selfdirect import legacy DIR [--preview]`: a selfdirect-migration/1 folder, all or nothing. */
export async function runImport(args: string[]): Promise<number> {
  const [kind, dir, ...rest] = args;
  if (kind !== 'legacy' || !dir || rest.some((a) => a !== '--preview')) throw new UsageError('Usage: selfdirect import legacy DIR [--preview]');
  const preview = rest.includes('--preview');
  let folder;
  try {
    const checking = progressBar(sizeOf(dir, 'people.csv') + sizeOf(dir, 'carers.csv') + sizeOf(dir, 'events.csv'), 'Checking');
    folder = await checkMigrationFolder(dir, (bytes) => checking.update(bytes));
    checking.finish();
  } catch (error) {
    if (!(error instanceof MigrationFolderError)) throw error;
    for (const problem of error.problems) process.stderr.write(`${formatMigrationProblem(problem)}\n`);
    if (error.more) process.stderr.write(`… and ${error.more} more problems.\n`);
    process.stderr.write(`${error.message}.\n`);
    return 1;
  }
  const checked = folder;
  const bar = progressBar(sizeOf(dir, 'events.csv'), preview ? 'Previewing' : 'Importing');
  const summary = await withDatabase(({ db }) => importLegacyFolder(db, checked, { id: null, label: 'system: selfdirect import legacy' }, { preview, onBytes: (bytes) => bar.update(bytes) }));
  bar.finish();
  process.stdout.write(describe(summary, preview));
  return 0;
}

function describe(s: MigrationSummary, preview: boolean): string {
  const part = (what: string, c: { created: number; updated: number; unchanged: number }) => `  ${what}: ${c.created} new, ${c.updated} changed, ${c.unchanged} unchanged\n`;
  return (
    `${preview ? 'The import would make these changes (nothing was changed):' : 'Imported:'}\n` +
    (s.teamsCreated.length ? `  teams created: ${s.teamsCreated.join(', ')}\n` : '') +
    part('people', s.people) +
    part('carer links', s.carerLinks) +
    part('events', s.events) +
    `  plans carrying on the open community services: ${s.plans.created} new, ${s.plans.unchanged} unchanged\n`
  );
}

function sizeOf(dir: string, file: string): number {
  const full = path.join(dir, file);
  return existsSync(full) ? statSync(full).size : 0;
}
