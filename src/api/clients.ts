import { createHash, randomBytes } from 'node:crypto';
import type { Executor } from '../web/route.js';

/**
 * The open API's clients (ADR 0021): the council's other systems, registered by an administrator.
 * A client holds scopes (what it may call), the teams whose people it may see (null: every team),
 * and one bearer token: 32 random bytes, shown once, kept as its SHA-256 (a random token needs no
 * slow hash), with an expiry and a revocation.
 */
export const API_SCOPES = {
  'people:read': 'People: their record, found by NHS number; as FHIR Patient',
  'assessments:read': 'Assessments and the explanation of each indicative budget',
  'plans:read': 'Agreed support plans and their budget statements; as FHIR CarePlan',
  'payments:read': 'Direct payment accounts: their amounts, balance and transactions',
  'payments:write': 'Send direct payment account statements (from the card or bank provider)',
  'directory:read': 'The directory of support',
  'reports:read': 'The statutory reports (ASCOF 3D), from the kept figures',
} as const;
export type ApiScope = keyof typeof API_SCOPES;
export const SCOPE_NAMES = Object.keys(API_SCOPES) as ApiScope[];

export interface ApiClientActor {
  kind: 'api-client';
  id: string;
  name: string;
  scopes: ApiScope[];
  /** The teams whose people it may see; null: every team. */
  teamIds: string[] | null;
}

/** The longest a token may last: a year, then the client is registered again. */
export const LONGEST_DAYS = 366;
const PREFIX = 'sdk_';
const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

export async function registerApiClient(db: Executor, client: { name: string; scopes: ApiScope[]; teamIds: string[] | null; days: number; createdBy: string | null }) {
  const token = `${PREFIX}${randomBytes(32).toString('base64url')}`;
  const expiresAt = new Date(Date.now() + Math.min(client.days, LONGEST_DAYS) * 86_400_000);
  const row = await db
    .insertInto('api_clients')
    .values({ name: client.name, scopes: client.scopes, team_ids: client.teamIds, token_hash: sha256(token), token_hint: token.slice(0, PREFIX.length + 6), created_by: client.createdBy, expires_at: expiresAt })
    .returning(['id'])
    .executeTakeFirstOrThrow();
  return { id: row.id, token, expiresAt };
}

export type TokenCheck = { ok: true; client: ApiClientActor } | { ok: false; reason: 'missing' | 'unknown' | 'expired' | 'revoked' };

/** The client a request's `Authorization: Bearer …` names, or why not. */
export async function clientForToken(db: Executor, header: string | undefined, now = new Date()): Promise<TokenCheck> {
  const token = /^Bearer\s+(\S+)$/i.exec(header ?? '')?.[1];
  if (!token) return { ok: false, reason: 'missing' };
  if (!token.startsWith(PREFIX) || token.length > 200) return { ok: false, reason: 'unknown' };
  const row = await db.selectFrom('api_clients').select(['id', 'name', 'scopes', 'team_ids', 'expires_at', 'revoked_at', 'last_used_at']).where('token_hash', '=', sha256(token)).executeTakeFirst();
  if (!row) return { ok: false, reason: 'unknown' };
  if (row.revoked_at) return { ok: false, reason: 'revoked' };
  if (row.expires_at.getTime() <= now.getTime()) return { ok: false, reason: 'expired' };
  // When it was last used, to the minute: enough to see a client has stopped, without a write per call.
  if (!row.last_used_at || now.getTime() - row.last_used_at.getTime() > 60_000) await db.updateTable('api_clients').set({ last_used_at: now }).where('id', '=', row.id).execute();
  return { ok: true, client: { kind: 'api-client', id: row.id, name: row.name, scopes: row.scopes.filter((s): s is ApiScope => s in API_SCOPES), teamIds: row.team_ids } };
}

export async function revokeApiClient(db: Executor, id: string): Promise<boolean> {
  const rows = await db.updateTable('api_clients').set({ revoked_at: new Date() }).where('id', '=', id).where('revoked_at', 'is', null).returning('id').execute();
  return rows.length === 1;
}

export async function listApiClients(db: Executor) {
  return db.selectFrom('api_clients').select(['id', 'name', 'scopes', 'team_ids', 'token_hint', 'created_at', 'expires_at', 'revoked_at', 'last_used_at']).orderBy('created_at', 'desc').execute();
}

export async function apiClientById(db: Executor, id: string) {
  return db.selectFrom('api_clients').select(['id', 'name', 'scopes', 'team_ids', 'token_hint', 'created_at', 'expires_at', 'revoked_at', 'last_used_at']).where('id', '=', id).executeTakeFirst();
}

/** Whether a client may see a person of this team. */
export const seesTeam = (client: ApiClientActor, teamId: string) => client.teamIds === null || client.teamIds.includes(teamId);
