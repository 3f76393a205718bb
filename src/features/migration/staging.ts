import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * A migration folder uploaded on the web waits here between its preview and its import: a folder
 * of the upload root named for this process (so it is removed when the process has gone, like any
 * upload), owner-only, holding the three files and who uploaded them. The page carries only the
 * folder's name, which is random; it is never in a URL.
 */
const NAME = /^upload-\d+-migration-[A-Za-z0-9]{6}$/;
const FILES = ['people', 'carers', 'events'] as const;

export async function stageMigration(root: string, files: Record<(typeof FILES)[number], string>, uploadedBy: string): Promise<{ name: string; dir: string }> {
  const dir = await mkdtemp(path.join(root, `upload-${process.pid}-migration-`));
  for (const kind of FILES) await copyFile(files[kind], path.join(dir, `${kind}.csv`));
  await writeFile(path.join(dir, 'uploaded-by'), uploadedBy, { mode: 0o600 });
  return { name: path.basename(dir), dir };
}

/** The staged folder with this name, if it is still here and was uploaded by this member of staff. */
export async function stagedMigration(root: string, name: string, uploadedBy: string): Promise<string | null> {
  if (!NAME.test(name)) return null;
  const dir = path.join(root, name);
  if (!existsSync(path.join(dir, 'uploaded-by'))) return null;
  return (await readFile(path.join(dir, 'uploaded-by'), 'utf8')) === uploadedBy ? dir : null;
}

export async function discardMigration(dir: string) {
  await rm(dir, { recursive: true, force: true });
}
