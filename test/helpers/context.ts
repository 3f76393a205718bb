import { loadConfig } from '../../src/config.js';
import type { StaffActor } from '../../src/policies/index.js';
import type { Context, Executor } from '../../src/web/route.js';

/** A command's context outside a request, as a test (or a job) runs it: one transaction, a fixed today. */
export function contextFor(db: Executor, actor: StaffActor, today: string): Context {
  return { actor, db, today, config: loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' }), files: {} };
}

export async function runCommand<T>(db: Executor, actor: StaffActor, today: string, command: (ctx: Context) => Promise<T>): Promise<T> {
  return db.transaction().execute((trx) => command(contextFor(trx, actor, today)));
}
