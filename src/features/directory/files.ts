import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { ForbiddenError } from '../../errors.js';
import { type StaffActor, has } from '../../policies/index.js';
import type { AuditActor } from '../audit/audit-trail.js';
import { directoryCsv, importDirectoryCsv } from './csv.js';
import { auditActor } from '../audit/audit-trail.js';

/** The directory as a CSV file, for people on the web and for the CLI (which acts as the system). */
export function createDirectoryFiles(db: Kysely<Database>) {
  const exportAll = async () => directoryCsv(await db.selectFrom('directory_entries').selectAll().orderBy('reference').execute());
  return {
    async exportText(actor: StaffActor) {
      if (!has(actor, 'directory:read')) throw new ForbiddenError();
      return exportAll();
    },
    async importText(actor: StaffActor, text: string) {
      if (!has(actor, 'directory:manage')) throw new ForbiddenError();
      return importDirectoryCsv(db, auditActor(actor), text);
    },
    exportAsSystem: exportAll,
    importAsSystem: (who: AuditActor, text: string) => importDirectoryCsv(db, who, text),
  };
}
