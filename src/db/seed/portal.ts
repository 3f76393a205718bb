import type { Kysely } from 'kysely';
import { recordAudit } from '../../features/audit/audit-trail.js';
import type { Database } from '../schema.js';

/** My Selfdirect's demo sign-ins: a code is sent, read at /dev/outbox. */
export const DEMO_PORTAL_SIGN_INS = [
  { email: 'margaret@anytown.example', who: 'Margaret Ashworth (Peggy), for herself' },
  { email: 'helen@anytown.example', who: 'Helen Ashworth, her daughter and representative' },
];

/**
 * Margaret (Peggy) uses My Selfdirect herself, and so does her daughter Helen, as her
 * representative, for everything: both invited by her worker.
 */
export async function seedPortal(trx: Kysely<Database>, system: Parameters<typeof recordAudit>[1], margaretId: string, workerId: string) {
  const helen = await trx.insertInto('representatives').values({ person_id: margaretId, kind: 'family-member', name: 'Helen Ashworth', relationship: 'Daughter', phone: '07700 900456', email: 'helen@anytown.example', address: null }).returning('id').executeTakeFirstOrThrow();
  await recordAudit(trx, system, { action: 'representative.added', subjectType: 'representative', subjectId: helen.id, personId: margaretId, after: { kind: 'family-member', name: 'Helen Ashworth' } });
  const everything: ('assessment' | 'plan' | 'money' | 'messages')[] = ['assessment', 'plan', 'money', 'messages'];
  for (const [email, name, representativeId] of [['margaret@anytown.example', 'Peggy', null], ['helen@anytown.example', 'Helen Ashworth', helen.id]] as const) {
    const account = await trx.insertInto('portal_accounts').values({ email, display_name: name }).returning('id').executeTakeFirstOrThrow();
    const grant = await trx.insertInto('portal_grants').values({ account_id: account.id, person_id: margaretId, representative_id: representativeId, parts: everything, invited_by: workerId }).returning('id').executeTakeFirstOrThrow();
    await recordAudit(trx, system, { action: 'portal.invited', subjectType: 'portal-grant', subjectId: grant.id, personId: margaretId, after: { representative_id: representativeId } });
  }
}
