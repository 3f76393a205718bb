// The page benchmark's reference (bench/web-pages.mjs): a bare Fastify server on the same database
// running the person page's own queries — the loader the page uses — and its audit write, in one
// transaction as the page does, and sending the result as JSON: no session, no template, no
// security headers. What the person page costs beyond this is Selfdirect's own.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Fastify from 'fastify';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const load = (module) => import(path.join(root, 'dist/src', module));
const { loadConfig } = await load('config.js');
const { openDatabase } = await load('db/client.js');
const { loadAuditKeys, useAuditKeys } = await load('features/audit/keys.js');
const { auditActor, recordAudit } = await load('features/audit/audit-trail.js');
const { loadPersonPage, viewed } = await load('features/people/routes.js');

const config = loadConfig();
useAuditKeys(loadAuditKeys(config));
const database = await openDatabase(config);
const worker = await database.db.selectFrom('staff_users').select(['id', 'email']).where('role', '=', 'social-worker').orderBy('email').executeTakeFirstOrThrow();
const app = Fastify();
const today = new Date().toISOString().slice(0, 10);

app.get('/people/:id', async (request, reply) => {
  const { id } = request.params;
  const page = await database.db.transaction().execute(async (db) => {
    const team = await db.selectFrom('people').select('team_id').where('id', '=', id).executeTakeFirst();
    if (!team) return undefined;
    const actor = { kind: 'staff', id: worker.id, email: worker.email, displayName: 'Reference', role: 'social-worker', teamIds: [team.team_id] };
    const found = await loadPersonPage({ actor, db, today, config, files: {} }, { id });
    if (found) await recordAudit(db, auditActor(actor), viewed(found.person));
    return found;
  });
  if (!page) return reply.code(404).send({});
  return page;
});
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
process.stdout.write('listening\n');
process.on('SIGTERM', async () => {
  await app.close();
  await database.close();
  process.exit(0);
});
