import { z } from 'zod';
import { ValidationError } from '../../errors.js';
import { paths } from '../../paths.js';
import { presentErrors } from '../../web/forms.js';
import { type Context, type Route, page, redirect, route } from '../../web/route.js';
import { auditActor } from '../audit/audit-trail.js';
import { type MigrationSummary, importLegacyFolder } from './import-legacy.js';
import { MigrationFolderError, checkMigrationFolder, formatMigrationProblem } from './read-folder.js';
import { discardMigration, stageMigration, stagedMigration } from './staging.js';

/**
 * Bringing a council's records in from its previous system, on the web (issue 15): administrators
 * upload the three files of a selfdirect-migration/1 folder, see exactly what an import would
 * create and change (it is done and rolled back), then import it — all or nothing, as the command.
 */
const SHOWN = 50;
const stagedForm = z.object({ staged: z.string().max(100) });

/** Every problem in the summary; beside each file, how many are in it. */
function uploadPage(errors?: { field: string; message: string }[]) {
  const presented = presentErrors(errors);
  for (const field of Object.keys(presented.fieldErrors)) {
    const count = errors!.filter((e) => e.field === field).length;
    if (count > 1) presented.fieldErrors[field] = { text: `${field}.csv has ${count} problems, listed at the top of the page` };
  }
  return page('migration/views/upload.njk', { title: 'Bring records in from the previous system', ...presented });
}

/** The folder's problems as form errors on the file they are in, the first SHOWN of them. */
function folderProblems(error: MigrationFolderError): ValidationError {
  const fieldOf = (file: string) => (file.startsWith('people') ? 'people' : file.startsWith('carers') ? 'carers' : 'events');
  const shown = error.problems.slice(0, SHOWN).map((p) => ({ field: fieldOf(p.file), message: formatMigrationProblem(p) }));
  const more = error.problems.length + error.more - shown.length;
  return new ValidationError(more > 0 ? [...shown, { field: 'events', message: `… and ${more.toLocaleString('en-GB')} more problems. Nothing was imported` }] : shown);
}

async function checked(dir: string) {
  try {
    return await checkMigrationFolder(dir);
  } catch (error) {
    if (error instanceof MigrationFolderError) throw folderProblems(error);
    throw error;
  }
}

const summaryRows = (s: MigrationSummary) => [
  { key: { text: 'Teams to create' }, value: { text: s.teamsCreated.length ? s.teamsCreated.join(', ') : 'None' } },
  ...(['people', 'carerLinks', 'events'] as const).map((k) => ({ key: { text: { people: 'People', carerLinks: 'Carer links', events: 'Events' }[k] }, value: { text: `${s[k].created.toLocaleString('en-GB')} new, ${s[k].updated.toLocaleString('en-GB')} changed, ${s[k].unchanged.toLocaleString('en-GB')} unchanged` } })),
  { key: { text: 'Plans carrying on open community services' }, value: { text: `${s.plans.created.toLocaleString('en-GB')} new, ${s.plans.unchanged.toLocaleString('en-GB')} unchanged` } },
];

async function stagedOrRefused(ctx: Context, name: string) {
  const dir = await stagedMigration(ctx.config.uploadDir, name, ctx.actor.id);
  if (!dir) throw new ValidationError([{ field: 'people', message: 'The uploaded files are no longer here: they were imported or cancelled, or the service restarted. Upload them again' }]);
  return dir;
}

export const migrationRoutes: Route[] = [
  route({ method: 'GET', url: '/admin/migration', access: 'migration:import', respond: () => uploadPage() }),
  route({
    method: 'POST',
    url: '/admin/migration',
    access: 'migration:import',
    uploads: true,
    transaction: false,
    command: async (ctx) => {
      const { people, carers, events } = ctx.files;
      const missing = (['people', 'carers', 'events'] as const).filter((k) => !ctx.files[k]);
      if (missing.length) throw new ValidationError(missing.map((k) => ({ field: k, message: `Choose ${k}.csv` })));
      const staged = await stageMigration(ctx.config.uploadDir, { people: people!.path, carers: carers!.path, events: events!.path }, ctx.actor.id);
      try {
        const folder = await checked(staged.dir);
        return { staged: staged.name, summary: await importLegacyFolder(ctx.db, folder, auditActor(ctx.actor), { preview: true }) };
      } catch (error) {
        await discardMigration(staged.dir);
        throw error;
      }
    },
    invalid: (_ctx, _r, problems) => uploadPage(problems.errors),
    respond: (_ctx, _r, preview) => page('migration/views/preview.njk', { title: 'Check what the import will do', rows: summaryRows(preview.summary), staged: preview.staged, backLink: { href: paths.migration.upload(), text: 'Upload other files' } }, { noStore: true }),
  }),
  route({
    method: 'POST',
    url: '/admin/migration/import',
    access: 'migration:import',
    transaction: false,
    form: stagedForm,
    command: async (ctx, _r, f: z.infer<typeof stagedForm>) => {
      const dir = await stagedOrRefused(ctx, f.staged);
      const summary = await importLegacyFolder(ctx.db, await checked(dir), auditActor(ctx.actor));
      await discardMigration(dir);
      return summary;
    },
    invalid: (_ctx, _r, problems) => uploadPage(problems.errors),
    respond: (_ctx, _r, s) => redirect(paths.migration.upload(), `Imported: ${s.people.created} new people, ${s.people.updated} changed; ${s.events.created} new events, ${s.events.updated} changed`),
  }),
  route({
    method: 'POST',
    url: '/admin/migration/cancel',
    access: 'migration:import',
    transaction: false,
    form: stagedForm,
    command: async (ctx, _r, f: z.infer<typeof stagedForm>) => {
      const dir = await stagedMigration(ctx.config.uploadDir, f.staged, ctx.actor.id);
      if (dir) await discardMigration(dir);
    },
    invalid: (_ctx, _r, problems) => uploadPage(problems.errors),
    respond: () => redirect(paths.migration.upload(), 'Cancelled: nothing was imported, and the uploaded files were removed'),
  }),
];
