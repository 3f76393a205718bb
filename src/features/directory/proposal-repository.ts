import { type Insertable, sql } from 'kysely';
import type { DirectoryProposal, DirectoryProposalsTable } from '../../db/schema.js';
import type { Executor } from '../../web/route.js';

/** The directory_proposals table: every query on it is here. */

export type ProposalWithNames = DirectoryProposal & { proposed_by_name: string; decided_by_name: string | null; entry_reference: string | null };

const withNames = (db: Executor) =>
  db
    .selectFrom('directory_proposals as p')
    .innerJoin('staff_users as proposer', 'proposer.id', 'p.proposed_by')
    .leftJoin('staff_users as decider', 'decider.id', 'p.decided_by')
    .leftJoin('directory_entries as e', 'e.id', 'p.entry_id')
    .selectAll('p')
    .select(['proposer.display_name as proposed_by_name', 'decider.display_name as decided_by_name', 'e.reference as entry_reference']);

export async function insertProposal(db: Executor, proposal: Insertable<DirectoryProposalsTable>) {
  return db.insertInto('directory_proposals').values(proposal).returning(['id', 'name']).executeTakeFirstOrThrow();
}

export async function proposalById(db: Executor, id: string): Promise<ProposalWithNames | undefined> {
  return withNames(db).where('p.id', '=', id).executeTakeFirst();
}

/** Proposals for a page: waiting ones first (oldest first), then decided ones (newest first); only one worker's when given. */
export async function proposalsPage(db: Executor, options: { proposedBy?: string; limit: number; offset: number }) {
  let query = withNames(db);
  let count = db.selectFrom('directory_proposals').select(sql<number>`count(*)::int`.as('total'));
  if (options.proposedBy) {
    query = query.where('p.proposed_by', '=', options.proposedBy);
    count = count.where('proposed_by', '=', options.proposedBy);
  }
  const [rows, { total }] = await Promise.all([
    query
      .orderBy(sql`p.status = 'proposed'`, 'desc')
      .orderBy(sql`CASE WHEN p.status = 'proposed' THEN p.proposed_at END`, 'asc')
      .orderBy('p.decided_at', 'desc')
      .limit(options.limit)
      .offset(options.offset)
      .execute(),
    count.executeTakeFirstOrThrow(),
  ]);
  return { rows, total };
}

/** The proposals waiting for a decision, oldest first, for the home page of those who decide. */
export async function proposalsWaiting(db: Executor, limit: number) {
  return db.selectFrom('directory_proposals').select(['id', 'name', 'proposed_at']).where('status', '=', 'proposed').orderBy('proposed_at').limit(limit).execute();
}

/** Records the decision on a proposal still waiting: false when someone decided it first. */
export async function decideProposal(db: Executor, id: string, decision: Pick<DirectoryProposal, 'status' | 'decided_by' | 'decision_reason' | 'entry_id'>): Promise<boolean> {
  const result = await db.updateTable('directory_proposals').set({ ...decision, decided_at: new Date() }).where('id', '=', id).where('status', '=', 'proposed').executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
